"""The examples that build_figures.py has published, read from their manifests.

The hooks only read docs/generated/ (never write it): each example's folder
holds a manifest.json with its title, description and figures, so a new
example is known to the site as soon as its artifacts exist. Where those
files are is `sitebuild.layout`'s to say.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild import layout


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    figures: tuple

    @property
    def files(self):
        """The example's artifact paths, relative to docs_dir."""
        return layout.in_site(self.name)

    @property
    def page(self):
        """The page's source path, relative to docs_dir (as nav entries write it)."""
        return self.files.page.as_posix()


def examples(docs_dir):
    """Every published example under docs_dir/generated/, sorted by name."""
    return [_example(path, manifest) for path, manifest in _manifests(docs_dir)]


def manifests(docs_dir):
    """The published examples' manifests as they are, sorted by example name."""
    return [manifest for _, manifest in _manifests(docs_dir)]


def _manifests(docs_dir):
    root = Path(docs_dir) / layout.GENERATED
    paths = [layout.on_disk(root, name).manifest for name in layout.folders(root)]
    return [(path, _load(path)) for path in paths if path.is_file()]


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
