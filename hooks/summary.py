"""Write the "Which regularizer when" page from the experiments' own numbers.

The experiment pages save their raw results as JSON snippets
(`docs/generated/<page>/snippets/<name>.json`). At site-build time this hook
reads them and replaces the marker in `docs/which_regularizer.md` with
recommendations and a ranking whose every word follows those numbers, each
linking to the figure that shows it. Change a measurement and the text
changes with it.
"""

import itertools
import json
from pathlib import Path

import numpy as np

MARKER = "<!-- summary: generated from the experiments -->"
SOURCES = {
    "overfitting": "comparison",
    "how_much": "sweep_table",
    "dropout_vs_data": "grid",
    "l1_vs_l2": "near_zero",
    "adamw": "comparison",
}


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    results = load_results(Path(config["docs_dir"]) / "generated")
    return markdown.replace(MARKER, summarize(results))


def load_results(generated):
    """{page: results} from the JSON snippets; a clear error when one is missing."""
    results = {}
    for page, snippet in SOURCES.items():
        path = Path(generated) / page / "snippets" / f"{snippet}.json"
        try:
            results[page] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise RuntimeError(
                f"{path}: cannot read the results of the {page!r} page ({error}). "
                f"Run `python build_figures.py --only {page}` first."
            ) from None
    return results


def summarize(results):
    """Markdown: a ranking and one recommendation per experiment."""
    return "\n\n".join(
        [
            ranking(results["overfitting"]),
            "## Recommendations",
            "\n".join(
                [
                    "- " + overfitting_first(results["overfitting"]),
                    "- " + strength(results["how_much"]),
                    "- " + dropout_and_data(results["dropout_vs_data"]),
                    "- " + l1_or_l2(results["l1_vs_l2"]),
                    "- " + adam_or_adamw(results["adamw"]),
                ]
            ),
        ]
    )


def _mean_std(values):
    values = np.asarray(values, dtype=float)
    return values.mean(), (values.std(ddof=1) if len(values) > 1 else None)


def ranking(comparison):
    """The variants ranked by mean test accuracy, with what beats the baseline clearly."""
    scored = {name: _mean_std(v["test_accuracy"]) for name, v in comparison.items()}
    ranked = sorted(scored, key=lambda name: scored[name][0], reverse=True)
    rows = [
        f"| {rank} | {name} | {mean:.4f}"
        + (f" ± {std:.4f}" if std is not None else "")
        + " |"
        for rank, name in enumerate(ranked, start=1)
        for mean, std in [scored[name]]
    ]
    base_mean, base_std = scored["baseline"]
    if base_std is None:
        verdict = "With a single seed the noise is unknown, so no winner is declared."
    else:
        clear = [
            name
            for name in ranked
            if name != "baseline"
            and scored[name][0] - base_mean > 2 * max(scored[name][1], base_std)
        ]
        verdict = (
            f"Clearly better than the baseline (by more than twice the standard "
            f"deviation over seeds): {', '.join(clear)}."
            if clear
            else "No variant beats the baseline by more than twice the standard "
            "deviation over seeds."
        )
    link = "[comparison](generated/overfitting/index.ipynb#the-comparison)"
    return "\n".join(
        [
            "## Ranking",
            "",
            f"Test accuracy in the overfitting set-up ({link}), mean ± standard "
            "deviation over seeds. " + verdict,
            "",
            "| rank | variant | test accuracy |",
            "| --- | --- | --- |",
            *rows,
        ]
    )


def overfitting_first(comparison):
    gap, _ = _mean_std(comparison["baseline"]["gap"])
    link = "[learning curves](generated/overfitting/index.ipynb#learning-curves)"
    if gap > 0.05:
        return (
            f"**Regularize when the model overfits.** On a small training set the "
            f"unregularized network ends {gap:.1%} more accurate on its training "
            f"images than on validation images ({link})."
        )
    return (
        f"**Check for overfitting first.** Here the unregularized network's final "
        f"gap between training and validation accuracy is only {gap:.1%} ({link}): "
        "there is little for a regularizer to cure."
    )


def strength(sweeps):
    """Where each sweep peaks, and whether too much of it clearly costs accuracy."""

    def peak(name):
        scores = {float(v): s for v, s in sweeps[name].items()}
        best = max(scores, key=lambda v: np.mean(scores[v]))
        strongest = max(scores)
        spread = max(
            np.std(scores[v], ddof=1) if len(scores[v]) > 1 else np.inf
            for v in (best, strongest)
        )
        costly = np.mean(scores[best]) - np.mean(scores[strongest]) > 2 * spread
        return best, np.mean(scores[best]), strongest, costly

    parts, costly_ones = [], []
    for name, label in (("l2", "L2 factor"), ("dropout", "dropout rate")):
        best, score, strongest, costly = peak(name)
        parts.append(f"the best {label} is {best:g} ({score:.4f})")
        if costly:
            costly_ones.append(f"{label} {strongest:g}")
    link = "[sweeps](generated/how_much/index.ipynb#the-sweeps)"
    return f"**Tune the strength.** In this set-up {' and '.join(parts)} ({link}); " + (
        f"too much clearly costs accuracy ({', '.join(costly_ones)} lies more than "
        "twice the seeds' spread below the best)."
        if costly_ones
        else "no setting is clearly worse than the best, beyond the seeds' noise."
    )


def dropout_and_data(grid):
    """The best dropout rate at each training-set size, against the post's advice."""
    cells = {}
    for key, values in grid.items():
        size, rate = key.split(",")
        cells.setdefault(int(size), {})[float(rate)] = float(np.mean(values))
    best = {size: max(rates, key=rates.get) for size, rates in sorted(cells.items())}
    listing = ", ".join(f"{rate:g} at {size:,} images" for size, rate in best.items())
    rates = list(best.values())
    falling = all(a >= b for a, b in itertools.pairwise(rates)) and rates[0] > rates[-1]
    link = "[heat map](generated/dropout_vs_data/index.ipynb#the-grid)"
    if falling:
        return (
            f"**Less data, more dropout**, as the post advises: the best rate is "
            f"{listing} ({link})."
        )
    return (
        f"**Don't set dropout by data size alone.** The best rate is {listing} "
        f"({link}): it does not fall as the data grows, as the post advises."
    )


def l1_or_l2(near_zero):
    share = {name: float(np.mean(values)) for name, values in near_zero.items()}
    l1 = next(name for name in share if name.startswith("L1"))
    l2 = next(name for name in share if name.startswith("L2"))
    link = (
        "[weight magnitudes](generated/l1_vs_l2/index.ipynb#where-the-weights-end-up)"
    )
    if share[l1] > share[l2]:
        return (
            f"**Use L1 for sparse weights, L2 for small ones.** {l1} leaves "
            f"{share[l1]:.1%} of the weights near zero, {l2} {share[l2]:.1%} ({link})."
        )
    return (
        f"**L1 did not sparsify here.** {l1} leaves {share[l1]:.1%} of the weights "
        f"near zero, no more than {l2}'s {share[l2]:.1%} ({link})."
    )


def adam_or_adamw(comparison):
    norm = {name: float(np.mean(v["final_norm"])) for name, v in comparison.items()}
    adamw = next(name for name in norm if name.startswith("AdamW"))
    link = "[norms](generated/adamw/index.ipynb#training-with-each)"
    if norm[adamw] < norm["Adam"]:
        return (
            f"**With Adam, decay with AdamW.** An L2 penalty is not weight decay under "
            f"Adam; {adamw} ends with a kernel norm of {norm[adamw]:.2f} against "
            f"{norm['Adam']:.2f} for plain Adam ({link})."
        )
    return (
        f"**AdamW did not shrink the weights here**: {norm[adamw]:.2f} against "
        f"{norm['Adam']:.2f} for plain Adam ({link})."
    )
