"""Named values: recorded by code cells, referred to by name in the prose.

Modelled on MyST-NB's `glue`. A code cell records a value with
`tutorial.glue.glue("test_accuracy", 0.9812)`, which displays it under one
namespaced MIME type (MIME below). A Markdown cell refers to it as
`{test_accuracy}` or with a format spec, `{test_accuracy:.2%}`; a dotted name
reaches into a recorded mapping or list (`{l2_vs_none.low:+.3f}`). The build
fills the references in the page and the downloads, and saves every value in
the example's values.json, where other pages and the summary read them.

A value is text: it is inserted escaped for Markdown and HTML, so `2*3*4`
shows as `2*3*4` and `<script>` as `<script>`. A value that is meant as
Markdown says so with `!md` (`{verdict_table!md}`); it is inserted as it is,
but raw HTML in it is refused. Inline code and fenced code blocks are left as
written, so braces in code examples are never taken for references; a brace
outside code is written `\\{`. A brace group that starts like a name but does
not parse as a reference (`{test accuracy}`), a reference to a name the run
did not record, or a format that does not fit the value, fails the build with
the page, the cell and the name.

`tutorial.glue.glue_array` records a NumPy array the same way, under
ARRAY_MIME as `{"name": key, "npy": base64 of the np.save bytes}`: the build
writes it beside the notebook (`layout`: arrays/<key>.npy) for tools such as
tests that recompute a page's statistics, and takes it off the page and the
downloads.
"""

import base64
import html
import re

from .errors import ExampleError

# The same strings are in examples/tutorial/glue.py (examples never import the
# build code); tests/test_values.py checks that they agree.
MIME = "application/vnd.tutorial.values+json"
ARRAY_MIME = "application/vnd.tutorial.array+json"
NAME = r"[A-Za-z_]\w*(?:\.\w+)*"
REFERENCE = re.compile(r"(?<!\\)\{(" + NAME + r")(?:!(md))?(?::([^{}\n]*))?\}")
# A brace group that starts like a reference: it must be one.
LOOKS_LIKE = re.compile(r"(?<!\\)\{[A-Za-z_][^{}\n]*\}")
# Fenced code blocks, then inline code spans: left untouched.
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[^\S\n]*$|(`+)(?:(?!\2).)+?\2", re.S | re.M)
# Characters that would start Markdown markup anywhere in a line.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
# ... and at the start of a line: a heading, a list item (a marker, then a space).
MARKDOWN_LINE_START = re.compile(r"^(#|[+-](?=\s)|\d+(?=[.)](?:\s|$)))")
HTML_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s|/?>)|!--|\?)")


def recorded(example, notebook):
    """{name: value} of every value the run recorded, in the order recorded."""
    return _recorded(example, notebook, MIME, "value", lambda data: data.items())


def recorded_arrays(example, notebook):
    """{name: .npy bytes} of every array the run recorded."""

    def arrays(payload):
        return [(payload.get("name", ""), base64.b64decode(payload["npy"]))]

    return _recorded(example, notebook, ARRAY_MIME, "array", arrays)


def _recorded(example, notebook, mime, kind, entries):
    found = {}
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for name, value in entries(data[mime]) if mime in data else []:
                if name in found:
                    raise ExampleError(
                        f"{example.where(index)}: the {kind} {name!r} is recorded "
                        f"twice; give each {kind} its own name."
                    )
                found[name] = value
    return found


def without_values(outputs):
    """The outputs with the recorded values and arrays taken off (not for the page)."""
    kept = []
    for output in outputs:
        data = output.get("data", {})
        if (
            data
            and set(data) <= {MIME, ARRAY_MIME, "text/plain"}
            and set(data)
            & {
                MIME,
                ARRAY_MIME,
            }
        ):
            continue  # an output that only records values
        kept.append(output)
    return kept


def outside_code(text):
    """`text` with its code spans and fenced blocks blanked out."""
    return CODE.sub("", text)


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
    for group in LOOKS_LIKE.finditer(text):
        if not REFERENCE.fullmatch(group.group(0)):
            raise ExampleError(
                f"{where}: {group.group(0)} looks like a reference to a recorded "
                "value but is not one (a name, then `!md` or `:format`, as in "
                "{test_accuracy:.2%}); to show a brace, write \\{."
            )
    return REFERENCE.sub(lambda match: _format(match, values, where), text)


def _format(match, values, where):
    name, markdown, spec = match.group(1), match.group(2), match.group(3) or ""
    value = _lookup(name, values, where)
    try:
        text = format(value, spec)
    except (TypeError, ValueError, OverflowError, MemoryError) as error:
        raise ExampleError(
            f"{where}: the prose formats {{{name}}} as {spec!r}, which does not fit "
            f"its value {value!r} ({error}); change the format or the value."
        ) from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = text.replace("-", "\u2212")  # a minus sign, as the pages write it
    if markdown:
        if HTML_TAG.search(outside_code(text)):
            raise ExampleError(
                f"{where}: {{{name}!md}} holds raw HTML, which pages never take "
                "from a run; record Markdown without tags."
            )
        return text
    line_start = match.string[: match.start()].rsplit("\n", 1)[-1].strip() == ""
    return escape(text, line_start)


def escape(text, line_start=False):
    """Text as Markdown that shows exactly it: markup characters backslashed, HTML escaped."""
    text = MARKDOWN_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    text = text.replace("\n", " ")
    if line_start:
        text = MARKDOWN_LINE_START.sub(_escape_marker, text)
    return text


def _escape_marker(match):
    marker = match.group(1)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


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
