"""The site build fails precisely, and leaves the previous site as it was."""

import shutil
import subprocess
import sys

import pytest
from conftest import REPO
from test_build import snapshot


@pytest.fixture
def project(tmp_path):
    """A copy of what mkdocs reads, with a previously built site in site/."""
    for name in ["docs", "hooks"]:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path)
    assert mkdocs_build(tmp_path).returncode == 0
    return tmp_path


def mkdocs_build(folder):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=folder,
        capture_output=True,
        text=True,
    )


def test_a_malformed_mkdocs_yml_names_the_file_and_line(project):
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"
    lines = config.read_text().splitlines()
    lines += ["nav:", "  - Home: index.md", "   - Broken: indentation.md"]
    config.write_text("\n".join(lines) + "\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "error parsing the configuration file" in result.stderr
    assert f'in "{config}", line {len(lines)}' in result.stderr
    assert snapshot(project / "site") == before


def test_a_page_showing_a_missing_figure_stops_the_build(project):
    before = snapshot(project / "site")
    (project / "docs/generated/weight_decay/figures/loss-parts.png").unlink()
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "docs/generated/weight_decay/index.ipynb, cell 23: "
        "figure figures/loss-parts.png does not exist."
    ) in result.stderr
    assert "build_figures.py --only weight_decay" in result.stderr
    assert snapshot(project / "site") == before
