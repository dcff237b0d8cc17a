"""Hash everything an example's results depend on, and nothing else.

A result depends on code, not on prose. The fingerprint covers the code of
the example's code cells, each local module the example really imports
(followed transitively, each module on its own; the data loader among them
pins the data's checksums), the library versions, the mode, the threads each
example may use and the artifact format. Code is hashed as its syntax tree,
so comments, docstrings and formatting are not inputs either.

Markdown cells, the header (title, description, dates) and cell metadata
(tags, snippet and figure names) shape the page but not the results: they
make up the separate page hash, and a change there is merged into the stored
outputs without running anything (see `freshness` and `merge`).
"""

import ast
import functools
import hashlib
import json
import os
import platform
from importlib import metadata
from pathlib import Path

from . import imports, settings

SITEBUILD = Path(__file__).resolve().parent


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


def code_digest(source):
    """A digest of what code does: its syntax tree, blind to comments, docstrings and layout.

    Code that does not parse (an IPython magic) is hashed as it is written.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _sha256(source.encode())[:16]
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and _is_docstring(body[0]):
            body[0] = ast.Pass()  # documentation, not behaviour
    return _sha256(ast.dump(tree).encode())[:16]


def _is_docstring(statement):
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def fingerprint(example, mode, examples_dir=settings.EXAMPLES_DIR):
    """Everything that decides the example's results, and one hash over all of it."""
    modules = imports.local_modules(example.path, examples_dir)
    described = {
        "cells": [code_digest(cell.source) for _, cell in example.code_cells],
        "inputs": {
            _relative(path, examples_dir): code_digest(path.read_text("utf-8"))
            for path in modules
        },
        "versions": library_versions(),
        "mode": mode,
        "threads": settings.THREADS_PER_EXAMPLE,
        "artifact_format": settings.ARTIFACT_FORMAT,
    }
    canonical = json.dumps(described, sort_keys=True).encode()
    return {**described, "input_hash": _sha256(canonical)}


def page_inputs(example):
    """What shapes the page around the results: the example's text and the assembly code."""
    return {
        "source_hash": _sha256(example.path.read_bytes()),
        "assembly_hash": assembly_hash(),
    }


@functools.cache
def assembly_hash():
    """The build code that turns stored outputs into pages and downloads.

    A change there re-assembles every example's artifacts from its stored
    outputs, with no kernel started. Read once per process: the hash names
    the code this process runs, even if the files change under it.
    """
    digest = hashlib.sha256()
    for name in settings.ASSEMBLY_MODULES:
        digest.update((SITEBUILD / f"{name}.py").read_bytes())
    return digest.hexdigest()


def changes(old, new, example=None):
    """Readable reasons why the fingerprint `new` differs from the recorded `old`."""
    reasons = _cell_changes(old.get("cells"), new["cells"], example)
    old_inputs = old.get("inputs", {})
    for path in sorted(set(old_inputs) | set(new["inputs"])):
        if old_inputs.get(path) != new["inputs"].get(path):
            reasons.append(f"{path} changed")
    old_versions, new_versions = old.get("versions", {}), new["versions"]
    for name in sorted(set(old_versions) | set(new_versions)):
        if old_versions.get(name) != new_versions.get(name):
            reasons.append(
                f"{name} {old_versions.get(name)} -> {new_versions.get(name)}"
            )
    for key in ("mode", "threads", "artifact_format"):
        if old.get(key) != new[key]:
            reasons.append(f"{key} {old.get(key)} -> {new[key]}")
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
