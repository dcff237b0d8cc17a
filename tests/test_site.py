"""The site builds strictly from the committed artifacts, and each page shows its results."""

import html
import re
from html.parser import HTMLParser

import nbformat
import pytest
from checkout import EXAMPLES, figure_sources, run_build

from sitebuild import catalog, layout, settings, takehome

PUBLISHED = settings.PUBLISHED_DIR


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(page):
    parser = _Text()
    parser.feed(page)
    return re.sub(r"\s+", " ", html.unescape("".join(parser.parts)))


def squashed(text):
    """Text without spaces, Markdown marks and box drawing, to compare a snippet with a page."""
    text = re.sub(r"^(```\w*|\|?(\s*---\s*\|)+)$", "", text, flags=re.MULTILINE)
    return re.sub(r"[\s|*`\\\u2500-\u257f]", "", text)


def hidden(cell):
    """Whether the page hides the cell's code (mkdocs.yml's remove_tag_config)."""
    return bool({"remove-cell", "remove-input"} & set(cell.metadata.get("tags", [])))


@pytest.mark.parametrize("name", EXAMPLES)
def test_hidden_cells_are_off_the_page_and_in_the_downloads(site, name):
    page = (site / layout.GENERATED / name / "index.html").read_text()
    notebook = nbformat.read(PUBLISHED / name / f"{name}.ipynb", as_version=4)
    script = (PUBLISHED / name / f"{name}.py").read_text()
    tagged = [cell for cell in notebook.cells if hidden(cell)]
    assert tagged, "the page hides the code that only records values or builds tables"
    shown = visible_text(page)
    for cell in tagged:
        longest = max(cell.source.strip().splitlines(), key=len).strip()
        assert longest not in shown, longest
        # The downloads keep it (the script prints a value the notebook shows).
        assert takehome.shown(cell.source).strip() in script or (
            cell.source.strip() in script
        )
    assert "glue(" not in shown


def test_committed_artifacts_are_fresh():
    result = run_build("--check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", EXAMPLES)
def test_page_shows_code_outputs_and_figures(site, name):
    built = layout.on_disk(site / layout.GENERATED, name)
    page = (built.folder / "index.html").read_text()
    text = visible_text(page)
    notebook = nbformat.read(layout.on_disk(PUBLISHED, name).page, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            first_line = next(line for line in cell.source.splitlines() if line.strip())
            shown = re.sub(r"\s+", " ", first_line.strip()) in text
            assert shown != hidden(cell), (first_line, hidden(cell))
    assert "Results produced on" in text  # provenance under the title
    page_text = squashed(text)
    manifest = catalog.read_manifest(PUBLISHED, name)
    for snippet in manifest["snippets"]:
        shown = squashed(layout.on_disk(PUBLISHED, name).snippet(snippet).read_text())
        assert shown[:60] in page_text, (snippet, shown[:60])  # the output, on the page
    assert manifest["mode"] == settings.FULL
    for figure in manifest["figures"]:
        for source in figure_sources(manifest, [figure]):
            assert f'src="{source}"' in page
        assert built.figure(figure).stat().st_size > 0
    assert built.notebook.is_file()


def test_landing_page_links_every_example_and_shows_results(site):
    page = (site / "index.html").read_text()
    for name in EXAMPLES:
        assert f'href="generated/{name}/"' in page, name
    metrics = layout.on_disk(PUBLISHED, "baseline").snippet("final_metrics").read_text()
    accuracy = metrics.strip().splitlines()[-1].split("|")[-2].strip()
    assert accuracy in visible_text(page)


def test_nav_lists_every_example(site):
    # mkdocs.yml may place an example; hooks/example_nav.py adds any it does not.
    nav = re.findall(
        r'<a href="([^"]+)" class="md-nav__link', (site / "index.html").read_text()
    )
    for name in EXAMPLES:
        assert f"generated/{name}/" in nav, name
