"""The one way to read what the build wrote: artifact roots, strictly.

The plugin, the hooks, the bench and the tests' helpers read artifacts here,
never by spelling paths (those are `layout`'s) or parsing files themselves.

- A manifest that is absent is *missing*; one that is there but does not
  parse, or lacks a field, is *unreadable*, and the error names the file.
- Every artifact's SHA-256 is in its manifest (`files`): `changed` names each
  file that is not what the build wrote (a hand edit, a merge conflict), and
  `unlisted` each file the manifest does not list.
- While `mkdocs serve` previews edited examples, a catalog is the published
  root plus an overlay: for an example being previewed, its preview folder
  stands in for the published one, and a brand-new example is known from its
  preview alone.
"""

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from . import layout, settings
from .errors import ArtifactError

# Fields the site reads from every manifest.
REQUIRED = ("example", "title", "description", "figures")
DIGESTS = "files"  # the manifest's {relative path: SHA-256} of the other files


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(root, name):
    """The example's manifest under `root`; None when absent; ArtifactError when unreadable."""
    path = layout.on_disk(root, name).manifest
    if not path.is_file() and not path.is_symlink():
        return None
    manifest = _read_json(path, name)
    if not isinstance(manifest, dict):
        raise _unreadable(path, name, "not a JSON object")
    return manifest


def unstored_seconds(manifest):
    """What the example's last run would have taken with nothing stored: its
    run time plus the training time of the runs the run store served it
    (`run_store`; a manifest from before the store's ledger says none)."""
    store = manifest.get("run_store")
    served = store.get("loaded_seconds") if isinstance(store, dict) else None
    return manifest["run_seconds"] + (served if isinstance(served, int | float) else 0)


def read_values(root, name):
    """The values the example's run recorded (values.json), read strictly."""
    path = layout.on_disk(root, name).values
    if not path.is_file():
        raise _unreadable(path, name, "no such file")
    found = _read_json(path, name)
    if not isinstance(found, dict):
        raise _unreadable(path, name, "not a JSON object")
    return found


def read_array(root, name, key):
    """The NumPy array the example recorded as `key` (arrays/<key>.npy), checked."""
    import numpy as np  # only readers of arrays pay for NumPy

    folder = layout.on_disk(root, name)
    manifest = read_manifest(root, name) or {}
    if key not in manifest.get("arrays", []):
        recorded = ", ".join(manifest.get("arrays", [])) or "none"
        raise ArtifactError(
            f"{folder.manifest}: {name} recorded no array {key!r} (recorded: {recorded})."
        )
    path = folder.array(key)
    problems = changed(folder, manifest, [path])
    if problems:
        raise _unreadable(path, name, "; ".join(problems))
    return np.load(io.BytesIO(path.read_bytes()), allow_pickle=False)


def digests(folder):
    """{relative path: SHA-256} of every file in the example's folder but its manifest."""
    return {
        path.relative_to(folder.folder).as_posix(): sha256(path)
        for path in sorted(folder.folder.rglob("*"))
        if path.is_file() and path != folder.manifest
    }


def changed(folder, manifest, paths=None):
    """Why files of the folder are not what the build wrote: one line per file.

    `paths` limits the check to some of them (default: every listed file).
    A manifest from before digests were recorded has nothing to compare.
    """
    listed = manifest.get(DIGESTS) or {}
    wanted = {path.relative_to(folder.folder).as_posix() for path in paths or []}
    problems = []
    for relative, digest in sorted(listed.items()):
        path = folder.folder / relative
        if wanted and relative not in wanted or not path.is_file():
            continue  # a file gone is reported as missing, by freshness
        if path.is_symlink() or sha256(path) != digest:
            problems.append(f"{relative} is not the file the build wrote")
    return problems


def unlisted(folder, manifest):
    """Files or links in the folder that its manifest does not list."""
    listed = set(manifest.get(DIGESTS, {})) | {layout.MANIFEST}
    return sorted(
        path.relative_to(folder.folder).as_posix()
        for path in folder.folder.rglob("*")
        if (path.is_file() or path.is_symlink())
        and path.relative_to(folder.folder).as_posix() not in listed
    )


@dataclass(frozen=True)
class Entry:
    """One example as the site knows it: read from the root that stands for it."""

    name: str
    root: Path
    manifest: dict

    @property
    def title(self):
        return self.manifest["title"]

    @property
    def description(self):
        return self.manifest["description"]

    @property
    def figures(self):
        return tuple(self.manifest["figures"])

    @property
    def folder(self):
        """Its artifact paths on disk."""
        return layout.on_disk(self.root, self.name)

    @property
    def files(self):
        """Its artifact paths as the site addresses them, relative to docs_dir."""
        return layout.in_site(self.name)

    @property
    def page(self):
        """The page's source path relative to docs_dir, as nav entries write it."""
        return self.files.page.as_posix()


class Catalog:
    """The examples under a published root, with an optional serve overlay."""

    def __init__(self, published, overlay=None):
        self.published = Path(published)
        self.overlay = dict(overlay or {})  # name -> the root that stands in for it

    def root_of(self, name):
        return Path(self.overlay.get(name, self.published))

    def names(self):
        published = [
            name
            for name in layout.folders(self.published)
            if layout.on_disk(self.published, name).manifest.is_file()
        ]
        return sorted(set(published) | set(self.overlay))

    def entry(self, name):
        root = self.root_of(name)
        manifest = read_manifest(root, name)
        path = layout.on_disk(root, name).manifest
        if manifest is None:
            raise _unreadable(path, name, "no such file")
        missing = [key for key in REQUIRED if key not in manifest]
        if missing:
            raise _unreadable(path, name, f"no {', '.join(missing)}")
        return Entry(name, root, manifest)

    def entries(self):
        return [self.entry(name) for name in self.names()]

    def values(self):
        """{example: its recorded values} for every example.

        A preview that failed recorded nothing: pages quoting that example
        keep its published values while its own page shows the error.
        """
        return {
            name: read_values(self._values_root(name), name) for name in self.names()
        }

    def _values_root(self, name):
        root = self.root_of(name)
        failed = "failed" in (read_manifest(root, name) or {})
        published = layout.on_disk(self.published, name).values.is_file()
        return self.published if failed and published else root

    def array(self, name, key):
        return read_array(self.root_of(name), name, key)


def published(docs_dir):
    """The catalog of the published artifacts under MkDocs' docs_dir."""
    return Catalog(Path(docs_dir) / layout.GENERATED)


def for_site(config):
    """The catalog a site build reads: the plugin's (with the serve overlay) if it runs."""
    plugin = config["plugins"].get(PLUGIN_NAME) if "plugins" in config else None
    found = getattr(plugin, "catalog", None)
    return found if found is not None else published(config["docs_dir"])


PLUGIN_NAME = "tutorial-examples"


def _read_json(path, name):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _unreadable(path, name, str(error)) from None


def _unreadable(path, name, why):
    error = ArtifactError(
        f"{path}: unreadable ({why}); never edit generated files by hand: make them "
        f"again with `{settings.BUILD_COMMAND} --force --only {name}`."
    )
    error.why = why
    return error
