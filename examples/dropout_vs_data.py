"""
Title: Testing the post's advice: dropout against data size
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: Does less data call for more dropout? Dropout's gain measured at three training-set sizes.
"""

# %% [markdown]
# The 2020 blog post "Regularization in TensorFlow" (2020-08-02) gives
# this advice on the dropout rate:
#
# > Personally I noticed that if you have a hard problem with enough data,
# > and a wide variety of data, dropout should be quite low to be
# > effective. However, if you have a simple problem and not enough data
# > it's better to increase the dropout percentage to make the most of
# > your data.
#
# One data set cannot vary how hard the problem is or how varied its data
# are, but it can vary how much data there is. So this page trains the
# [overfitting page](../overfitting/)'s network (the post's at half width)
# with dropout after each convolution, as the post places it, on the first
# {sizes_text} training images, and asks: does dropout help more where
# data is scarce?
#
# Every run takes exactly {steps:,} training steps, batches of 32, so no
# size gets more training steps than another: a small training set is
# seen for more epochs, a large one for fewer. That is also the design's
# confound: size comes with epochs. Each image is seen {epochs_small} times
# at {small:,} images and {epochs_large} times at {large:,}, so the large
# training set is also the one the network has had the fewest passes over,
# and dropout, which slows fitting (the training accuracies below show by
# how much), may cost more there for that reason alone. The other design,
# the same epochs at every size, would give the large set more steps
# instead.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue, glue_array
from tutorial.seeds import Streams

style.use()
SIZES = mode.choose(full=[250, 1_000, 4_096], fast=[100, 300, 640])
STEPS = mode.choose(full=640, fast=40)
RATES = mode.choose(full=[0.1, 0.25, 0.5, 0.75, 0.9, 0.95], fast=[0.25])
# The rate of the test on fresh seeds, fixed before any run of this page;
# the validation grid goes past it, so that a choice can fall inside it.
RATE = mode.choose(full=0.5, fast=0.25)
for size in SIZES:
    # epochs_for refuses a size whose epochs do not make exactly STEPS
    print(
        f"{size:,} images: {experiment.steps_per_epoch(size)} steps "
        f"an epoch, {experiment.epochs_for(size, STEPS)} epochs"
    )


# %%
def build_model(seed, rate=0.0):
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
        if rate:
            stack.append(layers.Dropout(rate, seed=streams.dropout(n)))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
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


# %% tags=["remove-cell"]
small, large = SIZES[0], SIZES[-1]
glue(
    "sizes_text",
    ", ".join(f"{s:,}" for s in SIZES[:-1]) + f" and {SIZES[-1]:,}",
)
glue("steps", STEPS)
glue("small", small)
glue("large", large)
glue("epochs_small", experiment.epochs_for(small, STEPS))
glue("epochs_large", experiment.epochs_for(large, STEPS))
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))

# %% [markdown]
# ## Every size, every rate, on validation
#
# At each size, a grid of rates that starts with "off", over the
# {n_tuning} tuning seeds; every size's runs are scored on the same
# validation split. At {middle:,} images the runs at the rates the
# overfitting page also tries are that page's own (the same network, data,
# seeds and steps), which the build's store of runs hands this page.


# %%
def variants(size):
    off = experiment.Variant(
        f"{size:,} images, no dropout", build_model
    )
    return experiment.grid(
        off, f"{size:,} images, Dropout({{:g}})", "rate", RATES
    )


splits = {size: experiment.split(size) for size in SIZES}
runs = {}
for size in SIZES:
    epochs = experiment.epochs_for(size, STEPS)
    runs |= experiment.run_all(
        variants(size), splits[size], epochs, experiment.TUNING_SEEDS
    )
for name, results in runs.items():
    steps = sorted({r["steps"] for r in results})
    print(f"{name:32} steps per run: {steps}")

# %% tags=["remove-cell"]
glue("middle", SIZES[len(SIZES) // 2])


def scores(name, key):
    return experiment.scores(runs, name, key)


def gain(size, rate, key="validation_accuracy"):
    """Dropout(rate) minus no dropout at this size, seed by seed."""
    grid = variants(size)
    name = next(v.name for v in grid[1:] if v.params["rate"] == rate)
    return experiment.compare(runs, name, grid[0].name, key)


# %% [markdown]
# Left, what the final weights fit of their own training images; right,
# each rate's validation accuracy minus no dropout's at the same size,
# seed by seed, with its 95% interval over the {n_tuning} tuning seeds.
# A point above the dashed line is a rate that did better than no
# dropout.

# %% figure="gain-by-size"
colors = [style.color(k) for k in ("baseline", "dropout", "l1l2")]
fig, (left, right) = plt.subplots(
    1, 2, figsize=(style.WIDTH, 3.8), sharex=True
)
fig.suptitle("Dropout's gain at each training-set size")
for n, (size, color) in enumerate(zip(SIZES, colors, strict=True)):
    grid = variants(size)
    rates = [0.0, *RATES]
    train = [
        100 * np.mean(scores(v.name, "train_accuracy")) for v in grid
    ]
    left.plot(rates, train, "o-", color=color, label=f"{size:,} images")
    gains = [gain(size, rate) for rate in RATES]
    middle = np.array([100 * g["difference"] for g in gains])
    low = np.array([100 * g["low"] for g in gains])
    high = np.array([100 * g["high"] for g in gains])
    shift = (n - 1) * 0.01  # side by side, not on top of each other
    right.errorbar(
        np.array(RATES) + shift,
        middle,
        yerr=[middle - low, high - middle],
        fmt="o",
        capsize=3,
        color=color,
    )
right.axhline(0, color=style.INK, linestyle="--", linewidth=1)
left.set_title("training images fitted")
left.set_ylabel("training accuracy (%)")
right.set_title("gain over no dropout, validation")
right.set_ylabel("gain (percentage points)")
left.set_xlabel("dropout rate (0: no dropout)")
right.set_xlabel("dropout rate")
fig.legend(loc="outside lower center", ncols=len(SIZES))
plt.show()


# %% [markdown]
# What the final weights fit of their own training images, at each size
# and each dropout rate (a column per rate; the mean over the tuning
# seeds), and how long every run of a size trains:


# %% tags=["remove-input"] snippet="training"
def training_row(size):
    grid = variants(size)
    steps = {r["steps"] for v in grid for r in runs[v.name]}
    return [
        f"{size:,}",
        f"{experiment.epochs_for(size, STEPS)} "
        f"({', '.join(f'{s:,}' for s in sorted(steps))})",
        *[
            f"{np.mean(scores(v.name, 'train_accuracy')):.2%}"
            for v in grid
        ],
    ]


report.table(
    [
        "images",
        "epochs (steps)",
        "no dropout",
        *[f"{r:g}" for r in RATES],
    ],
    [training_row(size) for size in SIZES],
)


# %% tags=["remove-input"] snippet="choices"
def choice_row(size):
    grid = variants(size)
    names = [v.name for v in grid]
    choice = stats.choose(
        names, {n: scores(n, "validation_accuracy") for n in names}
    )
    if choice["position"] == stats.OFF:
        return [f"{size:,}", "none (off did best)", ""]
    chosen = grid[names.index(choice["chosen"])]
    result = experiment.compare(
        runs, chosen.name, grid[0].name, "validation_accuracy"
    )
    return [
        f"{size:,}",
        f"{chosen.params['rate']:g}, {choice['position']}",
        stats.describe(result),
    ]


report.table(
    [
        "training images",
        "best rate on validation",
        "its validation accuracy − no dropout's",
    ],
    [choice_row(size) for size in SIZES],
)

# %% [markdown]
# The second table gives the rate each size would choose on validation,
# with that choice's difference to no dropout and its interval: where two
# rates' intervals overlap, which of them wins is noise. These choices are
# not the test of the advice; it comes next.
#
# ## The test: fresh seeds, the test set
#
# A comparison fixed in advance. The advice says a higher rate pays more
# with little data, so at Dropout({rate:g}), the rate this test was fixed
# at before any run (the grid above goes further, so that the choices can
# fall inside it), dropout's gain on the test set at {small:,} images
# should be larger than at {large:,}. Both
# sizes, with and without dropout, trained again from the
# {n_confirmation} confirmation seeds, which played no part in anything
# above.

# %%
confirm = {}
for size in (small, large):
    off, *rest = variants(size)
    dropped = next(v for v in rest if v.params["rate"] == RATE)
    confirm |= experiment.run_all(
        [off, dropped],
        splits[size],
        experiment.epochs_for(size, STEPS),
        experiment.CONFIRMATION_SEEDS,
    )


def pair(size):
    """The names (Dropout(RATE), no dropout) of this size's runs."""
    off, *rest = variants(size)
    return next(
        v for v in rest if v.params["rate"] == RATE
    ).name, off.name


def test_gain(size):
    """Per seed: Dropout(RATE)'s test accuracy minus no dropout's."""
    with_dropout, without = pair(size)
    return np.subtract(
        experiment.scores(confirm, with_dropout),
        experiment.scores(confirm, without),
    )


# Seed by seed, the gain at the small size minus the gain at the large.
contrast = stats.compare(test_gain(small), test_gain(large))
# The page's one family: the two gains and the contrast between them.
verdicts = stats.family(
    {
        "gain_small": experiment.compare(confirm, *pair(small)),
        "gain_large": experiment.compare(confirm, *pair(large)),
        # which runs each side's gain comes from
        "contrast": contrast
        | {
            "a_names": pair(small),
            "b_names": pair(large),
            "seeds": experiment.scores(confirm, pair(small)[0], "seed"),
        },
    }
)
labels = {
    "gain_small": f"gain at {small:,} images",
    "gain_large": f"gain at {large:,} images",
    "contrast": f"gain at {small:,} − gain at {large:,}",
}

# %% tags=["remove-input"]
labelled = {labels[k]: result for k, result in verdicts.items()}
header, rows = stats.table(labelled, "reference")
header[:2] = [f"Dropout({RATE:g}) on the test set", "difference"]
report.table(header, rows)

# %% tags=["remove-cell"]
glue("rate", RATE)
glue("verdicts", verdicts)
glue("n_judged", len(verdicts))
glue(
    "advice_holds",
    {
        stats.BETTER: "supports the post's advice",
        stats.WORSE: "goes against the post's advice",
    }.get(
        verdicts["contrast"]["verdict"],
        "is inconclusive about the post's advice",
    ),
)
glue(
    "no_dropout",
    {
        key: np.mean(experiment.scores(confirm, pair(size)[1]))
        for key, size in (("small", small), ("large", large))
    },
)
glue(
    "train_with",
    {
        key: np.mean(
            experiment.scores(confirm, pair(size)[0], "train_accuracy")
        )
        for key, size in (("small", small), ("large", large))
    },
)
glue(
    "train_without",
    {
        key: np.mean(
            experiment.scores(confirm, pair(size)[1], "train_accuracy")
        )
        for key, size in (("small", small), ("large", large))
    },
)
glue("test_size", len(splits[small].test[1]))


glue(
    "summary",
    {
        k: {"name": labels[k], **stats.summary_cells(r)}
        for k, r in verdicts.items()
    },
)
array, rows = experiment.packed_correctness(confirm, list(confirm))
glue_array("test_correct", array)
glue("test_correct_rows", rows)

# %% [markdown]
# Without dropout, the test accuracy goes from {no_dropout.small:.2%} at
# {small:,} images to {no_dropout.large:.2%} at {large:,}.
# Dropout({rate:g})'s gain on the test set, after adjusting for the
# page's {n_judged}
# comparisons:
#
# - at {small:,} images: {verdicts.gain_small.verdict},
#   {verdicts.gain_small.text};
# - at {large:,} images: {verdicts.gain_large.verdict},
#   {verdicts.gain_large.text}.
#
# The advice says the first gain should be the larger. Their difference,
# seed by seed: {verdicts.contrast.text}, {verdicts.contrast.verdict}.
# This set-up
# {advice_holds}.
#
# Where the interval of the difference contains zero, the runs cannot
# tell the two gains apart; that is not evidence that they are equal.
# And the confound stays: on these confirmation runs, the final weights
# fit {train_without.small:.2%} of the training images at {small:,}
# images and {train_without.large:.2%} at {large:,} without dropout,
# {train_with.small:.2%} and {train_with.large:.2%} with it. One network,
# one data set and a few sizes do not settle the question for every
# model: the rate worth using is the one measured at your own data size.
#
# ## What the numbers rest on
#
# The two gains' intervals are 95% intervals of the mean paired
# difference that cover the randomness of training (initial weights, data
# order, dropout draws) and the sampling of the {test_size:,} test images.
# The contrast's interval, of the mean difference between the two gains
# seed by seed, covers the randomness of training only: both gains are
# measured on the same test images, and their sampling is not added to
# it. No interval covers other training subsets of the same size, other
# networks or other data sets. The validation intervals above
# cover the tuning seeds only. The page's family is its {n_judged} test
# comparisons, adjusted together by Holm's method; the table shows each
# unadjusted interval, and says where the adjusted verdict differs.
