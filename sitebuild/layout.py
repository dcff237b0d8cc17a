"""Which files an example's artifact folder holds, and where: the one owner of that.

Everything an example produces lives in one folder named after it, under an
artifact root: the published `docs/generated/`, a fast build's `build/fast/`,
or `mkdocs serve`'s preview folder. The build writes these paths, the site's
hooks and plugin read them; nobody else spells them out.

    <root>/<name>/index.ipynb        the page the site renders
    <root>/<name>/<name>.ipynb       the executed notebook to take home
    <root>/<name>/<name>.py          the script to take home
    <root>/<name>/manifest.json      what produced the artifacts (inputs, versions, run)
    <root>/<name>/values.json        the values the run recorded for prose
    <root>/<name>/figures/<f>.png    each figure
    <root>/<name>/figures/<f>.dark.png   its twin for the dark colour scheme
    <root>/<name>/snippets/<s>.md    each named output, for other pages to include
    <root>/<name>/arrays/<a>.npy     each array the run recorded for other tools

Paths are built on whatever root they are given: a real folder for the build,
a POSIX path relative to `docs_dir` (`generated`) for links in the site.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The published artifacts' folder, relative to MkDocs' docs_dir.
GENERATED = "generated"
PAGE = "index.ipynb"
MANIFEST = "manifest.json"
VALUES = "values.json"
FIGURES = "figures"
SNIPPETS = "snippets"
ARRAYS = "arrays"


@dataclass(frozen=True)
class ExampleFolder:
    """The artifact paths of example `name` under `root` (a Path or PurePosixPath)."""

    root: object
    name: str

    @property
    def folder(self):
        return self.root / self.name

    @property
    def page(self):
        return self.folder / PAGE

    @property
    def notebook(self):
        """The take-home notebook: every cell with its full outputs, figures embedded."""
        return self.folder / f"{self.name}.ipynb"

    @property
    def script(self):
        return self.folder / f"{self.name}.py"

    @property
    def manifest(self):
        return self.folder / MANIFEST

    @property
    def values(self):
        return self.folder / VALUES

    def figure(self, name):
        return self.folder / FIGURES / f"{name}.png"

    def dark_figure(self, name):
        return self.folder / FIGURES / f"{name}.dark.png"

    def snippet(self, name):
        return self.folder / SNIPPETS / f"{name}.md"

    def array(self, name):
        return self.folder / ARRAYS / f"{name}.npy"

    def expected(self, manifest):
        """Every file the folder should hold, given its manifest."""
        return [
            self.page,
            self.notebook,
            self.script,
            self.manifest,
            self.values,
            *(self.figure(name) for name in manifest.get("figures", [])),
            *(self.dark_figure(name) for name in manifest.get("dark_figures", [])),
            *(self.snippet(name) for name in manifest.get("snippets", [])),
            *(self.array(name) for name in manifest.get("arrays", [])),
        ]


def collides(name):
    """Which file of the layout an example called `name` would collide with, or None."""
    if f"{name}.ipynb" == PAGE:
        return f"its notebook {name}.ipynb would be the page {PAGE}"
    return None


def on_disk(root, name):
    """The example's folder under a real artifact root."""
    return ExampleFolder(Path(root), name)


def in_site(name):
    """The example's folder as the site addresses it: relative to docs_dir."""
    return ExampleFolder(PurePosixPath(GENERATED), name)


def relative_to_page(path):
    """A path inside an example's folder, as a link from that folder's page."""
    return PurePosixPath(*PurePosixPath(path).parts[2:]).as_posix()


def example_of(src_uri):
    """The example name if `src_uri` (relative to docs_dir) is an example's page."""
    parts = PurePosixPath(src_uri).parts
    if len(parts) == 3 and parts[0] == GENERATED and parts[2] == PAGE:
        return parts[1]
    return None


def folders(root):
    """Names of the example folders under `root` (hidden staging folders left out)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
