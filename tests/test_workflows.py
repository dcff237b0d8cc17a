"""The GitHub Actions workflows pass actionlint and zizmor, offline, with no finding.

Both tools come from requirements.txt (their wheels ship the binaries), so
the check runs the same on any machine and needs no network: zizmor's
`--offline` skips the audits that ask GitHub's API, and no token is passed.
A finding that is accepted is silenced where it stands, with a
`# zizmor: ignore[audit]` comment that says why.
"""

import os
import subprocess
import sys
from pathlib import Path

from checkout import REPO

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent


def run(command):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")
    }
    return subprocess.run(
        [str(part) for part in command],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_there_are_workflows():
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == [
        "ci.yml",
        "release.yml",
    ]


def test_actionlint():
    # ShellCheck from requirements.txt checks each `run:` script, named
    # explicitly so that a machine without it on PATH checks no less.
    result = run(
        [
            BIN / "actionlint",
            "-shellcheck",
            BIN / "shellcheck",
            *sorted(WORKFLOWS.glob("*.yml")),
        ]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "", result.stdout


def test_zizmor():
    result = run([BIN / "zizmor", "--offline", "--format", "plain", WORKFLOWS])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def release():
    import yaml

    return yaml.safe_load((WORKFLOWS / "release.yml").read_text())


def test_the_write_token_reaches_only_the_pushing_steps():
    publish = release()["jobs"]["publish"]
    checkout = next(s for s in publish["steps"] if "checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False
    with_token = [
        step["name"]
        for step in publish["steps"]
        if "github.token" in str(step) or "secrets." in str(step)
    ]
    assert with_token == [
        "Commit the merged artifacts to the branch",
        "Deploy the version with mike",
    ]


def test_a_tag_publishes_only_a_commit_on_the_default_branch_and_pushes_nowhere():
    plan = release()["jobs"]["plan"]
    steps = {step.get("name", ""): step for step in plan["steps"]}
    on_main = steps["A tag names a commit already on the default branch"]
    assert "merge-base --is-ancestor" in on_main["run"]
    assert (
        next(s for s in plan["steps"] if "checkout" in s.get("uses", ""))["with"][
            "fetch-depth"
        ]
        == 0
    )
    naming = steps["Name the version and the branch the artifacts are committed to"]
    assert 'branch=""' in naming["run"]  # a tag pushes to no branch
    assert "not on $REF_NAME" in naming["run"]  # nor does a run by hand elsewhere
    assert (
        "a tag publishes only committed, fresh artifacts"
        in steps["List the examples to run"]["run"]
    )


def test_the_run_job_outlasts_every_examples_budget():
    from sitebuild import settings, sources

    budgets = [
        int(sources.load(path).header.get("Timeout", settings.TIMEOUT[settings.FULL]))
        for path in sources.discover(settings.EXAMPLES_DIR)
    ]
    minutes = release()["jobs"]["run"]["timeout-minutes"]
    assert minutes * 60 >= max(budgets) + 10 * 60  # ten minutes of set-up


def test_make_test_installs_npm_when_it_is_missing():
    planned = subprocess.run(
        ["make", "-n", "-C", str(REPO), "-W", "package-lock.json", "test",
         "NPM=/nonexistent/npm"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "apt-get install -y nodejs npm" in planned.stdout, planned.stdout
