"""
Title: L1 versus L2: zeros or small weights
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: How the L1 and L2 penalties pull on weights, and what that leaves after training.
"""

# %% [markdown]
# The post says L1 regularization can drive weights to zero while L2 makes
# them small, and that with L2 "small weights are hardly affected". Both
# statements follow from the shape of the penalties and their gradients.
# This page plots them, then trains the post's network (half width, in the
# overfitting set-up of the "Overfitting" page) with each penalty on every
# kernel and counts how many weights end up near zero.

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
STRENGTH = 1e-3
NEAR_ZERO = 1e-3  # |w| below this counts as near zero

split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)

# %% [markdown]
# ## The penalties and their gradients
#
# For one weight `w` and a strength `λ`, L1 adds `λ|w|` to the loss and L2
# adds `λw²`. Gradient descent follows their derivatives: `λ·sign(w)` for L1,
# the same pull whatever the size of the weight, and `2λw` for L2, a pull
# that fades as the weight shrinks.

# %% figure="penalty-and-gradient"
w = np.linspace(-1, 1, 401)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
left.plot(
    w, STRENGTH * np.abs(w), color=style.color("l1"), label="L1: λ|w|"
)
left.plot(w, STRENGTH * w**2, color=style.color("l2"), label="L2: λw²")
left.set_title("penalty")
left.set_ylabel("added loss (nats)")
right.plot(
    w,
    STRENGTH * np.sign(w),
    color=style.color("l1"),
    label="L1: λ·sign(w)",
)
right.plot(
    w, 2 * STRENGTH * w, color=style.color("l2"), label="L2: 2λw"
)
right.set_title("gradient (the pull towards zero)")
right.set_ylabel("d penalty / dw")
for ax in (left, right):
    ax.set_xlabel(f"weight w (λ = {STRENGTH:g})")
    ax.legend()
fig.tight_layout()
plt.show()

# %% snippet="pull_ratio"
small = 0.01
ratio = (STRENGTH * 1) / (2 * STRENGTH * small)
report.say(
    f"The two pulls are equal at |w| = {1 / 2:g}. Below that L1 pulls "
    f"harder: on a weight of {small:g}, L1's pull is {ratio:.0f} times "
    "L2's. That is the post's point: L2 hardly touches weights that "
    "are already small, while L1 keeps pushing them all the way to "
    "zero."
)

# %% [markdown]
# ## Train with each penalty
#
# Same strength for both, on every kernel; baseline for reference.

# %%
VARIANTS = [
    experiment.Variant("baseline", filters=(16, 8)),
    experiment.Variant(
        f"L1({STRENGTH:g})",
        color="l1",
        regularizer=regularizers.l1(STRENGTH),
        filters=(16, 8),
    ),
    experiment.Variant(
        f"L2({STRENGTH:g})",
        color="l2",
        regularizer=regularizers.l2(STRENGTH),
        filters=(16, 8),
    ),
]
kernels, runs = {}, {}
for variant in VARIANTS:
    for seed in SEEDS:
        run = experiment.train(variant, seed, split, EPOCHS)
        weights = np.concatenate(
            [k.ravel() for k in experiment.kernels(run.model)]
        )
        kernels.setdefault(variant.name, []).append(weights)
        runs.setdefault(variant.name, []).append(run.test_accuracy)
        print(
            f"{variant.name:10} seed {seed}: test accuracy "
            f"{run.test_accuracy:.4f}"
        )

# %% [markdown]
# ## Where the weights end up
#
# The histogram counts all kernel weights by the size of `|w|`, on a log
# scale, pooled over seeds.

# %% figure="weight-magnitudes"
edges = np.logspace(-8, 0.5, 52)
fig, ax = plt.subplots()
for variant in VARIANTS:
    magnitudes = np.abs(np.concatenate(kernels[variant.name]))
    ax.hist(
        np.clip(magnitudes, edges[0], None),
        bins=edges,
        histtype="step",
        linewidth=1.6,
        color=style.color(variant.color),
        label=variant.name,
    )
ax.axvline(NEAR_ZERO, color=style.INK, linestyle="--", linewidth=1)
ax.set_xscale("log")
ax.set_xlabel(
    "|w| of a kernel weight (log scale; exact zeros at the left edge)"
)
ax.set_ylabel("number of weights")
ax.legend()
plt.show()

# %% snippet="near_zero"
rows = []
for variant in VARIANTS:
    per_seed = [
        np.mean(np.abs(k) < NEAR_ZERO) for k in kernels[variant.name]
    ]
    zeros = [int(np.sum(k == 0)) for k in kernels[variant.name]]
    rows.append(
        [
            variant.name,
            experiment.mean_std(per_seed),
            f"{np.mean(zeros):.0f}",
            experiment.mean_std(
                [np.median(np.abs(k)) for k in kernels[variant.name]]
            ),
            experiment.mean_std(runs[variant.name]),
        ]
    )
report.data(
    {
        v.name: [
            float(np.mean(np.abs(k) < NEAR_ZERO))
            for k in kernels[v.name]
        ]
        for v in VARIANTS
    }
)
report.table(
    [
        "variant",
        f"share of |w| < {NEAR_ZERO:g}",
        "exact zeros",
        "median |w|",
        "test accuracy",
    ],
    rows,
)

# %% snippet="verdict"
near = {
    v.name: np.mean(
        [np.mean(np.abs(k) < NEAR_ZERO) for k in kernels[v.name]]
    )
    for v in VARIANTS
}
exact = {
    v.name: np.mean([np.sum(k == 0) for k in kernels[v.name]])
    for v in VARIANTS
}
l1, l2 = VARIANTS[1].name, VARIANTS[2].name
report.say(
    f"After training, {near[l1]:.1%} of the weights sit within "
    f"{NEAR_ZERO:g} of zero with {l1}, against {near[l2]:.1%} with "
    f"{l2} and {near['baseline']:.1%} without a penalty. "
    + (
        "Exact zeros stay rare: gradient steps (here Adam's) overshoot "
        "zero and leave L1's weights hovering around it; exact zeros "
        "need a proximal or thresholding step, which Keras's "
        "regularizers do not take."
        if exact[l1] < 0.01 * len(kernels[l1][0])
        else f"{exact[l1]:.0f} of them are exactly zero."
    )
)
