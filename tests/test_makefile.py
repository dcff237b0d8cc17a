"""The Makefile: another interpreter refused up front, serve's address, placeholder warnings."""

import subprocess

import pytest
from checkout import REPO

from sitebuild import release

FAKE_PYTHON = """#!/bin/sh
# Answers as Python 3.12 would when asked its version; does nothing else.
echo 3.12
"""


def make(*args):
    return subprocess.run(
        ["make", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("target", ["install", "site", "test"])
def test_another_python_is_refused_with_the_command_to_use(tmp_path, target):
    python = tmp_path / "python3.12"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    venv = tmp_path / "venv"
    result = make(target, f"PYTHON={python}", f"VENV={venv}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{python} is Python 3.12; this project needs Python 3.11" in result.stderr
    assert f"Use: make {target} PYTHON=python3.11" in result.stderr
    assert not venv.exists()  # refused before anything was installed


def test_a_venv_of_another_python_is_named_with_how_to_replace_it(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(FAKE_PYTHON)
    (venv / "bin" / "python").chmod(0o755)
    result = make("site", f"VENV={venv}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is Python 3.12" in result.stderr
    assert f"Use: rm -rf {venv} && make site PYTHON=python3.11" in result.stderr


def test_make_serve_takes_an_address():
    result = make("-n", "serve", "ADDR=127.0.0.1:8001")
    assert result.returncode == 0, result.stderr
    assert "mkdocs serve --dev-addr 127.0.0.1:8001" in result.stdout


def test_make_site_warns_of_placeholder_settings_a_release_refuses(capsys):
    assert (
        release.main(["settings", "--warn", "--config", str(REPO / "mkdocs.yml")]) == 0
    )
    warned = capsys.readouterr().err
    assert "warning: " in warned and "`repo_url` is still the placeholder" in warned
    assert release.main(["settings", "--config", str(REPO / "mkdocs.yml")]) == 2
