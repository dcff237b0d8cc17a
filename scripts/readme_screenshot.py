#!/usr/bin/env python3
"""Retake the README's picture of an example page, from the built site.

    make site && .venv/bin/python scripts/readme_screenshot.py

Serves `site/` (what `make site` rendered) on localhost, opens one example
page in Debian's chromium at 1280 × 1000 px in the light scheme, scrolls to
a section that shows prose, code, its output and its figure, and writes
`.github/readme/example-page.png`. Every request outside localhost is
refused, as in the browser tests (tests/browsing.py, whose server and
browser it uses).
"""

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browsing import launch, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PICTURE = REPO / ".github" / "readme" / "example-page.png"
SCREEN = {"width": 1280, "height": 1000}
# The heading at the top of the screen, just below Material's fixed header.
SCROLL_TO = """id => {
    const heading = document.getElementById(id);
    const header = document.querySelector(".md-header").getBoundingClientRect();
    scrollTo(0, scrollY + heading.getBoundingClientRect().top - header.height - 8);
}"""
TRANSITIONS_ENDED = """() => Promise.all(document.getAnimations()
    .map(animation => animation.finished.catch(() => null)))"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page", default="generated/dropout/", help="the page, in site/"
    )
    parser.add_argument(
        "--section",
        default="what-dropout-does-to-a-feature-map",
        help="the id of the heading to scroll to",
    )
    args = parser.parse_args(argv)
    site = REPO / "site"
    if not (site / args.page / "index.html").is_file():
        raise SystemExit(
            f"error: {site / args.page} is not built: run `make site` first"
        )
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=SCREEN, color_scheme="light")
        own = re.compile(r"^(?!" + re.escape(base) + r")https?:")
        page.route(own, lambda route: route.abort())
        page.goto(base + args.page, wait_until="networkidle")
        heading = page.locator(f"#{args.section}")
        if heading.count() != 1:
            raise SystemExit(f"error: {args.page} has no heading #{args.section}")
        page.evaluate(SCROLL_TO, args.section)
        page.evaluate("() => Promise.all([...document.images].map(i => i.decode()))")
        page.wait_for_timeout(500)  # the header swaps its title as the page scrolls
        page.evaluate(TRANSITIONS_ENDED)
        page.screenshot(path=PICTURE)
        browser.close()
    print(f"wrote {PICTURE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
