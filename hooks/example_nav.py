"""MkDocs hook: no published example is left out of the navigation.

mkdocs.yml's `nav` places and names the examples by hand. Any published
example it does not list is appended, under its manifest title, to the section
that holds the other examples (or to a new "Examples" section), so a new
example is reachable before anyone edits mkdocs.yml.
"""

import logging

from catalog import examples, nav_pages

from sitebuild.layout import GENERATED

log = logging.getLogger("mkdocs.hooks.example_nav")
NEW_SECTION = "Examples"


def on_config(config):
    if config["nav"] is None:
        return config  # no explicit nav: MkDocs lists every page by itself
    listed = set(nav_pages(config["nav"]))
    missing = [e for e in examples(config["docs_dir"]) if e.page not in listed]
    if missing:
        section = _examples_section(config["nav"])
        for example in missing:
            log.info("nav: adding %s (%s)", example.page, example.title)
            section.append({example.title: example.page})
    return config


def _examples_section(nav):
    """The first section listing an example page; created at the end if none does."""
    for item in nav:
        if isinstance(item, dict):
            children = next(iter(item.values()))
            if isinstance(children, list) and any(
                page.startswith(f"{GENERATED}/") for page in nav_pages(children)
            ):
                return children
    section = []
    nav.append({NEW_SECTION: section})
    return section
