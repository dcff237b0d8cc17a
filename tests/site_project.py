"""A copy of the site's sources in a temporary folder, and MkDocs run on it.

Tests that add pages, break the build or deploy with mike work on such a copy,
never on the repository's docs/, site/ or gh-pages branch.
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from checkout import REPO
from mkdocs_jupyter.plugin import Plugin as MkdocsJupyter

# The examples too: the site build checks the published results against them.
SITE_SOURCES = ("mkdocs.yml", "hooks", "overrides", "docs", "examples")
LEFT_OUT = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".build.lock")
BIN = str(Path(sys.executable).parent)  # mike runs `mkdocs` from the PATH

# mkdocs-jupyter keeps each notebook's render in its cache folder (under the
# folder mkdocs runs in), keyed by the notebook's bytes and the render
# options, and reads it back when both are the same. Rendering is most of a
# site build, so the session's copies of the site share their renders: each
# copy starts with those this session made (`copy_site`), and a build adds its
# own (`keep_renders`). Never the repository's: this session renders with the
# mkdocs-jupyter it has installed, which that cache's key does not name.
RENDER_CACHE = Path(dict(MkdocsJupyter.config_scheme)["cache_dir"].default)
SESSION_RENDERS = Path(tempfile.mkdtemp(prefix="tutorial-renders-"))
atexit.register(shutil.rmtree, SESSION_RENDERS, ignore_errors=True)


def copy_site(dest, root=REPO, names=SITE_SOURCES):
    """Copy what `mkdocs build` reads (or other `names`) from `root` into `dest`; return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=LEFT_OUT)
        else:
            shutil.copy2(source, dest / name)
    shutil.copytree(SESSION_RENDERS, dest / RENDER_CACHE, dirs_exist_ok=True)
    return dest


def keep_renders(project):
    """Add the renders a build of `project` made to the session's (see RENDER_CACHE)."""
    for render in (project / RENDER_CACHE).glob("*.json"):
        kept = SESSION_RENDERS / render.name
        if not kept.exists():  # named by what it renders: never a different one
            # Each thread writes its own partial copy: two may keep the same render.
            partial = kept.with_name(f"{kept.name}.{threading.get_ident()}.partial")
            shutil.copyfile(render, partial)
            partial.replace(kept)  # a build copying the cache never reads half


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
    result = run(
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        str(site_dir),
        cwd=project,
    )
    if result.returncode == 0:
        keep_renders(project)
    return result
