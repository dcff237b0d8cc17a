"""MkDocs hook: the version selector only where there are versions.

Material's selector (`extra.version` in mkdocs.yml) fetches `versions.json`
from the folder above the site, which only mike writes (in gh-pages). A plain
`mkdocs build` or `mkdocs serve` has no such file, so every page would log a
404 for it: outside a mike build (mike names the version it builds in
MIKE_DOCS_VERSION) the selector is left out.
"""

import os

from mike.mkdocs_utils import docs_version_var


def on_config(config):
    if not os.environ.get(docs_version_var):
        config.extra.pop("version", None)
    return config
