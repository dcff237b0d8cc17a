"""No example is left out of the site's navigation, and none is put where it does not belong.

mkdocs.yml's `nav` places and labels the examples by hand; its labels are
the pages' titles (mkdocs-jupyter's `ignore_h1_titles` keeps a notebook's
heading from replacing them). An example the nav does not list, published
or only previewed under `mkdocs serve`, is appended under its title to the
section the plugin's `nav_section` names, or else to the last section that
lists example pages (new pages are experiments, not the blog post's own),
or to a new "Examples" section when no section lists one.
"""

from . import layout

NEW_SECTION = "Examples"


def nav_pages(nav):
    """Every page path in a nav tree, in reading order (strings, and values of one-key dicts)."""
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from nav_pages(value)
        else:
            yield value


def complete(nav, entries, section_name=None):
    """Append to `nav` each entry (catalog.Entry) it does not list; return those added."""
    listed = set(nav_pages(nav))
    missing = [entry for entry in entries if entry.page not in listed]
    if missing:
        section = _section(nav, section_name)
        section.extend({entry.title: entry.page} for entry in missing)
    return missing


def _section(nav, name):
    sections = [item for item in nav if isinstance(item, dict)]
    children = [(next(iter(s)), next(iter(s.values()))) for s in sections]
    lists = [(title, pages) for title, pages in children if isinstance(pages, list)]
    if name:
        for title, pages in lists:
            if title == name:
                return pages
        nav.append({name: []})
        return nav[-1][name]
    with_examples = [
        pages
        for _, pages in lists
        if any(page.startswith(f"{layout.GENERATED}/") for page in nav_pages(pages))
    ]
    if with_examples:
        return with_examples[-1]
    nav.append({NEW_SECTION: []})
    return nav[-1][NEW_SECTION]
