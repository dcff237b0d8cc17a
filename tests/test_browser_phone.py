"""The published site on a phone (390 px) and a laptop, in a real browser: readable.

On a phone, in both colour schemes: the page never scrolls sideways; a table
or text output wider than its box scrolls inside that box (and can be reached
by keyboard), never clipped; no figure is cut off; no word or number is broken across lines; a
wide table keeps its first column in view; the copy button leaves the first
code line visible. On both screens, figure text comes out at a legible size
(from the figure's font size and pixel density and the size it is drawn at)
and figures are sharp on a HiDPI screen; a figure opens full size in a
lightbox. Screenshots at 390 px go where test_browser.py puts its own.
"""

import os
import subprocess
import sys

import pytest
from browser_site import LAPTOP, PHONE, PUBLISHED, SHOWN, open_page
from checkout import REPO
from PIL import Image
from site_walk import example_of

# The smallest text a figure may show, in CSS pixels, at each width. On a
# laptop that is the size of Material's smallest text (table cells, 0.64rem);
# on a phone, where a figure spans the screen, somewhat less.
LEGIBLE_PX = {"laptop": 12, "phone": 9}
# Where figure text is measured: a laptop, and a phone in both schemes (each
# scheme shows its own render of a figure).
FIGURE_VIEWS = [("laptop", "light"), ("phone", "light"), ("phone", "dark")]
# Image pixels per CSS pixel at laptop width: 2 is sharp on a HiDPI screen.
HIDPI = 1.9
# The matplotlib sizes a figure's text is set in (tutorial/style.py sets them).
FONT_KEYS = (
    "font.size",
    "axes.titlesize",
    "axes.labelsize",
    "xtick.labelsize",
    "ytick.labelsize",
    "legend.fontsize",
)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_phone_nothing_is_clipped_and_no_word_is_broken(walks, color_scheme):
    walk = walks("phone", color_scheme)
    assert walk.problems == [] and walk.third_party == []
    problems = []
    for path, readings in walk.pages.items():
        if readings["page_width"] > PHONE["width"]:
            problems.append(
                f"{path}: the page scrolls sideways ({readings['page_width']} px)"
            )
        for box in readings["boxes"]:
            problems += [f"{path}: {box['what']}: {p}" for p in _box_problems(box)]
        problems += [f"{path}: {cut}" for cut in readings["figures_cut"]]
    assert problems == [], "\n".join(problems)


def _box_problems(box):
    if box["broken"]:
        yield f"broken across lines: {box['broken'][:5]}"
    if box["boxWider"] and not box["scrolls"]:
        yield "clipped: wider than its box, which does not scroll"
    if box["boxWider"] and box["scrolls"] and not box["tabStop"]:
        yield "its box scrolls but has no tab stop"
    if box["pastScreen"]:
        yield "reaches past the screen's edge"


def test_a_wide_table_keeps_its_first_column_in_view_on_a_phone(walks):
    scrolled, lost = 0, []
    for path, readings in walks("phone", "light").pages.items():
        for key, shown in readings["key_column"]:
            scrolled += 1
            if not shown:
                lost.append(f"{path}: row {key!r}")
    assert lost == [], lost
    assert scrolled > 0, "no table scrolls on a phone: this test checks nothing"


NUMERIC = """() => [...document.querySelectorAll(".md-content table")].map(table =>
    [...table.rows[1].cells].map(cell => [cell.textContent.trim(),
                                          getComputedStyle(cell).textAlign]))"""


def test_numbers_in_tables_are_right_aligned(visit, base_url):
    page, _ = visit
    open_page(page, base_url, f"{SHOWN}/generated/baseline/")
    [row] = page.evaluate(NUMERIC)  # the final metrics: set | loss | accuracy
    assert [align == "right" for _, align in row] == [False, True, True], row


# Each code cell's copy button against the first line of its code.
COPY_BUTTON = """() => [...document.querySelectorAll(".jp-CodeCell .jp-InputArea")]
    .map(area => {
        const button = area.querySelector("clipboard-copy");
        const pre = area.querySelector(".highlight-ipynb pre");
        if (!button || !pre) return null;
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (node && !node.data.trim()) node = walker.nextNode();
        const range = document.createRange();
        range.selectNodeContents(node);
        const line = range.getClientRects()[0], icon = button.getBoundingClientRect();
        const overlaps = icon.bottom > line.top && icon.top < line.bottom
            && icon.left < pre.getBoundingClientRect().right;
        return [node.data.trim().slice(0, 30), overlaps];
    }).filter(Boolean)"""


def test_the_copy_button_leaves_the_first_code_line_visible_on_a_phone(visit, base_url):
    page, _ = visit
    page.set_viewport_size(PHONE)
    open_page(page, base_url, f"{SHOWN}/generated/baseline/")
    cells = page.evaluate(COPY_BUTTON)
    assert cells, "no code cell with a copy button"
    assert [line for line, overlaps in cells if overlaps] == []


def smallest_figure_text_points():
    """The smallest font size, in points, of the figures' style (tutorial/style.py).

    Read in a subprocess: `style.use()` also installs the figure checks into
    matplotlib, which this test process must not carry into other tests.
    """
    code = (
        "import matplotlib; from matplotlib.font_manager import FontProperties\n"
        "from tutorial import style; style.use()\n"
        f"print(min(FontProperties(size=matplotlib.rcParams[k]).get_size_in_points()"
        f" for k in {FONT_KEYS!r}))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO / "examples"), "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(printed)


@pytest.mark.parametrize(("screen", "color_scheme"), FIGURE_VIEWS)
def test_figure_text_is_legible(walks, screen, color_scheme):
    """Figure text in CSS pixels: its size in points, times the figure's pixels
    per point (its dpi / 72), times the share of its pixel width it is shown at."""
    points, small, seen = smallest_figure_text_points(), [], 0
    for path, readings in walks(screen, color_scheme).pages.items():
        name = example_of(path)
        if name is None:
            continue
        small += _small_figures(readings["figures"], name, screen, points)
        seen += len(readings["figures"])
    assert seen > 0
    assert small == [], f"{points:g} pt figure text:\n" + "\n".join(small)


def _small_figures(figures, name, screen, points):
    small = []
    for src, natural, shown in figures:
        dpi = Image.open(PUBLISHED / name / src).info.get("dpi", (72, 72))[0]
        text = points * dpi / 72 * shown / natural
        if text < LEGIBLE_PX[screen]:
            small.append(
                f"{name}/{src}: {text:.1f} px ({natural} px shown at {shown:.0f})"
            )
        if screen == "laptop" and natural / shown < HIDPI:
            small.append(f"{name}/{src}: {natural / shown:.2f} image px per CSS px")
    return small


def test_a_figure_opens_full_size_in_a_lightbox(visit, base_url):
    page, traffic = visit
    page.set_viewport_size(LAPTOP)
    open_page(page, base_url, f"{SHOWN}/generated/baseline/")
    figure = page.locator(".jp-OutputArea a.glightbox img").first
    inline = figure.bounding_box()["width"]
    figure.click()
    opened = page.locator(".glightbox-container .gslide.current img")
    opened.wait_for()
    page.wait_for_timeout(600)  # the opening animation
    assert opened.bounding_box()["width"] > inline * 1.2
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")
    assert traffic.problems() == [] and traffic.third_party() == []


def test_the_version_selector_keeps_the_page(visit, base_url):
    """With site_url set, Material's selector opens the same page in the other version."""
    page, traffic = visit
    open_page(page, base_url, "1.0/generated/dropout/")
    page.locator(".md-version__current").focus()  # opens the list
    page.locator(".md-version__link", has_text=SHOWN).click()
    page.wait_for_url(f"**/{SHOWN}/generated/dropout/")
    assert traffic.problems() == []
