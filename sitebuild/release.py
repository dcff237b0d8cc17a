"""What a release checks before mike deploys it, and the one page mike leaves out.

    python -m sitebuild.release settings   # refuse placeholder settings (exit 2)
    python -m sitebuild.release settings --warn   # say so, exit 0 (`make site`)
    python -m sitebuild.release clean-tree # refuse uncommitted work (exit 2)
    python -m sitebuild.release root-404 VERSION  # gh-pages: VERSION/404.html at the root

`make publish` and the Release workflow run these. A placeholder `repo_url`
or `site_url` would ship dead "Open in Colab" and "GitHub" links and wrong
canonical links; uncommitted work would be deployed under a commit id that
does not contain it. mike deploys each version into its own folder, so the
host's 404 page (GitHub Pages serves `/404.html` for any missing path) is
added by `root-404`, from the version just deployed.
"""

import argparse
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

# The values mkdocs.yml holds until the repository is published; a release
# must replace them (mkdocs.yml says so where they are set).
PLACEHOLDERS = {
    "repo_url": "https://github.com/regularization-tutorial/regularization-in-tensorflow",
    "site_url": "https://regularization-tutorial.github.io/regularization-in-tensorflow/",
}
PAGES_BRANCH = "gh-pages"
NOT_FOUND = "404.html"


def placeholder_settings(config_path):
    """One message per setting of `config_path` that still holds its placeholder."""
    config = yaml.load(Path(config_path).read_text("utf-8"), Loader=get_yaml_loader())
    return [
        f"{config_path}: `{name}` is still the placeholder {value}; set it to "
        "the published repository's address (and its GitHub Pages URL for "
        "site_url) before a release."
        for name, value in PLACEHOLDERS.items()
        if str((config or {}).get(name, "")).rstrip("/") == value.rstrip("/")
    ]


def uncommitted(repo="."):
    """A message naming the uncommitted or untracked files in `repo`, or None."""
    status = _git(repo, "status", "--porcelain", "--untracked-files=normal")
    if not status.strip():
        return None
    files = [line[3:] for line in status.splitlines()]
    shown = ", ".join(files[:8]) + (
        f" and {len(files) - 8} more" if len(files) > 8 else ""
    )
    return (
        f"uncommitted work ({shown}): a release deploys the commit it names, so "
        "commit or stash it, then publish again."
    )


def add_root_404(version, repo="."):
    """Commit `<version>/404.html` of gh-pages as its root `404.html` (no checkout)."""
    blob = _git(repo, "rev-parse", f"{PAGES_BRANCH}:{version}/{NOT_FOUND}").strip()
    tree = _git(repo, "ls-tree", PAGES_BRANCH)
    entries = [
        line for line in tree.splitlines() if not line.endswith(f"\t{NOT_FOUND}")
    ]
    entries.append(f"100644 blob {blob}\t{NOT_FOUND}")
    new_tree = _git(repo, "mktree", stdin="\n".join(entries) + "\n").strip()
    if new_tree == _git(repo, "rev-parse", f"{PAGES_BRANCH}^{{tree}}").strip():
        return False  # already there
    commit = _git(
        repo,
        "commit-tree",
        new_tree,
        "-p",
        PAGES_BRANCH,
        "-m",
        f"404 page at the root, from {version}",
    ).strip()
    _git(repo, "update-ref", f"refs/heads/{PAGES_BRANCH}", commit)
    return True


def _git(repo, *args, stdin=None):
    result = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"error: git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    settings = commands.add_parser("settings", help="refuse placeholder settings")
    settings.add_argument("--config", default="mkdocs.yml")
    settings.add_argument("--warn", action="store_true", help="warn, exit 0")
    commands.add_parser("clean-tree", help="refuse uncommitted work")
    root = commands.add_parser("root-404", help="copy VERSION's 404 page to the root")
    root.add_argument("version")
    args = parser.parse_args(argv)
    if args.command == "root-404":
        add_root_404(args.version)
        return 0
    if args.command == "settings":
        problems = placeholder_settings(args.config)
        label = "warning" if args.warn else "error"
    else:
        problems = [message for message in [uncommitted()] if message]
        label = "error"
    for message in problems:
        print(f"{label}: {message}", file=sys.stderr)
    return 2 if problems and label == "error" else 0


if __name__ == "__main__":
    sys.exit(main())
