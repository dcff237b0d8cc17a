"""MkDocs hook: on each example page, take-home links and a search index of prose.

- After the title cell (title, description, provenance) comes a row of links:
  the example's `.py` source and executed `.ipynb`, which the build writes next
  to the page, and "Open in Colab", built from `repo_url` in mkdocs.yml.
- Plain-text outputs (training logs, model summaries) and tables are marked
  `data-search-exclude`, which Material's search honours, so search finds the
  prose and the code rather than pages of numbers.
"""

import re
from urllib.parse import urlparse

from mkdocs.exceptions import PluginError

from sitebuild import layout

COLAB = "https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"
BRANCH = "main"  # the branch whose committed notebooks Colab opens
# mkdocs-jupyter renders each notebook cell as a div opening with this class.
CELL_START = re.compile(r'<div class="jp-Cell ')
TEXT_OUTPUT = '<div class="jp-RenderedText'
TABLE = "<table"


def on_page_content(html, page, config, files):
    name = layout.example_of(page.file.src_uri)
    if name is None:
        return html
    html = _exclude_from_search(html)
    return _insert_after_first_cell(html, take_home_links(name, config["repo_url"]))


def take_home_links(name, repo_url):
    """The links row; hrefs are relative to the page, which sits beside the files."""
    files = layout.in_site(name)
    colab = colab_url(repo_url, f"docs/{files.notebook}")
    script, notebook = (
        layout.relative_to_page(p) for p in (files.script, files.notebook)
    )
    buttons = [
        _button(script, f"Source ({script})", download=True),
        _button(notebook, f"Notebook ({notebook})", download=True),
        _button(colab, "Open in Colab"),
    ]
    anchors = " ".join(buttons)
    return f'<p class="take-home" data-search-exclude>{anchors}</p>\n'


def _button(href, label, download=False):
    attribute = " download" if download else ""
    return f'<a class="md-button" href="{href}"{attribute}>{label}</a>'


def colab_url(repo_url, path):
    """Colab's URL for a notebook at `path` in the GitHub repository `repo_url`."""
    parsed = urlparse(repo_url or "")
    repo = parsed.path.strip("/").removesuffix(".git")
    if parsed.netloc != "github.com" or repo.count("/") != 1:
        raise PluginError(
            f"mkdocs.yml: repo_url is {repo_url!r}; the Open in Colab links need "
            "a GitHub repository URL such as https://github.com/OWNER/REPO."
        )
    return COLAB.format(repo=repo, branch=BRANCH, path=path)


def _exclude_from_search(html):
    html = html.replace(TEXT_OUTPUT, f"<div data-search-exclude{TEXT_OUTPUT[4:]}")
    return html.replace(TABLE, f"{TABLE} data-search-exclude")


def _insert_after_first_cell(html, snippet):
    """Put `snippet` before the second cell: the first one is the title cell."""
    starts = [match.start() for match in CELL_START.finditer(html)]
    at = starts[1] if len(starts) > 1 else len(html)
    return html[:at] + snippet + html[at:]
