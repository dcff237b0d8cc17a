"""MkDocs hook: on each example page, take-home links and a search index of prose.

- After the title cell (title, description, provenance) comes a row of links:
  the example's `.py` source and executed `.ipynb`, which the build writes next
  to the page, and "Open in Colab", built from `repo_url` in mkdocs.yml.
  Every link leads to the notebook of the version being read: the downloads
  are relative, so each deployed version links its own copy; Colab opens the
  copy that `mike deploy` committed for this version to the gh-pages branch,
  `gh-pages/<version>/generated/<name>/<name>.ipynb` (mike names the version
  it builds in MIKE_DOCS_VERSION). A build outside mike links the notebook
  on the main branch, `main/docs/generated/<name>/<name>.ipynb`.
- Plain-text outputs (training logs, model summaries) and tables are marked
  `data-search-exclude`, which Material's search honours, so search finds the
  prose and the code rather than pages of numbers.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

from mike.mkdocs_utils import docs_version_var
from mkdocs.exceptions import PluginError

from sitebuild import layout

COLAB = "https://colab.research.google.com/github/{repo}/blob/{path}"
PAGES_BRANCH = "gh-pages"  # where mike commits each version's built site
SOURCE_BRANCH = "main"
# mkdocs-jupyter renders each notebook cell as a div opening with this class.
CELL_START = re.compile(r'<div class="jp-Cell ')
TEXT_OUTPUT = '<div class="jp-RenderedText'
TABLE = "<table"


def on_page_content(html, page, config, files):
    name = layout.example_of(page.file.src_uri)
    if name is None:
        return html
    html = _exclude_from_search(html)
    links = take_home_links(name, config["repo_url"], _docs_in_repo(config))
    return _insert_after_first_cell(html, links)


def _docs_in_repo(config):
    root = Path(config.config_file_path or ".").resolve().parent
    return Path(config["docs_dir"]).resolve().relative_to(root).as_posix()


def take_home_links(name, repo_url, docs_dir="docs"):
    """The links row; hrefs are relative to the page, which sits beside the files."""
    files = layout.in_site(name)
    version = os.environ.get(docs_version_var)
    colab = colab_url(repo_url, notebook_path(files, version, docs_dir))
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


def notebook_path(files, version, docs_dir="docs"):
    """Branch and path of the example's take-home notebook for this version.

    `docs_dir` is MkDocs' docs_dir relative to the repository root, where the
    source branch holds the published artifacts.
    """
    if version:
        return f"{PAGES_BRANCH}/{version}/{files.notebook}"
    return f"{SOURCE_BRANCH}/{docs_dir}/{files.notebook}"


def colab_url(repo_url, path):
    """Colab's URL for a notebook at `path` (branch first) in the repository `repo_url`."""
    parsed = urlparse(repo_url or "")
    repo = parsed.path.strip("/").removesuffix(".git")
    if parsed.netloc != "github.com" or repo.count("/") != 1:
        raise PluginError(
            f"mkdocs.yml: repo_url is {repo_url!r}; the Open in Colab links need "
            "a GitHub repository URL such as https://github.com/OWNER/REPO."
        )
    return COLAB.format(repo=repo, path=path)


def _exclude_from_search(html):
    html = html.replace(TEXT_OUTPUT, f"<div data-search-exclude{TEXT_OUTPUT[4:]}")
    return html.replace(TABLE, f"{TABLE} data-search-exclude")


def _insert_after_first_cell(html, snippet):
    """Put `snippet` before the second cell: the first one is the title cell."""
    starts = [match.start() for match in CELL_START.finditer(html)]
    at = starts[1] if len(starts) > 1 else len(html)
    return html[:at] + snippet + html[at:]
