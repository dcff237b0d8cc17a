"""A notebook page's table of contents links its real headings (hooks/notebook_toc.py)."""

from types import SimpleNamespace

from hooks import notebook_toc

# A heading with inline code as mkdocs-jupyter renders it, and the TOC entry
# it made from a copy with the code removed.
CONTENT = (
    '<h2 id="what-modellosses-holds">What <code>model.losses</code> holds'
    '<a class="anchor-link" href="#what-modellosses-holds">&#182;</a></h2>'
    '<h3 id="plain">Plain</h3>'
)


def item(id_, title, children=()):
    return SimpleNamespace(id=id_, title=title, children=list(children))


def page(src_uri, toc):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), toc=toc)


def test_an_entry_made_without_the_code_gets_the_headings_id_and_text():
    plain = item("plain", "Plain")
    entry = item("what-holds", "What  holds", [plain])
    notebook = page("generated/x/index.ipynb", [entry])
    assert notebook_toc.on_page_content(CONTENT, notebook, {}, None) == CONTENT
    assert (entry.id, entry.title) == (
        "what-modellosses-holds",
        "What model.losses holds",
    )
    assert (plain.id, plain.title) == ("plain", "Plain")  # nested, and already right


def test_a_markdown_page_keeps_its_toc():
    entry = item("what-holds", "What  holds")
    notebook_toc.on_page_content(CONTENT, page("summary.md", [entry]), {}, None)
    assert (entry.id, entry.title) == ("what-holds", "What  holds")
