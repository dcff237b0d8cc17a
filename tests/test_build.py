"""build_figures.py on a tiny project: skipping, re-running, failing precisely, atomically."""

import hashlib
import json
import shutil
import textwrap

import pytest
from checkout import run_build

from sitebuild import catalog, errors, layout, pipeline, settings, sources, store
from sitebuild.lock import LOCK_FILE

TINY = '''\
"""
Title: Tiny
Description: A tiny example for the build tests.
"""

# %% [markdown]
# Some prose.

# %%
import _helper as helper

# %% snippet="answer"
print(helper.ANSWER)

# %% figure="line"
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.show()
'''

OTHER = '''\
"""
Title: Other
Description: Another tiny example.
"""

# %%
value = 6 * 7

# %% snippet="value"
print(value)
'''


def tiny_examples(folder):
    """Two tiny examples and the helper module one of them imports, in `folder`."""
    folder.mkdir()
    (folder / "tiny.py").write_text(TINY)
    (folder / "other.py").write_text(OTHER)
    (folder / "_helper.py").write_text("ANSWER = 42\n")
    return folder


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The tiny examples folder built into out/, once for the module."""
    root = tmp_path_factory.mktemp("tiny")
    result = build(tiny_examples(root / "examples"), root / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def project(built_once, tmp_path):
    """A copy of the built tiny project of this test's own: (examples, out)."""
    for part in ("examples", "out"):
        shutil.copytree(built_once / part, tmp_path / part, symlinks=True)
    return tmp_path / "examples", tmp_path / "out"


def build(examples, out, *args):
    return run_build("--fast", "--examples", examples, "--out", out, *args)


def leftovers(out):
    """Hidden staging or previous folders left in `out` (the lock file is not one)."""
    return [p for p in out.iterdir() if p.name.startswith(".") and p.name != LOCK_FILE]


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_first_build_writes_artifacts(project):
    _, out = project
    assert (
        layout.on_disk(out, "tiny").snippet("answer").read_text()
        == "```text\n42\n```\n"
    )
    assert (
        layout.on_disk(out, "tiny").figure("line").read_bytes().startswith(b"\x89PNG")
    )
    assert layout.on_disk(out, "other").snippet("value").is_file()


def test_no_change_rebuild_runs_nothing(project):
    examples, out = project
    result = build(examples, out)
    assert result.returncode == 0
    assert result.stdout.count("fresh, skipped") == 2
    assert "0 run, 0 prose updated, 2 fresh, 0 failed" in result.stdout


def test_a_changed_local_module_reruns_only_its_importers(project):
    examples, out = project
    (examples / "_helper.py").write_text("ANSWER = 43\n")
    result = build(examples, out)
    assert (
        "tiny: running in fast mode (" in result.stdout
        and "_helper.py changed" in result.stdout
    )
    assert "other: fresh, skipped" in result.stdout
    assert (
        layout.on_disk(out, "tiny").snippet("answer").read_text()
        == "```text\n43\n```\n"
    )


def test_check_reports_stale_missing_and_orphaned(project):
    examples, out = project
    assert build(examples, out, "--check").returncode == 0
    (examples / "other.py").write_text(OTHER.replace("6 * 7", "6 * 8"))
    (out / "gone").mkdir()
    result = build(examples, out, "--check")
    assert result.returncode == 1
    line = OTHER.splitlines().index("value = 6 * 7") + 1
    assert f"other: stale: code cell at line {line} changed" in result.stdout
    assert (
        f"`{settings.BUILD_COMMAND} --fast --examples {examples} --out {out} --only other`"
        in result.stdout
    )
    assert "gone: orphaned" in result.stdout
    assert "tiny:" not in result.stdout.replace("tiny: fresh", "")


def test_failing_example_is_named_and_its_artifacts_kept(project):
    examples, out = project
    before = snapshot(out / "tiny")
    broken = TINY.replace("print(helper.ANSWER)", "print(helper.ANSWER)\nprint(1 / 0)")
    (examples / "tiny.py").write_text(broken)
    (examples / "other.py").write_text(OTHER.replace("6 * 7", "6 * 9"))
    result = build(examples, out)
    assert result.returncode == 1
    line = broken.splitlines().index("print(1 / 0)") + 1
    assert f"tiny.py:{line} (cell 3): ZeroDivisionError" in result.stderr
    assert "failed: tiny" in result.stderr
    assert "--only tiny" in result.stderr
    assert snapshot(out / "tiny") == before
    assert (
        layout.on_disk(out, "other").snippet("value").read_text()
        == "```text\n54\n```\n"
    )
    assert leftovers(out) == []


def test_syntax_error_names_the_line_before_anything_runs(project):
    examples, out = project
    before = snapshot(out / "tiny")
    (examples / "tiny.py").write_text(
        TINY.replace("plt.plot([1, 2, 3])", "plt.plot([1, 2, 3)")
    )
    result = build(examples, out, "--only", "tiny")
    assert result.returncode == 1
    line = TINY.splitlines().index("plt.plot([1, 2, 3])") + 1
    assert f"tiny.py:{line}: syntax error" in result.stderr
    assert snapshot(out / "tiny") == before


def test_an_example_over_its_budget_is_stopped(project):
    examples, out = project
    (examples / "slow.py").write_text(
        OTHER.replace("Title: Other", "Title: Slow\nTimeout: 3").replace(
            "value = 6 * 7", "import time\ntime.sleep(60)"
        )
    )
    result = build(examples, out, "--only", "slow")
    assert result.returncode == 1
    assert "slow.py:" in result.stderr and "budget of 3 s" in result.stderr
    assert not (out / "slow").exists()


def test_unknown_example_name_is_an_error(project):
    examples, out = project
    result = build(examples, out, "--only", "nope")
    assert result.returncode != 0 and "no example named nope" in result.stderr


def test_side_by_side_gives_what_one_at_a_time_gives(project, tmp_path):
    examples, out = project  # built with the default --jobs
    serial = tmp_path / "serial"
    result = build(examples, serial, "--jobs", "1")
    assert result.returncode == 0 and "at a time" not in result.stdout
    for name in ("tiny", "other"):
        snippets = layout.on_disk(serial, name).folder / layout.SNIPPETS
        assert snapshot(snippets) == snapshot(out / name / layout.SNIPPETS)
    parallel = build(examples, tmp_path / "parallel", "--jobs", "2")
    assert "2 run, 0 prose updated, 0 fresh, 0 failed" in parallel.stdout
    assert ", 2 at a time ->" in parallel.stdout


def test_longest_first_falls_back_on_the_published_run_times(tmp_path):
    def manifests(folder, **seconds):
        for name, value in seconds.items():
            (folder / name).mkdir(parents=True)
            (folder / name / layout.MANIFEST).write_text(
                json.dumps({"run_seconds": value})
            )

    out, published = tmp_path / "out", tmp_path / "published"
    manifests(out, a=50)
    manifests(published, a=1, b=300, c=20)
    paths = [tmp_path / f"{name}.py" for name in "abcd"]
    ordered = pipeline.longest_first(paths, out, published)
    # d was never run anywhere: first. a's time in out (50) wins over its
    # published 1; b and c have only their published times (300, 20).
    assert [path.stem for path in ordered] == ["d", "b", "a", "c"]


def test_longest_first_counts_what_the_run_store_served(tmp_path):
    # a ran in 40 s, reading 400 s of training from the store: with nothing
    # stored it costs 440 s, more than b's 300 s with nothing read.
    served = {"a": (40, 400), "b": (300, 0)}
    for name, (seconds, loaded) in served.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / layout.MANIFEST).write_text(
            json.dumps(
                {"run_seconds": seconds, "run_store": {"loaded_seconds": loaded}}
            )
        )
    paths = [tmp_path / f"{name}.py" for name in "ba"]
    assert [p.stem for p in pipeline.longest_first(paths, tmp_path)] == ["a", "b"]


def test_a_failure_side_by_side_stops_only_its_example(project, tmp_path):
    examples, out = project
    (examples / "tiny.py").write_text(TINY.replace("print(helper.ANSWER)", "1 / 0"))
    result = build(examples, tmp_path / "fresh", "--jobs", "2")
    assert result.returncode == 1
    assert "tiny.py:" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "1 run, 0 prose updated, 0 fresh, 1 failed" in result.stdout
    assert layout.on_disk(tmp_path / "fresh", "other").snippet("value").is_file()


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(project, jobs):
    examples, out = project
    result = build(examples, out, "--jobs", jobs)
    assert result.returncode == 2
    assert "--jobs: expected a whole number of at least 1" in result.stderr


def test_each_kernel_is_held_to_the_fingerprinted_thread_count(project):
    examples, out = project
    (examples / "threads.py").write_text(
        OTHER.replace("Title: Other", "Title: Threads").replace(
            "value = 6 * 7",
            "import os\n"
            "value = [os.environ[v] for v in ('TF_NUM_INTRAOP_THREADS', "
            "'OPENBLAS_NUM_THREADS')]",
        )
    )
    assert build(examples, out, "--only", "threads").returncode == 0
    wanted = str(settings.THREADS_PER_EXAMPLE)
    printed = layout.on_disk(out, "threads").snippet("value").read_text()
    assert f"['{wanted}', '{wanted}']" in printed
    manifest = catalog.read_manifest(out, "threads")
    assert manifest["threads"] == settings.THREADS_PER_EXAMPLE


def test_a_build_on_other_threads_is_stale(project):
    examples, out = project
    manifest_path = out / "other" / layout.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    # As a build with another thread count would have recorded it.
    manifest["threads"] = settings.THREADS_PER_EXAMPLE + 1
    manifest["input_hash"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    result = build(examples, out, "--check")
    assert result.returncode == 1
    old, new = settings.THREADS_PER_EXAMPLE + 1, settings.THREADS_PER_EXAMPLE
    assert f"other: stale: threads {old} -> {new}" in result.stdout


def test_interrupted_write_leaves_the_previous_folder(project, monkeypatch):
    examples, out = project
    before = snapshot(out / "other")

    def fail_midway(folder, *args):
        (folder / "partial.txt").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_all", fail_midway)
    with pytest.raises(KeyboardInterrupt):
        store.write_example(out, "other", artifacts=None, manifest={})
    assert snapshot(out / "other") == before
    assert leftovers(out) == []


def test_a_swap_cut_between_its_renames_is_recovered(project):
    _, out = project
    before = snapshot(out / "other")
    (out / "other").rename(out / ".other.previous")
    store.recover(out, "other")
    assert snapshot(out / "other") == before


@pytest.mark.parametrize(
    "header, problem",
    [
        ("Description: Fine.", "`Title:` is missing"),
        ("Title: T\nDescription:", "`Description:` is missing or empty"),
        ("Title: T\nDescription: " + "x" * 100 + ".", "at most 100"),
        ("Title: T\nDescription: No full stop", "one sentence"),
        ("Title: T\nDescription: Fine.\nTimeout: soon", "whole number of seconds"),
        ("Title: T\nDescription: Fine.\nColour: red", "unknown field(s) Colour"),
    ],
)
def test_header_validator_names_the_problem(header, problem):
    with pytest.raises(
        errors.ExampleError, match=problem.replace("(", r"\(").replace(")", r"\)")
    ):
        sources.parse_header(textwrap.dedent(header), "x.py")


def test_a_valid_header_parses():
    header = sources.parse_header(
        "Title: T\nAuthor: A\nDescription: One sentence.", "x.py"
    )
    assert header == {"Title": "T", "Author": "A", "Description": "One sentence."}


def test_a_page_without_a_figure_is_told_its_gallery_card_has_none(project):
    examples, out = project
    result = build(examples, out, "--force")
    assert result.returncode == 0, result.stderr
    assert "other.py: the page shows no figure" in result.stderr
    assert "tiny.py: the page shows no figure" not in result.stderr
