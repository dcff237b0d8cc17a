"""
Title: How much? Sweeping the L2 factor and the dropout rate
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: Validation accuracy against regularization strength: too little, just right, too much.
"""

# %% [markdown]
# A regularizer has a strength, and both ends are bad: too weak and the
# network still overfits, too strong and it can no longer fit the training
# data at all. This page sweeps the L2 factor over a log grid and the
# dropout rate from 0 to 0.7 on the overfitting set-up of the "Overfitting"
# page (half-width network, penalties on every kernel, several seeds), and
# marks the best value of each.

# %% [markdown]
# ## Setup

# %%
import matplotlib.pyplot as plt
import numpy as np
from keras import regularizers

from tutorial import experiment, mode, report, style

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
SEEDS = mode.choose(full=[1, 2, 3], fast=[1])
L2_GRID = mode.choose(
    full=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1], fast=[1e-4, 1e-2]
)
DROPOUT_GRID = mode.choose(
    full=[0.0, 0.1, 0.3, 0.5, 0.7], fast=[0.0, 0.3, 0.7]
)

split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)


def sweep(variants):
    """Best validation accuracy of each variant, one value per seed."""
    scores = {}
    for label, variant in variants.items():
        variant.filters = (16, 8)
        runs = [
            experiment.train(variant, seed, split, EPOCHS)
            for seed in SEEDS
        ]
        scores[label] = [run.best_validation_accuracy for run in runs]
        print(f"{variant.name:14} {experiment.mean_std(scores[label])}")
    return scores


# %% [markdown]
# ## The sweeps
#
# Dropout rate 0 is the unregularized network: it is the reference for both
# sweeps.

# %%
dropout_scores = sweep(
    {
        rate: experiment.Variant(
            f"Dropout({rate:g})", color="dropout", dropout=rate
        )
        for rate in DROPOUT_GRID
    }
)
l2_scores = sweep(
    {
        factor: experiment.Variant(
            f"L2({factor:g})",
            color="l2",
            regularizer=regularizers.l2(factor),
        )
        for factor in L2_GRID
    }
)


# %% figure="strength-sweeps"
def plot_sweep(ax, scores, color, xlabel, log):
    values = list(scores)
    means = np.array([np.mean(scores[v]) for v in values])
    stds = np.array(
        [
            np.std(scores[v], ddof=1) if len(SEEDS) > 1 else 0.0
            for v in values
        ]
    )
    ax.errorbar(
        values, means, yerr=stds, color=color, marker="o", capsize=3
    )
    best = values[int(np.argmax(means))]
    ax.plot(
        [best], [means.max()], marker="*", markersize=16, color=color
    )
    ax.annotate(
        f"best: {best:g}",
        (best, means.max()),
        textcoords="offset points",
        xytext=(6, 8),
    )
    reference = np.mean(dropout_scores[0.0])
    ax.axhline(
        reference,
        color=style.color("baseline"),
        linestyle="--",
        linewidth=1,
        label="no regularization",
    )
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    return best


fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
best_l2 = plot_sweep(
    left,
    l2_scores,
    style.color("l2"),
    "L2 factor (log scale)",
    log=True,
)
best_rate = plot_sweep(
    right,
    dropout_scores,
    style.color("dropout"),
    "dropout rate",
    log=False,
)
left.set_ylabel("best validation accuracy")
left.legend(loc="lower left")
fig.tight_layout()
plt.show()


# %% snippet="sweep_table"
def rows(scores, describe):
    return [
        [describe(v), experiment.mean_std(s)] for v, s in scores.items()
    ]


report.data(
    {
        "l2": {f"{v:g}": s for v, s in l2_scores.items()},
        "dropout": {f"{v:g}": s for v, s in dropout_scores.items()},
        "best_l2": best_l2,
        "best_dropout": best_rate,
    }
)
report.table(
    ["setting", "best validation accuracy (mean ± std over seeds)"],
    rows(l2_scores, lambda v: f"L2({v:g})")
    + rows(dropout_scores, lambda v: f"Dropout({v:g})"),
)


# %% snippet="verdict"
def below_best(scores, best, value):
    """How a setting compares with the best, given the seeds' spread."""
    if value == best:
        return "is the best"
    if len(SEEDS) == 1:
        return "is below it (one seed: noise unknown)"
    gap = np.mean(scores[best]) - np.mean(scores[value])
    spread = max(np.std(scores[v], ddof=1) for v in (best, value))
    if gap > 2 * spread:
        return "is clearly below it"
    return "is below it by less than twice the seeds' spread (noise)"


def describe(scores, best, name):
    means = {v: np.mean(s) for v, s in scores.items()}
    weakest, strongest = min(scores), max(scores)
    return (
        f"{name} peaks at {best:g} ({means[best]:.4f}). Its weakest "
        f"setting, {weakest:g} ({means[weakest]:.4f}), "
        f"{below_best(scores, best, weakest)}; its strongest, "
        f"{strongest:g} ({means[strongest]:.4f}), "
        f"{below_best(scores, best, strongest)}."
    )


reference = np.mean(dropout_scores[0.0])
report.say(
    "Without regularization the best validation accuracy is "
    f"{reference:.4f}. {describe(l2_scores, best_l2, 'L2')} "
    f"{describe(dropout_scores, best_rate, 'Dropout')}"
)
