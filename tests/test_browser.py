"""The published site in a real browser: Debian's chromium, driven by Playwright.

The site is published with mike (two versions) into a throwaway git repository
and its gh-pages tree is served on localhost, as a reader would get it. Every
request is recorded; anything outside the site's origin is refused and counted.
With $SCREENSHOTS_DIR set, full-page screenshots of each example page in both
colour schemes are saved there for review.
"""

import io
import re

import accessibility
import nbformat
import pytest
from browser_site import (
    LAPTOP,
    PUBLISHED,
    SCHEMES,
    SHOWN,
    VERSIONS,
    open_page,
    open_root,
    review_shot,
    settle,
    visiting,
)
from checkout import EXAMPLES, figure_sources
from example_visit import TOGGLES, search_all, visit_example
from PIL import Image
from site_walk import page_of
from test_api_links import expected_links

from sitebuild import catalog, layout


def test_every_page_loads_cleanly_and_stays_on_its_origin(walks):
    walk = walks("laptop", "light")  # mike's root, then every page
    assert walk.problems == [], "\n".join(walk.problems)
    assert walk.third_party == [], "requests outside the site's own origin"
    assert any(url.endswith("/search/search_index.json") for url in walk.requests)


@pytest.fixture(scope="module")
def example_visits(browser, base_url, screenshots):
    """`example_visits(name)`: that page's one visit (tests/example_visit.py)."""
    taken = {}

    def visit(name):
        if name not in taken:
            taken[name] = visit_example(browser, base_url, screenshots, name)
        return taken[name]

    return visit


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_page_shows_its_code_outputs_and_figures(example_visits, name):
    shown = example_visits(name)["shown"]
    notebook = nbformat.read(layout.on_disk(PUBLISHED, name).page, as_version=4)
    code_cells = [  # a cell tagged remove-cell is not on the page at all
        cell
        for cell in notebook.cells
        if cell.cell_type == "code"
        and "remove-cell" not in cell.metadata.get("tags", [])
    ]
    assert len(shown["cells"]) == len(code_cells)
    for index, (cell, seen) in enumerate(zip(code_cells, shown["cells"], strict=True)):
        if "remove-input" in cell.metadata.get("tags", []):
            assert seen["input"] is None, f"cell {index}"
        else:
            assert seen["input"], f"input of {index}"
        assert len(seen["outputs"]) == len(cell.outputs), f"outputs of cell {index}"
        for output, visible in enumerate(seen["outputs"]):
            assert visible, f"output {output} of cell {index}"
    images = shown["images"]
    assert [width for _, width in images if width == 0] == [], images
    manifest = catalog.read_manifest(PUBLISHED, name)
    shown_figures = [  # less Material's #only-light / #only-dark
        src.split("#")[0] for src, _ in images if src.startswith(f"{layout.FIGURES}/")
    ]
    expected = [source.split("#")[0] for source in figure_sources(manifest)]
    assert sorted(shown_figures) == sorted(expected)
    assert shown["problems"] == [] and shown["third_party"] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_colour_scheme_toggle_switches_and_is_captured(example_visits, name):
    toggle = example_visits(name)["toggle"]
    assert toggle["schemes"] == [scheme for scheme, _ in TOGGLES]
    brightness = toggle["brightness"]
    assert brightness["slate"] < brightness["default"] - 50, brightness
    assert toggle["problems"] == [] and toggle["third_party"] == []


def prose_words(name):
    """Words of six letters or more in the example's prose (its Markdown cells)."""
    notebook = nbformat.read(layout.on_disk(PUBLISHED, name).page, as_version=4)
    prose = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    prose = re.sub(r"\]\([^)]*\)|`[^`]*`", " ", prose)  # not link targets or code
    return set(re.findall(r"\b[a-z]{6,}\b", prose))


def distinctive_word(name):
    """The longest word of this example's prose that no other example's prose has."""
    others = set().union(*(prose_words(other) for other in EXAMPLES if other != name))
    return max(sorted(prose_words(name) - others), key=len)


@pytest.fixture(scope="module")
def searches(browser, base_url):
    """Every example's distinctive word searched, in one visit of the home page."""
    words = {name: distinctive_word(name) for name in EXAMPLES}
    return words, search_all(browser, base_url, words)


@pytest.mark.parametrize("name", EXAMPLES)
def test_search_finds_a_word_from_the_example_prose(searches, name):
    words, found = searches
    seen, problems, third_party = found[name]
    assert seen, f"searching {words[name]!r} listed no hit on {name}'s page"
    assert problems == [] and third_party == []


def test_version_selector_lists_the_deployed_versions(visit, base_url):
    page, traffic = visit
    open_root(page, base_url)  # mike's default: redirects to latest
    assert page.url.endswith("/latest/")
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").inner_text().strip() == SHOWN
    listed = page.locator(".md-version__link").all_inner_texts()
    assert [text.split()[0] for text in listed] == VERSIONS[::-1], listed
    assert traffic.problems() == [] and traffic.third_party() == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_code_fits_the_content_width_without_scrolling(walks, name):
    """Examples are formatted to 72 columns so that no code block scrolls sideways.

    Checked at a common laptop width (1280 px), where Material shows both side
    bars beside the content.
    """
    too_wide = walks("laptop", "light").pages[page_of(name)]["code_too_wide"]
    assert too_wide == [], too_wide


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_every_page_meets_wcag_2_aa(walks, color_scheme):
    """axe-core finds no WCAG 2.0/2.1 A or AA violation on any page (contrast,
    links told apart by more than colour, keyboard access to what scrolls,
    names of controls), in the light scheme and in the dark one."""
    walk = walks("laptop", color_scheme)
    assert walk.problems == [] and walk.third_party == []
    found = {
        f"{path} ({color_scheme})": readings["axe"]
        for path, readings in walk.pages.items()
    }
    failures = accessibility.describe(found)
    assert failures == [], "axe-core (WCAG 2 A/AA) found:\n" + "\n".join(failures)


def test_tables_fit_the_content_column_at_laptop_width(walks):
    """At 1280 px no table, in an output or in Markdown, scrolls sideways in its
    box (on a phone one may). A failure names the page, the table's first
    headers, and each element's scrollWidth/clientWidth from the table up to
    its box."""
    too_wide = [
        _describe_table(path, table)
        for path, readings in walks("laptop", "light").pages.items()
        for table in readings["tables"]
        if any(scroll > client + 1 for _, scroll, client in table["widths"])
    ]
    assert too_wide == [], "tables wider than their box:\n" + "\n".join(too_wide)


def _describe_table(path, table):
    headers = " | ".join(table["headers"])
    widths = ", ".join(
        f"{box} {scroll}/{client}" for box, scroll, client in table["widths"]
    )
    return f"{path}: table [{headers} ...]: {widths} px"


# Where the first `character` of a `pre` is drawn: [left, top, right, bottom]
# relative to the `pre`'s box, as in its element screenshot.
CHARACTER_BOX = """(pre, character) => {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(character);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const glyph = range.getBoundingClientRect(), box = pre.getBoundingClientRect();
        return [glyph.left - box.left, glyph.top - box.top,
                glyph.right - box.left, glyph.bottom - box.top];
    }
    return null;
}"""
# A pixel is ink when a channel differs this much (of 255) from the background:
# a thin stroke's anti-aliased core does by far more in both schemes, a gap not.
INK = 40


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_model_summary_box_is_drawn_without_gaps(
    browser, base_url, screenshots, color_scheme
):
    """Keras's model.summary() draws a table with box characters; the line
    height of text outputs lets each vertical stroke meet the next row's.

    Checked on the table's left edge (┏, then ┃ ┡ │ ├ rows, then └): in the
    pixel column where that stroke is drawn, every row from the middle of ┏
    to the middle of └ must be ink, not background.
    """
    with visiting(browser, base_url, color_scheme) as (page, _):
        page.set_viewport_size(LAPTOP)
        open_page(page, base_url, f"{SHOWN}/generated/baseline/")
        settle(page, color_scheme)
        pre = page.locator(".jp-OutputArea-output pre", has_text="Total params")
        assert pre.count() == 1, "the baseline page shows one model summary"
        first, last = (pre.evaluate(CHARACTER_BOX, corner) for corner in "┏└")
        assert first and last, "the model summary has no ┏ … └ box"
        shot = pre.screenshot(
            path=review_shot(screenshots, f"summary-{color_scheme}.png")
        )
        line_height = pre.evaluate("pre => getComputedStyle(pre).lineHeight")
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    rows = range(round(_middle(first)) + 1, round(_middle(last)))
    column, gaps = _stroke(image, range(int(first[0]), round(first[2])), rows)
    assert gaps == [], (
        f"{color_scheme}: the summary's left edge (pixel column {column}) shows "
        f"background at rows {gaps} of {rows.start}-{rows.stop - 1} "
        f"(line height {line_height})"
    )


def _middle(box):
    _, top, _, bottom = box
    return (top + bottom) / 2


def _stroke(image, columns, rows):
    """The column of `columns` inked on most `rows`, and its rows left blank."""
    background = max(image.getcolors(image.width * image.height))[1]

    def inked(x, y):
        pixel = image.getpixel((x, y))
        return max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > INK

    column = max(columns, key=lambda x: sum(inked(x, y) for y in rows))
    return column, [y for y in rows if not inked(column, y)]


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_api_link_in_the_code_opens_its_reference(example_visits, name):
    """A reader clicks the first API name in the page's code and lands on its
    reference page. The request is answered here, not by keras.io or
    tensorflow.org: the test stays offline, and it is the only request that
    leaves the site's origin."""
    link = example_visits(name)["link"]
    target = link["target"]
    assert target["inside"], f"a click on {target['text']!r} lands on another element"
    # The first link is on the token of the first use the build recorded.
    assert [link["title"], target["text"]] == expected_links(name)[0][1:]
    assert link["url"] == link["href"] and link["opened"] == [
        link["href"].split("#")[0]
    ]
    assert link["third_party"] == link["opened"] and link["problems"] == []


def test_the_copy_button_copies_the_code_without_links(browser, base_url):
    """Material's copy button copies mkdocs-jupyter's plain copy of the code:
    the links in the shown code leave it as the source is."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        open_page(page, base_url, f"{SHOWN}/generated/dropout/")
        cell = page.locator(".jp-CodeCell", has=page.locator("a.api-link")).first
        cell.hover()
        cell.locator("clipboard-copy").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = cell.locator(".jp-InputArea pre").inner_text()
    finally:
        context.close()
    assert "<a" not in copied and "keras" in copied
    assert copied.strip() == shown.strip()
