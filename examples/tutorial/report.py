"""Results shown as Markdown, so the numbers in a page's prose come from the run.

A code cell whose last expression is `say(...)` or `table(...)` renders as
text on the page; the build can also save it as a named snippet (cell
metadata `snippet="name"`) for other pages to include, and `data(...)` saves
the raw numbers beside it as JSON.
"""

from IPython.display import JSON, Markdown, display


def say(text):
    """Render a sentence or paragraph written with computed values."""
    return Markdown(text)


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(_cell(header) for header in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows
    ]
    return Markdown("\n".join(lines))


def data(values):
    """Hand machine-readable results to the build (snippets/<name>.json); not shown.

    Other pages' summaries read them, so prose elsewhere follows the numbers.
    Call it once in a cell marked `snippet="name"`.
    """
    display(JSON(values))


def _cell(value):
    """A cell's text; a bare `|` (as in `|w|`) would end the cell early."""
    return str(value).replace("|", "\\|")
