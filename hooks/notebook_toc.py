"""mkdocs hook: make a notebook page's table of contents point at its real headings.

mkdocs-jupyter 0.26.3 builds the TOC from a Markdown copy of the notebook with
inline code removed, so a heading such as "What `model.losses` holds" gets the
TOC entry "What  holds" linking #what-holds, while the page's heading has the
id what-modellosses-holds. This hook matches each TOC entry to the heading it
was made from (same text once code is removed) and copies that heading's id
and full text into the entry.
"""

import html
import re

from markdown.extensions.toc import slugify

HEADING = re.compile(r'<h[1-6]\s+id="([^"]+)"[^>]*>(.*?)</h[1-6]>', re.S)
ANCHOR_LINK = re.compile(r'<a class="anchor-link".*?</a>', re.S)
CODE = re.compile(r"<code>.*?</code>", re.S)
TAG = re.compile(r"<[^>]+>")


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    headings = {}  # the slug mkdocs-jupyter gave the TOC -> (real id, full text)
    for heading_id, inner in HEADING.findall(content):
        inner = ANCHOR_LINK.sub("", inner)
        toc_slug = slugify(_text(CODE.sub("", inner)), "-")
        headings.setdefault(toc_slug, (heading_id, _text(inner)))
    for item in _walk(page.toc):
        if item.id in headings:
            item.id, item.title = headings[item.id]
    return content


def _text(fragment):
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)
