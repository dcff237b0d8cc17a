"""Write an example's artifacts atomically and read them back.

Everything an example produces lives in one folder, `<out>/<name>/`:
index.ipynb (the page), <name>.ipynb and <name>.py (downloads), figures/,
snippets/ and manifest.json. A new folder is written beside the old one under
a hidden name and swapped in by two renames, so a failed or interrupted run
never leaves a half-written folder; `recover` finishes a swap cut between its
two renames.
"""

import json
import shutil
import tempfile
from pathlib import Path

import nbformat

MANIFEST = "manifest.json"
PAGE = "index.ipynb"


def example_dir(out_dir, name):
    return Path(out_dir) / name


def write_example(out_dir, example, artifacts, manifest):
    """Replace the example's folder with these artifacts, all or nothing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir, example.name)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{example.name}.new-"))
    try:
        _write_all(staging, example, artifacts, manifest)
        _swap_in(staging, example_dir(out_dir, example.name))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(out_dir, name):
    """Finish or undo a swap that was cut short (see the module docstring)."""
    final, previous = example_dir(out_dir, name), _previous(out_dir, name)
    if previous.exists():
        if final.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(final)
    for staging in Path(out_dir).glob(f".{name}.new-*"):
        shutil.rmtree(staging, ignore_errors=True)


def read_manifest(out_dir, name):
    """The example's manifest, or None when it is missing or unreadable."""
    path = example_dir(out_dir, name) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def artifact_folders(out_dir):
    """Names of the example folders present in `out_dir`."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return sorted(
        p.name for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def _write_all(folder, example, artifacts, manifest):
    nbformat.write(artifacts.page, folder / PAGE)
    nbformat.write(artifacts.download, folder / f"{example.name}.ipynb")
    shutil.copyfile(example.path, folder / f"{example.name}.py")
    for kind, files, suffix in (
        ("figures", artifacts.figures, ".png"),
        ("snippets", artifacts.snippets, ".md"),
    ):
        (folder / kind).mkdir()
        for name, content in files.items():
            target = folder / kind / f"{name}{suffix}"
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
    for name, values in artifacts.data.items():
        target = folder / "snippets" / f"{name}.json"
        target.write_text(
            json.dumps(values, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    folder.chmod(0o755)  # mkdtemp makes folders private; these are published files


def _swap_in(staging, final):
    previous = _previous(final.parent, final.name)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


def _previous(out_dir, name):
    return Path(out_dir) / f".{name}.previous"
