"""One walk of the published site per screen and colour scheme, shared by the browser tests.

Six browser tests each walked every page (loading cleanly, axe in each
scheme, tables at laptop width, the phone layout in each scheme, the first
column of wide tables, figure text). Loading a page and letting Material
settle is most of their cost, so each (screen, scheme) is now walked once, the
first time a test asks for it, and every reading those tests take of a page
is taken on that one visit. A reading is axe-core or one of the probes below,
run on the settled page exactly as the tests ran them; each test asserts its
own part of the walk. With $SCREENSHOTS_DIR set, example pages are also
screenshotted on a phone, for review (tests/browser_site.py's `screenshots`).
"""

from dataclasses import dataclass, field

import accessibility
import pytest
from browser_site import (
    LAPTOP,
    PHONE,
    SHOWN,
    open_page,
    open_root,
    published_pages,
    settle,
    visiting,
)
from checkout import EXAMPLES

from sitebuild import layout

SCREENS = {"laptop": LAPTOP, "phone": PHONE}

# Each table with the widths of the elements from it up to its scroll box (the
# first that clips or scrolls), or up to the content column if none does:
# Material's tables scroll themselves, inside a scrolling wrapper.
TABLE_WIDTHS = """() => [...document.querySelectorAll(".md-content table")].map(table => {
    const widths = [];
    for (let box = table; box; box = box.parentElement) {
        widths.push([box.tagName.toLowerCase() + (box.className ? "." + box.className
            .trim().split(/\\s+/)[0] : ""), box.scrollWidth, box.clientWidth]);
        if (box !== table && getComputedStyle(box).overflowX !== "visible") break;
        if (box.matches(".md-content__inner")) break;
    }
    const headers = [...table.querySelectorAll("th")].slice(0, 3);
    return {headers: headers.map(th => th.textContent.trim()), widths};
})"""

# Each code block wider than its box: its widths and its longest line.
CODE_TOO_WIDE = """() => [...document.querySelectorAll(".jp-InputArea pre")]
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => [pre.scrollWidth, pre.clientWidth,
                 pre.textContent.split("\\n")
                    .reduce((a, b) => (b.length > a.length ? b : a))])"""

# Every table and text output, with the first box around it that clips or
# scrolls (or the content column): its widths, whether it scrolls and has a
# tab stop, and each word that the browser drew on more than one line.
BOXES = """() => {
    const broken = element => {
        const found = [];
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()]
                    .filter(rect => rect.width > 0).map(rect => Math.round(rect.top)));
                if (lines.size > 1) found.push(match[0]);
            }
        }
        return found;
    };
    const selector = ".md-content table, .jp-OutputArea-output pre";
    return [...document.querySelectorAll(selector)].map(element => {
        let box = element.parentElement;
        while (box && !box.matches(".md-content__inner")
               && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
        const overflow = getComputedStyle(box).overflowX;
        return {
            what: element.tagName.toLowerCase() + ": "
                + element.textContent.trim().slice(0, 40).replace(/\\s+/g, " "),
            wider: element.scrollWidth > box.clientWidth + 1,
            boxWider: box.scrollWidth > box.clientWidth + 1,
            scrolls: overflow === "auto" || overflow === "scroll",
            tabStop: box.tabIndex >= 0,
            pastScreen: element.getBoundingClientRect().left < -1
                || Math.min(element.getBoundingClientRect().right,
                            box.getBoundingClientRect().right) > innerWidth + 1,
            broken: broken(element),
        };
    });
}"""

# Each figure shown, with the boxes around it that cut off what they do not
# show (any overflow but visible), where one cuts the figure.
FIGURES_CUT = """() => [...document.querySelectorAll(".jp-OutputArea img")]
    .filter(image => image.getBoundingClientRect().width > 0)
    .flatMap(image => {
        const shown = image.getBoundingClientRect(), cuts = [];
        if (shown.left < -1 || shown.right > innerWidth + 1) cuts.push("the screen");
        for (let box = image.parentElement; box; box = box.parentElement) {
            if (getComputedStyle(box).overflowX === "visible") continue;
            const edge = box.getBoundingClientRect();
            if (shown.left < edge.left - 1 || shown.right > edge.right + 1)
                cuts.push(box.className.split(" ")[0] || box.tagName.toLowerCase());
        }
        return cuts.map(cut => `${image.getAttribute("src")}: cut by ${cut}`);
    })"""

# For each table that scrolls in its box: the first column's left edge against
# the box's, before and after scrolling the box all the way right (then back).
KEY_COLUMN = """() => [...document.querySelectorAll(".md-content table")].map(table => {
    const box = table.closest(".md-typeset__scrollwrap");
    if (!box || box.scrollWidth <= box.clientWidth + 1) return null;
    box.scrollLeft = box.scrollWidth;
    const cell = table.rows[table.rows.length - 1].cells[0];
    const shown = cell.getBoundingClientRect().left >= box.getBoundingClientRect().left - 1;
    box.scrollLeft = 0;
    return [cell.textContent.trim(), shown];
}).filter(Boolean)"""

# The figures shown (a figure's twin for the other colour scheme is hidden):
# src, the image's pixel width and the CSS pixels it is drawn at.
FIGURES = """() => Promise.all([...document.querySelectorAll(".jp-OutputArea img")]
    .map(async image => {
        try { await image.decode(); } catch (error) {}
        return [image.getAttribute("src").split("#")[0], image.naturalWidth,
                image.getBoundingClientRect().width];
    })).then(figures => figures.filter(([, , shown]) => shown > 0))"""

# What each screen reads off every page, in this order (KEY_COLUMN scrolls).
PROBES = {
    "laptop": {
        "tables": TABLE_WIDTHS,
        "code_too_wide": CODE_TOO_WIDE,
        "figures": FIGURES,
    },
    "phone": {
        "page_width": "document.documentElement.scrollWidth",
        "boxes": BOXES,
        "figures_cut": FIGURES_CUT,
        "key_column": KEY_COLUMN,
        "figures": FIGURES,
    },
}


@dataclass
class Walk:
    """Every published page's readings on one screen in one scheme, and the traffic."""

    screen: str
    color_scheme: str
    pages: dict = field(default_factory=dict)  # path -> {reading: value}
    requests: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    third_party: list = field(default_factory=list)


def page_of(name):
    """The published page of example `name`, as the walk names it."""
    return f"{SHOWN}/{layout.GENERATED}/{name}/index.html"


def example_of(path):
    """The example a published page shows, or None for home and Markdown pages."""
    parts = path.split("/")  # <version>/generated/<name>/index.html
    if len(parts) == 4 and parts[1] == layout.GENERATED and parts[2] in EXAMPLES:
        return parts[2]
    return None


def take(browser, base_url, gh_pages, screen, color_scheme, screenshots):
    """Walk mike's root (it redirects to latest), then every published page."""
    walk = Walk(screen, color_scheme)
    with visiting(browser, base_url, color_scheme) as (page, traffic):
        page.set_viewport_size(SCREENS[screen])
        open_root(page, base_url)
        for path in published_pages(gh_pages):
            open_page(page, base_url, path)
            settle(page, color_scheme)
            walk.pages[path] = _readings(page, screen, path, screenshots, color_scheme)
        walk.requests = list(traffic.requests)
        walk.problems = traffic.problems()
        walk.third_party = traffic.third_party()
    return walk


def _readings(page, screen, path, screenshots, color_scheme):
    readings = {}
    if screen == "laptop":  # axe at the width the reader of a laptop has
        readings["axe"] = accessibility.violations(page)
    for name, probe in PROBES[screen].items():
        readings[name] = page.evaluate(probe)
    name = example_of(path)
    if screen == "phone" and name and screenshots:
        page.screenshot(
            path=screenshots / f"{name}-phone-{color_scheme}.png", full_page=True
        )
    return readings


@pytest.fixture(scope="session")
def walks(browser, base_url, gh_pages, screenshots):
    """`walks(screen, color_scheme)`: that Walk, taken the first time it is asked for."""
    taken = {}

    def walk(screen, color_scheme):
        if (screen, color_scheme) not in taken:
            taken[screen, color_scheme] = take(
                browser, base_url, gh_pages, screen, color_scheme, screenshots
            )
        return taken[screen, color_scheme]

    return walk
