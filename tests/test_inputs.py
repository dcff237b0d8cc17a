"""What the build counts as an input, and what it refuses to guess: no kernel runs here.

The fingerprint sees a cell as IPython runs it; imports are followed in every
form Python offers or refused naming the line; the kernel starts from a
declared environment; the engine code that shapes artifacts is found by
following imports, not listed by hand.
"""

import json
import subprocess
import sys

import nbformat
import pytest

from sitebuild import execute, fingerprint, imports, settings, sources
from sitebuild.errors import ExampleError

code = fingerprint.code_digest


@pytest.mark.parametrize(
    "before, after",
    [
        ("x", "x;"),  # IPython shows the value of the first, not of the second
        ('"0.95"', '"0.12"'),  # a cell that only shows a string shows it
        ("for i in []:\n    'a'", "for i in []:\n    'b'"),
        ("x = 1", "%time x = 1"),  # a magic is code
    ],
)
def test_what_changes_what_a_cell_shows_changes_its_digest(before, after):
    assert code(before) != code(after)


@pytest.mark.parametrize(
    "before, after",
    [
        ("x = 1", "x = 1  # a comment"),
        ("def f():\n    'doc'\n    return 1", "def f():\n    'other'\n    return 1"),
        ("x = (1,\n 2)", "x = (1, 2)"),
    ],
)
def test_comments_layout_and_function_docstrings_are_no_input(before, after):
    assert code(before) == code(after)


def test_a_helper_modules_docstring_is_documentation():
    assert code('"""One."""\nA = 1', False) == code('"""Two."""\nA = 1', False)


def cell(source, tags=()):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})


def test_the_tags_the_executor_acts_on_are_inputs_and_others_are_not():
    plain = fingerprint.cell_digest(cell("x = 1"))
    assert fingerprint.cell_digest(cell("x = 1", ["skip-execution"])) != plain
    assert fingerprint.cell_digest(cell("x = 1", ["raises-exception"])) != plain
    assert fingerprint.cell_digest(cell("x = 1", ["remove-cell"])) == plain


HELPERS = {
    "helpers/__init__.py": "__all__ = ['starred']\n",
    "helpers/dynamic.py": "A = 1\n",
    "helpers/dunder.py": "B = 2\n",
    "helpers/starred.py": "C = 3\n",
    "helpers/unused.py": "D = 4\n",
}
HEADER = '"""\nTitle: T\nDescription: D.\n"""\n\n# %%\n'


def example_in(folder, body):
    for name, text in HELPERS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "page.py").write_text(HEADER + body)
    return sources.load(folder / "page.py")


def test_every_import_form_with_a_literal_name_is_followed(tmp_path):
    example = example_in(
        tmp_path,
        "import importlib\n"
        "importlib.import_module('helpers.dynamic')\n"
        "__import__('helpers.dunder')\n"
        "from helpers import *\n",
    )
    found = {p.name for p in imports.example_modules(example, tmp_path)}
    assert found == {"__init__.py", "dynamic.py", "dunder.py", "starred.py"}


def test_a_helper_edited_in_a_running_process_is_read_again(tmp_path):
    # The helpers' imports are worked out once per text (a `mkdocs serve`
    # process runs for hours): an edit, or a new `__all__` in the package a
    # helper star-imports, must still be seen.
    example = example_in(tmp_path, "from helpers import dynamic\n")

    def found():
        return {p.name for p in imports.example_modules(example, tmp_path)}

    assert found() == {"__init__.py", "dynamic.py"}
    (tmp_path / "helpers/dynamic.py").write_text("from helpers import *\n")
    assert found() == {"__init__.py", "dynamic.py", "starred.py"}
    (tmp_path / "helpers/__init__.py").write_text("__all__ = ['unused']\n")
    assert found() == {"__init__.py", "dynamic.py", "unused.py"}


@pytest.mark.parametrize(
    "line, refused",
    [
        ("importlib.import_module(name)", "import_module() of a computed"),
        ("__import__('.x')", "__import__() of a computed or relative name"),
        ("sys.path.insert(0, 'elsewhere')", "changes sys.path"),
        ("runpy.run_path('helpers/dynamic.py')", "run_path() runs a file by path"),
        ("exec(open('x.py').read())", "exec() of a computed string"),
        ("# %run helpers/dynamic.py", "IPython's %run runs or loads a file"),
    ],
)
def test_an_import_the_build_cannot_follow_is_refused_naming_the_line(
    tmp_path, line, refused
):
    example = example_in(
        tmp_path, f"import importlib, runpy, sys\nname = 'x'\n{line}\n"
    )
    line_number = (HEADER + "x\nx\n").count("\n") + 1
    with pytest.raises(ExampleError) as error:
        imports.example_modules(example, tmp_path)
    assert str(error.value).startswith(f"{example.path}:{line_number}: ")
    assert refused in str(error.value)
    assert "Import the module by name" in str(error.value)


def test_the_kernel_gets_only_declared_variables(monkeypatch):
    before = fingerprint.execution()
    for name in ("KERAS_BACKEND", "TF_ENABLE_ONEDNN_OPTS", "CUDA_VISIBLE_DEVICES"):
        monkeypatch.setenv(name, "1")
    env = execute.kernel_env(settings.FAST)
    assert not {"KERAS_BACKEND", "TF_ENABLE_ONEDNN_OPTS", "CUDA_VISIBLE_DEVICES"} & set(
        env
    )
    assert env[settings.MODE_VARIABLE] == settings.FAST
    assert set(settings.KERNEL_ENV.items()) <= set(env.items())
    assert env["MPLCONFIGDIR"].startswith(str(settings.KERNEL_CONFIG_DIR))
    assert fingerprint.execution() == before  # withheld, so no input


def test_pythonpath_reaches_the_kernel_and_the_fingerprint(monkeypatch):
    monkeypatch.delenv("PYTHONPATH", raising=False)
    before = {"execution": fingerprint.execution()}
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    assert execute.kernel_env(settings.FAST)["PYTHONPATH"] == "/somewhere"
    after = {"execution": fingerprint.execution()}
    assert fingerprint._execution_changes(before["execution"], after["execution"]) == [
        "kernel PYTHONPATH None -> '/somewhere'"
    ]


def test_the_engine_hash_covers_every_module_the_producer_loads():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, sitebuild.produce; print(sorted("
         "m for m in sys.modules if m.startswith('sitebuild')))"],
        capture_output=True, text=True, check=True, cwd=settings.REPO_ROOT,
    )  # fmt: skip
    modules = {
        path.relative_to(settings.REPO_ROOT)
        .with_suffix("")
        .as_posix()
        .replace("/", ".")
        for path in imports.local_modules(
            fingerprint.PRODUCER, settings.REPO_ROOT, follow_dynamic=False
        )
    }
    hashed = {m.removesuffix(".__init__") for m in modules} | {"sitebuild.produce"}
    assert hashed == set(json.loads(loaded.stdout.replace("'", '"')))


def test_a_new_python_minor_is_named_alone():
    old = {
        "cells": ["a", "b"],
        "inputs": {"examples/x.py": "1"},
        "versions": {"python": "3.11", "keras": "3.15.1"},
        "execution": fingerprint.execution(),
        "mode": settings.FULL,
        "threads": 1,
        "artifact_format": settings.ARTIFACT_FORMAT,
    }
    new = {**old, "cells": ["c", "d"], "inputs": {"examples/x.py": "2"}}
    new["versions"] = {"python": "3.12", "keras": "3.15.1"}
    [reason] = fingerprint.changes(old, new)
    assert reason.startswith("Python 3.11 -> 3.12 (code is compared as each Python")
    new["versions"] = {"python": "3.11", "keras": "3.15.1"}
    assert fingerprint.changes(old, new) == [
        "code cell 1 changed",
        "code cell 2 changed",
        "examples/x.py changed",
    ]


@pytest.mark.parametrize(
    "name, reason",
    [
        ("index", "collides with the artifact layout"),
        ("numpy", "would shadow the module `numpy`"),
        ("keras", "would shadow the module `keras`"),
        ("random", "Python's standard library"),
        ("tutorial", "is also the helper package tutorial/"),
        ("my-page", "is not a Python identifier"),
        ("2020_recap", "is not a Python identifier"),
        ("class", "is not a Python identifier"),
    ],
)
def test_names_that_would_collide_are_refused_with_the_reason(name, reason):
    assert reason in sources.name_problem(name, settings.EXAMPLES_DIR)


def test_a_byte_order_mark_is_read_and_not_counted(tmp_path):
    path = tmp_path / "page.py"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "x = 1\n").encode())
    example = sources.load(path)
    assert example.header["Title"] == "T" and example.cell_lines == [7]


def test_editor_and_hidden_files_are_not_examples(tmp_path):
    for name in (".#page.py", ".page.py", "_helper.py", "page.py"):
        (tmp_path / name).write_text(HEADER)
    (tmp_path / "folder.py").mkdir()
    assert [p.name for p in sources.discover(tmp_path)] == ["page.py"]


def test_the_examples_spell_the_modes_and_variables_as_the_build_does():
    # Examples never import the build code: the shared names are checked here.
    from tutorial import data, mode

    assert mode.MODE_VARIABLE == settings.MODE_VARIABLE
    assert mode.MODES == (settings.FULL, settings.FAST)
    assert data.DATA_DIR_VARIABLE in settings.KERNEL_ENV
