"""
Title: The first levers: capacity and data
Author: The regularization tutorial team
Date created: 2026-11-26
Last modified: 2026-12-01
Description: Narrower, wider and pooled networks, and more data, against what dropout achieves.
"""

# %% [markdown]
# Two levers are often pulled before any regularizer: how much a network
# can memorize (its capacity) and how much it has to learn from (its
# data). TensorFlow's "Overfit and underfit" tutorial starts there: "The
# simplest way to prevent overfitting is to start with a small model". The
# 2020 blog post "Regularization in TensorFlow" does not. This page takes
# the [overfitting page](../overfitting/)'s network (the post's at half
# width, {train_size:,} images, {steps:,} training steps) and changes one
# lever at a time: half and double the filters; a network with pooling,
# shaped like keras.io's "Simple MNIST convnet"; two and four times the
# data.
# Then it sets them against dropout, the post's regularizer, tuned on
# validation. Each lever is measured twice: by its test accuracy, and by
# its gap, the accuracy of the final weights on their own training images
# minus their accuracy on the validation split.
#
# The levers are fixed in advance, so each is trained from the
# {n_confirmation} confirmation seeds and compared with the reference
# network seed by seed; only dropout's rate is chosen, on validation,
# over {n_tuning} tuning seeds.

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
STEPS = mode.choose(full=640, fast=40)
MORE_DATA = mode.choose(full=[2_048, 4_096], fast=[640, 1_280])
split = experiment.split()  # the protocol's sizes
sizes = [len(split.train[1]), *MORE_DATA]
for size in sizes:
    # epochs_for refuses a size whose epochs do not make exactly STEPS
    print(
        f"{size:,} images: {experiment.steps_per_epoch(size)} steps "
        f"an epoch, {experiment.epochs_for(size, STEPS)} epochs"
    )

# %% [markdown]
# ## The variants
#
# One function builds every variant from a seed. `filters` sets the width
# of the two convolutions; `pooled` halves each feature map after each
# convolution (`MaxPooling2D`), so that the dense layer sees 7 × 7 maps
# instead of 28 × 28: the shape of keras.io's "Simple MNIST convnet" at
# half its filters (16 and 32), with "same" padding and without its
# dropout; `dropout` adds dropout after each convolution, as the post and
# the overfitting page do. With the defaults it is the overfitting page's
# network, layer for layer, so the build's store of runs hands this page
# the runs the two pages share.


# %%
def build_model(seed, filters=(16, 8), pooled=False, dropout=0.0):
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
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
        if pooled:
            stack.append(layers.MaxPooling2D(2))
        if dropout:
            stack.append(
                layers.Dropout(dropout, seed=streams.dropout(n))
            )
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


reference = experiment.Variant("the reference (16, 8)", build_model)
capacity = [
    experiment.Variant(
        "half the filters (8, 4)", build_model, {"filters": (8, 4)}
    ),
    experiment.Variant(
        "double the filters (32, 16)",
        build_model,
        {"filters": (32, 16)},
    ),
    experiment.Variant(
        "pooled (16, 32)",
        build_model,
        {"filters": (16, 32), "pooled": True},
    ),
]
for variant in [reference, *capacity]:
    model = variant.model(0)
    print(
        f"{variant.name:28} {model.count_params():>7,} weights, "
        f"{model.layers[-1].count_params():>6,} in the dense layer"
    )

# %% tags=["remove-cell"]
KEYS = {"half": 0, "double": 1, "pooled": 2}
glue("train_size", len(split.train[1]))
glue("steps", STEPS)
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))
glue(
    "weights",
    {"reference": reference.model(0).count_params()}
    | {k: capacity[i].model(0).count_params() for k, i in KEYS.items()},
)
glue(
    "dense_weights",
    {
        k: v.model(0).layers[-1].count_params()
        for k, v in (("reference", reference), ("pooled", capacity[2]))
    },
)

# %% [markdown]
# ## Dropout, tuned on validation
#
# The overfitting page's dropout grid, which starts with "off", over the
# {n_tuning} tuning seeds; the runs with dropout are that page's own.

# %%
dropout_grid = experiment.grid(
    reference,
    "Dropout({:g})",
    "dropout",
    mode.choose(full=[0.1, 0.25, 0.5, 0.75], fast=[0.25]),
)
EPOCHS = experiment.epochs_for(len(split.train[1]), STEPS)
tuning = experiment.run_all(
    dropout_grid, split, EPOCHS, experiment.TUNING_SEEDS
)
names = [v.name for v in dropout_grid]
choice = stats.choose(
    names,
    {
        n: experiment.scores(tuning, n, "validation_accuracy")
        for n in names
    },
)
print(
    "chosen on validation:", choice["chosen"], f"({choice['position']})"
)

# %% tags=["remove-cell"]
if choice["position"] == stats.OFF:
    dropout_choice = "none (no rate beat no dropout on validation)"
else:
    result = experiment.compare(
        tuning, choice["chosen"], reference.name, "validation_accuracy"
    )
    dropout_choice = (
        f"{choice['chosen']}, {choice['position']} "
        f"({stats.describe(result)} on validation against no dropout)"
    )
glue("dropout_choice", dropout_choice)
glue("epochs", EPOCHS)
glue(
    "more_data_text",
    " and ".join(f"{size:,}" for size in MORE_DATA),
)

# %% [markdown]
# Dropout's rate chosen on validation: {dropout_choice}. The overfitting
# page shows the whole sweep.
#
# ## Every lever, from the confirmation seeds
#
# The reference, the capacity levers and the chosen dropout (if any) train
# on the {train_size:,} images for {epochs} epochs; the data levers on the
# first {more_data_text} training images, for the same {steps:,} steps,
# in fewer epochs.

# %%
judged = [reference, *capacity]
if choice["position"] != stats.OFF:
    judged.append(dropout_grid[names.index(choice["chosen"])])
runs = experiment.run_all(
    judged, split, EPOCHS, experiment.CONFIRMATION_SEEDS
)
data_levers = [
    experiment.Variant(f"{n:,} images", build_model) for n in MORE_DATA
]
for size, lever in zip(MORE_DATA, data_levers, strict=True):
    runs |= experiment.run_all(
        [lever],
        experiment.split(size),
        experiment.epochs_for(size, STEPS),
        experiment.CONFIRMATION_SEEDS,
    )
for name, results in runs.items():
    steps = sorted({r["steps"] for r in results})
    print(f"{name:28} steps per run: {steps}")

# %%
levers = [v.name for v in judged[1:] + data_levers]


def gap(name):
    """Per seed: training accuracy minus validation accuracy."""
    return np.subtract(
        experiment.scores(runs, name, "train_accuracy"),
        experiment.scores(runs, name, "validation_accuracy"),
    )


keys = ["half", "double", "pooled"]
keys += ["dropout"] if len(judged) > 4 else []
keys += [f"data_{n}" for n in range(1, len(MORE_DATA) + 1)]
lever_keys = dict(zip(keys, levers, strict=True))
family = {}
for key, name in lever_keys.items():
    family[key] = experiment.compare(runs, name, reference.name)
    family[f"gap_{key}"] = stats.compare(
        gap(name), gap(reference.name), higher_is_better=False
    ) | {
        "a_name": name,
        "b_name": reference.name,
        "seeds": experiment.scores(runs, name, "seed"),
    }
# The page's one family: every verdict it states, adjusted together.
verdicts = stats.family(family)

# %% [markdown]
# Each row is a lever. The dot is its mean difference from the reference
# network over the {n_confirmation} confirmation seeds, seed by seed, and
# the line its 95% interval; the dashed line is no difference. Left, the
# test accuracy: a row to the right of the line does better on new
# digits. Right, the gap (training minus validation accuracy) minus the
# reference's gap: a row to the left of the line overfits less. Dropout,
# where a rate was chosen, is drawn in its own colour.

# %% figure="levers"
colors = dict.fromkeys(levers, style.color("baseline"))
if choice["position"] != stats.OFF:
    colors[choice["chosen"]] = style.color("dropout")
fig, (left, right) = plt.subplots(
    1, 2, figsize=(style.WIDTH, 1.4 + 0.4 * len(levers))
)
fig.suptitle("Each lever against the reference network")
style.forest(
    left, {n: verdicts[k] for k, n in lever_keys.items()}, colors
)
style.forest(
    right,
    {n: verdicts[f"gap_{k}"] for k, n in lever_keys.items()},
    colors,
)
right.tick_params(labelleft=False)  # the rows of the left panel
left.set_title("test accuracy")
right.set_title("gap, training − validation")
fig.supxlabel("difference from the reference (percentage points)")
plt.show()


# %% tags=["remove-input"] snippet="levers"
def mean_of(name, key):
    return f"{np.mean(experiment.scores(runs, name, key)):.2%}"


def lever_row(name):
    steps = sorted({r["steps"] for r in runs[name]})
    return [
        name,
        f"{runs[name][0]['epochs_run']} "
        f"({', '.join(f'{s:,}' for s in steps)})",
        mean_of(name, "train_accuracy"),
        mean_of(name, "validation_accuracy"),
        f"{100 * np.mean(gap(name)):.2f}",
        mean_of(name, "test_accuracy"),
    ]


report.table(
    [
        "variant",
        "epochs (steps)",
        "training accuracy",
        "validation accuracy",
        "gap (points)",
        "test accuracy",
    ],
    [lever_row(name) for name in [reference.name, *levers]],
)

# %% tags=["remove-input"]
header, rows = stats.table(verdicts, "the reference")
header[:2] = ["comparison", "difference (points)"]
GAP_WORDS = {stats.BETTER: "smaller gap", stats.WORSE: "larger gap"}
for row, key in zip(rows, verdicts, strict=True):
    name = lever_keys[key.removeprefix("gap_")]
    row[0] = f"{name} − reference"
    if key.startswith("gap_"):
        row[0] = f"gap: {row[0]}"
        for verdict, words in GAP_WORDS.items():
            row[-1] = row[-1].replace(verdict, words)
report.table(header, rows)

# %% tags=["remove-cell"]
GAP_CHANGE = {stats.BETTER: "smaller", stats.WORSE: "larger"}
UNCHANGED = "not detectably different"
glue("names", lever_keys)
glue("verdicts", verdicts)
glue(
    "gap_word",
    {
        k: GAP_CHANGE.get(verdicts[f"gap_{k}"]["verdict"], UNCHANGED)
        for k in lever_keys
    },
)
everything = {"reference": reference.name, **lever_keys}
glue(  # in percentage points: a difference of two accuracies
    "gap",
    {k: 100 * float(np.mean(gap(n))) for k, n in everything.items()},
)
glue(
    "train",
    {
        k: float(np.mean(experiment.scores(runs, n, "train_accuracy")))
        for k, n in everything.items()
    },
)
glue(
    "reference_test",
    np.mean(experiment.scores(runs, reference.name)),
)
glue("n_judged", len(verdicts))
glue("test_size", len(split.test[1]))
if "dropout" in lever_keys:
    name = lever_keys["dropout"]
    test, gap_change = verdicts["dropout"], verdicts["gap_dropout"]
    word = GAP_CHANGE.get(gap_change["verdict"], UNCHANGED)
    dropout_line = (
        f"{name}, the rate chosen on validation: test "
        f"{test['verdict']} ({test['text']}); gap {word} "
        f"({gap_change['text']})"
    )
else:
    dropout_line = (
        "dropout: no rate chosen (none beat no dropout on validation), "
        "so there is no dropout run to compare"
    )
glue("dropout_line", dropout_line)

double_gap = verdicts["gap_double"]
if double_gap["verdict"] == stats.BETTER:
    width_reading = (
        "Here more capacity overfits less, not more: doubling the "
        "filters narrows the gap."
    )
elif double_gap["verdict"] == stats.WORSE:
    width_reading = (
        "Here doubling the filters widens the gap, as the classical "
        "picture expects."
    )
else:
    width_reading = (
        "Here doubling the filters changes the gap by no detectable "
        "amount: more capacity does not detectably overfit more."
    )
glue("width_reading", width_reading)
glue(
    "pooled_reading",
    {
        stats.BETTER: "says yes, on this problem",
        stats.WORSE: "says no, on this problem",
    }.get(
        verdicts["pooled"]["verdict"],
        "cannot tell (its interval contains zero)",
    ),
)


summary = {
    k: {
        "name": lever_keys[k.removeprefix("gap_")],
        **stats.summary_cells(r),
    }
    for k, r in verdicts.items()
}
if "dropout" not in lever_keys:
    summary["dropout"] = {
        "name": "none chosen",
        **stats.summary_cells(),
    }
glue("summary", summary)
array, rows = experiment.packed_correctness(runs, list(runs))
glue_array("test_correct", array)
glue("test_correct_rows", rows)

# %% [markdown]
# The reference network scores {reference_test:.2%} on the test set, and
# fits {train.reference:.2%} of its training images, with a gap of
# {gap.reference:.1f} points. Against it, after adjusting for the page's
# {n_judged} comparisons (each lever's test accuracy and gap):
#
# - {names.half} ({weights.half:,} weights instead of
#   {weights.reference:,}): test {verdicts.half.verdict}
#   ({verdicts.half.text}); gap {gap_word.half}
#   ({verdicts.gap_half.text});
# - {names.double} ({weights.double:,} weights): test
#   {verdicts.double.verdict} ({verdicts.double.text}); gap
#   {gap_word.double} ({verdicts.gap_double.text});
# - {names.pooled} ({weights.pooled:,} weights): test
#   {verdicts.pooled.verdict} ({verdicts.pooled.text}); gap
#   {gap_word.pooled} ({verdicts.gap_pooled.text});
# - {names.data_1}: test {verdicts.data_1.verdict}
#   ({verdicts.data_1.text}); gap {gap_word.data_1}
#   ({verdicts.gap_data_1.text});
# - {names.data_2}: test {verdicts.data_2.verdict}
#   ({verdicts.data_2.text}); gap {gap_word.data_2}
#   ({verdicts.gap_data_2.text});
# - {dropout_line}.
#
# ## More capacity, less overfitting?
#
# The classical picture, and the TensorFlow tutorial's advice, expect a
# wider network to memorize more and overfit more. Double the filters fits
# {train.double:.2%} of its training images and half the filters
# {train.half:.2%}; their gaps are {gap.double:.1f} and {gap.half:.1f}
# points.
# {width_reading} Dive into Deep Learning's "Generalization in Deep
# Learning" describes the same surprise for deep networks: "it's often
# the case that despite fitting the training data perfectly, we can
# actually *reduce the generalization error* further by making the model
# *even more expressive*"; why, it says, "remains for the most part a
# massive open question". One plain reason the gap and the accuracy can
# move together: while a network fits all of its training images, its gap
# is what its validation accuracy falls short of 100%, so a smaller gap
# and a higher validation accuracy are one finding, not two. Where the
# training accuracy falls short of 100%, read the gap with care: a small
# gap can then mean a network that has not learnt its training images,
# not one that generalizes.
#
# ## A network shaped for the problem
#
# The pooled network has more filters where the features are computed
# (16 and 32) and far fewer where the reference holds nearly all of its
# weights: its
# dense layer has {dense_weights.pooled:,} weights against the
# reference's {dense_weights.reference:,}, because pooling shrinks each
# map to 7 × 7 before the dense layer sees it, and makes the network less
# sensitive to exactly where a stroke falls. Does a network shaped for the
# problem do better than the reference's wide dense layer? Its test
# comparison above {pooled_reading}. It is one such network, and the only
# change of architecture this page tries.
#
# Data is the other lever: with {names.data_2} instead of
# {train_size:,}, for the same number of steps, the test accuracy changes
# by {verdicts.data_2.text}.
#
# ## What the numbers rest on
#
# Each interval is a 95% interval of the mean paired difference over the
# {n_confirmation} confirmation seeds. On test accuracy it covers the
# randomness of training (initial weights, data order, dropout draws) and
# the sampling of the {test_size:,} test images; on the gap, the
# randomness of training only. Neither covers other training subsets,
# other networks or other data sets. The page's family is its
# {n_judged} comparisons, adjusted together by Holm's method; the
# table shows each unadjusted interval, and says where the adjusted
# verdict differs.
