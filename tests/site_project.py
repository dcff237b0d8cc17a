"""A copy of the site's sources in a temporary folder, and MkDocs run on it.

Tests that add pages, break the build or deploy with mike work on such a copy,
never on the repository's docs/, site/ or gh-pages branch.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# The examples too: the site build checks the published results against them.
SITE_SOURCES = ("mkdocs.yml", "hooks", "overrides", "docs", "examples")
LEFT_OUT = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".build.lock")
BIN = str(Path(sys.executable).parent)  # mike runs `mkdocs` from the PATH


def copy_site(dest, root=REPO, names=SITE_SOURCES):
    """Copy what `mkdocs build` reads (or other `names`) from `root` into `dest`; return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=LEFT_OUT)
        else:
            shutil.copy2(source, dest / name)
    return dest


def _env(extra=None):
    return {
        **os.environ,
        **(extra or {}),
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
    }


def run(*command, cwd, env=None):
    """Run `command` (paths allowed) in `cwd`, with the venv's tools on the PATH."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(env),
        timeout=900,
    )


def mkdocs_build(project, site_dir):
    """`mkdocs build --strict` of `project` into `site_dir`; the completed process."""
    return run(
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        str(site_dir),
        cwd=project,
    )
