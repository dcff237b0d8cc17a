"""Shared fixtures: one fast build of every example per test session."""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "examples"))

from sitebuild import layout, settings, sources  # noqa: E402

# tutorial.data, imported by tests in this process, reads MNIST where the
# build's kernels do: the folder `make data` fills.
os.environ.setdefault("TUTORIAL_DATA_DIR", settings.DATA_DIR)
# The runs the tests' builds train are kept in a store of the test session's
# own (examples/tutorial/runstore.py), never in the repository's .cache/.
os.environ["TUTORIAL_RUN_STORE"] = tempfile.mkdtemp(prefix="tutorial-runs-")
atexit.register(shutil.rmtree, os.environ["TUTORIAL_RUN_STORE"], ignore_errors=True)

EXAMPLES = [path.stem for path in sources.discover(REPO / "examples")]


def figure_sources(manifest, figures=None):
    """The `src` a page gives each of `figures` (default: all), relative to
    the example's folder: where the build drew a dark twin, one render per
    scheme, marked as Material hides them (#only-light, #only-dark)."""
    here = layout.ExampleFolder(PurePosixPath(), "")
    twins = manifest.get("dark_figures", [])
    found = []
    for name in manifest["figures"] if figures is None else figures:
        light = here.figure(name).as_posix()
        if name in twins:
            found += [
                f"{light}#only-light",
                f"{here.dark_figure(name).as_posix()}#only-dark",
            ]
        else:
            found.append(light)
    return found


def run_build(*args, cwd=REPO, env=None):
    """Run build_figures.py as a user would; return the completed process."""
    return subprocess.run(
        [sys.executable, str(REPO / "build_figures.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def fast_build(request, tmp_path_factory):
    """Every example built once in fast mode into a temporary folder.

    The take-home tests' reader environment, if they run, installs meanwhile
    (tests/reader_env.py).
    """
    import reader_env  # it imports this module

    reader_env.begin(request.session, tmp_path_factory)
    out = tmp_path_factory.mktemp("fast")
    result = run_build("--fast", "--force", "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The repository's site, built once with `mkdocs build --strict` into a temporary folder.

    It is built from a copy of the sources, so that merging edited prose (which
    `mkdocs build` does) never writes the repository's published artifacts.
    """
    from site_project import copy_site, mkdocs_build  # they import this module

    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(copy_site(tmp_path_factory.mktemp("sources")), site_dir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


# The browser tests' fixtures: one mike deployment, one chromium and one walk
# of the site per screen and scheme per session, shared by every browser test
# module. Imported last: they import this module.
from browser_site import (  # noqa: E402, F401
    base_url,
    browser,
    gh_pages,
    screenshots,
    visit,
)
from site_walk import walks  # noqa: E402, F401
