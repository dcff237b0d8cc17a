"""The built site's internal links, anchors and images all resolve, checked offline."""

import subprocess
import sys

from conftest import REPO

from sitebuild import links


def build_site(site_dir):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return site_dir


def test_the_built_site_has_no_broken_links(tmp_path):
    site = build_site(tmp_path / "site")
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
        "index.html:7: ../../outside.html (no such file)",
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
