"""Tables shown as Markdown: a cell whose last expression is `table(...)` renders one.

Such a cell only assembles what the page already computed, so it carries the
tag `remove-input`: the page shows the table, the downloads keep the code.
The build can also save the table as a named snippet (cell metadata
`snippet="name"`) for other pages to include.
"""

from IPython.display import Markdown


class Table(Markdown):
    """A table a notebook renders; its text is the Markdown, so a console or a
    script that prints it shows the table, not `<Markdown object>`."""

    def __repr__(self):
        return self.data


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(_cell(header) for header in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows
    ]
    return Table("\n".join(lines))


def _cell(value):
    """A cell's text; a bare `|` (as in `|w|`) would end the cell early."""
    return str(value).replace("|", "\\|")
