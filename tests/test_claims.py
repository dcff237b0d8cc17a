"""The pages' claims hold in fast mode, read from the snippets the build wrote."""

import re

import nbformat


def read_table(path):
    """A Markdown table written by tutorial.report.table, as a list of row dicts."""
    lines = [line for line in path.read_text().splitlines() if line.startswith("|")]
    headers = split_row(lines[0])
    return [dict(zip(headers, split_row(line), strict=True)) for line in lines[2:]]


def split_row(line):
    """Split on the pipes between cells, not on escaped ones inside a cell."""
    cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
    return [cell.strip().replace("\\|", "|") for cell in cells]


def rows_by(table, key):
    return {row[key]: row for row in table}


def mean_of(cell):
    """The mean of a 'mean ± std' cell written by experiment.mean_std."""
    return float(cell.split(" ± ")[0])


def column_means(table, column):
    """{row name: mean} of one 'mean ± std' column of a table from rows_by."""
    return {name: mean_of(row[column]) for name, row in table.items()}


def outputs_of(notebook_path, source):
    notebook = nbformat.read(notebook_path, as_version=4)
    cell = next(
        cell for cell in notebook.cells if cell.get("source", "").strip() == source
    )
    return "".join(
        output.get("text", "") + output.get("data", {}).get("text/plain", "")
        for output in cell.outputs
    )


def test_l2_shrinks_the_first_kernel(fast_build):
    out, _ = fast_build
    spread = rows_by(
        read_table(out / "weight_decay" / "snippets" / "kernel_spread.md"),
        "regularizer",
    )
    assert float(spread["L2"]["standard deviation"]) < float(
        spread["none"]["standard deviation"]
    )


def test_model_losses_holds_one_tensor_per_regularized_weight(fast_build):
    out, _ = fast_build
    metrics = rows_by(
        read_table(out / "weight_decay" / "snippets" / "losses_count.md"),
        "regularizer",
    )
    assert metrics["none"]["tensors in model.losses"] == "0"
    for name in ("L1", "L2", "L1L2"):  # two kernels and two biases each
        assert metrics[name]["tensors in model.losses"] == "4"


def test_model_losses_equals_the_penalty_computed_by_hand(fast_build):
    out, _ = fast_build
    rows = read_table(out / "weight_decay" / "snippets" / "penalty_check.md")
    assert len(rows) == 12
    for row in rows:
        by_hand, reported = float(row["by hand"]), float(row["model.losses"])
        assert abs(by_hand - reported) <= 1e-5 * max(1.0, abs(by_hand)), row
    biases = [float(row["by hand"]) for row in rows if row["weight"].endswith("bias")]
    assert len(biases) == 6 and all(value > 0 for value in biases)  # trained, not zero


def test_model_losses_is_empty_without_regularizers(fast_build):
    out, _ = fast_build
    assert (
        outputs_of(
            out / "weight_decay" / "index.ipynb", 'models["none"].losses'
        ).strip()
        == "[]"
    )
    assert outputs_of(out / "dropout" / "index.ipynb", "model.losses").strip() == "[]"


def test_dropout_layers_add_no_parameters(fast_build):
    out, _ = fast_build
    summary = (out / "dropout" / "snippets" / "model_summary.md").read_text()
    dropout_rows = [line for line in summary.splitlines() if "(Dropout)" in line]
    assert len(dropout_rows) == 2
    assert all(line.rstrip(" │").endswith(" 0") for line in dropout_rows)


def test_dropout_zeroes_about_the_rate_and_scales_the_rest(fast_build):
    out, _ = fast_build
    behaviour = rows_by(
        read_table(out / "dropout" / "snippets" / "dropout_behaviour.md"), "call"
    )
    assert abs(float(behaviour["training=True"]["share of zeros"]) - 0.2) < 0.02
    assert behaviour["training=True"]["values kept"] == "1.25"
    assert float(behaviour["training=False"]["share of zeros"]) == 0.0


def test_l1_leaves_more_weights_near_zero_than_l2(fast_build):
    out, _ = fast_build
    table = rows_by(
        read_table(out / "l1_vs_l2" / "snippets" / "near_zero.md"), "variant"
    )
    share = column_means(table, "share of |w| < 0.001")
    assert share["L1(0.001)"] > share["L2(0.001)"] > 0


def test_a_penalty_equals_weight_decay_under_sgd_only(fast_build):
    out, _ = fast_build
    rows = rows_by(
        read_table(out / "adamw" / "snippets" / "one_step_table.md"), "optimizer"
    )
    difference = "max |penalty step − decay step|"
    assert float(rows["SGD"][difference]) < 1e-6
    assert float(rows["Adam"][difference]) > 1e-4


def test_adamw_ends_with_smaller_weights_than_adam(fast_build):
    out, _ = fast_build
    table = rows_by(
        read_table(out / "adamw" / "snippets" / "comparison.md"), "optimizer"
    )
    norm = column_means(table, "final kernel norm")
    adamw = next(name for name in norm if name.startswith("AdamW"))
    assert norm[adamw] < norm["Adam"]


def test_overfitting_compares_every_variant_and_l2_shrinks_weights(fast_build):
    out, _ = fast_build
    table = rows_by(
        read_table(out / "overfitting" / "snippets" / "comparison.md"), "variant"
    )
    assert len(table) == 9 and "early stopping" in table and "augmentation" in table
    for row in table.values():
        assert 0.0 < mean_of(row["test accuracy"]) <= 1.0
    norm = column_means(table, "weight norm")
    assert norm["L2(1e-3)"] < norm["baseline"]
