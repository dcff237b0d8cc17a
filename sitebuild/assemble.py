"""Turn an example's executed cells into its artifacts: page, downloads, figures, snippets.

The input is the example's own cells with the outputs of a run: fresh from a
kernel, or stored from an earlier run and merged with edited prose (`merge`).
Assembly runs no code, so a prose edit costs no training, and it is a pure
function of its inputs: the same cells and outputs give the same files.

- The values the run recorded fill the references in the Markdown cells.
- The page (index.ipynb) links figure files, drops the outputs that only
  record values, and shortens very long text outputs.
- The take-home notebook keeps every output whole, figures embedded, and
  opens with the set-up that lets it run anywhere (`takehome`); the
  take-home script is the same notebook in jupytext's percent format.
- Cells marked `snippet="name"` save their output for other pages to include.
- The Keras and TensorFlow names each visible code cell uses are recorded
  (`apirefs`), for the site to link them and index them.
"""

import base64
import copy
import json
import re
from dataclasses import dataclass, field

import jupytext
import nbformat

from . import apirefs, outputs, settings, takehome, values
from .sources import ExampleError

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Cells the build adds to an example's own (its title, the downloads' set-up)
# carry this metadata key, so that a merge can tell them from the example's.
ADDED = "tutorial_added"


@dataclass
class Artifacts:
    """What one example's run produces, ready to be written (see `layout`)."""

    page: nbformat.NotebookNode
    notebook: nbformat.NotebookNode
    script: str
    figures: dict = field(default_factory=dict)  # name -> PNG bytes
    snippets: dict = field(default_factory=dict)  # name -> Markdown text
    values: dict = field(default_factory=dict)  # name -> value recorded by the run
    references: dict = field(default_factory=dict)  # API names each code cell uses
    warnings: list = field(default_factory=list)


def assemble(example, executed, manifest, banner=None):
    """The artifacts of `example` from its executed cells; `manifest` is shown as provenance.

    `banner`, Markdown, goes under the page's title (the downloads go without).
    """
    executed = copy.deepcopy(executed)
    for _, cell in _code_cells(executed):
        cell.outputs = outputs.clean_outputs(cell.outputs)
        # nbclient's timestamps differ on every run and say nothing to a reader.
        cell.metadata.pop("execution", None)
    recorded = values.recorded(example, executed)
    for index, cell in enumerate(executed.cells):
        if cell.cell_type == "markdown":
            cell.source = values.fill(cell.source, recorded, example.where(index))
    page, notebook = copy.deepcopy(executed), executed
    figures = _extract_figures(example, page)
    for _, cell in _code_cells(page):
        cell.outputs = values.without_values(cell.outputs)
    snippets = _extract_snippets(example, page)
    for index, cell in _code_cells(page):
        cell.outputs = outputs.shorten(cell.outputs, example.where(index))
    for finished in (page, notebook):
        _finish(example, finished, manifest)
    _insert(notebook, takehome.setup_cells(example, manifest), "setup")
    if banner:
        _insert(page, [nbformat.v4.new_markdown_cell(banner)], "banner")
    return Artifacts(
        page=page,
        notebook=notebook,
        script=jupytext.writes(notebook, fmt="py:percent"),
        figures=figures,
        snippets=snippets,
        values=recorded,
        references=apirefs.references(page, ADDED),
        warnings=list(_over_budget(example, page)),
    )


def provenance(manifest):
    """One sentence saying what produced the results on the page."""
    versions, environment = manifest["versions"], manifest["environment"]
    return (
        f"Results produced on {manifest['run_date'][:10]} by a {manifest['mode']} run "
        f"of {manifest['run_seconds']:.0f} s with TensorFlow {versions['tensorflow']}, "
        f"Keras {versions['keras']}, NumPy {versions['numpy']} and Python "
        f"{environment['python']}."
    )


def _code_cells(notebook):
    return [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]


def _finish(example, notebook, manifest):
    notebook.metadata = {"kernelspec": KERNELSPEC, **notebook.metadata}
    notebook.metadata.pop("jupytext", None)  # it is a plain notebook now
    notebook.cells.insert(0, _title_cell(example, manifest))
    _number(notebook)


def _insert(notebook, cells, role):
    """Put cells the build adds right under the title cell, marked as added."""
    for cell in cells:
        cell.metadata[ADDED] = role
    notebook.cells[1:1] = cells
    _number(notebook)


def _number(notebook):
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # stable ids keep re-runs' diffs small


def _title_cell(example, manifest):
    """The header docstring becomes the page's title and lead; provenance follows."""
    byline = ", ".join(
        f"{key}: {example.header[key]}"
        for key in ("Author", "Date created", "Last modified")
        if key in example.header
    )
    lead = f"# {example.title}\n\n{example.description}"
    if byline:
        lead += f"\n\n<small>{byline}</small>"
    lead += f"\n\n<small>{provenance(manifest)}</small>"
    return nbformat.v4.new_markdown_cell(lead, metadata={ADDED: "title"})


def _extract_figures(example, notebook):
    """Each PNG output becomes a file; the page links it instead of embedding it."""
    figures = {}
    for index, cell in _code_cells(notebook):
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        base = cell.metadata.get("figure") or f"cell{index + 1:02d}"
        _check_name(example, index, base, "figure")
        for number, output in enumerate(images, start=1):
            name = base if len(images) == 1 else f"{base}-{number}"
            figures[name] = base64.b64decode(output.data["image/png"])
            alt = base.replace("-", " ")
            output.data = nbformat.from_dict(
                {"text/markdown": f"![{alt}](figures/{name}.png)"}
            )
            output.metadata = {}
    return figures


def _extract_snippets(example, notebook):
    snippets = {}
    for index, cell in _code_cells(notebook):
        name = cell.metadata.get("snippet")
        if not name:
            continue
        _check_name(example, index, name, "snippet")
        if name in snippets:
            raise ExampleError(
                f"{example.where(index)}: snippet {name!r} is named twice."
            )
        text = outputs.snippet_text(cell.outputs)
        if not text.strip():
            raise ExampleError(
                f"{example.where(index)}: the cell is marked snippet={name!r} but "
                "shows nothing; end it with an expression or print its result."
            )
        snippets[name] = text
    return snippets


def _over_budget(example, page):
    """A page heavier than the budget is reported, naming its heaviest cell."""
    total = sum(len(json.dumps(cell)) for cell in page.cells)
    if total > settings.PAGE_BUDGET_BYTES:
        own = [cell for cell in page.cells if ADDED not in cell.metadata]
        size, index = max((len(json.dumps(c)), i) for i, c in enumerate(own))
        yield (
            f"{example.path}: the page holds {total / 1024:.0f} KB of cells, over "
            f"the budget of {settings.PAGE_BUDGET_BYTES / 1024:.0f} KB; the heaviest "
            f"is {example.where(index)} ({size / 1024:.0f} KB): print less there."
        )


def _check_name(example, index, name, kind):
    if not NAME.match(name):
        raise ExampleError(
            f"{example.where(index)}: {kind} name {name!r} should use only a-z, "
            "0-9, - and _."
        )
