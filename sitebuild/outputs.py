"""Clean what an example's cells printed, and shorten it for the page.

What an example prints is treated as text, not markup: HTML and JavaScript
outputs are dropped for their text/plain form, terminal colour codes go
(nbconvert's `strip_ansi`), consecutive stream outputs are joined and
carriage-return redraws resolved (nbconvert's `CoalesceStreamsPreprocessor`),
backspaces are applied as a terminal would, and TensorFlow's start-up log
noise is removed. A `text/markdown` output stays Markdown, but one holding
raw HTML is refused (`raw_html`): the page renders Markdown, never markup an
example made up. Cleaning is idempotent: stored outputs cleaned once come out
the same when a prose edit re-assembles them.

A very long text output is shortened on the page the way Jupyter front ends
do (its head and tail kept, a line saying how much was left out), and so is
a single very long line; the downloads keep both whole.
"""

import re

import nbformat
from nbconvert.filters import strip_ansi
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from . import settings, values

# absl's INFO lines (e.g. "I0000 00:00:17... port.cc:153] oneDNN custom operations
# are on") and its notice that precedes them; warnings and errors are kept.
LOG_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called.*"
    r"|I\d{4} [\d:.]+\s+\d+ [\w./-]+:\d+\].*)$"
)
KEPT = (*settings.KEPT_MIME_TYPES, values.MIME, values.ARRAY_MIME)
_COALESCE = CoalesceStreamsPreprocessor()


def clean_outputs(outputs):
    """Sanitize and simplify a cell's outputs (see the module docstring)."""
    cleaned = [output for output in map(_clean_output, outputs) if output is not None]
    cell = nbformat.v4.new_code_cell(outputs=cleaned)
    cell, _ = _COALESCE.preprocess_cell(cell, {}, 0)
    for output in cell.outputs:
        if output.output_type == "stream":
            output.text = clean_text(output.text)
    return [o for o in cell.outputs if o.output_type != "stream" or o.text.strip()]


def clean_text(text):
    """Resolve backspaces and carriage returns as a terminal would, drop colour codes."""
    lines = [_as_terminal_shows(line) for line in strip_ansi(text).split("\n")]
    return "\n".join(line for line in lines if not LOG_NOISE.match(line))


def raw_html(outputs):
    """The first text/markdown output text that holds raw HTML, or None."""
    for output in outputs:
        markdown = output.get("data", {}).get("text/markdown")
        if markdown and values.HTML_TAG.search(values.outside_code(markdown)):
            return markdown
    return None


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
        return nbformat.v4.new_output("stream", name=output.name, text=output.text)
    if output.output_type not in ("display_data", "execute_result"):
        return output
    data = {key: value for key, value in output.data.items() if key in KEPT}
    if "text/plain" in data:
        data["text/plain"] = clean_text(data["text/plain"])
    if set(data) == {"text/plain"} and output.output_type == "display_data":
        # Rich displays (Keras's summary is one per row) read best as one text block.
        return nbformat.v4.new_output("stream", name="stdout", text=data["text/plain"])
    if not data:
        return None
    output.data = nbformat.from_dict(data)
    return output


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


def shorten(outputs, where):
    """The outputs as the page shows them: each long text cut to its head and tail."""
    return [_shortened(output, where) for output in outputs]


def _shortened(output, where):
    if output.output_type != "stream":
        return output
    lines = [_short_line(line, where) for line in output.text.splitlines(True)]
    head, tail = settings.PAGE_OUTPUT_LINES
    if len(lines) > head + tail + 1:
        left_out = len(lines) - head - tail
        note = (
            f"... {left_out:,} more lines not shown on this page; the notebook "
            f"download holds the whole output of {where} ...\n"
        )
        lines = [*lines[:head], note, *lines[-tail:]]
    return nbformat.v4.new_output("stream", name=output.name, text="".join(lines))


def _short_line(line, where):
    """A line too long to read on the page, cut to its head and tail."""
    limit = settings.PAGE_LINE_CHARACTERS
    if len(line) <= limit:
        return line
    end = "\n" if line.endswith("\n") else ""
    body = line.rstrip("\n")
    keep = limit // 2
    left_out = len(body) - 2 * keep
    return (
        f"{body[:keep]} ... {left_out:,} more characters of this line not shown; "
        f"the notebook download holds the whole output of {where} ... "
        f"{body[-keep:]}{end}"
    )
