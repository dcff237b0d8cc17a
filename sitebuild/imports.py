"""The local modules an example really imports, each on its own, followed transitively.

`from tutorial import data, style` imports `tutorial/__init__.py`,
`tutorial/data.py` and `tutorial/style.py`, and then whatever those import
(`from . import report` inside the package included). A module of the package
that no import reaches is not an input: editing it leaves the example fresh.
Only modules under the examples folder count; libraries are versioned apart.
"""

import ast
from pathlib import Path

from . import sources


def local_modules(path, examples_dir):
    """Files under `examples_dir` that the file at `path` imports, directly or not."""
    examples_dir = Path(examples_dir)
    found, pending = set(), [Path(path)]
    while pending:
        current = pending.pop()
        tree = sources.parse_file(current)
        for module in imported_modules(tree, _package_of(current, examples_dir)):
            for file in _files_of(module, examples_dir):
                if file not in found:
                    found.add(file)
                    pending.append(file)
    return sorted(found)


def imported_modules(tree, package=None):
    """Dotted names of every module an import in `tree` may load.

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
