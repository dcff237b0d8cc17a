"""Named values: recorded by code cells, referred to by name in the prose.

Modelled on MyST-NB's `glue`. A code cell records a value with
`tutorial.glue.glue("test_accuracy", 0.9812)`, which displays it under one
namespaced MIME type (MIME below). A Markdown cell refers to it as
`{test_accuracy}` or with a format spec, `{test_accuracy:.2%}`; a dotted name
reaches into a recorded mapping or list (`{l2_vs_none.low:+.3f}`). The build
fills the references in the page and the downloads, and saves every value in
the example's values.json, where other pages and the summary read them.

Inline code and fenced code blocks are left as written, so braces in code
examples are never taken for references. A reference to a name the run did
not record, or a format that does not fit the value, fails the build with the
page, the cell and the name.
"""

import re

from .errors import ExampleError

# The same string is in examples/tutorial/glue.py (examples never import the
# build code); tests/test_values.py checks that the two agree.
MIME = "application/vnd.tutorial.values+json"
REFERENCE = re.compile(r"\{([A-Za-z_]\w*(?:\.\w+)*)(?::([^{}\n]*))?\}")
# Fenced code blocks, then inline code spans: left untouched.
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[^\S\n]*$|(`+)(?:(?!\2).)+?\2", re.S | re.M)


def recorded(example, notebook):
    """{name: value} of every value the run recorded, in the order recorded."""
    found = {}
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            for name, value in output.get("data", {}).get(MIME, {}).items():
                if name in found:
                    raise ExampleError(
                        f"{example.where(index)}: the value {name!r} is recorded "
                        "twice; give each value its own name."
                    )
                found[name] = value
    return found


def without_values(outputs):
    """The outputs with the recorded values taken off (they are not for the page)."""
    kept = []
    for output in outputs:
        data = output.get("data", {})
        if MIME in data and set(data) <= {MIME, "text/plain"}:
            continue  # an output that only records values
        kept.append(output)
    return kept


def fill(text, values, where):
    """`text` with every reference outside code replaced by its formatted value."""
    pieces, last = [], 0
    for code in CODE.finditer(text):
        pieces.append(_fill_prose(text[last : code.start()], values, where))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_fill_prose(text[last:], values, where))
    return "".join(pieces)


def _fill_prose(text, values, where):
    return REFERENCE.sub(lambda match: _format(match, values, where), text)


def _format(match, values, where):
    name, spec = match.group(1), match.group(2) or ""
    value = _lookup(name, values, where)
    try:
        return format(value, spec)
    except (TypeError, ValueError) as error:
        raise ExampleError(
            f"{where}: the prose formats {{{name}}} as {spec!r}, which does not fit "
            f"its value {value!r} ({error}); change the format or the value."
        ) from None


def _lookup(name, values, where):
    head, *path = name.split(".")
    if head not in values:
        known = ", ".join(sorted(values)) or "none"
        raise ExampleError(
            f"{where}: the prose refers to {{{head}}}, which the run did not "
            f"record (recorded: {known}). Record it with glue({head!r}, value) "
            "in a code cell, or correct the name."
        )
    value = values[head]
    for step, key in enumerate(path, start=1):
        try:
            value = value[int(key)] if isinstance(value, list) else value[key]
        except (KeyError, IndexError, TypeError, ValueError):
            reached = ".".join([head, *path[:step]])
            raise ExampleError(
                f"{where}: the prose refers to {{{name}}}, but the recorded "
                f"value has no {reached!r}."
            ) from None
    return value
