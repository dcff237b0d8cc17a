"""`make serve` on the real mkdocs.yml (gallery, figures, strict): a failing edit and a new page.

A copy of the site is served by a real `mkdocs serve` process. An existing
page is broken by a code edit: its preview must show the error with file,
cell and line, and the server must go on serving (a failed preview used to
leave a gallery card linking a figure the preview lacked, and strict mode
aborted every rebuild after it). A brand-new example is added with no nav
line: once previewed it must be in the nav, the gallery and served.
"""

import re
import urllib.request

from site_project import copy_site
from test_plugin import fetch, serving, text_of, wait_for

BROKEN = "raise RuntimeError('planted by the serve test')"
NEW = '''\
"""
Title: A page added while serving
Description: Shows up in the nav and the gallery of the served site.
"""

# %% [markdown]
# A new page.

# %% figure="curve"
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.show()
'''


def test_serve_shows_a_failing_edit_and_a_new_page(tmp_path):
    site = copy_site(tmp_path / "site")
    baseline = site / "examples" / "baseline.py"
    # The published artifacts were built without PYTHONPATH: serve them so.
    with serving(site, seconds=180, env={}) as url:
        assert "Baseline" in fetch(url)
        text = baseline.read_text()
        marker = text.index("# %%")
        baseline.write_text(f"{text[:marker]}# %%\n{BROKEN}\n\n{text[marker:]}")
        line = text[:marker].count("\n") + 2
        (site / "examples" / "served_new.py").write_text(NEW)
        page = url + "generated/baseline/"
        wait_for(lambda: "This preview failed" in text_of(fetch(page)), 300, site)
        shown = text_of(fetch(page))
        assert (
            f"baseline.py:{line} (cell 1): RuntimeError: planted by the serve test"
            in (shown)
        )
        new_page = url + "generated/served_new/"
        wait_for(lambda: "A new page." in text_of(fetch(new_page)), 300, site)
        home = fetch(url)
        assert 'href="generated/served_new/"' in home  # in the nav
        gallery = re.search(r'<div class="grid cards gallery">(.*?)</div>', home, re.S)
        assert "A page added while serving" in gallery.group(1)
        assert 'src="generated/served_new/figures/curve.png' in gallery.group(1)
        figure = url + "generated/served_new/figures/curve.png"
        with urllib.request.urlopen(figure, timeout=10) as response:
            assert response.read().startswith(b"\x89PNG")
        assert "Aborted with" not in (site / "serve.log").read_text()
