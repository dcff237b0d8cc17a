"""
Title: Dropout for convolutions: SpatialDropout2D
Author: The regularization tutorial team
Date created: 2026-11-26
Last modified: 2026-12-01
Description: Dropping whole feature maps instead of single values, and where dropout goes in a conv net.
"""

# %% [markdown]
# The 2020 blog post "Regularization in TensorFlow" puts `Dropout` after
# each convolution. There it sets single values of a feature map to zero,
# but neighbouring values of a feature map are strongly correlated: the
# next layer's 3 × 3 filters see the dropped value's neighbours and lose
# little. `SpatialDropout2D` drops whole feature maps instead (Tompson et
# al., "Efficient Object Localization Using Convolutional Networks", 2015).
# Keras's docstring puts the case this way: with correlated neighbours,
# "regular dropout will not regularize the activations and will otherwise
# just result in an effective learning rate decrease".
#
# This page shows the two masks, then trains the
# [overfitting page](../overfitting/)'s network with dropout in three
# places: plain dropout after each convolution (the post's placement, and
# the overfitting page's dropout, whose runs this page reuses), spatial
# dropout after each convolution, and plain dropout once, on the flattened
# features before the dense layer. Each placement's rate is chosen on validation
# from a grid that starts with "off", over {n_tuning} tuning seeds; the
# choices, and the three placements at one common rate, are then trained
# again from {n_confirmation} fresh seeds and compared on the test set.

# %% [markdown]
# ## Setup

# %%
import textwrap

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from matplotlib.collections import PatchCollection
from matplotlib.patches import Patch, Rectangle
from scipy.stats import binom

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue, glue_array
from tutorial.seeds import Streams

style.use()
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split()  # the protocol's sizes
print("train", split.train[0].shape, "test", split.test[0].shape)
print("tuning seeds", experiment.TUNING_SEEDS)
print("confirmation seeds", experiment.CONFIRMATION_SEEDS)

# %% tags=["remove-cell"]
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))
glue("train_size", len(split.train[0]))
glue("epochs", EPOCHS)
glue("test_size", len(split.test[1]))

# %% [markdown]
# ## Two masks
#
# A batch of four images, each with eight small feature maps of ones,
# through each layer in training mode at rate {mask_rate:g}. Each layer
# draws from its own seed stream (two layers given one seed would draw the
# same numbers). A kept value comes out scaled by 1 / (1 − rate); a dropped
# one comes out 0.

# %%
MASK_RATE = 0.25
streams = Streams(0)
maps = np.ones((4, 12, 12, 8), dtype="float32")
masking = {
    f"Dropout({MASK_RATE:g})": layers.Dropout(
        MASK_RATE, seed=streams.dropout(0)
    ),
    f"SpatialDropout2D({MASK_RATE:g})": layers.SpatialDropout2D(
        MASK_RATE, seed=streams.dropout(1)
    ),
}
kept = {
    name: keras.ops.convert_to_numpy(layer(maps, training=True)) > 0
    for name, layer in masking.items()
}
for name, mask in kept.items():
    whole = (~mask.any(axis=(1, 2))).sum(axis=1)
    print(
        f"{name}: {1 - mask.mean():.1%} of values dropped; "
        f"whole maps dropped per image: {whole.tolist()}"
    )

# %% tags=["remove-cell"]
glue("mask_rate", MASK_RATE)
spatial_mask = kept[f"SpatialDropout2D({MASK_RATE:g})"]
dropped_maps = int((~spatial_mask.any(axis=(1, 2))).sum())
assert dropped_maps > 0, "no map dropped: the figure would show nothing"
glue("dropped_maps", dropped_maps)
glue("n_maps", spatial_mask.shape[0] * spatial_mask.shape[3])


# %% figure="masks"
def mosaic(ax, mask, color, gap=3):
    """One framed square per map (rows: images; columns: channels).

    Kept values are filled squares, dropped ones are left empty.
    """
    images, height, width, channels = mask.shape
    step_y, step_x = height + gap, width + gap
    frames, cells = [], []
    for i in range(images):
        for c in range(channels):
            y, x = i * step_y, c * step_x
            frames.append(Rectangle((x, y), width, height))
            cells += [
                Rectangle((x + col, y + row), 1, 1)
                for row, col in zip(
                    *np.nonzero(mask[i, ..., c]), strict=True
                )
            ]
    ax.add_collection(PatchCollection(cells, facecolor=color, lw=0))
    ax.add_collection(
        PatchCollection(
            frames, facecolor="none", edgecolor=style.INK, lw=0.8
        )
    )
    ax.set_xlim(-1, channels * step_x - gap + 1)
    ax.set_ylim(images * step_y - gap + 1, -1)  # first image on top
    ax.set_aspect("equal")
    ax.set_xticks(
        [c * step_x + width / 2 for c in range(channels)],
        range(1, channels + 1),
    )
    ax.set_yticks(
        [i * step_y + height / 2 for i in range(images)],
        range(1, images + 1),
    )
    ax.set_xlabel("feature map (channel)")
    ax.set_ylabel("image of the batch")
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


color = style.color("dropout")
# Side by side, so that the maps fill the column's width.
fig, axes = plt.subplots(1, 2, figsize=(style.WIDTH, 3.0))
fig.suptitle("Dropout drops single values, SpatialDropout2D whole maps")
for ax, (name, mask) in zip(axes, kept.items(), strict=True):
    mosaic(ax, mask, color)
    ax.set_title(name)
fig.legend(
    handles=[
        Patch(facecolor=color, edgecolor=style.INK, label="kept"),
        Patch(facecolor="none", edgecolor=style.INK, label="dropped"),
    ],
    loc="outside lower center",
    ncols=2,
)
plt.show()

# %% [markdown]
# Spatial dropout dropped {dropped_maps} of the {n_maps} maps here, and
# different maps in different images: its mask has one entry per image and
# channel. Keras's `SpatialDropout2D` draws it with the noise shape
# `(batch, 1, 1, channels)` (`_get_noise_shape` in
# `keras/src/layers/regularization/spatial_dropout.py`), a fresh draw at
# every step. So the expected share of values dropped is the rate, as for
# plain dropout, whatever the number of maps. What the number of maps
# changes is how lumpy the loss is: with 8 maps, one image can lose several
# of them at once. The count of maps an image loses is binomial; the
# layer's own draws, for 10,000 images of 8 maps, agree:

# %%
many = np.ones((10_000, 1, 1, 8), dtype="float32")
lumps = []
for n, rate in enumerate([0.1, 0.25, 0.5]):
    layer = layers.SpatialDropout2D(rate, seed=streams.dropout(2 + n))
    lost = np.sum(
        keras.ops.convert_to_numpy(layer(many, training=True)) == 0,
        axis=(1, 2, 3),
    )
    lumps.append((rate, np.mean(lost) / 8, np.mean(lost >= 2)))
    print(
        f"rate {rate:g}: {np.mean(lost) / 8:.1%} of maps dropped; "
        f"{np.mean(lost >= 2):.1%} of images lose 2 or more of 8 "
        f"(binomial: {binom.sf(1, 8, rate):.1%})"
    )

# %% tags=["remove-cell"]
glue("two_or_more_at_01", dict((r, t) for r, _, t in lumps)[0.1])


def how_often(p):
    """A probability as prose: tiny ones are not worth digits."""
    if p < 1e-6:
        return "less than once in a million images"
    return f"in {p:.2%} of the images"


# A quarter or more of a layer's maps, or values, lost in one image.
glue("quarter_of_64", how_often(binom.sf(64 // 4 - 1, 64, 0.1)))
values = 28 * 28 * 8  # behind the second layer's 8 maps
glue(
    "quarter_of_values",
    how_often(binom.sf(values // 4 - 1, values, 0.1)),
)

# %% [markdown]
# At rate 0.1, {two_or_more_at_01:.1%} of the images lose 2 or more of
# the second layer's 8 maps at a step: a quarter or more of what that layer
# hands on. Of a layer with 64 maps, an image would lose a quarter or more
# {quarter_of_64}; plain dropout on the {flat_features:,} values behind
# the 8 maps, {quarter_of_values}.
#
# ## The variants
#
# One function builds every variant from a seed: `where` puts dropout
# after each convolution (plain or spatial) or once, on the flattened
# features before the dense layer. `Streams(seed)` gives the initializers
# their own seed generator and each dropout layer its own stream, so every
# variant trained from one seed starts from the same weights. The network
# and the plain variant are the overfitting page's, layer for layer, so the
# build's store of runs hands this page those runs instead of training them
# again.


# %%
def build_model(seed, where=None, rate=0.0):
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
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
        if where == "after each conv":
            stack.append(layers.Dropout(rate, seed=streams.dropout(n)))
        elif where == "spatial, after each conv":
            stack.append(
                layers.SpatialDropout2D(rate, seed=streams.dropout(n))
            )
    stack.append(layers.Flatten())
    if where == "before the dense layer":
        stack.append(layers.Dropout(rate, seed=streams.dropout(0)))
    stack.append(
        layers.Dense(10, activation="softmax", kernel_initializer=init)
    )
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=[
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        steps_per_execution=16,  # 16 steps per call into the graph
    )
    return model


model = build_model(0)
dense_weights = model.layers[-1].count_params()
print(
    f"{model.count_params():,} weights, {dense_weights:,} of them "
    "in the dense layer"
)

# %% tags=["remove-cell"]
glue("weights", model.count_params())
glue("dense_weights", dense_weights)
glue("dense_share", dense_weights / model.count_params())
glue("flat_features", model.layers[-1].input.shape[-1])
glue(
    "conv_weights", [layer.count_params() for layer in model.layers[:2]]
)

# %% [markdown]
# Dropout on the flattened features draws the same kind of mask, on the
# same {flat_features:,} values, as plain dropout after the second
# convolution: `Flatten` only reorders them. So "after each conv" at a
# rate is "before the dense layer" at that rate plus one more mask, after
# the first convolution.
#
# ## Choosing each placement's rate on validation
#
# Every grid starts with "off", no dropout, so that it can answer "none".
# The plain grid is the overfitting page's. Spatial dropout's grid stops
# at 0.5, where half of the 8 maps go; the grid before the dense layer
# reaches 0.9, so that a best rate there can fall inside it.

# %%
RATES = {  # kind: (where, the grid's rates after "off")
    "plain": (
        "after each conv",
        mode.choose(full=[0.1, 0.25, 0.5, 0.75], fast=[0.25]),
    ),
    "spatial": (
        "spatial, after each conv",
        mode.choose(full=[0.1, 0.25, 0.5], fast=[0.25]),
    ),
    "dense": (
        "before the dense layer",
        mode.choose(full=[0.25, 0.5, 0.75, 0.9], fast=[0.25]),
    ),
}
off = experiment.Variant("no dropout", build_model)
grids = {
    kind: experiment.grid(
        off, f"{where} ({{:g}})", "rate", rates, where=where
    )
    for kind, (where, rates) in RATES.items()
}
runs = experiment.run_all([off], split, EPOCHS, experiment.TUNING_SEEDS)
for grid in grids.values():
    runs |= experiment.run_all(
        grid[1:], split, EPOCHS, experiment.TUNING_SEEDS
    )

# %% [markdown]
# Each point is a rate's validation accuracy minus no dropout's, seed by
# seed, with its 95% interval over the {n_tuning} tuning seeds; the star
# marks the rate with the best mean, the one chosen. A star on "off" means
# nothing in the grid beat no dropout.


# %% figure="rate-sweeps"
def validation_scores(grid):
    return {
        v.name: experiment.scores(runs, v.name, "validation_accuracy")
        for v in grid
    }


choices = {
    kind: stats.choose([v.name for v in grid], validation_scores(grid))
    for kind, grid in grids.items()
}
fig, axes = plt.subplots(1, 3, figsize=(style.WIDTH, 3.4), sharex=True)
fig.suptitle("Each rate against no dropout, on validation")
fig.supxlabel("validation accuracy difference (percentage points)")
fig.supylabel("dropout rate")
for ax, (kind, grid) in zip(axes, grids.items(), strict=True):
    names = [v.name for v in grid]
    sweep = {
        n: experiment.compare(runs, n, off.name, "validation_accuracy")
        for n in names
    }
    style.forest(
        ax, sweep, dict.fromkeys(names, style.color("dropout"))
    )
    ax.set_yticks(
        range(len(grid)),
        ["off"] + [f"{v.params['rate']:g}" for v in grid[1:]],
    )
    chosen = choices[kind]["chosen"]
    ax.plot(
        [100 * sweep[chosen]["difference"]],
        [names.index(chosen)],
        "*",
        markersize=14,
        color=style.color("dropout"),
    )
    # Two lines at most, so that three titles fit the figure's width.
    ax.set_title(textwrap.fill(RATES[kind][0], 16))
    ax.xaxis.set_major_locator(plt.MaxNLocator(3))
plt.show()


# %% tags=["remove-input"] snippet="validation"
def mean_of(name, key):
    return f"{np.mean(experiment.scores(runs, name, key)):.2%}"


def validation_row(name):
    difference = experiment.compare(
        runs, name, off.name, "validation_accuracy"
    )
    return [
        name,
        mean_of(name, "train_accuracy"),
        mean_of(name, "validation_accuracy"),
        "" if name == off.name else stats.describe(difference),
    ]


report.table(
    [
        "setting",
        "training accuracy",
        "validation accuracy",
        "validation − no dropout",
    ],
    [validation_row(off.name)]
    + [validation_row(v.name) for g in grids.values() for v in g[1:]],
)

# %% tags=["remove-cell"]
chosen = {kind: c["chosen"] for kind, c in choices.items()}
glue("chosen", chosen)
glue("position", {kind: c["position"] for kind, c in choices.items()})


def choice_phrase(kind):
    name, position = chosen[kind], choices[kind]["position"]
    if position == stats.OFF:
        return "none chosen (no rate beat no dropout on validation)"
    return f"{name}, {position}"


glue("choice", {kind: choice_phrase(kind) for kind in grids})
glue(
    "train_at_off",
    np.mean(experiment.scores(runs, off.name, "train_accuracy")),
)

# %% [markdown]
# The choices on validation:
#
# - after each conv: {choice.plain};
# - spatial, after each conv: {choice.spatial};
# - before the dense layer: {choice.dense}.
#
# The table gives the training accuracy of every setting too, the mean
# over the tuning seeds of what the final weights fit (no dropout:
# {train_at_off:.2%}): where dropout lowers it, the network fits less of
# its own training set in the same {epochs} epochs.
#
# ## The verdicts: fresh seeds, the test set
#
# Trained again from the {n_confirmation} confirmation seeds and scored on
# the test set: no dropout, each choice that is not "off", and the three
# placements at one rate fixed in advance, {common_rate:g}, a rate all three
# grids contain. At one rate, two comparisons ask a question of their
# own: spatial against plain dropout after each conv (the same expected
# share of values dropped, in whole maps or in single values), and before
# the dense layer against after each conv (which, as above, differ only
# by the mask after the first convolution).

# %%
COMMON_RATE = 0.25
by_name = {v.name: v for grid in grids.values() for v in grid}
at_common = {
    kind: next(v for v in grid[1:] if v.params["rate"] == COMMON_RATE)
    for kind, grid in grids.items()
}
judged = [off, *(by_name[n] for n in chosen.values() if n != off.name)]
judged += [v for v in at_common.values() if v not in judged]
confirm = experiment.run_all(
    judged, split, EPOCHS, experiment.CONFIRMATION_SEEDS
)
plain_at = at_common["plain"].name
pairs = {  # key: (a, b), each compared as a − b on the test set
    kind: (name, off.name)
    for kind, name in chosen.items()
    if name != off.name
} | {
    "spatial_vs_plain": (at_common["spatial"].name, plain_at),
    "dense_vs_plain": (at_common["dense"].name, plain_at),
}
# The page's one family: every verdict it states, adjusted together.
verdicts = stats.family(
    {
        k: experiment.compare(confirm, a, b)
        for k, (a, b) in pairs.items()
    }
)
labels = {k: f"{a} − {b}" for k, (a, b) in pairs.items()}

# %% figure="test-comparison"
fig, ax = plt.subplots(figsize=(style.WIDTH, 1 + 0.6 * len(verdicts)))
fig.suptitle("The page's comparisons on the test set")
style.forest(
    ax, verdicts, dict.fromkeys(verdicts, style.color("dropout"))
)
ax.set_yticks(
    range(len(verdicts)),
    [textwrap.fill(labels[k], 30) for k in verdicts],
)
ax.set_xlabel("test accuracy difference (percentage points)")
plt.show()

# %% tags=["remove-input"]
labelled = {labels[k]: result for k, result in verdicts.items()}
header, rows = stats.table(labelled, "reference")
header[:2] = ["comparison", "test accuracy difference"]
report.table(header, rows)

# %% tags=["remove-cell"]
glue("common_rate", COMMON_RATE)
glue("verdicts", verdicts)
glue("n_judged", len(verdicts))
glue("baseline_test", np.mean(experiment.scores(confirm, off.name)))


def test_line(kind):
    if kind not in verdicts:
        return "none chosen, nothing to judge"
    result = verdicts[kind]
    return f"{chosen[kind]}: {result['verdict']}, {result['text']}"


glue("test", {kind: test_line(kind) for kind in grids})
glue("same_rate_names", {k: at_common[k].name for k in at_common})
glue(
    "common_train",
    {
        kind: np.mean(experiment.scores(runs, v.name, "train_accuracy"))
        for kind, v in at_common.items()
    },
)
glue(
    "summary",
    {
        k: {"name": labels[k], **stats.summary_cells(r)}
        for k, r in verdicts.items()
    }
    | {
        kind: {"name": "none (off did best)", **stats.summary_cells()}
        for kind in grids
        if kind not in verdicts
    },
)
array, rows = experiment.packed_correctness(confirm, list(confirm))
glue_array("test_correct", array)
glue("test_correct_rows", rows)

# %% [markdown]
# Without dropout the network scores {baseline_test:.2%} on the test set.
# Each choice against it, after adjusting for the page's {n_judged}
# comparisons:
#
# - after each conv: {test.plain};
# - spatial, after each conv: {test.spatial};
# - before the dense layer: {test.dense}.
#
# At the common rate, {common_rate:g}:
#
# - spatial against plain dropout after each conv:
#   {verdicts.spatial_vs_plain.verdict}
#   ({verdicts.spatial_vs_plain.text});
# - before the dense layer against after each conv:
#   {verdicts.dense_vs_plain.verdict} ({verdicts.dense_vs_plain.text}).
#
# ## Where dropout acts
#
# Without dropout, the final weights fit {train_at_off:.2%} of the
# training images and {baseline_test:.2%} of the test images: the gap the
# [overfitting page](../overfitting/) sets out to cure. Of this network's
# {weights:,} weights, {dense_weights:,} ({dense_share:.1%}) sit in the
# dense layer, which gives each of the {flat_features:,} flattened values,
# each tied to one place in the image, its own weight for each digit; the
# two convolutions hold {conv_weights.0:,} and {conv_weights.1:,}. A
# likely reading, which this page tests only in part: most of what the
# network can store about single training images, it stores in the dense
# layer, and dropout before that layer acts there, while a mask after the
# first convolution changes the features the second one computes for every
# image. The comparison at the common rate measures what that one mask
# does on the test set. The validation table shows what it does to the
# fitting: at rate {common_rate:g}, the final weights fit
# {common_train.plain:.2%} of the training images with dropout after each
# conv, {common_train.dense:.2%} with dropout before the dense layer and
# {common_train.spatial:.2%} with spatial dropout.
#
# ## What the numbers rest on
#
# One small network, {train_size:,} training images, {epochs} epochs, Adam
# at its default learning rate; {n_tuning} seeds per setting to choose,
# {n_confirmation} fresh seeds to judge. Each interval on the test set is a
# 95% interval of the mean paired difference that covers the randomness of
# training (initial weights, data order, dropout draws) and the sampling of
# the {test_size:,} test images; it does not cover other training subsets,
# other networks or other data sets. The page's family is the
# {n_judged} comparisons above, adjusted together by Holm's method; the
# table shows each unadjusted interval, and says where the adjusted verdict
# differs.
