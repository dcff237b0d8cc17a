"""`build_figures.py new "Title"`: a new example from the template, validated.

The template's fast build is exercised in test_pages.py, which adds the new
example to a copy of the site.
"""

import datetime
import subprocess
import sys

import pytest
from checkout import REPO, run_build

from sitebuild import errors, scaffold, sources

DESCRIPTION = "Stop training when the validation loss stops improving."


def test_new_writes_an_example_whose_header_validates(tmp_path):
    result = run_build("new", "Early Stopping!", "--description", DESCRIPTION,
                       "--author", "Ada", "--examples", tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = tmp_path / "early_stopping.py"
    assert f"created {path}" in result.stdout
    example = sources.load(path)  # header, cells and markers as the build reads them
    today = datetime.date.today().isoformat()
    assert example.header == {
        "Title": "Early Stopping!",
        "Author": "Ada",
        "Date created": today,
        "Last modified": today,
        "Description": DESCRIPTION,
    }
    assert 'snippet="model_summary"' in path.read_text()
    assert 'snippet="final_metrics"' in path.read_text()


def test_without_a_description_the_placeholder_validates_and_is_flagged(tmp_path):
    result = run_build("new", "Early stopping", "--examples", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "`Description:` (now a placeholder)" in result.stdout
    header = sources.load(tmp_path / "early_stopping.py").header
    assert header["Description"] == scaffold.PLACEHOLDER_DESCRIPTION
    assert header["Author"] == scaffold.DEFAULT_AUTHOR


def test_the_template_follows_the_examples_style(tmp_path):
    path = scaffold.create("Early stopping", tmp_path, DESCRIPTION)
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--config",
             str(REPO / "examples" / "ruff.toml"), str(path)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_an_existing_example_is_never_overwritten(tmp_path):
    path = tmp_path / "early_stopping.py"
    path.write_text("mine\n")
    result = run_build("new", "Early stopping", "--examples", tmp_path)
    assert result.returncode == 1
    assert f"{path} already exists" in result.stderr
    assert path.read_text() == "mine\n"


@pytest.mark.parametrize(
    "title, description, problem",
    [
        ("Early stopping", "x" * 100 + ".", "at most 100"),
        ("Early stopping", "   ", "`Description:` is missing or empty"),
        ("Early stopping", "No full stop", "one sentence"),
        ("!!!", DESCRIPTION, "no letters or digits"),
        ("NumPy", DESCRIPTION, "'numpy' would shadow the module `numpy`"),
        ("Index", DESCRIPTION, "'index' collides with the artifact layout"),
        ("2020 recap", DESCRIPTION, "'2020_recap' is not a Python identifier"),
    ],
)
def test_bad_input_is_named_and_writes_nothing(tmp_path, title, description, problem):
    result = run_build(
        "new", title, "--description", description, "--examples", tmp_path
    )
    assert result.returncode == 1
    assert problem in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "header",
    [
        "Description: A page.",  # no title
        "Title: \nDescription: A page.",  # empty title
        "Title: T\nDescription:   ",  # empty description
        "Title: T\nDescription: " + "x" * 100 + ".",  # 101 characters
    ],
)
def test_header_validator_rejects(header):
    with pytest.raises(errors.ExampleError, match="x.py: header: "):
        sources.parse_header(header, "x.py")


def test_header_validator_accepts_exactly_100_characters():
    description = "x" * 99 + "."
    header = sources.parse_header(f"Title: T\nDescription: {description}", "x.py")
    assert header["Description"] == description


@pytest.mark.parametrize(
    "title, name",
    [("Early stopping", "early_stopping"), ("L1 vs. L2: a duel", "l1_vs_l2_a_duel")],
)
def test_file_names_follow_the_title(title, name):
    assert scaffold.slug(title) == name


def test_the_template_chooses_on_validation_and_scores_on_test_once(tmp_path):
    text = scaffold.create("Early stopping", tmp_path, DESCRIPTION).read_text()
    assert "validation_data=(x_val, y_val)" in text
    assert text.count("x_test, y_test") == 2  # loaded, then scored once
    assert "model.evaluate(x_test, y_test" in text
