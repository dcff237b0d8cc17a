"""Hash everything an example's results depend on, and nothing else.

A result depends on code, not on prose. The fingerprint covers:

- each code cell as the kernel sees it: IPython's translation of magics,
  then its syntax tree, plus IPython's display rule (a trailing `;` hides
  the cell's value) and the cell tags nbclient acts on (`skip-execution`,
  `raises-exception`). A cell whose only statement is a string shows that
  string, so it is code; docstrings are dropped only from function and class
  bodies, and from a helper module's top;
- each local module the example loads (`imports`, which refuses the forms it
  cannot follow), each on its own; the data loader among them pins the
  data's checksums;
- the library versions and Python's minor version;
- the kernel's environment (the declared variables it starts with, and
  PYTHONPATH) and nbclient's options; the mode, the threads each example may
  use and the artifact format.

Code is hashed as its syntax tree, so comments and formatting are not inputs.

Markdown cells, the header (title, description, dates), cell names (snippet
and figure) and the engine code that turns stored outputs into artifacts
shape the page but not the results: they make up the separate page hash, and
a change there is merged into the stored outputs without running anything
(see `freshness` and `merge`).
"""

import ast
import functools
import hashlib
import io
import json
import os
import platform
import tokenize
from importlib import metadata
from pathlib import Path

from . import imports, settings

SITEBUILD = Path(__file__).resolve().parent
# The stage whose imports are the engine code that shapes artifacts.
PRODUCER = SITEBUILD / "produce.py"
DOCUMENTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def library_versions():
    """Python's minor version and the pinned libraries' versions, read without importing them.

    Python's patch level is left out: it does not change results, and a reader
    on 3.11.9 should not have to re-run everything built on 3.11.7.
    """
    versions = {"python": ".".join(platform.python_version_tuple()[:2])}
    for name, distributions in settings.VERSIONED_DISTRIBUTIONS.items():
        versions[name] = _first_installed(distributions)
    return versions


def environment():
    """Where the run happened: recorded in the manifest, not part of the hash."""
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        **{
            name: _first_installed(distributions)
            for name, distributions in settings.RECORDED_DISTRIBUTIONS.items()
        },
    }


def cpu_model():
    """The processor's name (Linux's /proc/cpuinfo), or None where it cannot be read."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    return " ".join(value.split())
    except OSError:
        pass
    return None


def execution():
    """How the kernel runs: the variables it starts with (but paths) and nbclient's options."""
    kernel = {
        name: value
        for name, value in settings.KERNEL_ENV.items()
        if name not in settings.UNHASHED_KERNEL_VARIABLES
    }
    for name in settings.FINGERPRINTED_PASSED:
        kernel[name] = os.environ.get(name)
    return {"kernel": kernel, "executor": settings.EXECUTOR}


# A pure function of its arguments: every example that imports a helper
# module digests the same text, once per process with the cache.
@functools.lru_cache(maxsize=1024)
def code_digest(source, docstring_is_code=True):
    """A digest of what code does: its syntax tree as IPython runs it, blind to comments.

    With `docstring_is_code` (a cell) a string standing alone at the top
    level is code that shows a value; else (a helper module) it is the
    module's documentation. Function and class docstrings are never code.
    """
    python = imports.as_python(source)
    try:
        tree = ast.parse(python)
    except SyntaxError:
        return _sha256(source.encode())[:16]
    bodies = [node for node in ast.walk(tree) if isinstance(node, DOCUMENTED)]
    if not docstring_is_code:
        bodies.append(tree)
    for node in bodies:
        if node.body and _is_docstring(node.body[0]):
            node.body[0] = ast.Pass()  # documentation, not behaviour
    quiet = ";" if docstring_is_code and _ends_quietly(python) else ""
    return _sha256((ast.dump(tree) + quiet).encode())[:16]


def cell_digest(cell):
    """A code cell's digest: its code, and the tags the executor acts on."""
    tags = sorted(set(cell.metadata.get("tags", [])) & set(settings.EXECUTED_TAGS))
    digest = code_digest(cell.source)
    return f"{digest}+{','.join(tags)}" if tags else digest


def _ends_quietly(python):
    """IPython's rule: a cell whose last token is `;` displays nothing."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(python).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    ignored = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER,
               tokenize.DEDENT, tokenize.INDENT}  # fmt: skip
    meaningful = [token for token in tokens if token.type not in ignored]
    return bool(meaningful) and meaningful[-1].string == ";"


def _is_docstring(statement):
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def fingerprint(example, mode, examples_dir=settings.EXAMPLES_DIR):
    """Everything that decides the example's results, and one hash over all of it."""
    modules = imports.example_modules(example, examples_dir)
    described = {
        "cells": [cell_digest(cell) for _, cell in example.code_cells],
        "inputs": {
            _relative(path, examples_dir): code_digest(
                path.read_text("utf-8-sig"), docstring_is_code=False
            )
            for path in modules
        },
        "versions": library_versions(),
        "execution": execution(),
        "mode": mode,
        "threads": settings.THREADS_PER_EXAMPLE,
        "artifact_format": settings.ARTIFACT_FORMAT,
    }
    canonical = json.dumps(described, sort_keys=True).encode()
    return {**described, "input_hash": _sha256(canonical)}


def page_inputs(example):
    """What shapes the page around the results: the example's text and the engine code."""
    return {
        "source_hash": _sha256(example.path.read_bytes()),
        "assembly_hash": engine_hash(),
    }


@functools.cache
def engine_hash():
    """The engine code that turns a run into artifacts: `produce` and all it imports.

    Found by following imports, so no list is kept by hand. A change there
    re-assembles every example's artifacts from its stored outputs, with no
    kernel started. Read once per process: the hash names the code this
    process runs, even if the files change under it.
    """
    modules = imports.local_modules(PRODUCER, SITEBUILD.parent, follow_dynamic=False)
    digest = hashlib.sha256()
    for path in sorted({PRODUCER, *modules}):
        digest.update(path.relative_to(SITEBUILD.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def changes(old, new, example=None):
    """Readable reasons why the fingerprint `new` differs from the recorded `old`.

    Code is compared as this Python parses it: when Python's minor version
    changed, code digests differ whatever the code, so the version is named
    alone in place of every cell and module.
    """
    old_versions, new_versions = old.get("versions", {}), new["versions"]
    python = old_versions.get("python") != new_versions.get("python")
    if python:
        reasons = [
            f"Python {old_versions.get('python')} -> {new_versions.get('python')} "
            "(code is compared as each Python parses it, so edits cannot be told apart)"
        ]
    else:
        reasons = _cell_changes(old.get("cells"), new["cells"], example)
        reasons += _input_changes(old.get("inputs", {}), new["inputs"])
    for name in sorted((set(old_versions) | set(new_versions)) - {"python"}):
        if old_versions.get(name) != new_versions.get(name):
            reasons.append(
                f"{name} {old_versions.get(name)} -> {new_versions.get(name)}"
            )
    reasons += _execution_changes(old.get("execution", {}), new["execution"])
    for key in ("mode", "threads", "artifact_format"):
        if old.get(key) != new[key]:
            reasons.append(f"{key} {old.get(key)} -> {new[key]}")
    return reasons


def _input_changes(old, new):
    return [
        f"{path} changed"
        for path in sorted(set(old) | set(new))
        if old.get(path) != new.get(path)
    ]


def _execution_changes(old, new):
    if not old:
        return ["recorded before the kernel environment was fingerprinted"]
    reasons = []
    for part in ("kernel", "executor"):
        before, after = old.get(part, {}), new[part]
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name):
                reasons.append(
                    f"{part} {name} {before.get(name)!r} -> {after.get(name)!r}"
                )
    return reasons


def _cell_changes(old, new, example):
    if old is None:
        return ["recorded before code cells were fingerprinted"]
    if len(old) != len(new):
        return [f"code cells {len(old)} -> {len(new)}"]
    lines = [example.cell_lines[i] for i, _ in example.code_cells] if example else []
    return [
        f"code cell at line {lines[n]} changed"
        if lines
        else f"code cell {n + 1} changed"
        for n, (before, after) in enumerate(zip(old, new, strict=True))
        if before != after
    ]


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _first_installed(distributions):
    for distribution in distributions:
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return None


def _relative(path, examples_dir):
    """The module's path as the manifest names it: relative to the examples' parent."""
    base = Path(examples_dir).resolve().parent
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.resolve().as_posix()
