"""The site's decision rules: which setting is chosen, and when one is better.

Choosing. A setting is chosen on the validation split, over a grid that
starts with "off" (no regularization): `choose` takes the highest mean over
the tuning seeds and says where in the grid the choice fell (off, inside the
grid, or at its strong end, where a stronger setting might do better still).
Choosing is not a verdict: a choice among several settings is flattered by
the very runs that made it, so it is judged afresh.

Judging. The chosen setting and its reference are trained again from seeds
the choice never saw, and compared on the test set. Every variant of a
comparison is trained from the same seeds (see `seeds`), so the runs pair up
and the question "is A better than B?" is asked of the differences A − B:

- `compare` gives the mean difference and its 95% interval. Over the seeds
  alone it is Student's t interval of the paired differences
  (`scipy.stats.ttest_rel`): it covers the randomness of training (initial
  weights, data order, dropout and augmentation draws) on one fixed training
  subset and one fixed test set. Given the per-image correctness of each
  run on the test set, it also covers the sampling of the test images: the
  two variances, over seeds and over images, are added (conservatively, see
  `_image_term`), with Welch-Satterthwaite's degrees of freedom.
- `family` adjusts the verdicts of one page's comparisons together (Holm's
  method, statsmodels' `multipletests`), so that a page with six comparisons
  does not report the one that came out by luck. The recorded verdict is the
  adjusted one; the unadjusted verdict and interval stay beside it.
- The verdict: "better" when the adjusted test rejects "no difference" and
  the difference is on the good side, "worse" on the bad side, and "no
  detectable difference" otherwise. One seed gives no interval and no
  verdict: one run shows one run.

Pages record the results (`glue`) and their prose quotes them; the summary
page only formats what the pages recorded. No other code decides "better",
"worse" or "best".
"""

import warnings

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

CONFIDENCE = 0.95
BETTER, WORSE, NO_DIFFERENCE = "better", "worse", "no detectable difference"
ONE_RUN = "one seed: no comparison"
NOT_JUDGED = "not judged"
OFF, INSIDE, STRONG_END = "off", "inside the grid", "the strongest tried"
SEEDS_ONLY = "training randomness (seeds)"
SEEDS_AND_IMAGES = (
    "training randomness (seeds) and the sampling of test images"
)


def choose(grid, scores, higher_is_better=True):
    """The setting of `grid` (ordered from "off" to the strongest) with the best mean.

    `scores` maps each name of `grid` to its per-seed validation scores.
    Returns {"chosen", "position", "means"}: where the choice fell is OFF
    (nothing beat no regularization), INSIDE or STRONG_END.
    """
    grid = list(grid)
    means = {name: float(np.mean(scores[name])) for name in grid}
    sign = 1 if higher_is_better else -1
    chosen = max(grid, key=lambda name: sign * means[name])
    index = grid.index(chosen)
    position = (
        OFF if index == 0 else STRONG_END if index == len(grid) - 1 else INSIDE
    )
    return {"chosen": chosen, "position": position, "means": means}


def compare(a, b, higher_is_better=True, points=True, images=None):
    """Paired comparison of the per-seed scores `a` against `b` (same seeds, same order).

    `images`, optional, is a pair of boolean arrays (seeds × test images):
    whether each run read each test image right. With it the interval also
    covers the sampling of test images (see the module docstring).

    Returns a JSON-able dict: difference (mean of a − b), low and high (its
    95% interval), p, ahead / tied / behind (seeds), n, covers, verdict
    (unadjusted until `family` adjusts it) and `text`, as a page quotes it
    ("+0.39 points [−0.12, +0.90], ahead on 7, tied on 0, behind on 3 of 10
    seeds"). With `points`, fractions such as accuracies are written in
    percentage points. The per-seed scores go with it (a, b,
    higher_is_better), so that anyone can check the verdict.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"paired scores need equal lengths, got {a.shape} and {b.shape}"
        )
    differences = a - b
    sign = 1 if higher_is_better else -1
    image_term = None if images is None else _image_term(*images, len(a))
    low, high, p = _interval(differences, image_term)
    result = {
        "a": a.tolist(),
        "b": b.tolist(),
        "higher_is_better": higher_is_better,
        "points": points,
        "difference": float(differences.mean()),
        "low": low,
        "high": high,
        "p": p,
        "ahead": int(np.sum(sign * differences > 0)),
        "tied": int(np.sum(differences == 0)),
        "behind": int(np.sum(sign * differences < 0)),
        "n": len(differences),
        "covers": SEEDS_ONLY if image_term is None else SEEDS_AND_IMAGES,
        "image_term": image_term,
    }
    result["unadjusted"] = _verdict(result, p)
    result["verdict"] = result["unadjusted"]
    result["text"] = describe(result)
    return result


def family(comparisons):
    """Adjust a page's comparisons together (Holm); return them, verdicts adjusted.

    `comparisons` maps names to `compare` results; each gains `holm_p`, its
    `verdict` becomes the adjusted one, and `family_size` says how many
    comparisons were adjusted together.
    """
    names = [
        name for name, result in comparisons.items() if result["p"] is not None
    ]
    adjusted = dict(
        zip(names, _holm([comparisons[n]["p"] for n in names]), strict=True)
    )
    judged = {}
    for name, result in comparisons.items():
        result = dict(
            result, holm_p=adjusted.get(name), family_size=len(names)
        )
        result["verdict"] = _verdict(result, result["holm_p"])
        judged[name] = result
    return judged


def describe(result):
    """The difference, its interval and the seeds' tally, as a page writes them."""
    scale, unit = (100, " points") if result["points"] else (1, "")
    difference = _signed(result["difference"] * scale, result["points"])
    tally = (
        f"ahead on {result['ahead']}, tied on {result['tied']}, "
        f"behind on {result['behind']} of {result['n']} seeds"
    )
    if result["low"] is None:
        return f"{difference}{unit} ({tally}; one seed, no interval)"
    low, high = (
        _signed(result[k] * scale, result["points"]) for k in ("low", "high")
    )
    return f"{difference}{unit} [{low}, {high}], {tally}"


def table(comparisons, reference):
    """(header, rows) for comparisons against one reference, adjusted verdicts first."""
    header = [
        "variant",
        f"difference to {reference}",
        "95% interval",
        "verdict",
    ]
    rows = []
    for name, result in comparisons.items():
        rows.append([name, *cells(result), verdict_cell(result)])
    return header, rows


def cells(result):
    """The difference and its interval as two short table cells."""
    scale, unit = (100, "") if result["points"] else (1, "")
    difference = _signed(result["difference"] * scale, result["points"]) + unit
    if result["low"] is None:
        return [difference, "none (one seed)"]
    low, high = (
        _signed(result[k] * scale, result["points"]) for k in ("low", "high")
    )
    return [difference, f"[{low}, {high}]"]


def summary_cells(result=None):
    """A summary table's cells for one comparison: verdict, difference, interval.

    Without a result (nothing was judged: "off" did best), the same cells
    say so.
    """
    if result is None:
        return {"verdict": NOT_JUDGED, "difference": "—", "interval": "—"}
    difference, interval = cells(result)
    return {
        "verdict": verdict_cell(result),
        "difference": difference,
        "interval": interval,
    }


def verdict_cell(result):
    """The adjusted verdict, with the unadjusted one where they differ."""
    if result["verdict"] != result["unadjusted"]:
        return (
            f"{result['verdict']} ({result['unadjusted']} before adjustment)"
        )
    return result["verdict"]


def _image_term(correct_a, correct_b, n_seeds):
    """The test-image sampling variance of the mean difference.

    Per image, the difference in correctness averaged over seeds; its
    variance over images, divided by their number. Added to the seeds'
    variance of the mean it counts the seed-by-image interaction twice,
    which errs on the wide side.
    """
    correct_a, correct_b = (
        np.asarray(correct_a, bool),
        np.asarray(correct_b, bool),
    )
    if correct_a.shape != correct_b.shape or correct_a.shape[0] != n_seeds:
        raise ValueError(
            "per-image correctness needs one row per seed for both"
        )
    per_image = correct_a.mean(axis=0) - correct_b.mean(axis=0)
    return float(np.var(per_image, ddof=1) / per_image.size)


def _interval(differences, image_term):
    n = len(differences)
    if n < 2:
        return None, None, None
    mean = float(differences.mean())
    seed_term = float(np.var(differences, ddof=1) / n)
    if image_term is None:
        if seed_term == 0:  # identical differences: no spread at all
            return mean, mean, 0.0 if mean else 1.0
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore", RuntimeWarning
            )  # near-identical pairs
            test = stats.ttest_1samp(differences, 0.0)
            bounds = test.confidence_interval(CONFIDENCE)
        return float(bounds.low), float(bounds.high), float(test.pvalue)
    variance = seed_term + image_term
    if variance == 0:
        return mean, mean, 0.0 if mean else 1.0
    # Welch-Satterthwaite; the image term's own degrees of freedom (images
    # minus one, thousands) are taken as infinite.
    freedom = variance**2 / (seed_term**2 / (n - 1)) if seed_term else np.inf
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, freedom) * np.sqrt(variance)
    p = 2 * stats.t.sf(abs(mean) / np.sqrt(variance), freedom)
    return mean - float(half), mean + float(half), float(p)


def _holm(p_values):
    if not p_values:
        return []
    return [
        float(p)
        for p in multipletests(p_values, alpha=1 - CONFIDENCE, method="holm")[
            1
        ]
    ]


def _verdict(result, p):
    if result["n"] < 2:
        return ONE_RUN
    if p is None or p >= 1 - CONFIDENCE or result["difference"] == 0:
        return NO_DIFFERENCE
    sign = 1 if result["higher_is_better"] else -1
    return BETTER if sign * result["difference"] > 0 else WORSE


def _signed(value, points):
    # "−0.00" reads as a difference; it is none at this precision.
    if points and round(value, 2) == 0:
        value = 0.0
    # Three significant figures, trailing zeros kept, so that a difference
    # and its interval's ends read at one precision.
    text = f"{value:+.2f}" if points else f"{value:+#.3g}"
    return text.replace("-", "−")
