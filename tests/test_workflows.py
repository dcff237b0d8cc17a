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

from conftest import REPO

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
