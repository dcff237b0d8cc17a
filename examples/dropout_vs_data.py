"""
Title: Testing the post's advice: dropout against data size
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-26
Description: Does less data call for more dropout? Dropout's gain measured at three training-set sizes.
"""

# %% [markdown]
# The post advises a low dropout rate for a hard problem with plenty of
# data, and a higher one with little data. That is a claim we can measure:
# train the post's network (at half width, as on the overfitting page),
# with dropout after each convolution, on
# training sets of {sizes_text} images, at several rates, and see whether
# dropout helps more where data is scarce.
#
# Two choices make the sizes comparable. Every run takes the same number of
# training steps, {steps:,} batches of 32, so a small training set is seen
# for more epochs and a large one for fewer, and no size gets more
# training. And every rate is paired with no dropout seed by seed, from
# {n_seeds} seeds, at every size.

# %% [markdown]
# ## Setup

# %%
import math

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
SIZES = mode.choose(full=[250, 1_000, 4_000], fast=[150, 300])
RATES = mode.choose(full=[0.0, 0.25, 0.5], fast=[0.0, 0.5])
STEPS = mode.choose(full=640, fast=40)
BATCH = 32


def epochs_for(size):
    """Epochs for STEPS training steps at this size (rounded up)."""
    return math.ceil(STEPS / math.ceil(size / BATCH))


def build_model(seed, rate):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    stack = [keras.Input(shape=(28, 28, 1))]
    for n, filters in enumerate((16, 8)):
        stack.append(
            layers.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=init,
            )
        )
        if rate:
            stack.append(layers.Dropout(rate, seed=seed + 10 + n))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        **experiment.compile_options(),
    )
    return model


# %% tags=["remove-cell"]
glue(
    "sizes_text",
    ", ".join(f"{s:,}" for s in SIZES[:-1]) + f" and {SIZES[-1]:,}",
)
glue("steps", STEPS)
glue("n_seeds", len(experiment.SEEDS))

# %% [markdown]
# ## The grid
#
# Every size, every rate, every seed; each size's runs are scored on the
# same validation split and test set.

# %%
runs = {}
for size in SIZES:
    split = experiment.split(
        size,
        validation_size=mode.choose(full=10_000, fast=500),
        test_size=mode.choose(full=None, fast=500),
    )
    print(f"{size:,} images: {epochs_for(size)} epochs")
    for name, result in experiment.run_all(
        {
            f"{size} {rate:g}": lambda seed, r=rate: build_model(
                seed, r
            )
            for rate in RATES
        },
        split,
        epochs_for(size),
    ).items():
        runs[name] = result


# %% figure="gain-by-size"
def gain(size, rate, key="validation_accuracy"):
    return stats.compare(
        experiment.scores(runs, f"{size} {rate:g}", key),
        experiment.scores(runs, f"{size} 0", key),
    )


fig, ax = plt.subplots(figsize=(7, 3.6))
for offset, size in zip((-0.01, 0, 0.01), SIZES, strict=False):
    means, lows, highs = zip(
        *[
            (100 * g["difference"], 100 * g["low"], 100 * g["high"])
            for g in (gain(size, rate) for rate in RATES[1:])
        ],
        strict=True,
    )
    x = np.array(RATES[1:]) + offset
    ax.errorbar(
        x,
        means,
        yerr=[np.subtract(means, lows), np.subtract(highs, means)],
        marker="o",
        capsize=3,
        label=f"{size:,} images",
    )
ax.axhline(0, color=style.INK, linestyle="--", linewidth=1)
ax.set_xticks(RATES[1:])
ax.set_xlabel("dropout rate")
ax.set_ylabel("validation accuracy gain (points)")
ax.legend()
plt.show()

# %% tags=["remove-cell"]
best_rate = {
    size: max(
        RATES,
        key=lambda r: np.mean(
            experiment.scores(
                runs, f"{size} {r:g}", "validation_accuracy"
            )
        ),
    )
    for size in SIZES
}
small, large, strongest = SIZES[0], SIZES[-1], RATES[-1]


def test_gain(size):
    return np.subtract(
        experiment.scores(runs, f"{size} {strongest:g}"),
        experiment.scores(runs, f"{size} 0"),
    )


contrast = stats.compare(test_gain(small), test_gain(large))
glue("small", small)
glue("large", large)
glue("strongest", strongest)
glue("contrast", contrast)
glue(
    "no_dropout",
    {
        k: np.mean(experiment.scores(runs, f"{size} 0"))
        for k, size in (("small", small), ("large", large))
    },
)
glue(
    "gain",
    {
        k: gain(size, strongest, "test_accuracy")
        for k, size in (("small", small), ("large", large))
    },
)
glue(
    "advice_holds",
    "supports the post's advice"
    if contrast["verdict"] == stats.BETTER
    else "does not support the post's advice",
)

# %% tags=["remove-input"] snippet="grid"
report.table(
    [
        "training images",
        "epochs",
        *[f"rate {r:g}" for r in RATES],
        "best rate",
    ],
    [
        [
            f"{size:,}",
            epochs_for(size),
            *[
                f"{np.mean(experiment.scores(runs, f'{size} {r:g}')):.2%}"
                for r in RATES
            ],
            f"{best_rate[size]:g}",
        ]
        for size in SIZES
    ],
)

# %% [markdown]
# The table gives each setting's mean test accuracy; the best rate is the
# one chosen on validation. For scale: without dropout, the test accuracy
# goes from {no_dropout.small:.2%} at {small:,} images to
# {no_dropout.large:.2%} at {large:,}.
#
# ## Does dropout help more with less data?
#
# At rate {strongest:g}, against no dropout, on the test set:
#
# - {small:,} images: {gain.small.verdict}, {gain.small.text};
# - {large:,} images: {gain.large.verdict}, {gain.large.text}.
#
# The post's advice says the first gain should be larger than the second.
# Their difference, seed by seed: {contrast.text}, {contrast.verdict}. This
# set-up {advice_holds}. One network, one data set and a few sizes do not
# settle the question for every model: the rate worth using is the one
# measured at your own data size.
