"""
Title: Testing the post's advice: dropout against data size
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: Does less data call for more dropout? The best rate measured at three training-set sizes.
"""

# %% [markdown]
# The post advises a low dropout rate for a hard problem with plenty of
# data, and a higher one with little data. That is a claim we can measure:
# train the post's network (half width, dropout after each convolution) on
# training sets of different sizes, sweep the rate at each size, and see
# where the best rate lies. Every run has the same number of epochs and is
# scored by its best validation accuracy on the standard 10,000-image
# validation split, averaged over seeds.

# %% [markdown]
# ## Setup

# %%
import itertools

import matplotlib.pyplot as plt
import numpy as np

from tutorial import experiment, mode, report, style

style.use()
SIZES = mode.choose(full=[250, 1_000, 4_000], fast=[150, 300])
RATES = mode.choose(full=[0.0, 0.25, 0.5], fast=[0.0, 0.5])
EPOCHS = mode.choose(full=20, fast=3)
SEEDS = mode.choose(full=[1, 2, 3], fast=[1])
VALIDATION = mode.choose(full=10_000, fast=500)

# %% [markdown]
# ## The grid

# %%
scores = {}
for size in SIZES:
    split = experiment.split(
        size, validation_size=VALIDATION, test_size=1
    )
    for rate in RATES:
        variant = experiment.Variant(
            f"Dropout({rate:g})",
            color="dropout",
            dropout=rate,
            filters=(16, 8),
        )
        runs = [
            experiment.train(variant, seed, split, EPOCHS)
            for seed in SEEDS
        ]
        scores[size, rate] = [
            run.best_validation_accuracy for run in runs
        ]
        print(
            f"{size:5} images, rate {rate:g}: "
            f"{experiment.mean_std(scores[size, rate])}"
        )

# %% figure="best-rate-heat-map"
means = np.array(
    [[np.mean(scores[s, r]) for r in RATES] for s in SIZES]
)
fig, ax = plt.subplots(figsize=(6, 3.2))
image = ax.imshow(means, cmap="viridis", aspect="auto")
for i in range(len(SIZES)):
    best = int(np.argmax(means[i]))
    for j in range(len(RATES)):
        label = f"{means[i, j]:.3f}" + (" ★" if j == best else "")
        ax.text(
            j,
            i,
            label,
            ha="center",
            va="center",
            color="white" if means[i, j] < means.mean() else "black",
        )
ax.set_xticks(range(len(RATES)), [f"{r:g}" for r in RATES])
ax.set_yticks(range(len(SIZES)), [f"{s:,}" for s in SIZES])
ax.set_xlabel("dropout rate")
ax.set_ylabel("training images")
ax.grid(False)
fig.colorbar(image, ax=ax, label="best validation accuracy")
plt.show()

# %% snippet="grid"
report.data({f"{s},{r:g}": v for (s, r), v in scores.items()})
report.table(
    ["training images", *[f"rate {r:g}" for r in RATES], "best rate"],
    [
        [f"{size:,}"]
        + [experiment.mean_std(scores[size, r]) for r in RATES]
        + [f"{RATES[int(np.argmax(means[i]))]:g}"]
        for i, size in enumerate(SIZES)
    ],
)

# %% snippet="verdict"
best_rates = [RATES[int(np.argmax(row))] for row in means]
pairs = ", ".join(
    f"{r:g} at {s:,} images"
    for s, r in zip(SIZES, best_rates, strict=True)
)
if (
    all(a >= b for a, b in itertools.pairwise(best_rates))
    and best_rates[0] > best_rates[-1]
):
    conclusion = (
        "The best rate falls as the training set grows, as the post "
        "advises."
    )
elif len(set(best_rates)) == 1:
    conclusion = (
        "The best rate is the same at every size: in this set-up the "
        "data does not support the post's advice to raise dropout when "
        "data is scarce."
    )
else:
    conclusion = (
        "The best rate does not fall steadily with more data: the "
        "numbers do not support the post's advice in this set-up."
    )


def beats_no_dropout(size, rate):
    """Whether `rate` beats no dropout by over twice the seed spread."""
    gain = np.mean(scores[size, rate]) - np.mean(scores[size, 0.0])
    spread = max(np.std(scores[size, r], ddof=1) for r in (rate, 0.0))
    return rate > 0 and gain > 2 * spread


if len(SEEDS) == 1:
    noise = "With a single seed, the noise is unknown."
else:
    clear = [
        f"{size:,}"
        for size, rate in zip(SIZES, best_rates, strict=True)
        if beats_no_dropout(size, rate)
    ]
    if not clear:
        noise = (
            "At no size does the best rate beat no dropout by more "
            "than twice the standard deviation over seeds: the rates "
            "differ by no more than the noise."
        )
    elif len(clear) == len(SIZES):
        noise = (
            "At every size the best rate beats no dropout by more than "
            "twice the standard deviation over seeds."
        )
    else:
        noise = (
            f"Only at {', '.join(clear)} images does the best rate "
            "beat no dropout by more than twice the standard deviation "
            "over seeds; elsewhere the rates differ by no more than "
            "the noise."
        )
report.say(f"Best dropout rate: {pairs}. {conclusion} {noise}")
