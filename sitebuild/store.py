"""Write an example's artifacts atomically, each file's SHA-256 in its manifest.

The folder's contents are `layout`'s. A new folder is written beside the old
one under a hidden name and swapped in by two renames, so a failed or
interrupted run never leaves a half-written folder; `recover` removes a
half-written staging folder and finishes a swap cut between its two renames,
and says what it did. Writers hold the root's lock (`lock`), so two builds
never swap the same folder. Readers go through `catalog`.
"""

import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import catalog, layout


def write_example(root, name, artifacts, manifest):
    """Replace the example's folder under `root` with these artifacts, all or nothing.

    Returns the manifest as written: with the SHA-256 of every other file.
    """
    final, written = layout.on_disk(root, name), {}
    replace(
        root,
        name,
        lambda staging: written.update(_write_all(staging, final, artifacts, manifest)),
    )
    return written


def replace(root, name, fill):
    """Replace root/name, all or nothing, with what `fill(staging folder)` writes."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    recover(root, name)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{name}.new-"))
    try:
        fill(staging)
        staging.chmod(0o755)  # mkdtemp makes folders private; these are published
        _swap_in(staging, root / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(root, name):
    """Finish or undo a swap that was cut short; return what was done, for the log."""
    final, previous = Path(root) / name, _previous(root, name)
    done = []
    if previous.exists():
        if final.exists():
            shutil.rmtree(previous)
            done.append(
                f"removed {previous.name}, left by a swap cut after its last step"
            )
        else:
            previous.rename(final)
            done.append(f"put back {name}/ from {previous.name}: a swap had been cut")
    for staging in leftovers(root, name):
        shutil.rmtree(staging, ignore_errors=True)
        done.append(f"removed the half-written {staging.name}")
    return done


def leftovers(root, name=None):
    """Hidden folders an interrupted write left under `root` (of one example, or any)."""
    pattern = f".{name}." if name else "."
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir()
        and path.name.startswith(pattern)
        and (".new-" in path.name or path.name.endswith(".previous"))
    )


def _write_all(staging, final, artifacts, manifest):
    """Write into the staging folder what `final` (an ExampleFolder) will hold."""

    def target(path):
        return staging / path.relative_to(final.folder)

    nbformat.write(artifacts.page, target(final.page))
    nbformat.write(artifacts.notebook, target(final.notebook))
    target(final.script).write_text(artifacts.script, encoding="utf-8")
    _write_json(target(final.values), artifacts.values)
    for figure, png in artifacts.figures.items():
        path = target(final.figure(figure))
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(png)
    for figure, png in artifacts.dark_figures.items():
        target(final.dark_figure(figure)).write_bytes(png)
    for array, npy in artifacts.arrays.items():
        path = target(final.array(array))
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(npy)
    for snippet, text in artifacts.snippets.items():
        path = target(final.snippet(snippet))
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for array, npy in artifacts.arrays.items():
        path = target(final.array(array))
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(npy)
    written = layout.on_disk(staging.parent, staging.name)
    manifest = {**manifest, catalog.DIGESTS: catalog.digests(written)}
    _write_json(target(final.manifest), manifest)
    return manifest


def _write_json(path, content):
    path.write_text(json.dumps(content, indent=1, sort_keys=True) + "\n", "utf-8")


def _swap_in(staging, final):
    previous = _previous(final.parent, final.name)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


def _previous(root, name):
    return Path(root) / f".{name}.previous"
