"""`make publish`'s mike commands, run in a temporary git repository.

Two releases are deployed as the Makefile deploys them; then a release whose
build fails must leave the gh-pages branch as it was.
"""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO
from site_project import copy_site, run

MIKE = Path(sys.executable).parent / "mike"  # this environment's mike
MIKE_LINE = re.compile(r"\S*/mike\s")  # a recipe line running the venv's mike
BANNER = "Go to the latest release."  # overrides/main.html


def publish_commands(version):
    """The mike commands `make publish VERSION=...` runs (read from make -n)."""
    planned = subprocess.run(
        ["make", "-s", "-n", "-C", str(REPO), "publish", f"VERSION={version}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [
        shlex.split(line) for line in planned.splitlines() if MIKE_LINE.match(line)
    ]
    assert commands, planned
    return [[MIKE, *words[1:]] for words in commands]


def git(repo, *args):
    result = run("git", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def publish(repo, version):
    """Run the publish commands; the first failure's process, or None."""
    for command in publish_commands(version):
        result = run(*command, cwd=repo)
        if result.returncode != 0:
            return result
    return None


def set_release_note(repo, text):
    index = repo / "docs" / "index.md"
    index.write_text(
        index.read_text().split("\nRelease note:")[0] + f"\nRelease note: {text}\n"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A repository with releases 1.0 and 2.0 published to its gh-pages branch."""
    repo = copy_site(tmp_path_factory.mktemp("publish") / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.invalid")
    for version in ("1.0", "2.0"):
        set_release_note(repo, f"release {version}")
        commit_all(repo, version)
        failure = publish(repo, version)
        assert failure is None, failure.stdout + failure.stderr
    return repo


def published(repo, path):
    return git(repo, "show", f"gh-pages:{path}")


def test_versions_lists_both_releases_and_latest_is_the_newer(repo):
    versions = {
        v["version"]: v["aliases"] for v in json.loads(published(repo, "versions.json"))
    }
    assert versions == {"2.0": ["latest"], "1.0": []}
    assert published(repo, "latest") == "2.0"  # mike's alias: a symbolic link
    assert "latest/" in published(repo, "index.html")  # the default redirect


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_each_release_has_its_own_pages(repo, version):
    files = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").split())
    pages = ["index.html", "contributing/index.html"]
    pages += [f"generated/{name}/index.html" for name in EXAMPLES]
    for page in pages:
        assert f"{version}/{page}" in files, page
    landing = published(repo, f"{version}/index.html")
    assert f"Release note: release {version}" in landing
    assert '"provider": "mike"' in landing  # the version selector
    assert BANNER in landing  # shown by the theme on releases other than latest


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_a_releases_pages_link_that_releases_notebooks(repo, version):
    files = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").split())
    for name in EXAMPLES:
        page = published(repo, f"{version}/generated/{name}/index.html")
        notebook = f"{version}/generated/{name}/{name}.ipynb"
        assert notebook in files  # mike committed this release's notebook
        assert f"/blob/gh-pages/{notebook}" in page  # and Colab opens that copy
        assert f'href="{name}.ipynb" download' in page  # as does the download


def test_a_failing_build_leaves_gh_pages_unchanged(repo):
    before = git(repo, "rev-parse", "gh-pages")
    index = repo / "docs" / "index.md"
    index.write_text(index.read_text() + '\n--8<-- "generated/nowhere/snippets/x.md"\n')
    commit_all(repo, "broken")
    failure = publish(repo, "3.0")
    assert failure is not None and failure.returncode != 0
    assert "nowhere" in failure.stderr + failure.stdout
    assert git(repo, "rev-parse", "gh-pages") == before
    assert "3.0" not in published(repo, "versions.json")
