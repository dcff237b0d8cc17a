"""The built site, offline: links resolve, example pages are light, nothing comes from a CDN."""

import re
import subprocess
import sys

import pytest
from checkout import EXAMPLES, REPO

from sitebuild import layout, links

MAX_PAGE_KB = 150
NOTEBOOK_CSS = re.compile(
    r'<link rel="stylesheet" href="(\.\./\.\./assets/stylesheets/notebook\.[0-9a-f]{8}\.css)">'
)
# Elements the browser fetches from; a canonical link only names an address.
FETCHING = re.compile(
    r"<(?:script|link(?![^>]*rel=\"canonical\")|img|iframe|source)\b[^>]*?"
    r"\b(?:src|href)=\"([^\"]+)\""
)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
# The lightbox plugin's few lines of inline CSS, never a notebook's 590 KB.
INLINE_CSS_BYTES = 2048


def test_the_404_pages_links_from_the_root_are_checked_under_site_url(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.css").write_text("")
    (tmp_path / "sitemap.xml").write_text("<loc>https://o.github.io/repo/</loc>")
    (tmp_path / "404.html").write_text(
        '<link href="/repo/assets/x.css"><a href="/repo/gone/">x</a><a href="/elsewhere">y</a>'
    )
    found = [str(problem) for problem in links.check_site(tmp_path)]
    assert found == [
        "404.html:1: /repo/gone/ (no such file)",
        "404.html:1: /elsewhere (outside the site)",
    ]


def test_the_built_site_has_no_broken_links(site):
    assert links.check_site(site) == []
    pages = list(site.rglob("*.html"))
    assert sum(len(links._parse(page).links) for page in pages) > 100  # it did look


PAGE = """<html><body>
<h2 id="here">Here</h2>
<a href="#here">fine</a> <a href="other/">fine</a> <a href="https://example.org/x">skipped</a>
<a href="#nowhere">bad anchor</a>
<img src="figures/missing.png">
<a href="other/#gone">bad anchor elsewhere</a>
<a href="../../outside.html">outside</a>
</body></html>
"""


def test_the_checker_names_each_broken_link_with_its_page_and_line(tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "index.html").write_text('<p id="there">x</p>')
    (tmp_path / "index.html").write_text(PAGE)
    found = [str(problem) for problem in links.check_site(tmp_path)]
    assert found == [
        "index.html:4: #nowhere (no element with id 'nowhere' in index.html)",
        "index.html:5: figures/missing.png (no such file)",
        "index.html:6: other/#gone (no element with id 'gone' in other/index.html)",
        "index.html:7: ../../outside.html (outside the site)",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild.links", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{tmp_path}/index.html:5: figures/missing.png" in result.stderr
    assert "4 broken link(s)" in result.stderr


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_page_is_light_and_links_the_shared_notebook_css(site, name):
    page = site / layout.GENERATED / name / "index.html"
    assert page.stat().st_size <= MAX_PAGE_KB * 1024, (
        f"{page.name} of {name} weighs {page.stat().st_size / 1024:.0f} KB"
    )
    html = page.read_text()
    inline = sum(len(css) for css in STYLE.findall(html))
    assert inline <= INLINE_CSS_BYTES  # the notebook CSS lives in the shared file
    assert "data:image" not in html  # figures are image files
    [css] = NOTEBOOK_CSS.findall(html)
    shared = (page.parent / css).resolve()
    assert shared.stat().st_size > 500 * 1024  # JupyterLab's CSS moved, not lost
    assert ".jupyter-wrapper" in shared.read_text()


def test_every_notebook_page_shares_one_css_file(site):
    files = {
        css
        for name in EXAMPLES
        for css in NOTEBOOK_CSS.findall(
            (site / layout.GENERATED / name / "index.html").read_text()
        )
    }
    assert len(files) == 1
    assert len(list((site / "assets" / "stylesheets").glob("notebook.*.css"))) == 1


def test_no_page_fetches_from_another_host(site):
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "cdnjs" not in html and "mermaid.esm" not in html, page
        remote = [
            url for url in FETCHING.findall(html) if re.match(r"(https?:)?//", url)
        ]
        assert remote == [], page


def test_a_plain_build_has_no_version_selector_to_fetch_versions_json(site):
    # Only mike writes versions.json; a plain build asking for it would log a 404.
    assert '"provider": "mike"' not in (site / "index.html").read_text()
