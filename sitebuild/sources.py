"""Find the examples, read their header docstring, and map cells to lines.

An example is a file `examples/<name>.py` in jupytext's percent format that
opens with a header docstring, as keras-io's examples do:

    '''
    Title: L2 in one page
    Description: One sentence, at most 100 characters.
    '''

Files whose name starts with `_` are helper modules, and hidden files (an
editor's `.#name.py` lock, a `.name.py` scratch file) are not examples: both
are left out. An example's name must be a Python identifier that neither
collides with the artifact layout (`index`) nor shadows a module the kernels
import (`numpy`, `keras`, a helper package): `name_problem` says why not,
and both `build_figures.py new` and the build refuse it.
"""

import ast
import importlib.util
import keyword
import re
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

from . import layout
from .errors import ExampleError

REQUIRED_FIELDS = ("Title", "Description")
OPTIONAL_FIELDS = ("Author", "Date created", "Last modified", "Timeout")
MAX_DESCRIPTION = 100
CELL_MARKER = re.compile(r"^#\s*%%")
HEADER_LINE = re.compile(r"^(?P<key>[A-Z][A-Za-z ]*):\s*(?P<value>.*)$")


@dataclass
class Example:
    name: str
    path: Path
    header: dict
    notebook: nbformat.NotebookNode
    cell_lines: list = field(default_factory=list)  # first source line of each cell

    @property
    def title(self):
        return self.header["Title"]

    @property
    def description(self):
        return self.header["Description"]

    @property
    def code_cells(self):
        """(index, cell) of each code cell, in order."""
        return [
            (index, cell)
            for index, cell in enumerate(self.notebook.cells)
            if cell.cell_type == "code"
        ]

    def where(self, index):
        """`path:line (cell n)` of the cell at `index`, for messages."""
        return f"{self.path}:{self.cell_lines[index]} (cell {index + 1})"


def discover(examples_dir):
    """The example files, sorted by name; helpers (`_name.py`, packages) and hidden files left out."""
    return sorted(
        path
        for path in Path(examples_dir).glob("*.py")
        if not path.name.startswith(("_", ".", "#")) and path.is_file()
    )


def name_problem(name, examples_dir):
    """Why `name` cannot name an example in `examples_dir`, or None."""
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        return (
            "is not a Python identifier (ASCII letters, digits and _, not starting "
            "with a digit, not a keyword): the kernel imports helpers beside it"
        )
    if layout.collides(name):
        return f"collides with the artifact layout ({layout.collides(name)})"
    if (Path(examples_dir) / name).is_dir():
        return f"is also the helper package {name}/ in {examples_dir}"
    shadowed = _importable_elsewhere(name, examples_dir)
    if shadowed:
        return (
            f"would shadow the module `{name}` ({shadowed}) in every example's "
            "kernel, which imports from the examples folder first"
        )
    return None


def check_name(path):
    """Raise ExampleError when the file's name cannot name an example."""
    path = Path(path)
    problem = name_problem(path.stem, path.parent)
    if problem:
        raise ExampleError(
            f"{path}: the name {path.stem!r} {problem}; rename the file."
        )


def _importable_elsewhere(name, examples_dir):
    """Where an installed module of this name lives (the standard library, site-packages)."""
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        return "Python's standard library"
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    origin = Path(spec.origin or next(iter(spec.submodule_search_locations or []), ""))
    installed = {Path(p).resolve() for p in sysconfig.get_paths().values()}
    # Modules found on PYTHONPATH or in the working folder (another checkout's
    # examples, say) are not installed: the examples folder comes first anyway.
    if installed & set(origin.resolve().parents):
        return str(origin)
    return None


def load(path):
    """Parse an example: check its name, syntax and header, split it into cells."""
    path = Path(path)
    check_name(path)
    text = read_text(path)
    module = parse_text(text, path)
    header = parse_header(ast.get_docstring(module), path)
    notebook = jupytext.reads(text, fmt="py:percent")
    _drop_header_cell(notebook, path)
    return Example(
        name=path.stem,
        path=path,
        header=header,
        notebook=notebook,
        cell_lines=_cell_lines(text, notebook, path),
    )


def parse_header(docstring, path="<example>"):
    """Return the header fields; raise ExampleError naming what is missing or malformed."""
    if not docstring:
        raise ExampleError(
            f"{path}: no header docstring; start the file with a docstring holding "
            f"{', '.join(f'`{name}:`' for name in REQUIRED_FIELDS)} lines."
        )
    header = {}
    for line in docstring.splitlines():
        match = HEADER_LINE.match(line.strip())
        if match:
            header[match["key"]] = match["value"].strip()
    problems = list(_header_problems(header))
    if problems:
        raise ExampleError(f"{path}: header: " + "; ".join(problems) + ".")
    return header


def _header_problems(header):
    for name in REQUIRED_FIELDS:
        if not header.get(name):
            yield f"`{name}:` is missing or empty"
    unknown = set(header) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS)
    if unknown:
        yield f"unknown field(s) {', '.join(sorted(unknown))}"
    description = header.get("Description", "")
    if len(description) > MAX_DESCRIPTION:
        yield (
            f"`Description:` has {len(description)} characters, at most "
            f"{MAX_DESCRIPTION} are allowed"
        )
    if description and not description.endswith("."):
        yield "`Description:` should be one sentence ending with a full stop"
    timeout = header.get("Timeout")
    if timeout is not None and not (
        timeout.isascii() and timeout.isdigit() and int(timeout) > 0
    ):
        yield f"`Timeout:` should be a whole number of seconds, not {timeout!r}"


def cell_start_lines(text, cells):
    """The 1-based line where each cell's source starts: the line after its marker.

    Every cell after the header docstring opens with a `# %%` marker line.
    """
    markers = [
        n for n, line in enumerate(text.splitlines(), 1) if CELL_MARKER.match(line)
    ]
    if len(markers) != len(cells):
        raise ExampleError(
            f"found {len(markers)} `# %%` markers for {len(cells)} cells; put nothing "
            "but the header docstring before the first marker."
        )
    return [marker + 1 for marker in markers]


def _cell_lines(text, notebook, path):
    try:
        return cell_start_lines(text, notebook.cells)
    except ExampleError as error:
        raise ExampleError(f"{path}: {error}") from None


def read_text(path):
    """The file's text; an ExampleError naming the file when it is not UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is no character of the code
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExampleError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); save "
            "the file as UTF-8 in your editor and run the build again."
        ) from None


def parse_file(path):
    """The file's syntax tree; an ExampleError naming the file and line if it has none."""
    return parse_text(read_text(path), path)


def parse_text(text, path):
    """The syntax tree of `text`, the file at `path`; an ExampleError naming the line if it has none."""
    try:
        return ast.parse(text, filename=str(path))
    except SyntaxError as error:
        raise ExampleError(
            f"{path}:{error.lineno}: syntax error: {error.msg}\n"
            f"    {(error.text or '').rstrip()}\nFix the line and run the build again."
        ) from None


def _drop_header_cell(notebook, path):
    """The header docstring becomes page metadata, not a code cell."""
    first = notebook.cells[0] if notebook.cells else None
    if (
        first is None
        or first.cell_type != "code"
        or not first.source.lstrip().startswith(('"""', "'''"))
    ):
        raise ExampleError(
            f"{path}: the header docstring must come before the first `# %%` cell."
        )
    del notebook.cells[0]
