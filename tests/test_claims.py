"""The pages' claims hold: every recorded verdict follows from its per-seed numbers,
every adjusted verdict from its page's family, every test interval from the
per-image results the run recorded; and the facts the pages state about
Keras are what Keras does (fast mode)."""

import nbformat
import numpy as np
import pytest
from checkout import EXAMPLES
from scipy import stats as scipy_stats
from statsmodels.stats.multitest import multipletests

from sitebuild import catalog, layout, settings

PUBLISHED = settings.PUBLISHED_DIR
EXPERIMENTS = ("overfitting", "capacity_and_data", "calibration", "l1_vs_l2",
               "dropout_vs_data", "spatial_dropout", "adamw")  # fmt: skip


def comparisons(value, path=""):
    """Every recorded paired comparison in a page's values, with where it is."""
    if isinstance(value, dict):
        if {"a", "b", "verdict", "low", "high"} <= set(value):
            yield path, value
        for key, item in value.items():
            yield from comparisons(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from comparisons(item, f"{path}.{index}")


def image_term(result, correct, rows):
    """The test-image variance of the mean difference, from the recorded bits."""
    index = {tuple(row): n for n, row in enumerate(rows)}
    count = len(result["a"])

    def bits(name):
        picked = [index[(name, seed)] for seed in result["seeds"]]
        return np.unpackbits(correct[picked], axis=1)[:, : result["test_images"]]

    per_image = bits(result["a_name"]).mean(0) - bits(result["b_name"]).mean(0)
    assert len(result["seeds"]) == count
    return np.var(per_image, ddof=1) / per_image.size


def expected_interval(result, term):
    """The 95% interval and p of tutorial/stats.py, recomputed independently."""
    d = np.asarray(result["a"]) - np.asarray(result["b"])
    if len(d) < 2:
        return None, None, None
    if term is None:
        if np.all(d == d[0]):
            return float(d[0]), float(d[0]), 0.0 if d[0] else 1.0
        test = scipy_stats.ttest_rel(result["a"], result["b"])
        interval = test.confidence_interval(0.95)
        return interval.low, interval.high, test.pvalue
    seed_term = np.var(d, ddof=1) / len(d)
    if seed_term + term == 0:
        return float(d.mean()), float(d.mean()), 0.0 if d.mean() else 1.0
    se = np.sqrt(seed_term + term)
    df = (
        (seed_term + term) ** 2 / (seed_term**2 / (len(d) - 1)) if seed_term else np.inf
    )
    half = scipy_stats.t.ppf(0.975, df) * se
    return (
        d.mean() - half,
        d.mean() + half,
        2 * scipy_stats.t.sf(abs(d.mean()) / se, df),
    )


def verdict(result, p):
    if result["n"] < 2:
        return "one seed: no comparison"
    if p is None or p >= 0.05 or result["difference"] == 0:
        return "no detectable difference"
    good = (result["difference"] > 0) == result["higher_is_better"]
    return "better" if good else "worse"


def recorded_values(root, name):
    return catalog.read_values(root, name)


def recorded_correctness(root, name):
    """The per-image test results and their rows, read and checked as the
    site reads arrays; (None, None) for a page that recorded none."""
    if "test_correct" not in catalog.read_manifest(root, name).get("arrays", []):
        return None, None
    correct = catalog.read_array(root, name, "test_correct")
    return correct, recorded_values(root, name)["test_correct_rows"]


def check_page(root, name):
    """Assert every comparison and family of the page; return how many were checked."""
    values = recorded_values(root, name)
    correct, rows = recorded_correctness(root, name)
    found = list(comparisons(values))
    for path, result in found:
        term = None
        if result.get("image_term") is not None:
            assert correct is not None, (
                f"{name}: {path} needs the recorded per-image results"
            )
            term = image_term(result, correct, rows)
            assert result["image_term"] == pytest.approx(term, rel=1e-9, abs=1e-15)
        low, high, p = expected_interval(result, term)
        assert result["unadjusted"] == verdict(result, p), (name, path)
        if low is not None:
            assert (result["low"], result["high"]) == pytest.approx((low, high)), (
                name,
                path,
            )
            assert result["p"] == pytest.approx(p, rel=1e-6, abs=1e-12), (name, path)
        assert result["n"] == len(result["a"]) == len(result["b"])
        if "holm_p" in result:
            assert result["verdict"] == verdict(result, result["holm_p"]), (name, path)
        d = np.asarray(result["a"]) - np.asarray(result["b"])
        sign = 1 if result["higher_is_better"] else -1
        assert (result["ahead"], result["tied"], result["behind"]) == (
            int(np.sum(sign * d > 0)), int(np.sum(d == 0)), int(np.sum(sign * d < 0)))  # fmt: skip
    for path, family in families(values):
        names = [n for n, r in family.items() if r["p"] is not None]
        adjusted = multipletests([family[n]["p"] for n in names], method="holm")[1]
        for n, holm in zip(names, adjusted, strict=True):
            assert family[n]["holm_p"] == pytest.approx(holm), (name, path, n)
            assert family[n]["verdict"] == verdict(family[n], holm), (name, path, n)
            assert family[n]["family_size"] == len(names)
    return len(found)


def families(value, path=""):
    """Every recorded family: a mapping holding all the members of one Holm adjustment.

    (A mapping of some members only, glued for a page's prose, is not a
    family: each member's verdict is still checked against its own holm_p.)
    """
    if isinstance(value, dict):
        members = [v for v in value.values() if isinstance(v, dict) and "holm_p" in v]
        if members and len(members) == len(value):
            if all(m["family_size"] == len(members) for m in members):
                yield path, value
            return
        for key, item in value.items():
            yield from families(item, f"{path}.{key}" if path else key)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_published_verdict_follows_from_its_numbers(name):
    # A page that trained or read runs records its comparisons; the blog
    # pages record none. A renamed key would leave nothing found, and fail.
    store = catalog.read_manifest(PUBLISHED, name)["run_store"]
    found = check_page(PUBLISHED, name)
    assert (found > 0) == (store["trained"] + store["loaded"] > 0), (name, found)


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_fast_verdict_follows_from_its_numbers(fast_build, name):
    out, _ = fast_build
    assert check_page(out, name) > 0, name


def test_the_experiment_pages_judge_over_ten_fresh_seeds_or_more():
    for name in EXPERIMENTS:
        values = recorded_values(PUBLISHED, name)
        judged = [r for _, family in families(values) for r in family.values()]
        assert judged, f"{name}: no adjusted family of verdicts recorded"
        assert min(r["n"] for r in judged) >= 10, name
        assert all(min(r["seeds"]) > 100 for r in judged if "seeds" in r), name


def outputs_of(notebook_path, first_line):
    """The text a code cell printed, found by the first line of its code."""
    notebook = nbformat.read(notebook_path, as_version=4)
    cell = next(
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.strip().startswith(first_line)
    )
    return "".join(
        output.get("text", "") + output.get("data", {}).get("text/plain", "")
        for output in cell.outputs
    )


def test_the_posts_penalties_sit_on_the_two_conv_kernels_only(fast_build):
    out, _ = fast_build
    printed = outputs_of(
        layout.on_disk(out, "weight_decay").page, "for name, model in models"
    )
    assert "none: 0 tensors in model.losses" in printed
    for name in ("L1", "L2", "L1L2"):  # the post's model.losses shows two tensors
        assert f"{name}: 2 tensors in model.losses" in printed


def test_model_losses_equals_the_penalty_computed_by_hand(fast_build):
    out, _ = fast_build
    table = layout.on_disk(out, "weight_decay").snippet("penalty_check").read_text()
    rows = [line.split("|")[1:-1] for line in table.splitlines()[2:]]
    assert len(rows) == 6  # three regularizers, two kernels each
    for row in rows:
        by_hand, reported = float(row[2]), float(row[3])
        assert abs(by_hand - reported) <= 1e-5 * max(1.0, abs(by_hand)), row


def test_seeding_before_each_build_is_not_enough_to_pair_the_weights(fast_build):
    out, _ = fast_build
    printed = outputs_of(layout.on_disk(out, "dropout").page, "def build_model")
    assert (
        "set_random_seed before each build: same kernels (conv 1, conv 2, dense): [True, False, False]"
        in printed
    )
    assert (
        "seed streams: same kernels (conv 1, conv 2, dense): [True, True, True]"
        in printed
    )


def test_dropout_zeroes_about_the_rate_and_scales_the_rest(fast_build):
    out, _ = fast_build
    printed = outputs_of(
        layout.on_disk(out, "dropout").page, "dropout = layers.Dropout"
    )
    share = float(printed.split("share of zeros ")[1].split(",")[0])
    assert abs(share - 0.2) < 0.02 and "values kept [1.25]" in printed
    assert "training=False: share of zeros 0.000" in printed


def test_keras_decays_before_the_step_and_biases_unless_excluded(fast_build):
    out, _ = fast_build
    notebook = layout.on_disk(out, "adamw").page
    printed = outputs_of(notebook, "def one_step")
    assert "exclude biases=False: kernel 1.0 -> 0.9500, bias 1.0 -> 0.9500" in printed
    assert "exclude biases=True: kernel 1.0 -> 0.9500, bias 1.0 -> 1.0000" in printed
    order = outputs_of(notebook, "kernel, _ = one_step")
    keras_value = float(order.split("Keras:")[1].split()[0])
    assert keras_value == pytest.approx(
        float(order.split("decay, then step:")[1].split()[0]), abs=1e-5
    )


def test_a_penalty_equals_weight_decay_under_plain_sgd_only(fast_build):
    out, _ = fast_build
    gaps = recorded_values(out, "adamw")["gaps"]
    assert gaps["sgd"] < 1e-5
    assert gaps["momentum"] > 1e-3 and gaps["adam"] > 1e-3


def test_label_smoothing_targets_are_what_the_page_says(fast_build):
    out, _ = fast_build
    values = recorded_values(out, "overfitting")
    assert values["smooth_high"] == pytest.approx(0.91)
    assert values["smooth_low"] == pytest.approx(0.01)
