"""The site's one decision rule: a paired comparison over seeds, with a 95% interval.

Every variant of a comparison is trained from the same seeds, and a seed
fixes the initial weights and the order of the data for every variant alike
(see `experiment`). So the runs pair up seed by seed, and the question "is A
better than B?" is asked of the differences A − B, one per seed:

- the mean difference, with its 95% confidence interval from Student's t
  distribution (`scipy.stats.ttest_rel`);
- on how many seeds A came out ahead;
- the verdict: "better" when the whole interval lies on the good side of
  zero, "worse" when it lies on the bad side, and "no detectable
  difference" when it contains zero. One seed gives no interval and no
  verdict: one run shows one run.

Pages record the result (`glue`) and their prose quotes it; the summary page
only formats what the pages recorded. No other code decides "better".
"""

import warnings

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
BETTER, WORSE, NO_DIFFERENCE = "better", "worse", "no detectable difference"
ONE_RUN = "one seed: no comparison"


def compare(a, b, higher_is_better=True, points=True):
    """Paired comparison of the per-seed scores `a` against `b` (same seeds, same order).

    Returns a JSON-able dict: difference (mean of a − b), low and high (its
    95% interval), ahead (seeds where a did better), n, verdict, and `text`,
    the difference and interval as a page quotes them ("+0.39 points [−0.12,
    +0.90], ahead on 7 of 10 seeds"). With `points`, fractions such as
    accuracies are written in percentage points. The per-seed scores go with
    it (a, b, higher_is_better), so that anyone can check the verdict.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"paired scores need equal lengths, got {a.shape} and {b.shape}"
        )
    differences = a - b
    low, high = _interval(a, b)
    sign = 1 if higher_is_better else -1
    result = {
        "a": a.tolist(),
        "b": b.tolist(),
        "higher_is_better": higher_is_better,
        "difference": float(differences.mean()),
        "low": low,
        "high": high,
        "ahead": int(np.sum(sign * differences > 0)),
        "n": len(differences),
        "verdict": _verdict(low, high, sign, len(differences)),
    }
    result["text"] = describe(result, points)
    return result


def describe(result, points=True):
    """The difference, its interval and the seeds ahead, as a page writes them."""
    scale, unit = (100, " points") if points else (1, "")
    difference = _signed(result["difference"] * scale, points)
    ahead = f"ahead on {result['ahead']} of {result['n']} seeds"
    if result["low"] is None:
        return f"{difference}{unit} ({ahead}; one seed, no interval)"
    low, high = (_signed(result[k] * scale, points) for k in ("low", "high"))
    return f"{difference}{unit} [{low}, {high}], {ahead}"


def table(comparisons, reference, points=True):
    """Markdown rows for a set of comparisons against one reference: (header, rows)."""
    header = [
        "variant",
        f"difference to {reference} (95% interval)",
        "verdict",
    ]
    rows = [[name, describe(result, points), result["verdict"]]
            for name, result in comparisons.items()]  # fmt: skip
    return header, rows


def _interval(a, b):
    differences = a - b
    if len(differences) < 2:
        return None, None
    if np.all(differences == differences[0]):
        return float(differences[0]), float(differences[0])  # no spread at all
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # near-identical pairs
        bounds = stats.ttest_rel(a, b).confidence_interval(CONFIDENCE)
    return float(bounds.low), float(bounds.high)


def _verdict(low, high, sign, n):
    if n < 2:
        return ONE_RUN
    if sign * low > 0 and sign * high > 0:
        return BETTER
    if sign * low < 0 and sign * high < 0:
        return WORSE
    return NO_DIFFERENCE


def _signed(value, points):
    text = f"{value:+.2f}" if points else f"{value:+.3g}"
    return text.replace("-", "−")
