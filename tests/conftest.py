"""Shared fixtures: one fast build of every example per test session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "examples"))

from sitebuild import settings, sources  # noqa: E402

# tutorial.data, imported by tests in this process, reads MNIST where the
# build's kernels do: the folder `make data` fills.
os.environ.setdefault("TUTORIAL_DATA_DIR", settings.DATA_DIR)

EXAMPLES = [path.stem for path in sources.discover(REPO / "examples")]


def run_build(*args, cwd=REPO):
    """Run build_figures.py as a user would; return the completed process."""
    return subprocess.run(
        [sys.executable, str(REPO / "build_figures.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def fast_build(tmp_path_factory):
    """Every example built once in fast mode into a temporary folder."""
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
