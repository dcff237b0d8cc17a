"""MkDocs hook: Markdown pages quote the values the examples recorded, by name.

An example records values for its own prose (`tutorial.glue.glue`); the
build saves them in the example's values.json. A Markdown page that sets
`values: true` in its front matter may quote them as
`{example.name}` or `{example.name.key:format}`, for instance
`{overfitting.test.augmentation.text}`: the same references, filled by the
same code (`sitebuild.values`), as in the examples' own prose. So the
summary page's sentences are written once, in Markdown, and every verdict
and number in them is one a page recorded; this hook decides nothing.

A reference to a value no example recorded fails the build, naming the page
and the name.
"""

import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild import layout, values
from sitebuild.errors import ExampleError


def on_page_markdown(markdown, page, config, files):
    if not page.meta.get("values"):
        return markdown
    recorded = recorded_values(Path(config["docs_dir"]) / layout.GENERATED)
    try:
        return values.fill(markdown, recorded, f"docs/{page.file.src_uri}")
    except ExampleError as error:
        message = f"{error} (values come from docs/generated/*/values.json)"
        raise PluginError(message) from None


def recorded_values(root):
    """{example: its recorded values} for every published example."""
    found = {}
    for name in layout.folders(root):
        path = layout.on_disk(root, name).values
        if path.is_file():
            found[name] = json.loads(path.read_text(encoding="utf-8"))
    return found
