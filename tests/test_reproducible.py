"""The same machine gives the same numbers: a second fast run matches the first."""

from conftest import run_build

from sitebuild import layout


def test_rerun_gives_identical_results(fast_build, tmp_path):
    first, _ = fast_build
    result = run_build("--fast", "--force", "--only", "overfitting", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    again, before = (
        layout.on_disk(tmp_path, "overfitting"),
        layout.on_disk(first, "overfitting"),
    )
    assert (
        again.values.read_bytes() == before.values.read_bytes()
    )  # every seed's scores
    assert (
        again.snippet("comparison").read_text()
        == before.snippet("comparison").read_text()
    )
    for figure in ("learning-curves", "strength-sweeps", "test-comparison"):
        assert again.figure(figure).read_bytes() == before.figure(figure).read_bytes()
