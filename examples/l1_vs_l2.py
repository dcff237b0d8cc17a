"""
Title: L1 versus L2: zeros or small weights
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-26
Description: How L1 and L2 pull on weights under SGD and under Adam, and what training leaves.
"""

# %% [markdown]
# The post says L1 regularization can drive weights to zero while L2 makes
# them small, and that with L2 small weights are hardly affected. Both
# statements come from the shape of the penalties' gradients under plain
# gradient descent. The post trains with Adam, which rescales every gradient,
# the penalty's included. This page plots the penalties, follows one weight
# under each optimizer, then trains the post's network (at half width, as
# on the overfitting page) with each penalty
# from {n_seeds} seeds and measures what is left near zero, and what it
# costs.

# %% [markdown]
# ## Setup

# %%
from functools import partial

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
LEARNING_RATE = 1e-3
LAMBDA = 1e-3  # the strength of both penalties in the pictures
START = 0.05  # where the single weight starts

# %% [markdown]
# ## The penalties and their gradients
#
# For one weight `w` and a strength `λ`, L1 adds `λ|w|` to the loss and L2
# adds `λw²`. Their derivatives are the pull towards zero that plain
# gradient descent applies: `λ·sign(w)` for L1, the same whatever the size
# of the weight, and `2λw` for L2, a pull that fades as the weight shrinks.

# %% figure="penalty-and-gradient"
w = np.linspace(-1, 1, 401)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
left.plot(
    w, LAMBDA * np.abs(w), color=style.color("l1"), label="L1: λ|w|"
)
left.plot(w, LAMBDA * w**2, color=style.color("l2"), label="L2: λw²")
left.set_title("penalty")
left.set_ylabel("added loss (nats)")
right.plot(
    w,
    LAMBDA * np.sign(w),
    color=style.color("l1"),
    label="L1: λ·sign(w)",
)
right.plot(w, 2 * LAMBDA * w, color=style.color("l2"), label="L2: 2λw")
right.set_title("gradient: the pull towards zero")
right.set_ylabel("d penalty / dw")
for ax in (left, right):
    ax.set_xlabel(f"weight w (λ = {LAMBDA:g})")
    ax.legend()
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
SMALL = 0.01
glue("equal_at", 0.5)
glue("small", SMALL)
glue("pull_ratio", (LAMBDA * 1) / (2 * LAMBDA * SMALL))

# %% [markdown]
# The two pulls are equal at |w| = {equal_at:g}; below that L1 pulls harder,
# and on a weight of {small:g} L1's pull is {pull_ratio:.0f} times L2's.
# Under plain gradient descent, each step moves a weight by the learning
# rate times that pull: that is where "L2 hardly touches small weights"
# comes from.
#
# ## One weight under SGD and under Adam
#
# Adam divides each gradient by a running estimate of its size. A weight
# whose only gradient is the penalty's then moves by about the learning rate
# at every step, whatever the penalty and whatever its strength. Here one
# weight, starting at {start:g}, is trained on nothing but the penalty, with
# each optimizer at the same learning rate.


# %% figure="one-weight"
def trajectory(optimizer, penalty, steps=300):
    weight = keras.Variable(START)
    path = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = penalty(weight)
        optimizer.apply_gradients(
            [(tape.gradient(loss, weight), weight)]
        )
        path.append(abs(float(weight.numpy())))
    return path


paths = {
    (name, kind): trajectory(optimizer(LEARNING_RATE), penalty)
    for name, optimizer in (
        ("SGD", keras.optimizers.SGD),
        ("Adam", keras.optimizers.Adam),
    )
    for kind, penalty in (
        ("L1", regularizers.l1(LAMBDA)),
        ("L2", regularizers.l2(LAMBDA)),
    )
}
fig, ax = plt.subplots()
for (name, kind), path in paths.items():
    ax.plot(
        np.maximum(path, 1e-6),
        color=style.color(kind.lower()),
        linestyle="-" if name == "Adam" else ":",
        label=f"{name}, {kind}",
    )
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("|w| (log scale)")
ax.legend()
plt.show()

# %% tags=["remove-cell"]
glue("learning_rate", LEARNING_RATE)
glue("sgd_l2_end", paths["SGD", "L2"][-1])
glue("adam_l2_end", paths["Adam", "L2"][-1])
glue("adam_l1_end", paths["Adam", "L1"][-1])
glue("steps", len(paths["SGD", "L2"]))
glue("start", START)

# %% [markdown]
# After {steps} steps, SGD has moved the weight from {start:g} to
# {sgd_l2_end:.5f} under L2. Adam has taken it to {adam_l2_end:.1e} under
# L2 and to {adam_l1_end:.1e} under L1: under Adam both penalties push a
# small weight to within about one learning rate ({learning_rate:g}) of
# zero, where it keeps jittering. In a network the data's gradients share
# Adam's normalizer, so the penalty's effect sits between the two pictures.
# Training shows where.

# %% [markdown]
# ## Train with each penalty
#
# The overfitting page's set-up: the post's network at half width
# ({train_size:,} training images, {epochs} epochs), with each penalty on
# every kernel at two strengths, from the same {n_seeds} seeds. After each
# run, `magnitudes` counts the kernel weights by size.

# %%
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)
EDGES = np.logspace(-8, 0.5, 52)  # |w| bins; exact zeros counted apart


def build_model(seed, penalty=None):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    conv = dict(
        padding="same",
        activation="relu",
        kernel_initializer=init,
        kernel_regularizer=penalty,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, **conv),
            layers.Conv2D(8, 3, **conv),
            layers.Flatten(),
            layers.Dense(
                10,
                activation="softmax",
                kernel_initializer=init,
                kernel_regularizer=penalty,
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE),
        loss="sparse_categorical_crossentropy",
        **experiment.compile_options(),
    )
    return model


def magnitudes(model):
    weights = np.abs(
        np.concatenate([k.ravel() for k in experiment.kernels(model)])
    )
    return {
        "counts": np.histogram(weights, EDGES)[0].tolist(),
        "exact_zeros": int(np.sum(weights == 0)),
        "within_lr": float(np.mean(weights < LEARNING_RATE)),
        "median": float(np.median(weights)),
    }


STRENGTHS = {"weak": 1e-4, "strong": 1e-3}
variants, names = {"baseline": build_model}, {"baseline": "baseline"}
for level, strength in STRENGTHS.items():
    for kind, penalty in (
        ("L1", regularizers.l1),
        ("L2", regularizers.l2),
    ):
        name = f"{kind}({strength:g})"
        names[f"{kind.lower()}_{level}"] = name
        variants[name] = partial(build_model, penalty=penalty(strength))
runs = experiment.run_all(variants, split, EPOCHS, measure=magnitudes)

# %% tags=["remove-cell"]
glue("train_size", TRAIN_SIZE)
glue("epochs", EPOCHS)
glue("n_seeds", len(experiment.SEEDS))

# %% [markdown]
# ## Where the weights end up
#
# All kernel weights by the size of `|w|`, on a log scale, summed over the
# seeds; the dashed line marks one learning rate.

# %% figure="weight-magnitudes"
fig, ax = plt.subplots()
for name in variants:
    kind = name.split("(")[0].lower()
    counts = np.sum(experiment.scores(runs, name, "counts"), axis=0)
    ax.stairs(
        counts,
        EDGES,
        color=style.color(kind if kind != "baseline" else "baseline"),
        linestyle=":"
        if name.endswith(f"({STRENGTHS['weak']:g})")
        else "-",
        linewidth=1.6,
        label=name,
    )
ax.axvline(LEARNING_RATE, color=style.INK, linestyle="--", linewidth=1)
ax.set_xscale("log")
ax.set_xlabel("|w| of a kernel weight (log scale)")
ax.set_ylabel("number of weights")
ax.legend()
plt.show()

# %% tags=["remove-input"] snippet="near_zero"
report.table(
    [
        "variant",
        "|w| < learning rate",
        "exact zeros",
        "median |w|",
        "test accuracy",
    ],
    [
        [
            name,
            f"{np.mean(experiment.scores(runs, name, 'within_lr')):.1%}",
            f"{np.mean(experiment.scores(runs, name, 'exact_zeros')):.0f}",
            f"{np.mean(experiment.scores(runs, name, 'median')):.2e}",
            f"{np.mean(experiment.scores(runs, name)):.2%}",
        ]
        for name in variants
    ],
)


# %% tags=["remove-cell"]
def mean_of(key):
    return {
        k: np.mean(experiment.scores(runs, n, key))
        for k, n in names.items()
    }


glue("names", names)
glue("share", mean_of("within_lr"))
glue("zeros", mean_of("exact_zeros"))
glue(
    "l1_vs_l2_near_zero",
    stats.compare(
        experiment.scores(runs, names["l1_strong"], "within_lr"),
        experiment.scores(runs, names["l2_strong"], "within_lr"),
    ),
)
glue(
    "cost",
    {
        key: stats.compare(
            experiment.scores(runs, name),
            experiment.scores(runs, "baseline"),
        )
        for key, name in names.items()
        if key != "baseline"
    },
)
glue("total_kernel_weights", int(np.sum(runs["baseline"][0]["counts"])))

# %% [markdown]
# Within one learning rate of zero: {share.baseline:.1%} of the weights
# without a penalty, {share.l1_strong:.1%} with {names.l1_strong} and
# {share.l2_strong:.1%} with {names.l2_strong}. L1's share minus L2's at
# that strength, seed by seed: {l1_vs_l2_near_zero.text}. Exact
# zeros stay rare (on average {zeros.l1_strong:.0f} with {names.l1_strong},
# out of {total_kernel_weights:,} kernel weights): Adam's steps overshoot
# zero and leave L1's weights jittering around it; exact zeros need a
# proximal or thresholding step, which Keras's regularizers do not take.
#
# Sparsity is not free. Test accuracy against no penalty:
#
# - {names.l1_weak}: {cost.l1_weak.verdict}, {cost.l1_weak.text};
# - {names.l2_weak}: {cost.l2_weak.verdict}, {cost.l2_weak.text};
# - {names.l1_strong}: {cost.l1_strong.verdict}, {cost.l1_strong.text};
# - {names.l2_strong}: {cost.l2_strong.verdict}, {cost.l2_strong.text}.
