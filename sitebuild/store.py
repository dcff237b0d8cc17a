"""Write an example's artifacts atomically and read its manifest back.

The folder's contents are `layout`'s. A new folder is written beside the old
one under a hidden name and swapped in by two renames, so a failed or
interrupted run never leaves a half-written folder; `recover` finishes a swap
cut between its two renames. Writers hold the root's lock (`lock`), so two
builds never swap the same folder.
"""

import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import layout


def write_example(root, name, artifacts, manifest):
    """Replace the example's folder under `root` with these artifacts, all or nothing."""
    final = layout.on_disk(root, name)
    replace(root, name, lambda staging: _write_all(staging, final, artifacts, manifest))


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
    """Finish or undo a swap that was cut short (see the module docstring)."""
    final, previous = Path(root) / name, _previous(root, name)
    if previous.exists():
        if final.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(final)
    for staging in Path(root).glob(f".{name}.new-*"):
        shutil.rmtree(staging, ignore_errors=True)


def read_manifest(root, name):
    """The example's manifest, or None when it is missing or unreadable."""
    try:
        return json.loads(layout.on_disk(root, name).manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return None


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
    _write_json(target(final.manifest), manifest)


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
