"""Artifacts are checked, not trusted: digests, strict reads, merges that refuse, writes recovered.

A tiny project is built once for the module; each test plants its bad input
in a copy, then asserts the clear error and that what was published stayed.
"""

import json
import os
import shutil

import pytest
from test_build import build, snapshot, tiny_examples

from sitebuild import catalog, layout, settings, shards
from sitebuild.errors import ArtifactError


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("artifacts")
    examples = tiny_examples(root / "examples")
    result = build(examples, root / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def project(built, tmp_path):
    """(examples, out): copies of the built project."""
    for name in ("examples", "out"):
        shutil.copytree(built / name, tmp_path / name)
    return tmp_path / "examples", tmp_path / "out"


def test_the_manifest_records_the_digest_of_every_other_file(project):
    _, out = project
    folder = layout.on_disk(out, "tiny")
    manifest = catalog.read_manifest(out, "tiny")
    assert manifest[catalog.DIGESTS] == catalog.digests(folder)
    assert set(manifest[catalog.DIGESTS]) == {
        path.relative_to(folder.folder).as_posix()
        for path in folder.expected(manifest)
        if path != folder.manifest
    }


def test_a_hand_edited_value_is_refused_by_check_and_made_again_by_a_build(project):
    examples, out = project
    values = layout.on_disk(out, "tiny").values
    written = values.read_bytes()
    values.write_text(values.read_text().replace("{", '{"answer": 41, ', 1))
    checked = build(examples, out, "--check")
    assert checked.returncode == 1
    assert "tiny: edited by hand (values.json is not the file the build wrote)" in (
        checked.stdout
    )
    rebuilt = build(examples, out)
    assert "tiny: prose updated, nothing run (values.json is not the file" in (
        rebuilt.stdout
    )
    assert values.read_bytes() == written


def test_a_conflict_marked_notebook_is_unreadable_and_run_again(project):
    examples, out = project
    notebook = layout.on_disk(out, "other").notebook
    notebook.write_text("<<<<<<< HEAD\n" + notebook.read_text() + ">>>>>>> theirs\n")
    checked = build(examples, out, "--check")
    assert checked.returncode == 1
    assert "other: edited by hand (other.ipynb is not the file the build wrote)" in (
        checked.stdout
    )
    rebuilt = build(examples, out)
    assert "other: running in fast mode (other.ipynb is not the file" in rebuilt.stdout


def test_an_unreadable_manifest_is_named_unreadable_not_missing(project):
    examples, out = project
    layout.on_disk(out, "other").manifest.write_text('{"example": "other",')
    with pytest.raises(ArtifactError, match=r"manifest.json: unreadable \(Expecting"):
        catalog.read_manifest(out, "other")
    assert catalog.read_manifest(out, "nowhere") is None  # absent: missing
    checked = build(examples, out, "--check")
    assert (
        "other: unreadable: manifest.json does not parse (Expecting" in checked.stdout
    )
    assert "other: missing" not in checked.stdout


def test_writes_cut_short_are_named_by_check_and_recovered_by_a_build(project):
    examples, out = project
    before = snapshot(out / "other")
    staging = out / ".tiny.new-abc123"
    staging.mkdir()
    (staging / layout.PAGE).write_text("half")
    (out / "other").rename(out / ".other.previous")  # cut between the two renames
    checked = build(examples, out, "--check")
    assert checked.returncode == 1
    assert "other: missing: no artifacts, but .other.previous is left" in checked.stdout
    assert ".tiny.new-abc123: left by a write cut short" in checked.stdout
    rebuilt = build(examples, out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "recovered: put back other/ from .other.previous" in rebuilt.stdout
    assert "recovered: removed the half-written .tiny.new-abc123" in rebuilt.stdout
    assert "0 run," in rebuilt.stdout
    assert snapshot(out / "other") == before


def shard_of(out, tmp_path, name):
    shard = tmp_path / f"shard-{name}"
    shard.mkdir()
    shutil.copytree(out / name, shard / name)
    return shard


def merged(shard, target, examples):
    said = []
    result = shards.merge(
        [shard], target, settings.FAST, examples, say=lambda m, **_: said.append(m)
    )
    return result, "\n".join(said)


def plant_link(folder):
    figure = layout.on_disk(folder.parent, folder.name).figure("line")
    figure.unlink()
    os.symlink("/etc/passwd", figure)
    return "holds symbolic links (tiny/figures/line.png)"


def plant_unlisted(folder):
    (folder / "extra.js").write_text("alert(1)")
    return "holds files its manifest does not list: extra.js"


def plant_outside(folder):
    manifest = json.loads((folder / layout.MANIFEST).read_text())
    manifest[catalog.DIGESTS]["../../outside.txt"] = "0" * 64
    (folder / layout.MANIFEST).write_text(json.dumps(manifest))
    return "its manifest lists paths outside the folder: ../../outside.txt"


def plant_edit(folder):
    snippet = layout.on_disk(folder.parent, folder.name).snippet("answer")
    snippet.write_text("```text\n41\n```\n")
    return "not what a build wrote: snippets/answer.md is not the file the build wrote"


@pytest.mark.parametrize(
    "plant", [plant_link, plant_unlisted, plant_outside, plant_edit]
)
def test_merge_refuses_a_shard_that_is_not_what_a_build_wrote(project, tmp_path, plant):
    examples, out = project
    target = tmp_path / "target"
    shutil.copytree(out, target)
    before = snapshot(target)
    shard = shard_of(out, tmp_path, "tiny")
    problem = plant(shard / "tiny")
    result, said = merged(shard, target, examples)
    assert list(result.refused) == [str(shard / "tiny")]
    assert problem in said
    assert snapshot(target) == before


def test_a_shard_folder_that_is_a_link_is_refused(project, tmp_path):
    examples, out = project
    shard = tmp_path / "shard"
    shard.mkdir()
    os.symlink(out / "tiny", shard / "tiny")
    result, said = merged(shard, tmp_path / "target", examples)
    assert result.refused and "holds symbolic links (tiny)" in said
    assert not (tmp_path / "target" / "tiny").exists()
