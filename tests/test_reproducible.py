"""The same machine gives the same numbers: a second fast run matches the first.

The dropout page is the cheap page with random layers (dropout masks, data
order, seeded initializers); the run store is off for the second run, so
everything is trained again.
"""

from checkout import run_build

from sitebuild import layout


def test_rerun_gives_identical_results(fast_build, tmp_path):
    first, _ = fast_build
    result = run_build(
        "--fast", "--force", "--only", "dropout", "--out", tmp_path,
        env={"TUTORIAL_RUN_STORE": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    again, before = (
        layout.on_disk(tmp_path, "dropout"),
        layout.on_disk(first, "dropout"),
    )
    assert again.values.read_bytes() == before.values.read_bytes()
    assert (
        again.snippet("final_metrics").read_text()
        == before.snippet("final_metrics").read_text()
    )
    for figure in ("feature-map-dropout",):
        assert again.figure(figure).read_bytes() == before.figure(figure).read_bytes()
        assert (
            again.dark_figure(figure).read_bytes()
            == before.dark_figure(figure).read_bytes()
        )
