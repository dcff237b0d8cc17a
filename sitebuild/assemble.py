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
- Arrays the run recorded (`glue_array`) are saved apart and leave every output.

Names the build writes files under (figures, snippets, arrays) are checked
first: each is lower case letters, digits, `-` and `_`, and no two cells
claim one file; `figure=` on a cell that shows no image is an error.
- The Keras and TensorFlow names each visible code cell uses are recorded
  (`apirefs`), for the site to link them and index them.
"""

import base64
import copy
import html
import json
import re
from dataclasses import dataclass, field

import nbformat

from . import apirefs, layout, outputs, settings, takehome, values
from .errors import ExampleError

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Cells the build adds to an example's own (its title, the downloads' set-up)
# carry this metadata key, so that a merge can tell them from the example's.
ADDED = "tutorial_added"
# An array output of the take-home notebook keeps only its text and, under
# this metadata key, its array's name (the bytes are in arrays/).
ARRAY_KEY = "tutorial_array"


@dataclass
class Artifacts:
    """What one example's run produces, ready to be written (see `layout`)."""

    page: nbformat.NotebookNode
    notebook: nbformat.NotebookNode
    script: str
    figures: dict = field(default_factory=dict)  # name -> PNG bytes
    dark_figures: dict = field(default_factory=dict)  # name -> PNG bytes, dark scheme
    snippets: dict = field(default_factory=dict)  # name -> Markdown text
    values: dict = field(default_factory=dict)  # name -> value recorded by the run
    arrays: dict = field(default_factory=dict)  # name -> .npy bytes recorded by the run
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
    arrays = values.recorded_arrays(example, executed)
    _check_outputs(example, executed, arrays)
    for index, cell in enumerate(executed.cells):
        if cell.cell_type == "markdown":
            cell.source = values.fill(cell.source, recorded, example.where(index))
    page, notebook = copy.deepcopy(executed), executed
    figures, dark_figures = _extract_figures(example, page)
    for _, cell in _code_cells(page):
        cell.outputs = values.without_values(cell.outputs)
    for _, cell in _code_cells(notebook):
        cell.outputs = [_array_stub(output) for output in cell.outputs]
    snippets = _extract_snippets(example, page)
    for index, cell in _code_cells(page):
        cell.outputs = outputs.shorten(cell.outputs, example.where(index))
    for finished in (page, notebook):
        _finish(example, finished, manifest)
    setup, helpers = takehome.setup_cells(example, manifest)
    _insert(notebook, setup, "setup")
    _insert(notebook, [helpers], "helpers", at=1 + len(setup))
    takehome.finish_notebook(notebook)
    if banner:
        _insert(page, [nbformat.v4.new_markdown_cell(banner)], "banner")
    return Artifacts(
        page=page,
        notebook=notebook,
        script=takehome.script(notebook, ADDED),
        figures=figures,
        dark_figures=dark_figures,
        snippets=snippets,
        values=recorded,
        arrays=arrays,
        references=apirefs.references(page, ADDED),
        warnings=[*_over_budget(example, page), *_without_figure(example, figures)],
    )


def provenance(manifest):
    """One sentence saying what produced the results on the page, and on what."""
    versions, environment = manifest["versions"], manifest["environment"]
    threads = manifest.get("threads", 1)
    cpu = environment.get("cpu") or environment["machine"]
    return (
        f"Results produced on {manifest['run_date'][:10]} by a {manifest['mode']} run "
        f"of {manifest['run_seconds']:.0f} s on {threads} thread{'s' * (threads != 1)} "
        f"(CPU: {cpu}) with TensorFlow {versions['tensorflow']}, Keras "
        f"{versions['keras']}, NumPy {versions['numpy']} and Python "
        f"{environment['python']}; other versions and machines may differ in the "
        "last digits."
    )


def _code_cells(notebook):
    return [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]


def _finish(example, notebook, manifest):
    notebook.metadata = {"kernelspec": KERNELSPEC, **notebook.metadata}
    notebook.metadata.pop("jupytext", None)  # it is a plain notebook now
    notebook.cells.insert(0, _title_cell(example, manifest))
    _number(notebook)


def _insert(notebook, cells, role, at=1):
    """Put cells the build adds right under the title cell (or `at`), marked as added."""
    for cell in cells:
        cell.metadata[ADDED] = role
    notebook.cells[at:at] = cells
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
    # One paragraph, set small and tight (the provenance class, notebook.css).
    facts = " · ".join(part for part in (byline, provenance(manifest)) if part)
    lead = f"# {example.title}\n\n{example.description}\n\n"
    lead += f'<p class="provenance">{html.escape(facts, quote=False)}</p>'
    return nbformat.v4.new_markdown_cell(lead, metadata={ADDED: "title"})


def _check_outputs(example, notebook, arrays):
    """Names that cannot collide, and Markdown outputs without raw HTML."""
    claimed = {}  # figure name -> the index of the cell that claimed it
    for index, cell in _code_cells(notebook):
        _check_cell(example, index, cell, claimed)
    for key in arrays:
        _check_name(example, None, key, "array")


def _check_cell(example, index, cell, claimed):
    for kind in ("figure", "snippet"):
        if kind in cell.metadata:
            _check_name(example, index, cell.metadata[kind], kind)
    images = _images(cell)
    if cell.metadata.get("figure") and not images:
        raise ExampleError(
            f"{example.where(index)}: the cell is marked figure="
            f"{cell.metadata['figure']!r} but shows no image; end it with "
            "plt.show() or drop the name."
        )
    for name in figure_names(cell, index, len(images)):
        if name in claimed:
            raise ExampleError(
                f"{example.where(index)}: figure {name!r} is also the name of a "
                f"figure of {example.where(claimed[name])}; give each its own."
            )
        claimed[name] = index
    if outputs.raw_html(cell.outputs):
        raise ExampleError(
            f"{example.where(index)}: a Markdown output holds raw HTML, which "
            "pages never take from a run; display Markdown without tags, or text."
        )


def _array_stub(output):
    """An array output as the take-home keeps it: its text line and its array's name."""
    payload = output.get("data", {}).get(values.ARRAY_MIME)
    if not payload:
        return output
    text = output.data.get("text/plain", "")
    return nbformat.v4.new_output(
        "display_data", data={"text/plain": text}, metadata={ARRAY_KEY: payload["name"]}
    )


def _images(cell):
    return [o for o in cell.outputs if "image/png" in o.get("data", {})]


def figure_names(cell, index, count):
    """The file names of a cell's `count` figures: its `figure=` name, or cellNN, numbered."""
    base = cell.metadata.get("figure") or f"cell{index + 1:02d}"
    return [base] if count == 1 else [f"{base}-{n}" for n in range(1, count + 1)]


def _extract_figures(example, notebook):
    """Each PNG output becomes a file; the page links it instead of embedding it.

    A figure with a dark-scheme twin (settings.DARK_FIGURE_MIME) is shown in
    each scheme by its own image (Material's `#only-light` / `#only-dark`);
    its alt text is the one the kernel described it with, else its name.
    """
    figures, dark = {}, {}
    for index, cell in _code_cells(notebook):
        images = _images(cell)
        base = cell.metadata.get("figure") or f"cell{index + 1:02d}"
        names = figure_names(cell, index, len(images))
        for name, output in zip(names, images, strict=True):
            figures[name] = base64.b64decode(output.data["image/png"])
            alt = _alt_text(output, base)
            link = f"![{alt}]({_page_link(example, name)})"
            if settings.DARK_FIGURE_MIME in output.data:
                dark[name] = base64.b64decode(output.data[settings.DARK_FIGURE_MIME])
                link = (
                    f"![{alt}]({_page_link(example, name)}#only-light)"
                    f"![{alt}]({_page_link(example, name, dark=True)}#only-dark)"
                )
            output.data = nbformat.from_dict({"text/markdown": link})
            output.metadata = {}
    return figures, dark


def _alt_text(output, base):
    described = output.get("metadata", {}).get("image/png", {}).get("alt")
    text = " ".join(str(described or base.replace("-", " ")).split())
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _page_link(example, figure, dark=False):
    """The figure's file as the page links it (`layout` owns the path)."""
    files = layout.in_site(example.name)
    return layout.relative_to_page(
        files.dark_figure(figure) if dark else files.figure(figure)
    )


def _extract_snippets(example, notebook):
    snippets = {}
    for index, cell in _code_cells(notebook):
        name = cell.metadata.get("snippet")
        if name is None:
            continue
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


def _without_figure(example, figures):
    """The home page's gallery shows each page's first figure: a page without one is told."""
    if not figures:
        yield (
            f"{example.path}: the page shows no figure, so its card in the home "
            "page's gallery is text only (the file's name); plot one to give the "
            'card a picture (name it with `# %% figure="name"`).'
        )


def _check_name(example, index, name, kind):
    if not isinstance(name, str) or not NAME.fullmatch(name):
        where = example.where(index) if index is not None else str(example.path)
        raise ExampleError(
            f"{where}: {kind} name {name!r} should use only a-z, 0-9, - and _ "
            "(no path separators, spaces or newlines), starting with a letter or digit."
        )
