"""The site build fails precisely, and leaves the previous site as it was."""

import sys

import pytest
import site_project
from conftest import REPO
from site_project import copy_site
from test_build import snapshot


@pytest.fixture
def project(tmp_path):
    """A copy of what mkdocs reads, with a previously built site in site/."""
    copy_site(tmp_path)
    assert build_site(tmp_path).returncode == 0
    return tmp_path


def build_site(folder):
    return site_project.mkdocs_build(folder, folder / "site")


def test_a_malformed_mkdocs_yml_names_the_file_and_line(project):
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"
    lines = config.read_text().splitlines()
    lines += ["nav:", "  - Home: index.md", "   - Broken: indentation.md"]
    config.write_text("\n".join(lines) + "\n")
    result = build_site(project)
    assert result.returncode == 1
    assert "error parsing the configuration file" in result.stderr
    assert f'in "{config}", line {len(lines)}' in result.stderr
    assert snapshot(project / "site") == before
    checked = site_project.run(
        sys.executable, "-m", "sitebuild.config_check", config, cwd=REPO
    )
    assert checked.returncode == 1
    assert f"{config}:{len(lines)}:4: not valid YAML" in checked.stderr
    assert "Fix the indentation, colon or quoting on that line" in checked.stderr


def test_a_page_showing_a_missing_figure_stops_the_build(project):
    before = snapshot(project / "site")
    (project / "docs/generated/weight_decay/figures/loss-parts.png").unlink()
    result = build_site(project)
    assert result.returncode == 1
    assert (
        "docs/generated/weight_decay/index.ipynb, cell 23: "
        "figure figures/loss-parts.png does not exist."
    ) in result.stderr
    assert "build_figures.py --only weight_decay" in result.stderr
    assert snapshot(project / "site") == before
