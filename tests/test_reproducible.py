"""The same machine gives the same numbers: a second fast run matches the first."""

from conftest import run_build


def test_rerun_gives_identical_results(fast_build, tmp_path):
    first, _ = fast_build
    result = run_build("--fast", "--force", "--only", "baseline", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for snippet in ("final_metrics", "model_summary", "verdict"):
        again = (tmp_path / "baseline" / "snippets" / f"{snippet}.md").read_text()
        assert again == (first / "baseline" / "snippets" / f"{snippet}.md").read_text()
