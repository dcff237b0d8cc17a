"""The take-home tests' reader: a new venv with only what the downloads declare.

Installing it (TensorFlow and the rest, from the package registry) takes
seconds of unpacking and compiling, and nothing in it depends on the
session's fast build. So when the take-home tests are in the session,
`begin` starts the install in a thread just before the fast build
(tests/conftest.py), from what the published downloads declare, and `ready`
waits for it and checks it against what each freshly built download
declares: any difference (say, a library upgraded since the artifacts were
published) is installed then.
"""

import functools
import re
import shlex
import subprocess
import sys
import threading

import nbformat
import uv
from checkout import EXAMPLES
from colab_runtime import packages

from sitebuild import layout, settings

INSTALL = re.compile(r"^%pip install --quiet (.+)$", re.MULTILINE)
PAGE_PINS = re.compile(r"`pip install ([^`]+)`")  # the set-up note's exact versions
RUNNER = ["nbclient==0.11.0", "ipykernel==7.4.0"]  # runs a notebook; not imported by it
TAKEHOME_TESTS = "test_takehome.py"

_install = {}  # this session's one install: folder, wanted, thread, result


def declared_packages(notebook_path):
    """The install cell's requirements, and the exact versions its note names."""
    notebook = nbformat.read(notebook_path, as_version=4)
    found = [m for cell in notebook.cells for m in INSTALL.findall(cell.source)]
    assert len(found) == 1, "one install cell, at the top"
    note = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    pins = PAGE_PINS.findall(" ".join(note.split()))
    assert len(pins) == 1, "the note names the page's versions once"
    return shlex.split(found[0]), pins[0].split()


def requirements(root, names=EXAMPLES):
    """What a reader installs for the downloads of `names` under `root`: the
    page's versions, and what the install cells name beyond them (statsmodels,
    IPython for the script) at the build's versions, and the notebook runner."""
    declared = {
        name: declared_packages(layout.on_disk(root, name).notebook) for name in names
    }
    _, pins = next(iter(declared.values()))
    assert all(found[1] == pins for found in declared.values()), declared
    pinned = {pin.split("==")[0] for pin in pins}
    build = _build_packages()
    others = sorted(
        {
            re.split("[<>=]", r)[0].lower()
            for found, _ in declared.values()
            for r in found
        }
        - pinned
    )
    return [*pins, *(f"{name}=={build[name]}" for name in others), *RUNNER]


@functools.cache
def _build_packages():
    return packages(sys.executable)  # this session's build venv: fixed meanwhile


def takehome_tests_in(session):
    return any(item.path.name == TAKEHOME_TESTS for item in session.items)


def begin(session, tmp_path_factory):
    """Start the reader's install, in a folder of its own, if the take-home tests run."""
    if _install or not takehome_tests_in(session):
        return
    try:
        wanted = requirements(settings.PUBLISHED_DIR)
    except (OSError, AssertionError):
        return  # no published downloads to read: `ready` installs later
    folder = tmp_path_factory.mktemp("reader")
    _install.update(folder=folder, wanted=wanted, result={})
    _install["thread"] = threading.Thread(
        target=_create, args=(folder / "venv", wanted, _install["result"]), daemon=True
    )
    _install["thread"].start()


def ready(root, tmp_path_factory, names):
    """(python, folder): the reader's venv, holding what the downloads of
    `names` under `root` declare (`add` adds more), in its folder (for the
    reader's HOME and scratch files)."""
    if _install:
        _install["thread"].join()
    else:  # begun by no fast build of this session: install now
        wanted = requirements(root, names)
        folder = tmp_path_factory.mktemp("reader")
        _install.update(folder=folder, wanted=wanted, result={})
        _create(folder / "venv", wanted, _install["result"])
    result = _install["result"]
    assert result.get("returncode") == 0, result.get("stderr", "")[-3000:]
    add(root, names)
    return _python(), _install["folder"]


def add(root, names):
    """Install what the downloads of `names` under `root` declare that the
    reader's venv lacks; the packages that changed ({name: version}, empty
    if none did)."""
    missing = [r for r in requirements(root, names) if r not in _install["wanted"]]
    if not missing:
        return {}
    before = packages(_python())
    _pip(_python(), missing, _install["result"])
    assert _install["result"]["returncode"] == 0, _install["result"]["stderr"][-3000:]
    _install["wanted"] = [*_install["wanted"], *missing]
    return {k: v for k, v in packages(_python()).items() if before.get(k) != v}


def _python():
    return _install["folder"] / "venv" / "bin" / "python"


def _create(venv, wanted, result):
    made = subprocess.run(
        [sys.executable, "-m", "venv", venv], capture_output=True, text=True
    )
    result.update(returncode=made.returncode, stderr=made.stderr)
    if made.returncode == 0:
        _pip(venv / "bin" / "python", wanted, result)


def _pip(python, wanted, result):
    """Install `wanted` into `python`'s venv with uv: the same pins, resolved
    from the same registry, in seconds where pip takes a minute.

    The reader's own command is still run: every notebook's install cell is
    `%pip install` (pip, in this venv), which must find the pins satisfied.
    Bytecode is not compiled ahead, as pip would: the downloads import about
    two fifths of what is installed and compile that on first import, once
    (the MNIST fetch, which runs first, imports Keras): about 9 core-seconds,
    where compiling everything took 24. No download's result depends on it.
    """
    installed = subprocess.run(
        [uv.find_uv_bin(), "pip", "install", "--quiet", "--python", python, *wanted],
        capture_output=True,
        text=True,
    )
    result.update(returncode=installed.returncode, stderr=installed.stderr)
