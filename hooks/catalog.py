"""The examples that build_figures.py has published, read from their manifests.

The hooks only read docs/generated/ (never write it): each example's folder
holds a manifest.json with its title, description and figures, so a new
example is known to the site as soon as its artifacts exist.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

GENERATED = "generated"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    figures: tuple

    @property
    def folder(self):
        """The example's folder, relative to docs_dir."""
        return f"{GENERATED}/{self.name}"

    @property
    def page(self):
        """The page's source path, relative to docs_dir (as nav entries write it)."""
        return f"{GENERATED}/{self.name}/index.ipynb"


def examples(docs_dir):
    """Every published example under docs_dir/generated/, sorted by name."""
    return [_example(path, manifest) for path, manifest in _manifests(docs_dir)]


def manifests(docs_dir):
    """The published examples' manifests as they are, sorted by example name."""
    return [manifest for _, manifest in _manifests(docs_dir)]


def _manifests(docs_dir):
    folder = Path(docs_dir) / GENERATED
    return [(path, _load(path)) for path in sorted(folder.glob("*/manifest.json"))]


def example_of(page_src_uri):
    """The example name if `page_src_uri` is an example's page, else None."""
    parts = page_src_uri.split("/")
    if len(parts) == 3 and parts[0] == GENERATED and parts[2] == "index.ipynb":
        return parts[1]
    return None


def nav_pages(nav):
    """Every page path in a nav tree, in reading order (strings, and values of one-key dicts)."""
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from nav_pages(value)
        else:
            yield value


def _load(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise _unreadable(path, error) from None


def _example(path, manifest):
    try:
        return Example(
            name=path.parent.name,
            title=manifest["title"],
            description=manifest["description"],
            figures=tuple(manifest["figures"]),
        )
    except KeyError as error:
        raise _unreadable(path, error) from None


def _unreadable(path, error):
    return PluginError(
        f"{path}: unreadable manifest ({error!r}); rebuild it with "
        f"`python build_figures.py --only {path.parent.name}`."
    )
