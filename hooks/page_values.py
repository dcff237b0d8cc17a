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

from mkdocs.exceptions import PluginError

from sitebuild import catalog, values
from sitebuild.errors import ExampleError


def on_page_markdown(markdown, page, config, files):
    if not page.meta.get("values"):
        return markdown
    where = f"{config['docs_dir']}/{page.file.src_uri}"
    try:
        recorded = catalog.for_site(config).values()
        return values.fill(markdown, recorded, where)
    except ExampleError as error:
        message = f"{error} (values come from each example's values.json)"
        raise PluginError(message) from None
