"""The decision rules of tutorial/stats.py, against numbers worked out by hand."""

import numpy as np
import pytest

from tutorial import stats


def test_a_paired_t_interval_worked_by_hand():
    # Differences 0.01, 0.02, 0.02: mean 1/60, sd sqrt(1/30000), se sd/sqrt(3),
    # t(0.975, 2 df) = 4.302653.
    result = stats.compare([0.90, 0.91, 0.92], [0.89, 0.89, 0.90])
    half = 4.302653 * np.sqrt(1 / 30000) / np.sqrt(3)
    assert result["difference"] == pytest.approx(1 / 60)
    assert result["low"] == pytest.approx(1 / 60 - half, abs=1e-6)
    assert result["high"] == pytest.approx(1 / 60 + half, abs=1e-6)
    assert result["verdict"] == stats.BETTER
    assert result["text"] == (
        "+1.67 points [+0.23, +3.10], ahead on 3, tied on 0, behind on 0 of 3 seeds"
    )


def test_lower_is_better_turns_the_verdict():
    result = stats.compare(
        [0.30, 0.31, 0.32], [0.20, 0.22, 0.21], higher_is_better=False
    )
    assert result["verdict"] == stats.WORSE and result["behind"] == 3


def test_ties_are_counted_apart():
    result = stats.compare([1.0, 2.0, 3.0], [1.0, 1.0, 4.0], points=False)
    assert (result["ahead"], result["tied"], result["behind"]) == (1, 1, 1)
    assert "ahead on 1, tied on 1, behind on 1 of 3 seeds" in result["text"]
    assert result["verdict"] == stats.NO_DIFFERENCE


def test_one_seed_gives_no_verdict():
    result = stats.compare([0.9], [0.8])
    assert result["verdict"] == stats.ONE_RUN and result["low"] is None


def test_the_test_image_term_worked_by_hand():
    # Per image, correctness averaged over the two seeds: a = 1, .5, .5, 0 and
    # b = .5, 0, .5, 0; their difference .5, .5, 0, 0 has variance 1/12
    # (n - 1 in the denominator), over 4 images: 1/48.
    correct_a = np.array([[1, 1, 0, 0], [1, 0, 1, 0]], bool)
    correct_b = np.array([[1, 0, 0, 0], [0, 0, 1, 0]], bool)
    a, b = correct_a.mean(axis=1), correct_b.mean(axis=1)
    result = stats.compare(a, b, images=(correct_a, correct_b))
    assert result["image_term"] == pytest.approx(1 / 48)
    assert result["covers"] == stats.SEEDS_AND_IMAGES
    seeds_only = stats.compare(a, b)
    assert result["high"] - result["low"] != seeds_only["high"] - seeds_only["low"]


def test_holm_worked_by_hand():
    # p = .01, .04, .03: sorted, times 3, 2, 1 -> .03, .06, .04, made
    # monotone -> .03, .06, .06 in the original order.
    results = {
        name: dict(stats.compare([0.9, 0.91], [0.8, 0.82]), p=p)
        for name, p in (("a", 0.01), ("b", 0.04), ("c", 0.03))
    }
    for result in results.values():
        result["unadjusted"] = stats.BETTER
    judged = stats.family(results)
    assert [judged[n]["holm_p"] for n in "abc"] == pytest.approx([0.03, 0.06, 0.06])
    assert judged["a"]["verdict"] == stats.BETTER
    assert judged["b"]["verdict"] == judged["c"]["verdict"] == stats.NO_DIFFERENCE
    assert all(judged[n]["family_size"] == 3 for n in "abc")
    header, rows = stats.table(judged, "off")
    assert rows[1][-1] == "no detectable difference (better before adjustment)"


@pytest.mark.parametrize(
    ("means", "position"),
    [
        ((0.9, 0.8, 0.7), stats.OFF),
        ((0.8, 0.9, 0.7), stats.INSIDE),
        ((0.7, 0.8, 0.9), stats.STRONG_END),
    ],
)
def test_a_choice_says_where_in_the_grid_it_fell(means, position):
    grid = ["off", "weak", "strong"]
    scores = {name: [mean, mean] for name, mean in zip(grid, means, strict=True)}
    choice = stats.choose(grid, scores)
    assert choice["position"] == position
    assert choice["chosen"] == grid[int(np.argmax(means))]


def test_minus_zero_is_written_as_no_difference():
    result = stats.compare([0.90001, 0.9], [0.9, 0.90001])
    assert result["text"].startswith("+0.00 points")
