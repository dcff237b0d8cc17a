"""
Title: The first levers: capacity and data
Author: The regularization tutorial team
Date created: 2026-11-26
Last modified: 2026-11-26
Description: Narrower, wider and dense-free networks, and more data, against what dropout achieves.
"""

# %% [markdown]
# Before a regularizer, two levers decide how much a network overfits: how
# much it can memorize (its capacity) and how much it has to learn from
# (its data). TensorFlow's "Overfit and underfit" tutorial starts there;
# the blog post does not. This page trains the post's network on the
# overfitting set-up ({train_size:,} images, {steps:,} training steps) and
# changes one lever at a time: half and double the filters; the post's
# convolutions without the wide dense layer; two and four times the data.
# Then it sets them against dropout, the post's regularizer, tuned on
# validation. Every variant trains from the same {n_seeds} seeds, paired
# seed by seed with the post's network.

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
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
MORE_DATA = mode.choose(full=[2_000, 4_000], fast=[600, 1_200])
STEPS = mode.choose(full=640, fast=40)
DROPOUT_GRID = mode.choose(full=[0.1, 0.3, 0.5], fast=[0.3])


def split_of(size):
    return experiment.split(
        size,
        validation_size=mode.choose(full=10_000, fast=500),
        test_size=mode.choose(full=None, fast=500),
    )


def epochs_for(size):
    """Epochs that make STEPS batches of 32 at this size."""
    return math.ceil(STEPS / math.ceil(size / 32))


# %% [markdown]
# One function builds every variant: `filters` sets the width, `head`
# either flattens the last feature maps into the wide dense layer, as the
# post does, or averages each map to one number first
# (`GlobalAveragePooling2D`), which leaves the dense layer 16 inputs instead
# of thousands.


# %%
def build_model(seed, filters=(32, 16), head="flatten", dropout=0.0):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    stack = [keras.Input(shape=(28, 28, 1))]
    for n, width in enumerate(filters):
        stack.append(
            layers.Conv2D(
                width,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=init,
            )
        )
        if dropout:
            stack.append(layers.Dropout(dropout, seed=seed + 10 + n))
    pool = (
        layers.Flatten()
        if head == "flatten"
        else layers.GlobalAveragePooling2D()
    )
    stack += [
        pool,
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        **experiment.compile_options(),
    )
    return model


CAPACITY = {
    "the post's network": build_model,
    "half the filters": lambda seed: build_model(seed, filters=(16, 8)),
    "double the filters": lambda seed: build_model(
        seed, filters=(64, 32)
    ),
    "no wide dense layer": lambda seed: build_model(
        seed, head="average"
    ),
}
for name, build in CAPACITY.items():
    print(f"{name:20} {build(0).count_params():>8,} weights")

# %% tags=["remove-cell"]
glue("train_size", TRAIN_SIZE)
glue("steps", STEPS)
glue("n_seeds", len(experiment.SEEDS))
glue(
    "weights",
    {
        key: CAPACITY[name](0).count_params()
        for key, name in (
            ("post", "the post's network"),
            ("half", "half the filters"),
            ("double", "double the filters"),
            ("gap", "no wide dense layer"),
        )
    },
)

# %% [markdown]
# ## Training every lever
#
# The capacity variants and dropout train on the {train_size:,} images;
# the data variants on more, for the same number of steps.

# %%
epochs = epochs_for(TRAIN_SIZE)
runs = experiment.run_all(CAPACITY, split_of(TRAIN_SIZE), epochs)
runs |= experiment.run_all(
    {
        f"Dropout({r:g})": lambda seed, r=r: build_model(
            seed, dropout=r
        )
        for r in DROPOUT_GRID
    },
    split_of(TRAIN_SIZE),
    epochs,
)
for size in MORE_DATA:
    runs |= experiment.run_all(
        {f"{size:,} images": build_model},
        split_of(size),
        epochs_for(size),
    )

# %% tags=["remove-cell"]
POST = "the post's network"
best_dropout = experiment.best(
    runs, [f"Dropout({r:g})" for r in DROPOUT_GRID]
)
levers = {
    "half": "half the filters",
    "double": "double the filters",
    "gap": "no wide dense layer",
    "dropout": best_dropout,
    **{
        f"data_{n}": f"{size:,} images"
        for n, size in enumerate(MORE_DATA, 1)
    },
}


def gap_of(name):
    """Training minus validation accuracy of each run's final model."""
    return np.subtract(
        experiment.scores(runs, name, "train_accuracy"),
        experiment.scores(runs, name, "validation_accuracy"),
    )


def versus(a, b):
    return stats.compare(
        experiment.scores(runs, a), experiment.scores(runs, b)
    )


glue("names", levers)
glue("test", {key: versus(name, POST) for key, name in levers.items()})
glue(
    "gap",
    {key: float(np.mean(gap_of(name))) for key, name in levers.items()}
    | {"post": float(np.mean(gap_of(POST)))},
)
glue(
    "gap_change",
    {
        key: stats.compare(
            gap_of(name), gap_of(POST), higher_is_better=False
        )
        for key, name in levers.items()
    },
)
glue("post_test", np.mean(experiment.scores(runs, POST)))
glue("data_vs_dropout", versus(levers["data_1"], best_dropout))
glue("width_vs_dropout", versus(levers["double"], best_dropout))

# %% [markdown]
# ## What each lever does
#
# For each lever, the test accuracy against the post's network and the
# generalization gap: the final weights' accuracy on their training images
# minus their accuracy on the validation split.

# %% figure="levers"
order = list(levers.values())
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
colors = dict.fromkeys(order, style.color("baseline"))
colors[best_dropout] = style.color("dropout")
style.forest(left, {n: versus(n, POST) for n in order}, colors)
left.set_xlabel("test accuracy − post's network (points)")
gaps = [100 * np.mean(gap_of(n)) for n in order]
right.barh(range(len(order)), gaps, color=[colors[n] for n in order])
right.axvline(
    100 * np.mean(gap_of(POST)), color=style.INK, linestyle="--"
)
right.set_xlabel("train − validation accuracy (points)")
fig.tight_layout()
plt.show()

# %% tags=["remove-input"] snippet="levers"
report.table(
    [
        "variant",
        "train accuracy",
        "validation accuracy",
        "test accuracy",
    ],
    [
        [
            name,
            *(
                f"{np.mean(experiment.scores(runs, name, key)):.2%}"
                for key in (
                    "train_accuracy",
                    "validation_accuracy",
                    "test_accuracy",
                )
            ),
        ]
        for name in [POST, *order]
    ],
)

# %% [markdown]
# The post's network scores {post_test:.2%} on the test set, with a gap of
# {gap.post:.1%} between its training and validation accuracy. Against it,
# on the test set:
#
# - {names.data_1}: {test.data_1.verdict}, {test.data_1.text};
#   its gap is {gap.data_1:.1%};
# - {names.data_2}: {test.data_2.verdict}, {test.data_2.text};
#   its gap is {gap.data_2:.1%};
# - half the filters ({weights.half:,} weights instead of {weights.post:,}):
#   {test.half.verdict}, {test.half.text};
# - double the filters ({weights.double:,} weights): {test.double.verdict},
#   {test.double.text};
# - no wide dense layer ({weights.gap:,} weights): {test.gap.verdict},
#   {test.gap.text}; its gap is {gap.gap:.1%};
# - {names.dropout}, the best rate on validation: {test.dropout.verdict},
#   {test.dropout.text}; its gap is {gap.dropout:.1%}.
#
# Against the best dropout: {names.data_1}, {data_vs_dropout.verdict}
# ({data_vs_dropout.text}); double the filters, {width_vs_dropout.verdict}
# ({width_vs_dropout.text}). Where a lever is
# detectably better than the tuned regularizer, it is the one to pull
# first: more data, when it can be had, or a network shaped for the
# problem.
