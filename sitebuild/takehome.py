"""What a reader takes home runs outside this repository, and reads like the page.

The take-home notebook (and the script made from it) holds the page's cells,
and the cells it hides, after a short set-up the page does not show:

- a note: how long the full run takes (the manifest's run time), how to run
  the short version (`TUTORIAL_MODE`), which versions produced the page's
  numbers and how to install exactly those;
- one cell that installs only what the runtime lacks (`%pip install` of
  requirements an installed package already meets changes nothing: Colab
  keeps its own TensorFlow, Keras, NumPy, SciPy and matplotlib, and IPython
  and the kernel are never named at a version, so never replaced), and picks
  the mode;
- the helper modules the example imports (`examples/tutorial/...`, only
  those), written next to the notebook so its first import works in an empty
  folder, on a laptop or in Colab. They travel inline so that a release's
  download carries exactly the helpers its results came from. In the
  notebook they are one cell, collapsed (Colab's form view, JupyterLab's
  hidden source); in the script they sit at its end, and a line at the top
  unpacks them.

The script is the notebook in jupytext's percent format, without the build's
cell metadata, and shows what a notebook shows: each cell's last expression
is printed (`show`, defined with the helpers), so `python example.py` prints
the page's tables.
"""

import ast
import copy
import importlib.metadata
import sys
import textwrap

import jupytext
import nbformat

from . import imports, settings, sources

# The install cell names every library the page and its helpers import, as
# installed here, without a version, so a runtime that has one keeps it; these
# lower bounds are the oldest releases a notebook was run with (Colab's runtime
# of 2026-08: TensorFlow 2.20.0, Keras 3.13.2, NumPy 2.1.3, SciPy 1.16.3,
# matplotlib 3.10.0, IPython 7.34.0, ipykernel 6.17.1; tests/colab_runtime.py).
OLDEST = {"tensorflow": "2.20", "keras": "3.13"}
# The build installs tensorflow-cpu; a reader's machine (or Colab's GPU) takes
# tensorflow, the same release.
PIP_NAMES = {"tensorflow": "tensorflow"}
FIRST = ("tensorflow", "keras")  # then the others, by name
# Library names as a reader reads them, in the order the note names them.
LIBRARIES = {
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "numpy": "NumPy",
    "scipy": "SciPy",
    "matplotlib": "matplotlib",
}
MODE_VARIABLE = "TUTORIAL_MODE"  # examples/tutorial/mode.py reads it
HELPERS_TITLE = "Helpers"  # the script's last cell, which its first unpacks
NOTE = """\
## Run it yourself

This is the tutorial page "{title}" with the cells the page hides. Run it top
to bottom. {duration} For a short version (a small subset of the data, few
epochs, other numbers than the page's) set `{mode}` to `"fast"` in the next
cell, or run the script as `{mode}=fast python {name}.py`.

The page's numbers come from {versions} on Python {python}. Other versions,
processors and thread counts round differently, so yours may differ in the
last digits. The next cell installs only what your runtime lacks (Colab has
it all, and its versions are kept); to use exactly the page's versions, start
from a new environment: `pip install {pins}`.
"""
SETUP = """\
# Installs only what this runtime lacks; installed packages are kept as they are.
%pip install --quiet {requirements}
import os

os.environ.setdefault("{mode}", "full")  # "fast": the short version
"""
SCRIPT_LOADER = """\
# The helper modules this page imports are at the end of this file: unpack them.
from pathlib import Path

exec(Path(__file__).read_text("utf-8").rsplit("# %% {title}\\n", 1)[1])
"""
HELPERS = '''\
#@title The helper modules this page imports: run this cell
# They are the tutorial's examples/tutorial/ files as this page was built
# with them, written next to this notebook (or script) to be imported.
import sys
from pathlib import Path

HELPERS = {{
{entries}
}}
# Next to this file when run as a script, else in the working folder.
HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
for name, source in HELPERS.items():
    (HERE / name).parent.mkdir(parents=True, exist_ok=True)
    (HERE / name).write_text(source, encoding="utf-8")
sys.path.insert(0, str(HERE))


def show(value):
    """Print a cell's last value as a notebook shows it (tables as Markdown)."""
    if value is None or type(value).__module__.startswith("matplotlib"):
        return
    markdown = getattr(value, "_repr_markdown_", None)
    print(markdown() if markdown else repr(value))
'''
# Colab shows the cell as its title (a form), JupyterLab collapses its source.
COLLAPSED = {"cellView": "form", "jupyter": {"source_hidden": True}}
# Notebook metadata for Colab: an outline of the headings, no run history.
COLAB = {"provenance": [], "toc_visible": True}


def setup_cells(example, manifest):
    """The set-up cells (note, install) and the helpers cell, for the notebook's top."""
    setup = [
        nbformat.v4.new_markdown_cell(note(example, manifest)),
        nbformat.v4.new_code_cell(setup_source(requirements(example))),
    ]
    helpers = nbformat.v4.new_code_cell(helpers_source(example), metadata=COLLAPSED)
    return setup, helpers


def finish_notebook(notebook):
    """Notebook metadata for Colab (the kernelspec is already there)."""
    notebook.metadata["colab"] = copy.deepcopy(COLAB)


def script(notebook, added_key):
    """The take-home script: helpers moved to the end, last values shown, no build metadata."""
    notebook = copy.deepcopy(notebook)
    helpers = [c for c in notebook.cells if c.metadata.get(added_key) == "helpers"]
    cells = [c for c in notebook.cells if c not in helpers]
    for cell in cells:
        if added_key not in cell.metadata and _has_result(cell):
            cell.source = shown(cell.source)
    setup = next(
        i
        for i, c in enumerate(cells)
        if c.metadata.get(added_key) == "setup" and c.cell_type == "code"
    )
    loader = SCRIPT_LOADER.format(title=HELPERS_TITLE)
    cells[setup].source = cells[setup].source.rstrip() + "\n\n" + loader
    for cell in helpers:
        cell.metadata = {"title": HELPERS_TITLE}  # jupytext: `# %% Helpers`
    for cell in cells:
        # One order for the cell markers' options, whether the notebook comes
        # from the run or from disk (nbformat writes keys sorted).
        cell.metadata = dict(sorted(cell.metadata.items()))
    notebook.cells = cells + helpers
    return jupytext.writes(
        notebook,
        fmt={
            "format_name": "percent",
            "extension": ".py",
            "notebook_metadata_filter": "-all",
            "cell_metadata_filter": f"-{added_key}",
        },
    )


def note(example, manifest):
    """The set-up's Markdown: run time, the short version, the versions behind the numbers."""
    versions = {**manifest.get("environment", {}), **manifest["versions"]}
    text = NOTE.format(
        title=example.title,
        name=example.name,
        duration=_run_time(manifest),
        mode=MODE_VARIABLE,
        versions=_listing(
            f"{label} {versions[name]}"
            for name, label in LIBRARIES.items()
            if name in versions
        ),
        python=manifest["environment"]["python"],
        pins=" ".join(
            f"{name}=={versions[name]}" for name in LIBRARIES if versions.get(name)
        ),
    )
    # Filled-in lines run long: wrap each paragraph again (they hold no lists).
    return "\n\n".join(
        textwrap.fill(" ".join(part.split()), width=79, break_on_hyphens=False)
        if not part.startswith("#")
        else part
        for part in text.strip().split("\n\n")
    )


def setup_source(needed):
    return SETUP.format(
        requirements=" ".join(f'"{r}"' if ">" in r else r for r in needed),
        mode=MODE_VARIABLE,
    ).rstrip()


def requirements(example):
    """pip requirements for the libraries the example and its helpers import."""
    examples_dir = example.path.parent
    files = [example.path, *imports.local_modules(example.path, examples_dir)]
    imported = set().union(*(_top_level_imports(path) for path in files))
    if "keras" in imported:
        imported.add("tensorflow")  # Keras's backend, which produced the results
    local = {path.stem for path in examples_dir.glob("*.py")}
    local |= {path.parent.name for path in examples_dir.glob("*/__init__.py")}
    installed = importlib.metadata.packages_distributions()
    names = {
        module: PIP_NAMES.get(module) or installed[module][0].lower()
        for module in imported - local - set(sys.stdlib_module_names)
        if module in PIP_NAMES or module in installed  # else: code on the path
    }
    ordered = sorted(
        names, key=lambda m: (FIRST.index(m) if m in FIRST else len(FIRST), names[m])
    )
    return [f"{names[m]}>={OLDEST[m]}" if m in OLDEST else names[m] for m in ordered]


def _top_level_imports(path):
    """Top-level names of the absolute imports in the file at `path`."""
    names = set()
    for node in ast.walk(sources.parse_file(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def helpers_source(example):
    """Python that writes each local module the example imports, and defines `show`."""
    examples_dir = example.path.parent
    modules = imports.local_modules(example.path, examples_dir)
    entries = "\n".join(
        f"    {path.relative_to(examples_dir).as_posix()!r}: {_literal(path.read_text('utf-8'))},"
        for path in modules
    )
    return HELPERS.format(entries=entries).rstrip()


def _has_result(cell):
    """Whether the cell's last expression had a value when it ran (IPython showed it)."""
    return cell.cell_type == "code" and any(
        output.output_type == "execute_result" for output in cell.get("outputs", [])
    )


def shown(source):
    """`source` with its last expression printed, as a notebook shows it, via `show`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source  # a magic: jupytext comments it out in the script
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or source.rstrip().endswith(";"):
        return source
    lines = [line.encode() for line in source.splitlines()]  # offsets count bytes
    start, end = last.lineno - 1, last.end_lineno - 1
    lines[end] = (
        lines[end][: last.end_col_offset] + b")" + lines[end][last.end_col_offset :]
    )
    lines[start] = (
        lines[start][: last.col_offset] + b"show(" + lines[start][last.col_offset :]
    )
    return "\n".join(line.decode() for line in lines)


def _literal(text):
    """The text as a Python literal that reads well: a raw triple-quoted string if it can."""
    if "'''" not in text and not text.endswith("\\"):
        return f"r'''{text}'''"
    return repr(text)


def _run_time(manifest):
    """How long the run that produced these results took, and on what."""
    threads = manifest.get("threads", 1)
    where = "one CPU thread" if threads == 1 else f"{threads} CPU threads"
    took = f"{_duration(manifest['run_seconds'])} on {where} of the build machine"
    if manifest["mode"] == settings.FULL:
        return f"In full mode, as on the page, it took {took}."
    return f"These results come from a {manifest['mode']} run of {took}."


def _duration(seconds):
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return (
        f"{minutes} min {rest} s"
        if minutes < 60
        else f"{minutes // 60} h {minutes % 60} min"
    )


def _listing(items):
    items = list(items)
    return (
        ", ".join(items[:-1]) + f" and {items[-1]}"
        if len(items) > 1
        else "".join(items)
    )
