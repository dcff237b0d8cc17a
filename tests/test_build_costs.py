"""The scaling page's cost table follows the manifests it is built from."""

from hooks import build_costs
from sitebuild import settings


def manifest(name, seconds, peak=1000.0, threads=None, jobs=None):
    described = {
        "example": name,
        "mode": settings.FULL,
        "run_seconds": seconds,
        "peak_memory_mib": peak,
        "run_date": "2026-11-25T20:00:00+00:00",
    }
    if threads:
        described.update(threads=threads, parallel_jobs=jobs)
    return described


def test_heaviest_first_with_shares_and_totals():
    text = build_costs.cost_table([manifest("a", 60), manifest("b", 180, 1500)])
    assert text.index("| b | full | 180 s | 75% | 1500 MiB |") < text.index("| a |")
    assert "the 2 examples take 4.0 minutes." in text
    assert "The heaviest, b, takes 75% of the total" in text
    assert "peaked at 1500 MiB" in text
    assert "at a time" not in text  # one job: nothing to pack


def test_other_numbers_give_other_words():
    text = build_costs.cost_table([manifest("a", 600, None), manifest("b", 30)])
    assert (
        "The heaviest, a, takes 95%" in text
        and "| a | full | 600 s | 95% | unknown |" in text
    )


def test_side_by_side_runs_are_described_and_packed():
    runs = [
        manifest(name, s, threads=1, jobs=2)
        for name, s in zip("abcd", (300, 200, 120, 100), strict=True)
    ]
    text = build_costs.cost_table(runs)
    assert "(each on 1 CPU thread, 2 running side by side)" in text
    # Longest first onto 2 workers: 300+100 and 200+120, so 400 s.
    assert (
        "2 at a time, as `build_figures.py` does, they finish in about 6.7 minutes"
        in text
    )


def test_longest_first_packing():
    runs = [
        manifest(name, s) for name, s in zip("abcde", (50, 40, 30, 20, 10), strict=True)
    ]
    assert build_costs.longest_first_makespan(runs, 1) == 150
    assert build_costs.longest_first_makespan(runs, 2) == 80  # 50+20+10, 40+30
    assert build_costs.longest_first_makespan(runs, 5) == 50


def test_a_run_the_store_served_counts_as_trained():
    served = manifest("a", 40) | {"run_store": {"loaded": 9, "loaded_seconds": 200}}
    text = build_costs.cost_table([served, manifest("b", 60)])
    # a ran 40 s, reading 200 s of training: 240 s with nothing stored.
    assert text.index("| a | full | 240 s | 80% |") < text.index("| b | full | 60 s |")
    assert "with nothing stored, the 2 examples take 5.0 minutes" in text
