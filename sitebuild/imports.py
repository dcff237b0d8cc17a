"""The local modules an example really loads, each on its own, followed transitively.

`from tutorial import data, style` imports `tutorial/__init__.py`,
`tutorial/data.py` and `tutorial/style.py`, and then whatever those import
(`from . import report` inside the package included). A module of the package
that no import reaches is not an input: editing it leaves the example fresh.
Only modules under the examples folder count; libraries are versioned apart.

Every way Python offers to load a module is either followed or refused with
a message naming the file and line: `import` and `from ... import` (a star
import follows the package's literal `__all__`), `importlib.import_module`,
`__import__` and `runpy.run_module` with a literal name are followed; a
computed name, loading a file by path (`spec_from_file_location`,
`SourceFileLoader`, `runpy.run_path`, `exec` of a computed string), a change
to `sys.path` and IPython's `%run` / `%load` are refused: the build could not
tell when their results go stale. Cells are read as IPython runs them, magics
translated.
"""

import ast
import functools
from pathlib import Path

from . import sources
from .errors import ExampleError

FOLLOWED_CALLS = {"import_module", "__import__", "run_module"}
REFUSED_CALLS = {
    "spec_from_file_location": "loads a module from a file path",
    "spec_from_loader": "loads a module through a loader",
    "SourceFileLoader": "loads a module from a file path",
    "run_path": "runs a file by path",
    "load_source": "loads a module from a file path",
    "execfile": "runs a file",
}
REFUSED_MAGICS = {"run", "load", "loadpy"}
PATH_METHODS = {"insert", "append", "extend", "remove", "pop", "clear"}
HINT = (
    "the build cannot tell which local module this loads, so it could not tell "
    "when the results go stale. Import the module by name (`import tutorial.x`, "
    "`from tutorial import x`) instead."
)


@functools.lru_cache(maxsize=1024)  # a pure function of the text, and IPython's is slow
def as_python(source):
    """A cell's code as IPython runs it: magics translated into Python calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except (SyntaxError, ValueError, IndexError):
        return source


def example_modules(example, examples_dir):
    """Files under `examples_dir` that the example's code cells load, directly or not."""
    roots = [
        (example.path, example.cell_lines[index] - 1, as_python(cell.source))
        for index, cell in example.code_cells
    ]
    return _follow(roots, Path(examples_dir), follow_dynamic=True)


def local_modules(path, examples_dir, follow_dynamic=True):
    """Files under `examples_dir` that the module at `path` loads, directly or not."""
    path = Path(path)
    return _follow([(path, 0, None)], Path(examples_dir), follow_dynamic)


def _follow(roots, examples_dir, follow_dynamic):
    found, pending = set(), list(roots)
    while pending:
        path, offset, text = pending.pop()
        if text is None:  # a module file, read as it is now
            names, stars = _module_names(
                path, sources.read_text(path), examples_dir, follow_dynamic
            )
        else:  # a cell of the example, a top-level file
            tree = _parse_cell(path, offset, text)
            names, stars = _names(tree, path, offset, None, follow_dynamic)
        for base, where in stars:  # read now: the package's __init__ may have changed
            names = [*names, *_star_modules(base, examples_dir, where)]
        for module in names:
            for file in _files_of(module, examples_dir):
                if file not in found:
                    found.add(file)
                    pending.append((file, 0, None))
    return sorted(found)


# A pure function of its arguments (the text, not the file, is the key): every
# example that imports a helper module reads the same text, so the helpers'
# imports are worked out once per process, not once per example.
@functools.lru_cache(maxsize=1024)
def _module_names(path, text, examples_dir, follow_dynamic):
    tree = sources.parse_text(text, path)
    names, stars = _names(
        tree, path, 0, _package_of(path, examples_dir), follow_dynamic
    )
    return tuple(names), tuple(stars)


def _names(tree, path, offset, package, follow_dynamic):
    """(modules the code may load, (package, where) of each star import)."""
    names = list(imported_modules(tree, package))
    if not follow_dynamic:
        return names, []
    called, stars = _dynamic_modules(tree, path, offset, package)
    return [*names, *called], stars


def _parse_cell(path, offset, text):
    try:
        return ast.parse(text)
    except SyntaxError as error:
        raise ExampleError(
            f"{path}:{offset + (error.lineno or 1)}: syntax error: {error.msg}\n"
            "Fix the line and run the build again."
        ) from None


def imported_modules(tree, package=None):
    """Dotted names of every module an import statement in `tree` may load.

    `package` is the dotted name of the package the file belongs to (for
    relative imports); None for a top-level script. Names imported from a
    module are listed as possible submodules too: `from tutorial import data`
    may load `tutorial.data`; a name that is no file is simply not found.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _with_parents(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base is None:
                continue
            yield from _with_parents(base)
            for alias in node.names:
                if alias.name != "*":
                    yield f"{base}.{alias.name}"


def _dynamic_modules(tree, path, offset, package):
    """Modules loaded by calls, and the star imports (each package, and where);
    a form that cannot be followed is refused."""
    called, stars = [], []
    for node in ast.walk(tree):
        where = f"{path}:{offset + getattr(node, 'lineno', 1)}"
        if _changes_sys_path(node):
            raise ExampleError(f"{where}: changes sys.path; {HINT}")
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            base = _absolute(node, package)
            if base:
                stars.append((base, where))
        elif isinstance(node, ast.Call):
            called += _called_modules(node, where)
    return called, stars


def _called_modules(call, where):
    name = _call_name(call.func)
    if name in FOLLOWED_CALLS:
        literal = _literal_string(call.args[0] if call.args else None)
        if literal is None or literal.startswith("."):
            raise ExampleError(
                f"{where}: {name}() of a computed or relative name; {HINT}"
            )
        yield from _with_parents(literal)
    elif name in REFUSED_CALLS:
        raise ExampleError(f"{where}: {name}() {REFUSED_CALLS[name]}; {HINT}")
    elif (
        name == "exec" and _literal_string(call.args[0] if call.args else None) is None
    ):
        raise ExampleError(f"{where}: exec() of a computed string; {HINT}")
    elif name == "run_line_magic" and call.args:
        magic = _literal_string(call.args[0])
        if magic in REFUSED_MAGICS:
            raise ExampleError(
                f"{where}: IPython's %{magic} runs or loads a file; {HINT}"
            )


def _star_modules(base, examples_dir, where):
    """`from package import *` loads the submodules its `__all__` names."""
    init = examples_dir / Path(*base.split(".")) / "__init__.py"
    if not init.is_file():
        return
    for node in sources.parse_file(init).body:
        targets = [
            t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)
        ]
        if "__all__" in targets:
            try:
                names = ast.literal_eval(node.value)
            except ValueError:
                raise ExampleError(
                    f"{where}: `from {base} import *`, and {init} computes __all__; {HINT}"
                ) from None
            yield from (f"{base}.{name}" for name in names)


def _changes_sys_path(node):
    def is_sys_path(target):
        return (
            isinstance(target, ast.Attribute)
            and target.attr == "path"
            and isinstance(target.value, ast.Name)
            and target.value.id == "sys"
        )

    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return any(is_sys_path(t) for t in targets)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in PATH_METHODS and is_sys_path(node.func.value)
    return False


def _call_name(function):
    if isinstance(function, ast.Attribute):
        return function.attr
    return getattr(function, "id", None)


def _literal_string(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _absolute(node, package):
    if node.level == 0:
        return node.module
    if package is None:
        return None  # a relative import outside a package cannot run
    parts = package.split(".")
    if node.level > len(parts):
        return None
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _with_parents(dotted):
    """Importing a.b.c runs a/__init__, a/b/__init__ and a/b/c: every prefix."""
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


def _files_of(module, examples_dir):
    relative = Path(*module.split("."))
    candidates = [
        examples_dir / relative.with_suffix(".py"),
        examples_dir / relative / "__init__.py",
    ]
    return [path for path in candidates if path.is_file()]


def _package_of(path, examples_dir):
    """The dotted package a module file belongs to, or None for a top-level file."""
    try:
        relative = Path(path).resolve().relative_to(Path(examples_dir).resolve())
    except ValueError:
        return None
    folder = relative.parent.parts
    return ".".join(folder) if folder else None
