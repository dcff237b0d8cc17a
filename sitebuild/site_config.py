"""Check mkdocs.yml with MkDocs' own loader, before any example runs.

    python -m sitebuild.site_config mkdocs.yml

`make site` runs this first, so a typo in mkdocs.yml costs no example run.
MkDocs' `load_config` is what `mkdocs build` runs: it reports a YAML error
with the file, line and column, and validates the schema, the plugins and
the hooks. Nothing is built.
"""

import logging
import sys

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


def main(argv=None):
    path = ((argv if argv is not None else sys.argv[1:]) or ["mkdocs.yml"])[0]
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    try:
        load_config(path)
    except (MkDocsException, OSError) as error:
        print(
            f"error: {path}: {error}\nFix what it names in {path}, then build again.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
