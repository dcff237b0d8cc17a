"""mkdocs hook: stop the build when a notebook page shows a figure that does not exist.

mkdocs validates links in Markdown pages, but mkdocs-jupyter renders notebooks
to HTML itself, so a missing figure there would publish as a broken image.
This runs before mkdocs cleans site/, so a failed build leaves the previous
site as it was.
"""

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild import layout, settings

IMAGE_REFERENCES = [
    re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)"),  # Markdown ![alt](path)
    re.compile(r"<img\b[^>]*?\bsrc=[\"']([^\"']+)[\"']", re.I),  # HTML <img src>
]
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)  # http:, data:, //host, #


def on_pre_build(config):
    docs = Path(config["docs_dir"])
    problems = [
        problem
        for notebook in sorted(docs.rglob("*.ipynb"))
        for problem in missing_figures(notebook, docs)
    ]
    if problems:
        names = sorted({name for name, _ in problems if name})
        advice = (
            f"\nRe-run `{settings.BUILD_COMMAND} --only "
            + " --only ".join(names)
            + "` to regenerate the page with its figures "
            "(never edit generated files by hand)."
            if names
            else "\nFix the image links, or add the missing files."
        )
        raise PluginError("\n".join(message for _, message in problems) + advice)


def missing_figures(notebook, docs):
    """Yield (example name or None, message) per image the notebook shows that is not a file."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    where = notebook.relative_to(docs.parent).as_posix()
    for number, cell in enumerate(cells, start=1):
        for reference in _image_references(cell):
            path = reference.split("#")[0].split("?")[0]
            if not EXTERNAL.match(reference) and not (notebook.parent / path).is_file():
                message = f"{where}, cell {number}: figure {reference} does not exist."
                yield layout.example_of(notebook.relative_to(docs).as_posix()), message


def _image_references(cell):
    texts = [_text(cell.get("source", ""))]
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        texts += [_text(data.get(kind, "")) for kind in ("text/markdown", "text/html")]
    for text in texts:
        for pattern in IMAGE_REFERENCES:
            yield from pattern.findall(text)


def _text(value):
    return "".join(value) if isinstance(value, list) else value
