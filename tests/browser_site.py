"""The published site for browser tests: deployed with mike, served, visited.

The site is published with mike (two versions) into a throwaway git repository
and its gh-pages tree is served on localhost, as a reader would get it. Each
visit is a fresh chromium context that records every request and refuses any
outside the site's origin. The fixtures are the session's (tests/conftest.py).
"""

import contextlib
import os
import re
from pathlib import Path

import early
import pytest
from browsing import launch, record, serve
from checkout import EXAMPLES, REPO
from playwright.sync_api import sync_playwright
from publishing import LATEST, deploy

from sitebuild import settings

VERSIONS = ["1.0", "2.0"]
SHOWN = VERSIONS[-1]  # the version the page tests read
PUBLISHED = settings.PUBLISHED_DIR
# Browser colour preference -> the Material scheme it selects (mkdocs.yml's palette).
SCHEMES = {"light": "default", "dark": "slate"}
# A common laptop's width, where Material shows both side bars beside the content.
LAPTOP = {"width": 1280, "height": 800}
# A common phone's screen.
PHONE = {"width": 390, "height": 844}


@early.fixture(scope="session")
def gh_pages(tmp_path_factory):
    """The gh-pages tree of the site deployed with mike, each of VERSIONS."""
    return deploy(REPO, tmp_path_factory.mktemp("mike"), VERSIONS)


@pytest.fixture(scope="session")
def base_url(gh_pages):
    with serve(gh_pages) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@contextlib.contextmanager
def visiting(browser, base_url, color_scheme="light"):
    """A fresh browser context preferring `color_scheme`; yields (page, traffic)."""
    context = browser.new_context(color_scheme=color_scheme)
    traffic = record(context, base_url)
    # Refuse third-party requests so that the test never depends on the internet.
    context.route(
        re.compile(r"^(?!" + re.escape(traffic.origin) + r"/)https?:"),
        lambda route: route.abort(),
    )
    try:
        yield context.new_page(), traffic
    finally:
        context.close()


@pytest.fixture
def visit(browser, base_url):
    """A fresh light-scheme browser context; yields (page, traffic)."""
    with visiting(browser, base_url) as page_and_traffic:
        yield page_and_traffic


@pytest.fixture(scope="session")
def screenshots():
    """The folder for review screenshots ($SCREENSHOTS_DIR), or None: then
    none is saved. A full-page picture of each long page, per screen and
    scheme, costs about a second; it is for a person to look at."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def review_shot(screenshots, name):
    """Where a review screenshot `name` goes, or None when none are kept."""
    return screenshots / name if screenshots else None


def open_page(page, base_url, path):
    """Open a page; return once it has loaded (its styles, scripts and images).

    Not "networkidle": that waits half a second of silence after every page,
    a third of a walk's time. What a page fetches later (the search index) is
    recorded by the traffic listeners whenever it comes, and a later visit
    that cuts it short is not a failure (tests/browsing.py).
    """
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None and response.ok, path


def open_root(page, base_url):
    """Open mike's root, which redirects to the latest version: wait until that has loaded."""
    open_page(page, base_url, "")
    page.wait_for_url(f"{base_url}{LATEST}/", wait_until="load")


def published_pages(gh_pages):
    """Every page of the shown version (home, examples, Markdown pages), by path."""
    pages = sorted(
        path.relative_to(gh_pages).as_posix()
        for path in (gh_pages / SHOWN).rglob("*.html")
        # 404.html links its assets from site_url's path (the host's), and the
        # host serves only the copy at the root (tests/test_publish.py).
        if "assets" not in path.parts and path.name != "404.html"
    )
    assert len(pages) >= len(EXAMPLES) + 1, pages  # home and each example
    return pages


def settle(page, color_scheme):
    """Wait until Material has applied the scheme and its colour transitions ended.

    Material picks the palette matching the browser's preference once its
    script runs, and links fade their colours: axe must see the final ones. A
    transition cut short by another counts as ended.
    """
    scheme = SCHEMES[color_scheme]
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
    page.evaluate(
        """Promise.all(document.getAnimations()
               .filter(animation => animation instanceof CSSTransition)
               .map(transition => transition.finished.catch(() => null)))"""
    )
