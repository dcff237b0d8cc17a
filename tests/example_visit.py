"""One visit of each example page, and one search session, shared by browser tests.

Three tests each opened every example page in a fresh browser context: one
read its cells and images, one used the colour toggle, one clicked an API
link. Opening the page (and letting its requests settle) is most of their
cost, so each example page is now opened once, the first time a test asks for
it, and the three readings are taken there in that order: the click, which
leaves the page, last. Likewise every example's search runs in one visit of
the home page. Each test asserts its own part; a reading that failed fails
only the test that asked for it.
"""

import io
import re
from dataclasses import dataclass, field

from browser_site import SHOWN, open_page, review_shot, visiting
from PIL import Image, ImageStat
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# The middle of a link's first token, and the element the page has there: what
# a reader's click lands on.
LINK_TARGET = """link => {
    const box = link.getClientRects()[0];
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {inside: link.contains(hit), text: link.textContent};
}"""

IMAGES = """() => Promise.all([...document.images].map(async image => {
    try { await image.decode(); } catch (error) {}
    return [image.getAttribute("src"), image.naturalWidth];
}))"""

# Material's schemes before and after the toggle, with the toggle's title.
TOGGLES = [("default", "Switch to dark mode"), ("slate", None)]
REFERENCE_HOSTS = re.compile(r"^https://(keras\.io|www\.tensorflow\.org)/")


@dataclass
class ExampleVisit:
    """What one visit of an example page read, stage by stage."""

    readings: dict = field(default_factory=dict)  # stage -> reading
    failures: dict = field(default_factory=dict)  # stage -> the exception

    def __getitem__(self, stage):
        if stage in self.failures:
            raise self.failures[stage]
        return self.readings[stage]


def visit_example(browser, base_url, screenshots, name):
    """Open the example's page once and take every stage's reading."""
    visit = ExampleVisit()
    with visiting(browser, base_url) as (page, traffic):
        stages = [
            ("shown", lambda: _shown(page)),
            ("toggle", lambda: _toggle(page, screenshots, name)),
            ("link", lambda: _click_api_link(page, traffic)),
        ]
        try:
            open_page(page, base_url, f"{SHOWN}/generated/{name}/")
        except Exception as error:  # noqa: BLE001 - every stage reports it
            visit.failures = dict.fromkeys((s for s, _ in stages), error)
            return visit
        for stage, read in stages:
            try:
                reading = read()
            except Exception as error:  # noqa: BLE001 - failed in its own test
                visit.failures[stage] = error
                continue
            visit.readings[stage] = reading | {
                "problems": traffic.problems(),
                "third_party": traffic.third_party(),
            }
    return visit


def _shown(page):
    """Each code cell shown: its input (None where the page has none) and outputs, visible or not."""
    cells = page.locator(".jp-Notebook > .jp-CodeCell")  # the template nests two
    found = []
    for index in range(cells.count()):
        shown = cells.nth(index)
        inputs = shown.locator(".jp-InputArea")
        outputs = shown.locator(".jp-OutputArea-output")
        found.append(
            {
                "input": inputs.is_visible() if inputs.count() else None,
                "outputs": [
                    outputs.nth(i).is_visible() for i in range(outputs.count())
                ],
            }
        )
    return {"cells": found, "images": page.evaluate(IMAGES)}


def _toggle(page, screenshots, name):
    """The scheme and the brightness of the page before and after the toggle."""
    schemes, brightness = [], {}
    for scheme, toggle in TOGGLES:
        schemes.append(page.evaluate("document.body.dataset.mdColorScheme"))
        kept = f"{name}-{'light' if scheme == 'default' else 'dark'}.png"
        # The first screen, or with review screenshots asked for, all of it.
        shot = page.screenshot(
            path=review_shot(screenshots, kept), full_page=bool(screenshots)
        )
        image = Image.open(io.BytesIO(shot)).convert("L")
        brightness[scheme] = ImageStat.Stat(image).mean[0]
        if toggle:
            page.get_by_title(toggle).click()
    return {"schemes": schemes, "brightness": brightness}


def _click_api_link(page, traffic):
    """Click the first API name in the code, its reference answered here (offline)."""
    link = page.locator(".jp-InputArea pre a.api-link").first
    href, title = link.get_attribute("href"), link.get_attribute("title")
    link.scroll_into_view_if_needed()
    target = link.evaluate(LINK_TARGET)
    opened = []

    def reference_page(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>API</title>")

    page.route(REFERENCE_HOSTS, reference_page)
    with page.expect_navigation():
        link.click()
    return {
        "href": href,
        "title": title,
        "target": target,
        "url": page.url,
        "opened": opened,
    }


def search_all(browser, base_url, words):
    """{name: (found, problems, third_party)}: each of `words` ({name: word})
    typed into the home page's search, one after another, in one visit."""
    found = {}
    with visiting(browser, base_url) as (page, traffic):
        open_page(page, base_url, f"{SHOWN}/")
        search = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item")
        for name, word in words.items():
            search.fill("")
            results.first.wait_for(state="detached", timeout=15_000)
            search.click()  # typing, not filling: the search starts on keyboard input
            page.keyboard.type(word)
            hit = page.locator(f'.md-search-result__item a[href*="generated/{name}/"]')
            try:
                hit.first.wait_for(timeout=15_000)
                seen = True
            except PlaywrightTimeout:  # the test says which word
                seen = False
            found[name] = (seen, traffic.problems(), traffic.third_party())
    return found
