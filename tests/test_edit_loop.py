"""Edit, rebuild: prose costs no kernel, helpers stale only their importers, builds take turns.

Kernel starts are counted for real: the builds run with a PYTHONPATH holding
an `ipykernel_launcher` that notes its start in a file before it starts the
real kernel, so "0 kernels" is measured, not taken from the build's word.
"""

import json
import shutil
import subprocess
import sys
import time

import kernel_starts
import nbformat
import pytest
from checkout import REPO
from test_build import leftovers, snapshot

from sitebuild import catalog, layout, lock, settings, values

EXAMPLE = '''\
"""
Title: Glued
Description: Values in prose, a figure and a snippet.
"""

# %% [markdown]
# The answer is {answer} and the ratio is {ratio:.2%}.

# %%
from tutorial.glue import glue
import helpers.numbers as numbers

# %% tags=["remove-cell"]
glue("answer", numbers.ANSWER)
glue("ratio", 0.12345)

# %% snippet="listing"
print(list(range(3)))

# %% figure="line"
import matplotlib.pyplot as plt

plt.plot([1, 3, 2])
plt.show()
'''

OTHER = '''\
"""
Title: Other
Description: Imports another helper module of the same package.
"""

# %%
from helpers import words

# %% snippet="word"
print(words.WORD)
'''


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """Examples importing modules of one helper package, built once for the module."""
    root = tmp_path_factory.mktemp("edit_loop")
    examples = root / "examples"
    (examples / "helpers").mkdir(parents=True)
    (examples / "helpers" / "__init__.py").write_text("")
    (examples / "helpers" / "numbers.py").write_text("ANSWER = 42\n")
    (examples / "helpers" / "words.py").write_text(
        "from . import numbers\n\nWORD = 'hi'\n"
    )
    (examples / "glued.py").write_text(EXAMPLE)
    (examples / "other.py").write_text(OTHER)
    shim = kernel_starts.shim(root / "shim", root / "starts")
    project = Project(examples, root / "out", shim, root / "starts")
    assert project.build().returncode == 0
    assert project.kernels() == 2
    return root


@pytest.fixture
def project(built_once, tmp_path):
    """A copy of the built project of this test's own; its kernels counted from 0.

    The shim stays the module's: PYTHONPATH, which names it, is an input of
    every fingerprint, so a shim elsewhere would make the copy stale.
    """
    for part in ("examples", "out"):
        shutil.copytree(built_once / part, tmp_path / part, symlinks=True)
    project = Project(
        tmp_path / "examples",
        tmp_path / "out",
        built_once / "shim",
        built_once / "starts",
    )
    project.kernels()  # counted from here
    return project


class Project:
    def __init__(self, examples, out, shim, starts):
        self.examples, self.out, self.shim, self.starts = examples, out, shim, starts

    def build(self, *args, wait=True):
        command = [sys.executable, str(REPO / "build_figures.py"), "--fast",
                   "--examples", str(self.examples), "--out", str(self.out), *args]  # fmt: skip
        env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{self.shim}:{REPO / 'examples'}",
            "HOME": str(self.examples.parent),
        }
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        if not wait:
            return process
        stdout, stderr = process.communicate(timeout=600)
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def kernels(self):
        """Kernels started since the last call."""
        return kernel_starts.count(self.starts)

    def edit(self, name, old, new):
        path = self.examples / name
        text = path.read_text()
        assert old in text, (old, name)
        path.write_text(text.replace(old, new))


def outputs_of(out, name):
    """Every output of the take-home notebook, as JSON text."""
    notebook = nbformat.read(layout.on_disk(out, name).notebook, as_version=4)
    return json.dumps([cell.get("outputs") for cell in notebook.cells])


def page_prose(out, name):
    notebook = nbformat.read(layout.on_disk(out, name).page, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def notebook_metadata(out, name):
    """The notebook-level metadata of the page and of the download."""
    folder = layout.on_disk(out, name)
    return [
        nbformat.read(path, as_version=4).metadata
        for path in (folder.page, folder.notebook)
    ]


def test_values_fill_the_prose_and_are_saved(project):
    assert "The answer is 42 and the ratio is 12.35%." in page_prose(
        project.out, "glued"
    )
    values = json.loads(layout.on_disk(project.out, "glued").values.read_text())
    assert values == {"answer": 42, "ratio": 0.12345}


def test_a_markdown_edit_is_merged_with_no_kernel_and_identical_outputs(project):
    folder = layout.on_disk(project.out, "glued")
    before_outputs = outputs_of(project.out, "glued")
    before_files = snapshot(folder.folder / layout.FIGURES) | snapshot(
        folder.folder / layout.SNIPPETS
    )
    run_date = json.loads(folder.manifest.read_text())["run_date"]
    ran_metadata = notebook_metadata(project.out, "glued")
    assert all("language_info" in m for m in ran_metadata)  # the kernel's reply
    project.edit("glued.py", "The answer is", "We find that the answer is")
    project.edit("glued.py", "Title: Glued", "Title: Glued again")
    project.edit("glued.py", "# %% snippet", '# %% tags=["remove-input"] snippet')
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "glued: prose updated, nothing run" in result.stdout
    assert "0 run, 1 prose updated, 1 fresh, 0 failed" in result.stdout
    assert project.kernels() == 0
    assert outputs_of(project.out, "glued") == before_outputs
    assert notebook_metadata(project.out, "glued") == ran_metadata
    assert (
        snapshot(folder.folder / layout.FIGURES)
        | snapshot(folder.folder / layout.SNIPPETS)
    ) == before_files
    assert "We find that the answer is 42" in page_prose(project.out, "glued")
    manifest = json.loads(folder.manifest.read_text())
    assert manifest["title"] == "Glued again" and manifest["run_date"] == run_date
    assert "# Glued again" in folder.script.read_text()


def test_a_code_edit_runs_the_example(project):
    project.edit("glued.py", "[1, 3, 2]", "[1, 3, 3]")
    result = project.build()
    assert "glued: running in fast mode (code cell at line" in result.stdout
    assert project.kernels() == 1


def test_a_comment_in_code_is_not_a_code_change(project):
    project.edit("glued.py", "plt.show()", "plt.show()  # draw it")
    assert "prose updated, nothing run" in project.build().stdout
    assert project.kernels() == 0


def test_a_renamed_export_is_extracted_again_from_the_stored_outputs(project):
    folder = layout.on_disk(project.out, "glued")
    png = folder.figure("line").read_bytes()
    project.edit("glued.py", 'figure="line"', 'figure="curve"')
    project.edit("glued.py", 'snippet="listing"', 'snippet="numbers"')
    assert project.build().returncode == 0
    assert project.kernels() == 0
    assert (
        folder.figure("curve").read_bytes() == png
        and not folder.figure("line").exists()
    )
    assert folder.snippet("numbers").read_text() == "```text\n[0, 1, 2]\n```\n"
    assert json.loads(folder.manifest.read_text())["figures"] == ["curve"]


def test_a_helper_edit_stales_only_the_examples_that_import_it(project):
    # glued imports helpers.numbers; other imports helpers.words, which
    # imports helpers.numbers in turn: both depend on numbers, only other on words.
    (project.examples / "helpers" / "words.py").write_text(
        "from . import numbers\n\nWORD = 'hello'\n"
    )
    result = project.build("--check")
    assert "other: stale: examples/helpers/words.py changed" in result.stdout
    assert "glued: fresh" in result.stdout
    (project.examples / "helpers" / "numbers.py").write_text("ANSWER = 43\n")
    result = project.build()
    assert "glued: running" in result.stdout and "other: running" in result.stdout
    assert project.kernels() == 2
    assert "The answer is 43" in page_prose(project.out, "glued")


def test_a_helper_comment_stales_nothing(project):
    (project.examples / "helpers" / "numbers.py").write_text(
        "# the answer\nANSWER = 42\n"
    )
    result = project.build("--check")
    assert result.returncode == 0 and "glued: fresh" in result.stdout


def test_check_tells_prose_changes_from_stale_ones(project):
    project.edit("glued.py", "The answer is", "Here the answer is")
    result = project.build("--check")
    assert result.returncode == 0
    assert (
        "glued: prose changed (glued.py: prose, header or cell tags changed)"
        in result.stdout
    )
    project.edit("other.py", "print(words.WORD)", "print(words.WORD * 2)")
    result = project.build("--check")
    assert result.returncode == 1 and "other: stale: code cell at line" in result.stdout
    assert json.loads(project.build("--list-stale").stdout) == ["other"]


def test_a_reference_to_an_unrecorded_value_names_page_cell_and_name(project):
    project.edit("glued.py", "{ratio:.2%}", "{ration:.2%}")
    result = project.build()
    assert result.returncode == 1
    line = EXAMPLE.splitlines().index("# %% [markdown]") + 2
    assert f"glued.py:{line} (cell 1): the prose refers to {{ration}}" in result.stderr
    assert "recorded: answer, ratio" in result.stderr


def test_an_example_that_is_not_utf8_fails_alone(project):
    (project.examples / "latin.py").write_bytes(
        OTHER.replace("Other", "Caf\xe9").encode("latin-1")
    )
    project.edit("other.py", "print(words.WORD)", "print(words.WORD + '!')")
    result = project.build()
    assert result.returncode == 1
    assert (
        "latin.py:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
        in result.stderr
    )
    assert "other: done" in result.stdout
    assert not (project.out / "latin").exists()


def test_two_builds_at_once_take_turns_and_lose_nothing(project, tmp_path):
    # The first build holds the lock until the second is seen waiting for
    # it: glued's cell waits for `go`, which the test makes only then. No
    # sleep decides who comes first, however loaded the machine.
    go = tmp_path / "go"
    project.edit(
        "glued.py",
        "plt.plot([1, 3, 2])",
        f"import pathlib, time\nwhile not pathlib.Path({str(go)!r}).exists():\n"
        "    time.sleep(0.1)\nplt.plot([1, 3, 2])",
    )
    project.edit("other.py", "print(words.WORD)", "print(words.WORD * 3)")
    first = project.build("--jobs", "1", wait=False)
    try:
        holder = wait_for_lock_holder(project.out, first)
        second = project.build("--force", "--only", "other", wait=False)
        waited = lines_until(second.stdout, "waiting: ")
    finally:
        go.touch()  # let the first build go on, whatever happened
    _, first_err = first.communicate(timeout=600)
    _, second_err = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert waited and waited[-1].startswith("waiting: "), waited
    assert holder in waited[-1]  # it names the first build
    assert project.kernels() == 3  # glued and other, then other again, in turn
    assert leftovers(project.out) == []
    for name in ("glued", "other"):
        folder = layout.on_disk(project.out, name)
        manifest = json.loads(folder.manifest.read_text())
        assert all(path.is_file() for path in folder.expected(manifest)), name
    assert "hihihi" in layout.on_disk(project.out, "other").snippet("word").read_text()


def wait_for_lock_holder(root, build, seconds=120):
    """The holder the root's lock file names once `build` holds it ("pid N")."""
    holder, path = f"pid {build.pid} ", root / lock.LOCK_FILE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().startswith(holder):
            return holder
        if build.poll() is not None:
            pytest.fail(
                f"the first build ended before taking the lock:\n{build.stderr.read()}"
            )
        time.sleep(0.05)
    pytest.fail(f"the first build did not take {path} within {seconds} s")


def lines_until(stream, start):
    """The lines read from `stream` up to the first that starts with `start` (or its end)."""
    lines = []
    while not lines or not lines[-1].startswith(start):
        line = stream.readline()
        if not line:
            break
        lines.append(line)
    return lines


LOUD = '''\
"""
Title: Loud
Description: Prints far too much.
"""

# %%
for line in range(300_000):
    print("line", line)

# %%
print("x" * 200_000)
'''


def test_huge_outputs_are_shortened_on_the_page_whole_in_the_downloads(project):
    (project.examples / "loud.py").write_text(LOUD)
    result = project.build("--only", "loud")
    assert result.returncode == 0, result.stderr
    folder = layout.on_disk(project.out, "loud")
    page = nbformat.read(folder.page, as_version=4)
    shown = page.cells[1].outputs[0].text
    assert "line 0\n" in shown and "line 299999\n" in shown
    assert "299,920 more lines not shown on this page" in shown
    assert len(shown.splitlines()) == 81
    # One 200,000-character line is cut to its head and tail too.
    long_line = page.cells[2].outputs[0].text
    assert len(long_line) < 2 * settings.PAGE_LINE_CHARACTERS
    line = LOUD.splitlines().index('print("x" * 200_000)') + 1
    assert "198,000 more characters of this line not shown" in long_line
    assert f"loud.py:{line} (cell 2)" in long_line
    whole = nbformat.read(folder.notebook, as_version=4)
    assert len(whole.cells[4].outputs[0].text.splitlines()) == 300_000
    assert whole.cells[5].outputs[0].text == "x" * 200_000 + "\n"
    assert "over the budget" not in result.stderr


ARRAYS = '''\
"""
Title: Arrays
Description: Records an array for other tools.
"""

# %% [markdown]
# Prose.

# %% tags=["remove-cell"]
import numpy as np
from tutorial.glue import glue_array

glue_array("correct", np.array([[1, 0], [1, 1]], dtype=np.uint8))
'''


def test_a_recorded_array_is_written_listed_read_and_kept_off_the_pages(project):
    (project.examples / "arrays.py").write_text(ARRAYS)
    assert project.build("--only", "arrays").returncode == 0
    folder = layout.on_disk(project.out, "arrays")
    manifest = json.loads(folder.manifest.read_text())
    assert manifest["arrays"] == ["correct"]
    assert "arrays/correct.npy" in manifest["files"]
    read = catalog.Catalog(project.out).array("arrays", "correct")
    assert read.tolist() == [[1, 0], [1, 1]] and str(read.dtype) == "uint8"
    for path in (folder.page, folder.notebook, folder.script):
        assert values.ARRAY_MIME not in path.read_text()
    assert "correct: array of shape" not in folder.page.read_text()
    assert "correct: array of shape (2, 2), uint8" in folder.notebook.read_text()
    npy = folder.array("correct").read_bytes()
    project.edit("arrays.py", "# Prose.", "# Edited prose.")
    assert "prose updated, nothing run" in project.build("--only", "arrays").stdout
    assert folder.array("correct").read_bytes() == npy
    assert catalog.Catalog(project.out).array("arrays", "correct").tolist() == [
        [1, 0],
        [1, 1],
    ]
