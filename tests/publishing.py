"""Publish the site with mike, as the project does, into a throwaway git repository."""

from pathlib import Path

from site_project import BIN, SITE_SOURCES, copy_site, keep_renders, run

# mike commits to gh-pages with git, which needs an identity.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Tutorial tests",
    "GIT_COMMITTER_NAME": "Tutorial tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}
# The alias of the newest version, and the site's default (mike's root redirects to it).
LATEST = "latest"


def deploy(repo, scratch, versions):
    """mike-deploy each version of repo's site into scratch/repo; return the
    gh-pages tree checked out into scratch/gh-pages. The last version is LATEST."""
    source = copy_site(scratch / "repo", repo)
    git(source, "init", "--quiet", "--initial-branch=main")
    git(source, "add", *SITE_SOURCES)
    git(source, "commit", "--quiet", "--message", "The site's sources")
    *older, newest = versions
    for version in older:
        mike(source, "deploy", version)
    mike(source, "deploy", "--update-aliases", newest, LATEST)
    mike(source, "set-default", LATEST)
    keep_renders(source)
    pages = scratch / "gh-pages"
    git(source, "worktree", "add", "--quiet", str(pages), "gh-pages")
    return pages


def git(folder, *args):
    _checked(folder, "git", *args)


def mike(folder, *args):
    _checked(folder, Path(BIN) / "mike", *args)


def _checked(folder, *command):
    result = run(*command, cwd=folder, env=GIT_IDENTITY)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))}:\n{result.stdout}{result.stderr}"
    )
