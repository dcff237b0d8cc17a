"""Clean an executed notebook and pull out its figures and snippets.

What an example prints is treated as text, not markup: HTML and JavaScript
outputs are dropped for their text/plain form, terminal colour codes and
progress-bar control characters are resolved, and TensorFlow's start-up log
noise is removed. Figures become image files that the page links to, so the
page stays light; named snippets become Markdown files other pages include.
"""

import base64
import re
from dataclasses import dataclass, field

import nbformat

from . import settings
from .sources import ExampleError

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# absl's INFO lines (e.g. "I0000 00:00:17... port.cc:153] oneDNN custom operations
# are on") and its notice that precedes them; warnings and errors are kept.
LOG_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called.*"
    r"|I\d{4} [\d:.]+\s+\d+ [\w./-]+:\d+\].*)$"
)
JSON = "application/json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Artifacts:
    """What one executed example produces, ready to be written."""

    page: nbformat.NotebookNode  # the notebook the site renders (figures as links)
    download: nbformat.NotebookNode  # the same, figures embedded, to take home
    figures: dict = field(default_factory=dict)  # name -> PNG bytes
    snippets: dict = field(default_factory=dict)  # name -> Markdown text
    data: dict = field(default_factory=dict)  # name -> JSON-able results, not shown


def collect(example, executed, manifest):
    """Turn an executed notebook into the example's artifacts.

    `manifest` says what produced the run; the page shows it under the title.
    """
    data = _extract_data(example, executed)
    for cell in executed.cells:
        if cell.cell_type == "code":
            cell.outputs = clean_outputs(cell.outputs)
    download = nbformat.from_dict(executed)
    figures = _extract_figures(example, executed)
    snippets = _extract_snippets(example, executed, data)
    for notebook in (executed, download):
        notebook.metadata = {"kernelspec": KERNELSPEC, **notebook.metadata}
        notebook.metadata.pop("jupytext", None)  # it is a plain notebook now
        _add_title_cell(example, notebook, manifest)
        for index, cell in enumerate(notebook.cells):
            cell.id = f"cell-{index}"  # stable ids keep re-runs' diffs small
    return Artifacts(
        page=executed, download=download, figures=figures, snippets=snippets, data=data
    )


def clean_outputs(outputs):
    """Sanitize and simplify a cell's outputs (see the module docstring)."""
    cleaned = []
    for output in outputs:
        output = _clean_output(output)
        if output is None:
            continue
        if cleaned and _same_stream(cleaned[-1], output):
            cleaned[-1].text += output.text
        else:
            cleaned.append(output)
    return cleaned


def clean_text(text):
    """Resolve backspaces and carriage returns as a terminal would, drop colour codes."""
    lines = [_as_terminal_shows(line) for line in ANSI.sub("", text).split("\n")]
    return "\n".join(line for line in lines if not LOG_NOISE.match(line))


def _as_terminal_shows(line):
    """A progress bar redraws its line with \\r and \\b; keep what stays visible."""
    line = line.rstrip("\r").rsplit("\r", 1)[-1]
    shown = []
    for char in line:
        if char == "\b":
            if shown:
                shown.pop()
        else:
            shown.append(char)
    return "".join(shown)


def _clean_output(output):
    if output.output_type == "stream":
        text = clean_text(output.text)
        return (
            nbformat.v4.new_output("stream", name=output.name, text=text)
            if text.strip()
            else None
        )
    if output.output_type not in ("display_data", "execute_result"):
        return output
    data = {
        key: value
        for key, value in output.data.items()
        if key in settings.KEPT_MIME_TYPES
    }
    if "text/plain" in data:
        data["text/plain"] = clean_text(data["text/plain"])
    if set(data) == {"text/plain"} and output.output_type == "display_data":
        # Rich displays (Keras's summary is one per row) read best as one text block.
        return nbformat.v4.new_output("stream", name="stdout", text=data["text/plain"])
    if not data:
        return None
    output.data = nbformat.from_dict(data)
    return output


def _same_stream(previous, output):
    return (
        previous.output_type == output.output_type == "stream"
        and previous.name == output.name
    )


def _extract_figures(example, notebook):
    figures = {}
    for index, cell in enumerate(notebook.cells):
        images = [
            o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})
        ]
        base = cell.metadata.get("figure") or f"cell{index + 1:02d}"
        _check_name(example, index, base, "figure")
        for number, output in enumerate(images, start=1):
            name = base if len(images) == 1 else f"{base}-{number}"
            figures[name] = base64.b64decode(output.data["image/png"])
            output.data = nbformat.from_dict(
                {"text/markdown": f"![{base.replace('-', ' ')}](figures/{name}.png)"}
            )
            output.metadata = {}
    return figures


def _extract_data(example, notebook):
    """Machine-readable results (`report.data`) of snippet cells, taken off the page."""
    data = {}
    for index, cell in enumerate(notebook.cells):
        outputs = cell.get("outputs", [])
        found = [o.data[JSON] for o in outputs if JSON in o.get("data", {})]
        if not found:
            continue
        name = cell.metadata.get("snippet")
        if not name or len(found) > 1:
            raise ExampleError(
                f"{_where(example, index)}: `report.data` needs a cell of its own "
                'marked snippet="name", shown once.'
            )
        data[name] = found[0]
        cell.outputs = [o for o in outputs if JSON not in o.get("data", {})]
    return data


def _extract_snippets(example, notebook, data):
    snippets = {}
    for index, cell in enumerate(notebook.cells):
        name = cell.metadata.get("snippet")
        if not name:
            continue
        _check_name(example, index, name, "snippet")
        if name in snippets:
            raise ExampleError(
                f"{_where(example, index)}: snippet {name!r} is named twice."
            )
        text = snippet_text(cell.get("outputs", []))
        if name in data and not text.strip():
            continue  # data only
        if not text.strip():
            raise ExampleError(
                f"{_where(example, index)}: the cell is marked snippet={name!r} but shows "
                "nothing; end it with an expression or print its result."
            )
        snippets[name] = text
    return snippets


def snippet_text(outputs):
    """Markdown for a snippet: Markdown outputs as they are, text in a fenced block."""
    markdown = [
        o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})
    ]
    if markdown:
        return "\n\n".join(markdown).strip() + "\n"
    text = "".join(
        o.text for o in outputs if o.output_type == "stream" and o.name == "stdout"
    )
    text += "".join(
        o.data["text/plain"] for o in outputs if "text/plain" in o.get("data", {})
    )
    return f"```text\n{text.rstrip()}\n```\n" if text.strip() else ""


def _add_title_cell(example, notebook, manifest):
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
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(lead))


def provenance(manifest):
    """One sentence saying what produced the results on the page."""
    versions, environment = manifest["versions"], manifest["environment"]
    return (
        f"Results produced on {manifest['run_date'][:10]} by a {manifest['mode']} run "
        f"of {manifest['run_seconds']:.0f} s with TensorFlow {versions['tensorflow']}, "
        f"Keras {versions['keras']}, NumPy {versions['numpy']} and Python "
        f"{environment['python']}."
    )


def _check_name(example, index, name, kind):
    if not NAME.match(name):
        raise ExampleError(
            f"{_where(example, index)}: {kind} name {name!r} should use only a-z, 0-9, - and _."
        )


def _where(example, index):
    return f"{example.path}:{example.cell_lines[index]} (cell {index + 1})"
