"""One job per example, then a merge: what the release workflow does, run here.

list-stale names the examples to run; two processes, as two CI jobs, each
build one into a folder of its own; `merge` takes both into the target, which
then checks fresh and equals, byte for byte, a single local build. Folders
built otherwise (another mode, other library versions) are refused.
"""

import json
import subprocess
import sys

import pytest
from checkout import REPO
from test_build import snapshot, tiny_examples

from sitebuild import layout, settings, shards

BUILD = [sys.executable, str(REPO / "build_figures.py")]


@pytest.fixture
def examples(tmp_path):
    return tiny_examples(tmp_path / "examples")


def build(*args, examples):
    return subprocess.run(
        [*BUILD, *map(str, args), "--examples", str(examples)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def merge(*args, examples):
    return subprocess.run(
        [*BUILD, "merge", *map(str, args), "--examples", str(examples)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def results(root, name):
    """The files that carry results: snippets and figures (manifests hold run times)."""
    folder = layout.on_disk(root, name).folder
    return {
        part: snapshot(folder / part)
        for part in (layout.SNIPPETS, layout.FIGURES)
        if (folder / part).is_dir()
    } | {"values": layout.on_disk(root, name).values.read_bytes()}


def test_list_stale_run_one_per_job_merge_and_check(examples, tmp_path):
    target, single = tmp_path / "published", tmp_path / "single"
    listed = build("--fast", "--out", target, "--list-stale", examples=examples)
    names = json.loads(listed.stdout)
    assert names == ["other", "tiny"]
    jobs = [
        subprocess.Popen(
            [
                *BUILD,
                "--fast",
                "--only",
                name,
                "--out",
                str(tmp_path / f"shard-{name}"),
                "--examples",
                str(examples),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name in names
    ]
    for job in jobs:
        _, errors = job.communicate(timeout=600)
        assert job.returncode == 0, errors
    shards = [tmp_path / f"shard-{name}" for name in names]
    merged = merge("--fast", "--out", target, *shards, examples=examples)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "merged 2 (other, tiny), refused 0" in merged.stdout
    assert (
        build("--fast", "--out", target, "--check", examples=examples).returncode == 0
    )
    assert (
        json.loads(
            build("--fast", "--out", target, "--list-stale", examples=examples).stdout
        )
        == []
    )
    assert build("--fast", "--out", single, examples=examples).returncode == 0
    for name in names:
        assert results(target, name) == results(single, name), name


def test_a_folder_built_in_another_mode_is_refused(examples, tmp_path):
    shard = tmp_path / "shard"
    assert build("--out", shard, "--only", "tiny", examples=examples).returncode == 0
    merged = merge("--fast", "--out", tmp_path / "target", shard, examples=examples)
    assert merged.returncode == 1
    assert (
        f"refused {shard / 'tiny'}: not a fast-mode build of this checkout"
        in merged.stderr
    )
    assert "mode full -> fast" in merged.stderr
    assert not (tmp_path / "target" / "tiny").exists()


def test_a_folder_built_with_other_library_versions_is_refused(examples, tmp_path):
    shard = tmp_path / "shard"
    assert (
        build("--fast", "--out", shard, "--only", "other", examples=examples).returncode
        == 0
    )
    manifest_path = layout.on_disk(shard, "other").manifest
    manifest = json.loads(manifest_path.read_text())
    manifest["versions"]["tensorflow"] = "2.20.0"  # as another runner would record
    manifest["input_hash"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    merged = merge("--fast", "--out", tmp_path / "target", shard, examples=examples)
    assert merged.returncode == 1
    assert "tensorflow 2.20.0 -> " in merged.stderr
    assert not (tmp_path / "target" / "other").exists()


def test_the_same_example_in_two_shards_is_refused_from_the_second(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for root in (first, second):
        manifest = layout.on_disk(root, "tiny").manifest
        manifest.parent.mkdir(parents=True)
        manifest.write_text("{}")
    said = []
    result = shards.merge(
        [first, second], tmp_path / "target", settings.FAST, tmp_path / "examples",
        say=lambda text, error=False: said.append(text),
    )  # fmt: skip
    assert result.refused[str(second / "tiny")] == f"tiny is also in {first}"
    assert result.taken == [] and result.exit_code == 1
    assert f"refused {second / 'tiny'}: tiny is also in {first}" in said
