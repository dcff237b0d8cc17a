#!/usr/bin/env python3
"""How much of each page's visible code only builds prose, tables or recorded data.

    .venv/bin/python bench/plumbing.py               # the published pages
    .venv/bin/python bench/plumbing.py --rev 7bdb4c7 # the pages as a commit had them

Visible code is every code cell of the page notebook that the site shows
(cells tagged `remove-cell` or `remove-input` are hidden by mkdocs.yml's
`remove_tag_config`). A statement is plumbing when all it does is produce
text for the reader: it calls a text or table builder (`glue`, `say`,
`table`, `data`, `Markdown`, `display`, `json.dump(s)`), or it assigns or
returns a sentence (a string, an f-string, `str.join`, `%`/`format`, a
choice between strings) or a list of table rows built from values (a list
of plain string constants is data: names, labels); a function, `if` or
`for` is plumbing when everything in it is. Its lines (blank lines and
comments left out) count towards the share. Prints one line per page;
asserts nothing.
"""

import argparse
import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitebuild import layout, settings  # noqa: E402

HIDDEN = {"remove-cell", "remove-input"}
BUILDERS = {"glue", "say", "table", "data", "Markdown", "display", "dump", "dumps"}


def visible_code(notebook):
    return [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        and not HIDDEN & set(cell.get("metadata", {}).get("tags", []))
        and not cell.get("metadata", {}).get("tutorial_added")
    ]


def share(sources):
    """(plumbing lines, code lines) over the cells' sources."""
    plumbing = total = 0
    for source in sources:
        lines = _code_lines(source)
        total += len(lines)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for statement in tree.body:
            if _is_plumbing(statement):
                span = range(statement.lineno, statement.end_lineno + 1)
                plumbing += len(lines & set(span))
    return plumbing, total


def _code_lines(source):
    return {
        number
        for number, line in enumerate(source.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    }


def _is_plumbing(statement):
    if isinstance(statement, ast.FunctionDef | ast.If | ast.For):
        inner = [s for s in statement.body + getattr(statement, "orelse", [])
                 if not _is_docstring(s)]  # fmt: skip
        return bool(inner) and all(_is_plumbing(s) for s in inner)
    calls = [n for n in ast.walk(statement) if isinstance(n, ast.Call)]
    if any(_name(call.func) in BUILDERS for call in calls):
        return True
    if isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign):
        return _builds_text(statement.value)
    if isinstance(statement, ast.Return):
        return statement.value is not None and _builds_text(statement.value)
    return False


def _builds_text(node):
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):  # a sentence (a list of them is data)
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):  # wording chosen by a condition
        return _builds_text(node.body) and _builds_text(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _builds_text(node.left) or _builds_text(node.right)
    if isinstance(node, ast.Call) and _name(node.func) in {"join", "format"}:
        return True
    if isinstance(node, ast.List | ast.ListComp | ast.Tuple):
        elements = node.elts if not isinstance(node, ast.ListComp) else [node.elt]
        return bool(elements) and all(
            _builds_text(e) and not isinstance(e, ast.Constant) for e in elements
        )
    return False


def _is_docstring(statement):
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _name(function):
    if isinstance(function, ast.Attribute):
        return function.attr
    return getattr(function, "id", None)


def pages(rev):
    """{example: its page notebook}, from the working tree or from a commit."""
    root = settings.PUBLISHED_DIR
    if rev is None:
        return {
            name: json.loads(layout.on_disk(root, name).page.read_text())
            for name in layout.folders(root)
        }
    published = root.relative_to(REPO).as_posix()
    listing = _git("ls-tree", "--name-only", "-r", rev, published)
    return {
        layout.example_of(path[len(published) - len(layout.GENERATED) :]): json.loads(
            _git("show", f"{rev}:{path}")
        )
        for path in listing.split()
        if layout.example_of(path[len(published) - len(layout.GENERATED) :])
    }


def _git(*args):
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="measure the pages of this git commit")
    args = parser.parse_args(argv)
    for name, notebook in pages(args.rev).items():
        plumbing, total = share(visible_code(notebook))
        print(
            f"plumbing share of visible code, {name}: "
            f"{plumbing / max(total, 1):.0%} ({plumbing} of {total} lines)"
        )


if __name__ == "__main__":
    sys.exit(main())
