"""Results shown as Markdown, so the numbers in a page's prose come from the run.

A code cell whose last expression is `say(...)` or `table(...)` renders as
text on the page; the build can also save it as a named snippet (cell
metadata `snippet="name"`) for other pages to include.
"""

from IPython.display import Markdown


def say(text):
    """Render a sentence or paragraph written with computed values."""
    return Markdown(text)


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(str(cell) for cell in row) + " |" for row in rows
    ]
    return Markdown("\n".join(lines))
