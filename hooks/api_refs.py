"""MkDocs hook: Keras and TensorFlow calls link their API pages, and each API lists its uses.

The build records which names each visible code cell uses, resolved as
Python binds them (`sitebuild.apirefs`, the manifest's `references`); the
API map (`sitebuild/api_map.json`, written by scripts/api_map.py from
keras-io's API tree and TensorFlow's API names) says which page documents
each. Nothing is fetched: the map is in the repository.

- Example pages: each recorded use whose name has a page becomes a link on
  its token (`code_links`); the page ends with the APIs it uses, grouped as
  keras.io groups them. The copy button still copies the plain code.
- docs/api.md: the marker `<!-- api-index -->` becomes every API the site
  uses, grouped as keras.io groups them, each with the pages and sections
  that use it, then the names used that have no API page, with the reason.
- Any Markdown page: a line `<!-- examples-using: keras.layers.Dropout -->`
  (one or more names, space-separated) becomes the gallery cards of the
  examples that use any of them, as sphinx-gallery's `minigallery` does.
"""

import re
from collections import defaultdict
from html import escape

import code_links
from gallery import gallery_markdown, in_nav_order
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from sitebuild import apimap, apirefs, catalog, layout, settings
from sitebuild.errors import ExampleError

INDEX_PAGE = "api.md"
INDEX_MARKER = "<!-- api-index -->"
EXAMPLES_USING = re.compile(r"^<!-- examples-using:\s*(.+?)\s*-->\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
USED_ID = "apis-used"

_usage = {}  # docs_dir -> Usage, for one build


def on_pre_build(config):
    _usage.clear()  # `mkdocs serve` rebuilds after an example changed


def on_page_content(html, page, config, files):
    name = layout.example_of(page.file.src_uri)
    if name is None:
        return html
    try:
        entry = catalog.for_site(config).entry(name)
    except ExampleError as error:
        raise PluginError(str(error)) from None
    if "failed" in entry.manifest:
        return html  # a failed preview's page shows the error, and links nothing
    references = entry.manifest.get("references")
    if references is None:
        raise PluginError(
            f"{entry.folder.manifest}: no `references`; re-assemble it with "
            f"`{settings.BUILD_COMMAND} --only {name}` (nothing is run)."
        )
    api = apimap.load()
    cells = {
        cell: [apirefs.parse_use(use) for use in found["uses"]]
        for cell, found in references["cells"].items()
    }
    html, links, problems = code_links.link_cells(
        html, cells, lambda spans: choose(api, spans)
    )
    if problems:
        raise PluginError(
            f"{page.file.src_uri}: API links that do not land on their token:\n  "
            + "\n  ".join(problems)
        )
    index = files.get_file_from_path(INDEX_PAGE)
    index_url = get_relative_url(index.url, page.url) if index else None
    closing = used_section([api.entry(link.name) for link in links], index_url)
    if closing:
        _add_to_toc(page)
    return html + closing


def choose(api, spans):
    """The first (longest) span whose name has an API page: (start, end, name, url, title)."""
    for start, end, name in spans:
        entry = api.entry(name)
        if entry is not None:
            return start, end, name, entry.url, entry.name
    return None


def used_section(entries, index_url):
    """The page's closing list: each API it links, grouped by keras.io section."""
    by_section = defaultdict(dict)  # in keras.io's order of its sections
    for entry in sorted(entries, key=lambda entry: entry.group):
        by_section[entry.section][entry.name] = entry
    if not by_section:
        return ""
    items = "".join(
        f"<li>{escape(section)}: "
        + ", ".join(
            f'<a href="{entry.url}"><code>{entry.name}</code></a>'
            for entry in sorted(found.values(), key=lambda e: e.name)
        )
        + "</li>\n"
        for section, found in by_section.items()
    )
    where = (
        f' <a href="{index_url}">The API index</a> lists every page that uses each.'
        if index_url
        else ""
    )
    return (
        f'<h2 id="{USED_ID}">APIs used on this page</h2>\n'
        f"<p>Each links its API reference.{where}</p>\n"
        f'<ul class="api-used">\n{items}</ul>\n'
    )


def _add_to_toc(page):
    link = AnchorLink("APIs used on this page", USED_ID, 2)
    items = page.toc.items
    (items[0].children if len(items) == 1 else items).append(link)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == INDEX_PAGE:
        if INDEX_MARKER not in markdown:
            raise PluginError(
                f"docs/{INDEX_PAGE}: the marker {INDEX_MARKER} is missing; put it "
                "where the index of the APIs the examples use should appear."
            )
        markdown = markdown.replace(INDEX_MARKER, index_markdown(usage(config)))
    if "<!-- examples-using:" in markdown:
        markdown = _examples_using(markdown, page, config)
    return markdown


class Usage:
    """Where the published examples use each documented API, and what links nowhere."""

    def __init__(self, entries, nav):
        self.api = apimap.load()
        self.examples = in_nav_order(entries, nav)
        self.uses = defaultdict(dict)  # documented name -> {example: {cell: section}}
        self.unlinked = defaultdict(dict)  # recorded name -> {example: {cell: section}}
        self.unread = {}  # example -> why its code could not be read
        self.linked = 0  # uses that link a page
        for manifest in (entry.manifest for entry in entries):
            references = manifest.get("references", {})
            if "unread" in references:
                self.unread[manifest["example"]] = references["unread"]
            cells = references.get("cells", {})
            for cell, found in cells.items():
                for use in found["uses"]:
                    _, spans = apirefs.parse_use(use)
                    self._add(manifest["example"], cell, found["section"], spans)

    def _add(self, example, cell, section, spans):
        chosen = choose(self.api, spans)
        if chosen is not None:
            where = self.uses[chosen[4]]
            self.linked += 1
        elif self.api.is_module(spans[0][2]):
            return  # `from keras import layers`: a module, not an API object
        else:
            where = self.unlinked[spans[0][2]]
        where.setdefault(example, {}).setdefault(cell, section)

    def examples_using(self, names):
        using = {example for name in names for example in self.uses.get(name, {})}
        return [example for example in self.examples if example.name in using]


def usage(config):
    docs_dir = config["docs_dir"]
    if docs_dir not in _usage:
        try:
            entries = catalog.for_site(config).entries()
        except ExampleError as error:
            raise PluginError(str(error)) from None
        _usage[docs_dir] = Usage(entries, config["nav"])
    return _usage[docs_dir]


def index_markdown(found):
    """The index: keras.io's sections in its order, then each API with its pages."""
    titles = {example.name: example for example in found.examples}
    order = {example.name: index for index, example in enumerate(found.examples)}
    entries = sorted(
        (found.api.entry(name) for name in found.uses),
        key=lambda entry: (entry.group, entry.name),
    )
    first = {}  # section -> its first group, so that sections keep keras.io's order
    for entry in entries:
        first.setdefault(entry.section, entry.group)
    entries.sort(
        key=lambda e: (first[e.section], e.subsection is not None, e.group, e.name)
    )
    cells = {
        (example, cell)
        for where in found.uses.values()
        for example, used in where.items()
        for cell in used
    }
    lines = [
        f"The examples use {len(found.uses)} Keras and TensorFlow APIs that have a "
        f"reference page, {found.linked} times, in {len(cells)} code cells.",
        "",
    ]
    heading = (None, None)
    for entry in entries:
        if entry.section != heading[0]:
            lines += ["", f"## {entry.section}", ""]
            heading = (entry.section, None)
        if entry.subsection and entry.subsection != heading[1]:
            lines += ["", f"### {entry.subsection}", ""]
            heading = (entry.section, entry.subsection)
        pages = _pages(found.uses[entry.name], titles, order)
        lines.append(f"- [`{entry.name}`]({entry.url}): {pages}")
    return "\n".join(lines + [""] + _unlinked_markdown(found, titles, order))


def _pages(where, titles, order):
    """`Page title (section, section)`, each section linking its first cell there."""
    parts = []
    for example in sorted(where, key=lambda name: order.get(name, len(order))):
        page = (
            titles[example].page if example in titles else layout.in_site(example).page
        )
        sections = {}
        for cell, section in sorted(where[example].items(), key=_cell_order):
            sections.setdefault(section or "top of the page", cell)
        links = ", ".join(
            f"[{section}]({page}#cell-id={cell})" for section, cell in sections.items()
        )
        title = titles[example].title if example in titles else example
        parts.append(f"*{title}* ({links})")
    return "; ".join(parts)


def _cell_order(item):
    """cell-9 before cell-14: the build numbers cells `cell-<index>`."""
    prefix, _, number = item[0].rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (item[0], 0)


def _unlinked_markdown(found, titles, order):
    if not (found.unlinked or found.unread):
        return []
    lines = ["## Used without an API page", ""]
    for example, why in sorted(found.unread.items()):
        title = titles[example].title if example in titles else example
        lines += [f"The code of *{title}* was not read ({why}): it links nothing.", ""]
    if found.unlinked:
        lines += [
            "Names the code reaches that link nowhere, and why:",
            "",
            "| Name | Why | Where |",
            "| --- | --- | --- |",
        ]
    for name, where in sorted(found.unlinked.items()):
        pages = _pages(where, titles, order)
        lines.append(f"| `{name}` | {found.api.reason(name)} | {pages} |")
    return lines + [""]


def _examples_using(markdown, page, config):
    """Replace each examples-using marker, outside fenced code, with gallery cards."""
    found, lines, fenced = usage(config), [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else EXAMPLES_USING.match(line)
        if match is None:
            lines.append(line)
            continue
        names = [_documented(found.api, name, page) for name in match[1].split()]
        using = found.examples_using(names)
        if using:
            lines.append(_relative_cards(gallery_markdown(using), page))
        else:
            lines.append(f"No example uses {', '.join(f'`{n}`' for n in names)} yet.")
    return "\n".join(lines) + "\n"


def _documented(api, name, page):
    entry = api.entry(name)
    if entry is None:
        raise PluginError(
            f"docs/{page.file.src_uri}: examples-using names {name!r}, which has no "
            "API page in sitebuild/api_map.json; write a documented name such as "
            "keras.layers.Dropout."
        )
    return entry.name


def _relative_cards(cards, page):
    """The gallery's links are relative to docs/; make them relative to this page."""
    depth = page.file.src_uri.count("/")
    return (
        cards
        if depth == 0
        else re.sub(r"\]\((generated/)", "](" + "../" * depth + r"\1", cards)
    )
