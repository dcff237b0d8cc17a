"""The site build fails precisely, and leaves the previous site as it was."""

import shutil
import sys

import nbformat
import pytest
import site_project
from checkout import REPO
from site_project import copy_site
from test_build import snapshot

from sitebuild import layout


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A copy of what mkdocs reads, with a site built from it in site/, once for the module."""
    folder = copy_site(tmp_path_factory.mktemp("site_failures"))
    assert build_site(folder).returncode == 0
    return folder


@pytest.fixture
def project(built_once, tmp_path):
    """A copy of the built project of this test's own: a previous site in site/."""
    shutil.copytree(built_once, tmp_path, symlinks=True, dirs_exist_ok=True)
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
    # `make site` checks it first, with MkDocs' own loader, before any example runs.
    checked = site_project.run(
        sys.executable, "-m", "sitebuild.site_config", config, cwd=REPO
    )
    assert checked.returncode == 1
    assert f'in "{config}", line {len(lines)}, column 4' in checked.stderr
    assert f"Fix what it names in {config}" in checked.stderr


def test_the_config_check_runs_mkdocs_validation_of_plugins(tmp_path):
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text("site_name: x\nplugins:\n  - no-such-plugin\n")
    checked = site_project.run(
        sys.executable, "-m", "sitebuild.site_config", config, cwd=REPO
    )
    assert checked.returncode == 1
    assert 'The "no-such-plugin" plugin is not installed' in checked.stderr


def test_a_deleted_figure_is_made_again_from_the_stored_outputs(project):
    figure = layout.on_disk(project / "docs" / layout.GENERATED, "weight_decay").figure(
        "loss-parts"
    )
    png = figure.read_bytes()
    figure.unlink()
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    assert "weight_decay: prose updated, nothing run" in result.stderr
    assert figure.read_bytes() == png


def test_a_notebook_showing_a_missing_figure_stops_the_build(project):
    before = snapshot(project / "site")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("![plot](figures/nowhere.png)")]
    )
    nbformat.write(notebook, project / "docs" / "notes.ipynb")
    result = build_site(project)
    assert result.returncode == 1
    assert (
        "docs/notes.ipynb, cell 1: figure figures/nowhere.png does not exist."
    ) in result.stderr
    assert snapshot(project / "site") == before
