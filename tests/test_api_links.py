"""API links in the built site: on the right tokens, listed at each page's end and in the index."""

import html
import json
import re
import sys

from checkout import REPO

# The hooks import their siblings as top-level modules, as MkDocs loads them
# with their folder on the path.
sys.path.insert(0, str(REPO / "hooks"))

import api_refs  # noqa: E402
import code_links  # noqa: E402
import nbformat  # noqa: E402
import pytest
from checkout import EXAMPLES  # noqa: E402
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from test_site import visible_text

from sitebuild import apimap, apirefs, catalog, layout, settings

API = apimap.load()
PUBLISHED = settings.PUBLISHED_DIR
LINK = re.compile(r'<a class="api-link" href="([^"]+)" title="([^"]+)">(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def rendered_cell(source, cell="cell-3"):
    """A code cell as mkdocs-jupyter renders it: Pygments' HTML, then the copy text."""
    code = highlight(
        source, PythonLexer(), HtmlFormatter(cssclass="highlight-ipynb hl-python")
    )
    return (
        f'<div class="jp-Cell jp-CodeCell" id="cell-id={cell}">{code}'
        f'<div class="clipboard-copy-txt" id="cell-1">{html.escape(source)}</div></div>'
    )


def choose(spans):
    for start, end, name in spans:
        if name == "keras.layers.Dropout":
            return start, end, name, "https://example.org/dropout", name
    return None


def link(source, line, *spans):
    """link_cells on one rendered cell whose use at `line` has these spans."""
    return code_links.link_cells(
        rendered_cell(source), {"cell-3": [(line, spans)]}, choose
    )


def test_a_name_imported_under_another_name_links_its_token():
    source = "from keras.layers import Dropout as Drop\nDrop(0.5)"
    page, _, problems = link(source, 2, (0, 4, "keras.layers.Dropout"))
    assert problems == []
    assert [TAG.sub("", inner) for *_, inner in LINK.findall(page)] == ["Drop"]


def test_a_link_wraps_exactly_its_tokens():
    source = "\n\nfrom keras import layers\nx = layers.Dropout(0.5)  # é"
    page, links, problems = link(source, 4, (4, 18, "keras.layers.Dropout"))
    assert problems == [] and len(links) == 1
    [(href, _, inner)] = LINK.findall(page)
    assert href == "https://example.org/dropout"
    assert TAG.sub("", inner) == "layers.Dropout"
    # The code reads as before, and the copy text is untouched.
    assert visible_text(page).strip().startswith("from keras import layers")
    assert html.escape(source) in page


@pytest.mark.parametrize(
    ("line", "start", "end", "problem"),
    [
        (2, 1, 14, "not at token boundaries"),  # `ayers.Dropout`
        (2, 0, 15, "the source there is 'layers.Dropout(', not a name"),
        (7, 0, 14, "the source there is '', not a name"),  # no such line
    ],
)
def test_a_use_off_its_token_is_reported_not_guessed(line, start, end, problem):
    source = "from keras import layers\nlayers.Dropout(0.5)"
    page, links, problems = link(source, line, (start, end, "keras.layers.Dropout"))
    assert links == [] and len(problems) == 1 and problem in problems[0]
    assert "api-link" not in page


def manifest(name):
    return catalog.read_manifest(PUBLISHED, name)


def expected_links(name):
    """(section, documented name, token) of each link the page should have, in page order."""
    notebook = nbformat.read(layout.on_disk(PUBLISHED, name).page, as_version=4)
    sources = {cell.id: cell.source.splitlines() for cell in notebook.cells}
    order = {cell.id: index for index, cell in enumerate(notebook.cells)}
    found = []
    for cell, recorded in manifest(name)["references"]["cells"].items():
        for use in recorded["uses"]:
            line, spans = apirefs.parse_use(use)
            for start, end, used in spans:
                if (entry := API.entry(used)) is not None:
                    token = sources[cell][line - 1][start:end]
                    where = (order[cell], line, start)
                    found.append((where, recorded["section"], entry.name, token))
                    break
    return [link for _, *link in sorted(found)]


def documented(name):
    """The documented names the page links."""
    return {title for _, title, _ in expected_links(name)}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_use_with_a_page_is_a_link_on_its_token(site, name):
    page = (site / layout.GENERATED / name / "index.html").read_text()
    links = LINK.findall(page)
    shown = [(title, html.unescape(TAG.sub("", inner))) for _, title, inner in links]
    assert len(shown) > 5, "every example uses Keras"
    assert shown == [(title, token) for _, title, token in expected_links(name)]
    assert all(href == API.entry(title).url for href, title, _ in links)
    copies = re.findall(r'class="clipboard-copy-txt"[^>]*>(.*?)</div>', page, re.S)
    assert copies and not any("<a" in copy for copy in copies)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_page_ends_with_the_apis_it_uses(site, name):
    page = (site / layout.GENERATED / name / "index.html").read_text()
    closing = page[page.index('id="apis-used"') :]
    listed = re.findall(r"<code>([\w.]+)</code></a>", closing[: closing.index("</ul>")])
    assert sorted(listed) == sorted(documented(name))
    assert 'href="../../api/"' in closing


def test_the_api_index_lists_every_api_with_the_sections_using_it(site):
    page = (site / "api" / "index.html").read_text()
    for name in EXAMPLES:
        for section, title, _ in expected_links(name):
            entry = re.search(
                rf'<li><a [^>]*href="{re.escape(API.entry(title).url)}"[^>]*>'
                rf"<code>{re.escape(title)}</code></a>: (.*?)</li>",
                page,
                re.S,
            )
            assert entry, title
            shown = html.unescape(TAG.sub("", entry.group(1)))
            assert f'href="../generated/{name}/#cell-id=' in entry.group(1), title
            assert (section or "top of the page").replace("`", "") in shown, section
    assert '<h2 id="layers-api">Layers API' in page
    assert "Used without an API page" in page


def test_a_marker_embeds_the_examples_using_an_api(site):
    page = (site / "contributing" / "index.html").read_text()
    marker = page.index("alone, the line gives")
    cards = page[marker : page.index("</div>", marker)]
    using = sorted(
        name for name in EXAMPLES if "keras.layers.SpatialDropout2D" in documented(name)
    )
    assert sorted(re.findall(r'href="\.\./generated/(\w+)/"><img', cards)) == using


def test_the_build_records_what_each_page_uses_by_itself(fast_build):
    """Every example run (here: fast mode, into a temporary folder) records the
    names its code uses; the code is the same in both modes, so are they."""
    out, _ = fast_build
    for name in EXAMPLES:
        built = json.loads(layout.on_disk(out, name).manifest.read_text())
        assert built["references"] == manifest(name)["references"], name


class _Page:
    """What the hook reads of a Markdown page: its path under docs/."""

    def __init__(self, src_uri):
        self.file = type("File", (), {"src_uri": src_uri})()


def test_the_marker_works_on_pages_in_folders_and_rejects_unknown_names():
    config = {"docs_dir": str(REPO / "docs"), "nav": []}
    api_refs.on_pre_build(config)
    marker = "<!-- examples-using: keras.layers.SpatialDropout2D -->"
    cards = api_refs._examples_using(f"Text\n{marker}\n", _Page("guides/x.md"), config)
    assert "](../generated/spatial_dropout/index.ipynb)" in cards
    fenced = f"```\n{marker}\n```\n"
    assert api_refs._examples_using(fenced, _Page("x.md"), config) == fenced
    with pytest.raises(api_refs.PluginError, match=r"docs/x.md: .*keras.layers.Nope"):
        api_refs._examples_using(
            "<!-- examples-using: keras.layers.Nope -->", _Page("x.md"), config
        )
