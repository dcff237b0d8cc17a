"""Publish the site with mike, as the project does, into a throwaway git repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

# What `mkdocs build` reads; the mkdocs-jupyter cache only saves time.
SITE_SOURCES = ["mkdocs.yml", "docs", "hooks", "overrides", ".cache/mkdocs-jupyter"]


def deploy(repo, scratch, versions):
    """mike-deploy each version of repo's site into scratch/repo; return the
    gh-pages tree checked out into scratch/gh-pages. The last version is `latest`."""
    source = scratch / "repo"
    source.mkdir()
    for name in SITE_SOURCES:
        if (repo / name).is_dir():
            shutil.copytree(repo / name, source / name)
        elif (repo / name).is_file():
            shutil.copy(repo / name, source / name)
    git(source, "init", "--quiet", "--initial-branch=main")
    git(source, "add", "mkdocs.yml", "docs", "hooks", "overrides")
    git(source, "commit", "--quiet", "--message", "The site's sources")
    *older, newest = versions
    for version in older:
        mike(source, "deploy", version)
    mike(source, "deploy", "--update-aliases", newest, "latest")
    mike(source, "set-default", "latest")
    pages = scratch / "gh-pages"
    git(source, "worktree", "add", "--quiet", str(pages), "gh-pages")
    return pages


def git(folder, *args):
    _run(folder, "git", *args)


def mike(folder, *args):
    _run(folder, str(BIN / "mike"), *args)


BIN = Path(sys.executable).parent


def _run(folder, *command):
    # mike runs the `mkdocs` on PATH and commits with git, which needs an identity.
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Tutorial tests",
        "GIT_COMMITTER_NAME": "Tutorial tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    }
    result = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    )
