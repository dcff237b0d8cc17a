"""Shared fixtures: one fast build of every example per test session."""

import atexit
import os
import shutil
import sys
import tempfile

import early
import pytest
import reader_env
import takehome_runs
from browser_site import base_url, browser, gh_pages, screenshots, visit  # noqa: F401
from checkout import start_build
from site_project import copy_site, mkdocs_build
from site_walk import walks  # noqa: F401

from sitebuild import settings

# Imported above for pytest, not used here: the browser tests' fixtures, shared
# by every browser test module (one mike deployment, one chromium, and one walk
# of the site per screen and scheme): base_url, browser, gh_pages, screenshots,
# visit and walks.

# tutorial.data, imported by tests in this process, reads MNIST where the
# build's kernels do: the folder `make data` fills.
os.environ.setdefault("TUTORIAL_DATA_DIR", settings.DATA_DIR)
# The runs the tests' builds train are kept in a store of the test session's
# own (examples/tutorial/runstore.py), never in the repository's .cache/.
os.environ["TUTORIAL_RUN_STORE"] = tempfile.mkdtemp(prefix="tutorial-runs-")
atexit.register(shutil.rmtree, os.environ["TUTORIAL_RUN_STORE"], ignore_errors=True)


FAST_BUILD = "fast_build"


def reads_fast_build(item):
    return FAST_BUILD in item.fixturenames


def background_jobs(session):
    """How many examples, and how many downloads beside them, the background
    runs side by side.

    One of each while tests run in front of it (those that do not read the
    fast build, about one core): the downloads of the examples built so far
    fill what the build and the tests leave of the cores. Every core when no
    test runs in front (only the take-home tests, say).
    """
    in_front = not all(map(reads_fast_build, session.items))
    return 1 if in_front else settings.default_jobs()


@pytest.hookimpl(trylast=True)  # after pytest's own reordering by fixture scope
def pytest_collection_modifyitems(items):
    """The tests that read the fast build run last, in their usual order: the
    build runs in the background meanwhile (`background_fast_build`)."""
    items.sort(key=reads_fast_build)


def pytest_collection_finish(session):
    """This process's own TensorFlow (tests/test_experiment.py trains in it)
    runs on one thread, as each kernel does: the tests' small nets gain
    nothing from a second, and the fast build in the background has the
    other core. Set in-process, not through the environment, which the
    builds the tests start would inherit: a kernel's thread count must come
    from the build (tests/test_build.py checks). Before any test runs an op.
    """
    tensorflow = sys.modules.get("tensorflow")  # imported by the tests collected
    if tensorflow is not None:
        threads = tensorflow.config.threading
        threads.set_intra_op_parallelism_threads(settings.THREADS_PER_EXAMPLE)
        threads.set_inter_op_parallelism_threads(settings.THREADS_PER_EXAMPLE)


@pytest.fixture(scope="session", autouse=True)
def early_setups(request, tmp_path_factory):
    """Start the set-ups of the session's early fixtures (tests/early.py)."""
    early.start(request.session.items, tmp_path_factory)


@pytest.fixture(autouse=True)
def environment_unchanged_for_early_setups(request):
    """A test that changes the environment (by `monkeypatch`) waits for the
    early set-ups to end first: their processes inherit it (tests/early.py)."""
    if "monkeypatch" in request.fixturenames:
        early.wait_all()


@pytest.fixture(scope="session", autouse=True)
def background_fast_build(request, tmp_path_factory):
    """Start the session's fast build at the session's first test, if any test
    reads it: (out, process, log path), or None.

    It runs in a process of its own, side by side with the tests that do not
    read it, which come first. If the take-home tests run, the reader's
    environment installs meanwhile (tests/reader_env.py) and each download
    runs once its example is built (tests/takehome_runs.py).
    """
    if not any(map(reads_fast_build, request.session.items)):
        yield None
        return
    reader_env.begin(request.session, tmp_path_factory)
    out = tmp_path_factory.mktemp("fast")
    log = out.parent / "fast-build.log"
    jobs = background_jobs(request.session)
    with open(log, "w") as printed:  # the child keeps it
        process = start_build(
            "--fast", "--force", "--jobs", jobs, "--out", out, stdout=printed
        )
    takehome_runs.begin(request.session, tmp_path_factory, out, process, jobs)
    yield out, process, log
    takehome_runs.stop()  # nothing left, unless the session ended early
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def fast_build(background_fast_build):
    """Every example built once in fast mode into a temporary folder:
    (out, what the build printed)."""
    # The session has reached the tests that read the build, which come last
    # and are short: the downloads still to run get the core they leave.
    takehome_runs.widen()
    out, process, log = background_fast_build
    returncode = process.wait(timeout=1800)
    printed = log.read_text()
    assert returncode == 0, printed
    return out, printed


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The repository's site, built once with `mkdocs build --strict` into a temporary folder.

    It is built from a copy of the sources, so that merging edited prose (which
    `mkdocs build` does) never writes the repository's published artifacts.
    """
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(copy_site(tmp_path_factory.mktemp("sources")), site_dir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir
