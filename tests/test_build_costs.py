"""The scaling page's cost table follows the manifests it is built from."""

from hooks import build_costs


def manifest(name, seconds, peak=1000.0):
    return {
        "example": name,
        "mode": "full",
        "run_seconds": seconds,
        "peak_memory_mib": peak,
        "run_date": "2026-11-25T20:00:00+00:00",
    }


def test_heaviest_first_with_shares_and_totals():
    text = build_costs.cost_table([manifest("a", 60), manifest("b", 180, 1500)])
    assert text.index("| b | full | 180 s | 75% | 1500 MiB |") < text.index("| a |")
    assert "the 2 examples take 4.0 minutes" in text
    assert "the heaviest, b, takes 75% of that" in text
    assert "peaked at 1500 MiB" in text


def test_other_numbers_give_other_words():
    text = build_costs.cost_table([manifest("a", 600, None), manifest("b", 30)])
    assert (
        "the heaviest, a, takes 95%" in text
        and "| a | full | 600 s | 95% | unknown |" in text
    )
