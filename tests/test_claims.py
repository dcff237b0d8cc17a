"""The pages' claims hold: every recorded verdict follows from its per-seed numbers,
and the facts the pages state about Keras are what Keras does (fast mode)."""

import json

import nbformat
import numpy as np
import pytest
from conftest import EXAMPLES, REPO
from scipy import stats as scipy_stats

from sitebuild import layout

PUBLISHED = REPO / "docs" / layout.GENERATED


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


def expected_verdict(result):
    """The rule of tutorial/stats.py, recomputed here from the per-seed scores."""
    a, b = np.asarray(result["a"]), np.asarray(result["b"])
    if len(a) < 2:
        return None, None, "one seed: no comparison"
    if np.all(a - b == (a - b)[0]):
        low = high = float((a - b)[0])
    else:
        interval = scipy_stats.ttest_rel(a, b).confidence_interval(0.95)
        low, high = float(interval.low), float(interval.high)
    sign = 1 if result["higher_is_better"] else -1
    if sign * low > 0 and sign * high > 0:
        return low, high, "better"
    if sign * low < 0 and sign * high < 0:
        return low, high, "worse"
    return low, high, "no detectable difference"


def recorded_values(root, name):
    return json.loads(layout.on_disk(root, name).values.read_text())


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_published_verdict_follows_from_its_per_seed_numbers(name):
    found = list(comparisons(recorded_values(PUBLISHED, name)))
    for path, result in found:
        low, high, verdict = expected_verdict(result)
        assert result["verdict"] == verdict, (name, path, result)
        if low is not None:
            assert result["low"] == pytest.approx(low) and result[
                "high"
            ] == pytest.approx(high)
        assert result["n"] == len(result["a"]) == len(result["b"])


def test_the_experiment_pages_compare_over_ten_seeds_or_more():
    for name in ("overfitting", "capacity_and_data", "calibration", "l1_vs_l2",
                 "dropout_vs_data", "spatial_dropout", "adamw"):  # fmt: skip
        found = [
            result["n"] for _, result in comparisons(recorded_values(PUBLISHED, name))
        ]
        assert found and min(found) >= 10, name


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
        out / "weight_decay" / "index.ipynb", "for name, model in models"
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
    printed = outputs_of(out / "dropout" / "index.ipynb", "def build_model")
    assert (
        "set_random_seed before each build: same kernels (conv 1, conv 2, dense): [True, False, False]"
        in printed
    )
    assert (
        "seeded initializers: same kernels (conv 1, conv 2, dense): [True, True, True]"
        in printed
    )


def test_dropout_zeroes_about_the_rate_and_scales_the_rest(fast_build):
    out, _ = fast_build
    printed = outputs_of(out / "dropout" / "index.ipynb", "dropout = layers.Dropout")
    share = float(printed.split("share of zeros ")[1].split(",")[0])
    assert abs(share - 0.2) < 0.02 and "values kept [1.25]" in printed
    assert "training=False: share of zeros 0.000" in printed


def test_keras_decays_before_the_step_and_biases_unless_excluded(fast_build):
    out, _ = fast_build
    notebook = out / "adamw" / "index.ipynb"
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
