"""Each example, run in fast mode, produces its notebook, figures and snippets.

Parametrized over the files in examples/, so a new example is tested without
editing this file.
"""

import re

import nbformat
import pytest
from checkout import EXAMPLES

from sitebuild import catalog, layout, settings

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # \r, \b, ANSI escapes and the like
# The blog post's pages show the model and its final metrics.
BLOG_PAGE_SNIPPETS = ("model_summary", "final_metrics")
BLOG_PAGES = ("baseline", "dropout", "weight_decay")


def test_every_example_is_published_and_every_published_page_has_its_example():
    # Discovery that found nothing, or a page left behind by a removed example,
    # shows here; the published catalog is read the way the site reads it.
    assert EXAMPLES
    assert sorted(EXAMPLES) == catalog.Catalog(settings.PUBLISHED_DIR).names()


@pytest.mark.parametrize("name", EXAMPLES)
def test_fast_build_writes_every_artifact(fast_build, name):
    out, _ = fast_build
    folder = layout.on_disk(out, name)
    manifest = catalog.read_manifest(out, name)
    assert manifest["mode"] == settings.FAST
    assert manifest["run_seconds"] > 0
    for figure in manifest["figures"]:
        assert folder.figure(figure).read_bytes().startswith(b"\x89PNG")
    for snippet in manifest["snippets"]:
        assert folder.snippet(snippet).read_text().strip()
    assert manifest["figures"], "every page teaches with at least one figure"
    assert manifest["values"], "every page records the values its prose quotes"
    if name in BLOG_PAGES:
        assert set(BLOG_PAGE_SNIPPETS) <= set(manifest["snippets"])
    assert folder.script.is_file()
    # The runs the page trained or read from the session's run store, as its
    # kernel's ledger counted them: the blog pages use no store.
    store = manifest["run_store"]
    assert store["trained_seconds"] >= 0 and store["loaded_seconds"] >= 0
    assert (store["trained"] + store["loaded"] > 0) == (name not in BLOG_PAGES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_outputs_are_clean_text(fast_build, name):
    out, _ = fast_build
    notebook = nbformat.read(layout.on_disk(out, name).page, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells and all(cell.execution_count for cell in code_cells)
    for cell in code_cells:
        for output in cell.outputs:
            assert output.output_type != "error"
            texts = [output.get("text", "")] + [
                v for v in output.get("data", {}).values() if isinstance(v, str)
            ]
            assert not any(CONTROL.search(text) for text in texts), output
            assert "text/html" not in output.get("data", {})


@pytest.mark.parametrize("name", EXAMPLES)
def test_page_notebook_links_figure_files(fast_build, name):
    out, _ = fast_build
    page = layout.on_disk(out, name).page.read_text()
    manifest = catalog.read_manifest(out, name)
    assert "image/png" not in page
    for figure in manifest["figures"]:
        assert layout.relative_to_page(layout.in_site(name).figure(figure)) in page


@pytest.mark.parametrize("name", EXAMPLES)
def test_training_logs_have_one_line_per_epoch(fast_build, name):
    """Where a page shows Keras's training log, it reads one line per epoch."""
    out, _ = fast_build
    notebook = nbformat.read(layout.on_disk(out, name).page, as_version=4)
    logging = [c for c in notebook.cells if "verbose=2" in c.get("source", "")]
    if not logging:
        pytest.skip("this page trains silently (verbose=0) and prints its own lines")
    logs = [
        line
        for cell in logging
        for output in cell.get("outputs", [])
        if output.output_type == "stream"
        for line in output.text.splitlines()
        if "step" in line
    ]
    assert logs, "no training log found"
    assert all(re.search(r"\d+/\d+ - .*loss: [\d.]+", line) for line in logs), logs
