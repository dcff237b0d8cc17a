"""The summary page's text follows its data: other numbers, other words."""

import copy

import pytest

from hooks import summary

RESULTS = {
    "overfitting": {
        "baseline": {"test_accuracy": [0.90, 0.91, 0.92], "gap": [0.09, 0.1, 0.11]},
        "L2(1e-3)": {"test_accuracy": [0.95, 0.95, 0.95], "gap": [0.05, 0.05, 0.05]},
        "Dropout(0.3)": {
            "test_accuracy": [0.91, 0.92, 0.93],
            "gap": [0.05, 0.05, 0.05],
        },
    },
    "how_much": {
        "l2": {"1e-05": [0.90, 0.91], "0.001": [0.95, 0.95], "0.1": [0.80, 0.81]},
        "dropout": {"0": [0.90, 0.9], "0.3": [0.93, 0.93], "0.7": [0.85, 0.86]},
    },
    "dropout_vs_data": {
        "250,0": [0.80],
        "250,0.5": [0.82],
        "4000,0": [0.95],
        "4000,0.5": [0.94],
    },
    "l1_vs_l2": {"baseline": [0.03], "L1(0.001)": [0.40], "L2(0.001)": [0.06]},
    "adamw": {
        "Adam": {"final_norm": [7.0]},
        "Adam + L2(0.001)": {"final_norm": [6.5]},
        "AdamW(weight_decay=1)": {"final_norm": [5.0]},
    },
}


def changed(**edits):
    results = copy.deepcopy(RESULTS)
    for path, value in edits.items():
        target = results
        *parents, leaf = path.split("__")
        for key in parents:
            target = target[key]
        target[leaf] = value
    return results


def test_the_ranking_follows_test_accuracy():
    text = summary.summarize(RESULTS)
    assert text.index("| 1 | L2(1e-3) |") < text.index("| 3 | baseline |")
    assert "Clearly better than the baseline" in text and ": L2(1e-3)." in text
    flipped = changed(
        overfitting__baseline={"test_accuracy": [0.96, 0.96, 0.97], "gap": [0.1] * 3}
    )
    text = summary.summarize(flipped)
    assert "| 1 | baseline |" in text
    assert "No variant beats the baseline" in text


def test_recommendations_change_with_the_numbers():
    text = summary.summarize(RESULTS)
    assert "Regularize when the model overfits" in text
    assert (
        "best L2 factor is 0.001" in text and "too much clearly costs accuracy" in text
    )
    assert "Use L1 for sparse weights" in text
    assert "Less data, more dropout" in text and "0.5 at 250 images" in text
    assert "With Adam, decay with AdamW" in text
    text = summary.summarize(
        changed(
            overfitting__baseline={"test_accuracy": [0.9] * 3, "gap": [0.01] * 3},
            how_much__l2={"1e-05": [0.99, 0.97], "0.001": [0.95, 0.99]},
            how_much__dropout={"0": [0.90, 0.92], "0.7": [0.91, 0.91]},
            l1_vs_l2={"L1(0.001)": [0.01], "L2(0.001)": [0.06]},
            dropout_vs_data={
                "250,0": [0.83],
                "250,0.5": [0.82],
                "4000,0": [0.9],
                "4000,0.5": [0.96],
            },
            adamw={
                "Adam": {"final_norm": [5.0]},
                "AdamW(weight_decay=1)": {"final_norm": [6.0]},
            },
        )
    )
    assert "Check for overfitting first" in text
    assert "best L2 factor is 1e-05" in text and "no setting is clearly worse" in text
    assert "L1 did not sparsify here" in text
    assert "Don't set dropout by data size alone" in text
    assert "AdamW did not shrink the weights here" in text


def test_every_statement_links_to_its_evidence():
    text = summary.summarize(RESULTS)
    for page in ("overfitting", "how_much", "dropout_vs_data", "l1_vs_l2", "adamw"):
        assert f"(generated/{page}/index.ipynb#" in text


def test_missing_results_name_the_file_and_the_fix(tmp_path):
    with pytest.raises(RuntimeError, match=r"build_figures.py --only overfitting"):
        summary.load_results(tmp_path)
