"""Merge example folders built elsewhere (one CI job per example) into one root.

    python build_figures.py merge shards/ [more/ ...]            # into docs/generated
    python build_figures.py merge --fast --out build/fast shards/

A shard folder holds example folders as `build_figures.py --out SHARD` wrote
them. Each is taken only if it is fresh for this checkout in the target's
mode: built from the same code cells and helper modules, with the same
library versions, kernel environment, mode, threads and artifact format, as
a local build here would be, and holding exactly the files its manifest lists
with the SHA-256 it records: no symbolic link, no path outside the folder,
no file unlisted. So a merged root equals a local build, byte for byte, or
the merge says which folder differs and why, and takes none of it. Folders
are swapped in whole, under the target's lock.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog, errors, freshness, layout, lock, sources, store


@dataclass
class Merge:
    taken: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)  # folder -> why

    @property
    def exit_code(self):
        return 1 if self.refused else 0


def merge(shard_roots, target, mode, examples_dir, say=print):
    """Copy every fresh example folder of `shard_roots` into `target`; refuse the rest."""
    result, found = Merge(), {}
    for root in map(Path, shard_roots):
        for name in layout.folders(root):
            if name in found:
                result.refused[str(root / name)] = f"{name} is also in {found[name]}"
            else:
                found[name] = root
    with lock.exclusive(target, say=say):
        for name, root in sorted(found.items()):
            problem = _problem(root, name, mode, examples_dir)
            if problem:
                result.refused[str(root / name)] = problem
                continue
            copy_in(root / name, target, name)
            result.taken.append(name)
    for folder, why in result.refused.items():
        say(f"refused {folder}: {why}", error=True)
    taken = ", ".join(result.taken) or "none"
    say(
        f"merged {len(result.taken)} ({taken}), refused {len(result.refused)} -> {target}"
    )
    return result


def _problem(root, name, mode, examples_dir):
    """Why the shard's folder cannot stand for a local build here, or None."""
    path = Path(examples_dir) / f"{name}.py"
    if not path.is_file():
        return f"no example {path}"
    problem = _foreign_files(layout.on_disk(root, name))
    if problem:
        return problem
    try:
        status = freshness.status(sources.load(path), root, mode, examples_dir)
    except errors.ExampleError as error:
        return str(error)
    if status.edited:
        return f"not what a build wrote: {'; '.join(status.edited)}"
    if status.state != freshness.FRESH:
        return f"not a {mode}-mode build of this checkout: {status.describe()}"
    return None


def _foreign_files(folder):
    """Links, paths outside the folder or files the manifest does not list, named."""
    links = [p for p in [folder.folder, *folder.folder.rglob("*")] if p.is_symlink()]
    if links:
        named = ", ".join(str(p.relative_to(folder.root)) for p in links)
        return f"holds symbolic links ({named}), which a build never writes"
    try:
        manifest = catalog.read_manifest(folder.root, folder.name) or {}
    except errors.ArtifactError as error:
        return str(error)
    outside = [p for p in manifest.get(catalog.DIGESTS, {}) if _escapes(p)]
    if outside:
        return f"its manifest lists paths outside the folder: {', '.join(outside)}"
    unlisted = catalog.unlisted(folder, manifest)
    if unlisted:
        return f"holds files its manifest does not list: {', '.join(unlisted)}"
    return None


def _escapes(relative):
    parts = Path(relative).parts
    return Path(relative).is_absolute() or ".." in parts or not parts


def copy_in(source, root, name):
    """Put a copy of the folder `source` at root/name, swapped in whole."""
    store.replace(
        root, name, lambda staging: shutil.copytree(source, staging, dirs_exist_ok=True)
    )
