"""The `tutorial-examples` MkDocs plugin on a tiny site: `mkdocs build` refuses stale
results and merges prose; a real `mkdocs serve` process previews edits over HTTP."""

import contextlib
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from checkout import REPO
from site_project import run
from test_build import snapshot
from test_edit_loop import EXAMPLE

from sitebuild import catalog, layout, preview, produce, settings
from sitebuild.serving import Previews

MKDOCS_YML = """\
site_name: Tiny
strict: true
plugins:
  - tutorial-examples
  - mkdocs-jupyter:
      include: ["generated/*/index.ipynb"]
      execute: false
      allow_errors: false
      remove_tag_config:
        remove_cell_tags: [remove-cell]
exclude_docs: |
  generated/*/snippets/
"""
HELPERS = {"__init__.py": "", "numbers.py": "ANSWER = 42\n"}
ENV = {"PYTHONPATH": str(REPO / "examples")}  # for `tutorial.glue`


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A tiny site whose one example was built in full mode into docs/generated/,
    once for the module."""
    tmp_path = tmp_path_factory.mktemp("plugin")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    examples = tmp_path / "examples"
    (examples / "helpers").mkdir(parents=True)
    for name, text in HELPERS.items():
        (examples / "helpers" / name).write_text(text)
    (examples / "glued.py").write_text(EXAMPLE)
    built = run(sys.executable, REPO / "build_figures.py", "--examples", examples,
                "--out", tmp_path / "docs" / layout.GENERATED, cwd=tmp_path, env=ENV)  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return tmp_path


@pytest.fixture
def site(built_once, tmp_path):
    """A copy of the tiny built site of this test's own."""
    shutil.copytree(built_once, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path


def edit(site, old, new):
    path = site / "examples" / "glued.py"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def mkdocs_build(site):
    return run(sys.executable, "-m", "mkdocs", "build", cwd=site, env=ENV)


def test_build_fails_naming_the_stale_example_and_the_command(site):
    assert mkdocs_build(site).returncode == 0
    edit(site, "[1, 3, 2]", "[2, 3, 2]")
    result = mkdocs_build(site)
    assert result.returncode != 0
    line = EXAMPLE.splitlines().index("import matplotlib.pyplot as plt") + 1
    assert (
        f"glued: stale: code cell at line {line} changed; refresh it with "
        f"`{settings.BUILD_COMMAND} --only glued`"
    ) in result.stderr


def test_build_merges_a_prose_edit_and_renders_it(site):
    edit(site, "The answer is", "Indeed the answer is")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert "glued: prose updated, nothing run" in result.stderr
    page = (site / "site" / layout.GENERATED / "glued" / "index.html").read_text()
    assert "Indeed the answer is 42 and the ratio is 12.35%." in page
    assert "glue(" not in page  # the remove-cell cell is not on the page


def test_build_refuses_published_results_without_an_example(site):
    (site / "examples" / "glued.py").rename(site / "examples" / "renamed.py")
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "glued: published, but examples/glued.py is gone" in result.stderr
    assert "renamed: missing: no artifacts yet" in result.stderr


@contextlib.contextmanager
def serving(site, seconds=60, env=ENV):
    """A real `mkdocs serve` of the site on a free port; yields its base URL.

    `env` adds to the environment; PYTHONPATH is an input of every
    fingerprint, so it must be the one the site's artifacts were built with.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (site / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site, stdout=log, stderr=subprocess.STDOUT,
        env={**_env(), **env},
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(lambda: fetch(url) is not None, seconds, site)
        # With a site_url, MkDocs serves under its path and redirects the
        # root there. Every 404 is a warning that strict mode counts against
        # the next rebuild, so the tests ask for the real pages only.
        with urllib.request.urlopen(url, timeout=5) as response:
            base = response.geturl()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _env():
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(condition, seconds, site):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError((site / "serve.log").read_text())


def text_of(html):
    return re.sub(r"<[^>]+>", "", html or "")


def test_serve_previews_prose_and_code_edits_and_never_writes_docs(site):
    published = snapshot(site / "docs" / layout.GENERATED)
    with serving(site) as url:
        page = url + "generated/glued/"
        assert "The answer is 42" in text_of(fetch(page))
        edit(site, "The answer is", "Served, the answer is")
        wait_for(lambda: "Served, the answer is 42" in text_of(fetch(page)), 30, site)
        edit(site, "print(list(range(3)))", "print(list(range(7, 10)))")
        shown = lambda: text_of(fetch(page))  # noqa: E731
        wait_for(lambda: "[7, 8, 9]" in shown(), 120, site)
        assert "Fast-mode preview" in shown()
        assert f"{settings.BUILD_COMMAND} --only glued" in shown()
        edit(site, "print(list(range(7, 10)))", "print(1 / 0)")
        wait_for(lambda: "This preview failed" in shown(), 120, site)
        line = EXAMPLE.splitlines().index("print(list(range(3)))") + 1
        assert f"glued.py:{line} (cell 4): ZeroDivisionError" in shown()
    assert snapshot(site / "docs" / layout.GENERATED) == published


def test_a_preview_caught_between_a_builds_two_renames_reads_again(site, monkeypatch):
    # Previews read the published root without its lock, which a full build
    # holds for most of an hour. Its first merge here reads glued's folder
    # while a build has renamed the old one away and not yet the new one in.
    edit(site, "The answer is", "Read again, the answer is")
    published = site / "docs" / layout.GENERATED
    real_merge, merges = produce.merge_prose, []

    def merge_mid_swap(example, status, root, **where):
        merges.append(where["stored_root"])
        if len(merges) > 1:
            return real_merge(example, status, root, **where)
        aside = (published / "glued").rename(site / "glued-aside")
        try:
            return real_merge(example, status, root, **where)
        finally:
            aside.rename(published / "glued")  # the build's second rename

    monkeypatch.setattr(produce, "merge_prose", merge_mid_swap)
    monkeypatch.setenv("PYTHONPATH", ENV["PYTHONPATH"])  # as serve runs it
    examples, previews = site / "examples", site / "build" / "preview"
    command = settings.BUILD_COMMAND
    ok, said = preview.refresh(
        examples / "glued.py", examples, published, previews, command
    )
    assert ok, said
    assert said == f"glued: {preview.DONE[preview.MERGE_PUBLISHED]}"
    assert merges == [published, published]
    page = layout.on_disk(previews, "glued").page.read_text()
    assert "Read again, the answer is" in page


def test_a_prose_error_fails_the_build_cleanly_naming_the_example(site):
    published = snapshot(site / "docs" / layout.GENERATED)
    edit(site, "The answer is {answer}", "The answer is {nosuch}")
    result = mkdocs_build(site)
    assert result.returncode != 0
    line = EXAMPLE.splitlines().index("# %% [markdown]") + 2
    assert f"glued.py:{line} (cell 1): the prose refers to {{nosuch}}" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site / "docs" / layout.GENERATED) == published


def test_a_hand_edited_artifact_is_refused_naming_the_file(site):
    values = layout.on_disk(site / "docs" / layout.GENERATED, "glued").values
    values.write_text(values.read_text().replace("42", "43"))
    published = snapshot(site / "docs" / layout.GENERATED)
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "glued: edited by hand (values.json is not the file the build wrote)" in (
        result.stderr
    )
    assert snapshot(site / "docs" / layout.GENERATED) == published


def test_a_preview_dir_inside_docs_dir_is_refused(site):
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - tutorial-examples\n",
            "  - tutorial-examples:\n      preview_dir: docs/previews\n",
        )
    )
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "preview_dir docs/previews is inside docs_dir" in result.stderr


def test_a_failure_page_is_current_only_for_the_source_that_failed(tmp_path):
    # While serving, a preview that failed on the source as it stands is not
    # run again until the next edit (sitebuild/plugin.py); any doubt runs it.
    source = tmp_path / "tiny.py"
    source.write_text("print(1 / 0)\n")
    preview_root = tmp_path / "preview"
    manifest = layout.on_disk(preview_root, "tiny").manifest
    assert not preview.is_current_failure(source, preview_root)  # nothing recorded
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{not json")
    assert not preview.is_current_failure(source, preview_root)  # unreadable
    failed = {"failed": "ZeroDivisionError", "source_hash": catalog.sha256(source)}
    manifest.write_text(json.dumps(failed))
    assert preview.is_current_failure(source, preview_root)
    source.write_text("print(1 / 2)\n")  # edited since it failed
    assert not preview.is_current_failure(source, preview_root)
    manifest.write_text(json.dumps({"source_hash": catalog.sha256(source)}))
    assert not preview.is_current_failure(source, preview_root)  # it did not fail


# A preview that ignores SIGTERM (a kernel still shutting down, say) and
# writes its name where it runs: the example it previews.
STUBBORN_PREVIEW = """\
import pathlib, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
pathlib.Path(sys.argv[-1]).write_text("started")
time.sleep(60)
"""


def test_stopping_the_server_ends_its_running_preview_and_starts_no_other(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("sitebuild.serving.STOP_SECONDS", 1)
    script = tmp_path / "preview.py"
    script.write_text(STUBBORN_PREVIEW)
    previews = Previews(tmp_path, tmp_path, tmp_path, cwd=tmp_path)
    previews.command = [sys.executable, str(script)]  # in place of sitebuild.preview
    previews.request("first", priority=2)
    previews.request("second", priority=1)
    deadline = time.monotonic() + 30
    while not (tmp_path / "first").exists():
        assert time.monotonic() < deadline, "the first preview never started"
        time.sleep(0.1)
    process = previews._process
    stopped = time.monotonic()
    previews.stop()
    assert 1 <= time.monotonic() - stopped < 5  # asked to end, then killed
    assert process.poll() is not None
    time.sleep(0.5)  # a worker that went on would start the second by now
    assert not (tmp_path / "second").exists()
