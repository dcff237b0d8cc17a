"""MkDocs hook: the landing page's gallery, one card per published example.

docs/index.md holds the marker `<!-- gallery -->`; this hook replaces it with
Material's grid cards, built from each example's manifest (read through
`sitebuild.catalog`, so `mkdocs serve` shows previews, a new example's
included): a thumbnail (its first figure), its title and its one-line
description. A new example gets its card when its artifacts exist, with no
hand edit. An example without figures gets a text thumbnail, its file name
set in the theme's colours.
"""

import html

from mkdocs.exceptions import PluginError

from sitebuild import catalog
from sitebuild.errors import ExampleError
from sitebuild.site_nav import nav_pages

MARKER = "<!-- gallery -->"
GALLERY_PAGE = "index.md"


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != GALLERY_PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(
            f"{config['docs_dir']}/{GALLERY_PAGE}: the gallery marker {MARKER} is missing; put it "
            "where the example cards should appear."
        )
    try:
        found = catalog.for_site(config).entries()
    except ExampleError as error:
        raise PluginError(str(error)) from None
    return markdown.replace(
        MARKER, gallery_markdown(in_nav_order(found, config["nav"]))
    )


def in_nav_order(found, nav):
    """The examples in the order the nav lists them (the reading order); others last."""
    order = {path: index for index, path in enumerate(nav_pages(nav or []))}
    return sorted(found, key=lambda example: order.get(example.page, len(order)))


def gallery_markdown(found):
    """Markdown for the cards (md_in_html), so MkDocs checks and rewrites every link."""
    cards = "\n".join(_card(example) for example in found)
    return f'<div class="grid cards gallery" markdown>\n\n{cards}\n</div>\n'


def _card(example):
    link = example.page
    if example.figures:
        figure = example.figures[0]
        alt = figure.replace("-", " ")
        light = example.files.figure(figure)
        thumbnail = f"![{alt}]({light}){{ loading=lazy }}"
        if figure in example.manifest.get("dark_figures", []):
            # Each scheme shows its own render (Material's #only-* images).
            dark = example.files.dark_figure(figure)
            thumbnail = (
                f"![{alt}]({light}#only-light){{ loading=lazy }}"
                f"![{alt}]({dark}#only-dark){{ loading=lazy }}"
            )
    else:
        # No figure to show: the card's picture names the file that made the page.
        thumbnail = f'<span class="gallery-text-thumb">{example.name}.py</span>'
    return (
        f"-   [{thumbnail}]({link})\n\n"
        f"    **[{html.escape(example.title)}]({link})**\n\n"
        f"    {html.escape(example.description)}\n"
    )
