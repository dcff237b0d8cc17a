"""
Title: L1, L2 and L1L2 weight penalties
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-26
Description: L1, L2 and L1L2 kernel penalties on the post's net: what they add to the loss and weights.
"""

# %% [markdown]
# A weight penalty adds a term to the loss that grows with the size of the
# weights, so training trades fitting the data against keeping the weights
# small. The blog post calls this section "weight decay" and puts Keras's
# `l1`, `l2` and `l1_l2` regularizers on the kernels of its two
# convolutions. This page does the same, checks what each penalty adds to the
# loss, follows the two parts of the loss during training, and compares the
# first convolution's weights without and with L2.

# %% [markdown]
# ## Setup

# %%
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import data, mode, report, style
from tutorial.glue import glue

SEED = 42
keras.utils.set_random_seed(SEED)
style.use()

# %% [markdown]
# ## The three regularizers
#
# `l1(a)` adds `a * sum(|w|)`, `l2(b)` adds `b * sum(w**2)` (no factor 1/2,
# unlike many textbooks) and `l1_l2(l1=a, l2=b)` adds both. Their default
# strengths, read from Keras itself:

# %%
for factory in (regularizers.l1, regularizers.l2, regularizers.l1_l2):
    print(
        f"regularizers.{factory.__name__}{inspect.signature(factory)}"
    )

# %% [markdown]
# So `l1()` and `l2()` alone penalize at 0.01, while `l1_l2()` with its
# defaults, `L1L2(l1=0.0, l2=0.0)`, adds nothing at all: give it its
# strengths. The post uses a strength of 0.01 for each; so do we.

# %%
STRENGTH = 0.01
REGULARIZERS = {
    "none": None,
    "L1": regularizers.l1(STRENGTH),
    "L2": regularizers.l2(STRENGTH),
    "L1L2": regularizers.l1_l2(l1=STRENGTH, l2=STRENGTH),
}

# %% [markdown]
# ## Prepare the data

# %%
TRAIN_SIZE = mode.choose(full=None, fast=2_000)
TEST_SIZE = mode.choose(full=None, fast=500)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    TRAIN_SIZE, TEST_SIZE
)

# %% [markdown]
# ## Build the models
#
# As in the post, the penalty goes on the kernels of both convolutions; the
# dense layer, with most of the weights, goes without. Seeding before each
# build gives every variant the same initial weights here, because a
# regularizer adds no layer and draws no random numbers: the penalty is the
# only difference between them.


# %%
def build_model(regularizer):
    keras.utils.set_random_seed(SEED)
    conv = dict(
        padding="same",
        activation="relu",
        kernel_regularizer=regularizer,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, **conv),
            layers.Conv2D(16, 3, **conv),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


models = {
    name: build_model(regularizer)
    for name, regularizer in REGULARIZERS.items()
}

# %% [markdown]
# A penalty adds no weights: the L2 model has the same layers and parameter
# counts as the baseline.

# %% snippet="model_summary"
models["L2"].summary()

# %% [markdown]
# ## What `model.losses` holds
#
# Without regularizers the list is empty; with them it holds one scalar tensor
# per regularized weight: the two kernels here, as in the post.

# %%
models["none"].losses

# %%
models["L2"].losses

# %%
for name, model in models.items():
    print(f"{name}: {len(model.losses)} tensors in model.losses")

# %% [markdown]
# ## The two parts of the loss during training
#
# The loss that `fit` prints is the sum of the data loss (cross-entropy) and
# the penalty. The post advises watching both but never shows them. This callback
# records them separately every few steps: the cross-entropy on a fixed batch
# of training images, and the penalty from `model.losses`.


# %%
class LossParts(keras.callbacks.Callback):
    def __init__(self, x_probe, y_probe, every):
        super().__init__()
        self.x_probe, self.y_probe, self.every = x_probe, y_probe, every
        self.seen, self.steps, self.data_loss, self.penalty = (
            0,
            [],
            [],
            [],
        )

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen % self.every:
            return
        predictions = self.model(self.x_probe, training=False)
        cross_entropy = keras.losses.sparse_categorical_crossentropy(
            self.y_probe, predictions
        )
        self.steps.append(self.seen)
        self.data_loss.append(float(keras.ops.mean(cross_entropy)))
        self.penalty.append(
            float(sum(self.model.losses)) if self.model.losses else 0.0
        )


# %% [markdown]
# ## Train
#
# One epoch each, batches of 32, as in the post.

# %%
PROBE_SIZE = mode.choose(full=1_000, fast=200)
EVERY = mode.choose(full=25, fast=4)
parts = {}
for name, model in models.items():
    print(f"--- {name}")
    parts[name] = LossParts(
        x_train[:PROBE_SIZE], y_train[:PROBE_SIZE], EVERY
    )
    model.fit(
        x_train,
        y_train,
        batch_size=32,
        epochs=1,
        verbose=2,
        callbacks=[parts[name]],
    )

# %% figure="loss-parts"
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), sharey=True)
for ax, name in zip(axes, ("L1", "L2", "L1L2"), strict=True):
    color = style.color(name.lower())
    ax.plot(
        parts[name].steps,
        parts[name].data_loss,
        color=color,
        label="data loss (cross-entropy)",
    )
    ax.plot(
        parts[name].steps,
        parts[name].penalty,
        color=color,
        linestyle="--",
        label="penalty (sum of model.losses)",
    )
    ax.plot(
        parts["none"].steps,
        parts["none"].data_loss,
        color=style.color("baseline"),
        linewidth=1,
        alpha=0.7,
        label="data loss without penalty",
    )
    ax.set_title(f"{name}({STRENGTH})")
    ax.set_xlabel("training step (batches of 32)")
axes[0].set_ylabel("loss (nats per image, log scale)")
axes[0].set_yscale("log")
fig.tight_layout()
fig.legend(
    *axes[0].get_legend_handles_labels(),
    loc="upper center",
    bbox_to_anchor=(0.5, 0.0),
    ncol=3,
)
plt.show()

# %% tags=["remove-input"] snippet="loss_parts"
rows = []
for name in ("none", "L1", "L2", "L1L2"):
    data_loss, penalty = (
        parts[name].data_loss[-1],
        parts[name].penalty[-1],
    )
    rows.append(
        [
            name,
            f"{data_loss:.4f}",
            f"{penalty:.4f}",
            f"{penalty / (data_loss + penalty):.1%}",
        ]
    )
report.table(
    [
        "regularizer",
        "data loss at the end",
        "penalty at the end",
        "penalty's share of the loss",
    ],
    rows,
)

# %% [markdown]
# ## Checking the penalty by hand
#
# Does `l2(0.01)` add exactly `0.01 * sum(w**2)`? After training, compute the
# penalty of each regularized weight by hand and compare it with what Keras
# reports.


# %%
def penalty_by_hand(weight, l1=0.0, l2=0.0):
    w = keras.ops.convert_to_numpy(weight).astype("float64")
    return l1 * np.abs(w).sum() + l2 * np.square(w).sum()


STRENGTHS = {
    "L1": dict(l1=STRENGTH),
    "L2": dict(l2=STRENGTH),
    "L1L2": dict(l1=STRENGTH, l2=STRENGTH),
}
checks = []
for name, strengths in STRENGTHS.items():
    convs = [
        c for c in models[name].layers if isinstance(c, layers.Conv2D)
    ]
    reported = [float(loss) for loss in models[name].losses]
    for n, (conv, keras_value) in enumerate(
        zip(convs, reported, strict=True), start=1
    ):
        by_hand = penalty_by_hand(conv.kernel, **strengths)
        checks.append((name, f"conv {n} kernel", by_hand, keras_value))

# %% tags=["remove-input"] snippet="penalty_check"
report.table(
    ["regularizer", "weight", "by hand", "model.losses", "difference"],
    [
        [
            name,
            weight,
            f"{hand:.6f}",
            f"{value:.6f}",
            f"{abs(hand - value):.1e}",
        ]
        for name, weight, hand, value in checks
    ],
)

# %% [markdown]
# Keras adds the sum of `model.losses` to the data loss at every training step.

# %% [markdown]
# ## Evaluate

# %%
scores = {
    name: model.evaluate(x_test, y_test, verbose=0)
    for name, model in models.items()
}

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    ["regularizer", "test loss (with penalty)", "test accuracy"],
    [
        [name, f"{loss:.4f}", f"{accuracy:.4f}"]
        for name, (loss, accuracy) in scores.items()
    ],
)

# %% tags=["remove-cell"]
glue(
    "points_change",  # percentage points of test accuracy
    {
        name: 100 * (scores[name][1] - scores["none"][1])
        for name in STRENGTHS
    },
)

# %% [markdown]
# The losses in this table include each model's penalty, as Keras computes
# them, so only the accuracies compare across models. In this run the test
# accuracy moved by {points_change.L1:+.2f} percentage points with L1,
# {points_change.L2:+.2f} with L2 and {points_change.L1L2:+.2f} with
# L1L2. That is one run from one seed, which shows what one training gave,
# not a difference between the penalties: the
# [overfitting page](../overfitting/) compares them over many seeds, where
# there is overfitting to cure.

# %% [markdown]
# ## The first convolution's weights without and with L2
#
# The post shows two histograms of the first kernel, one without and one with
# `l2(0.01)`, each on its own axis. Here both share the same 15 bins and the
# same axes, so their spread can be compared directly.

# %% figure="kernel-histograms"
kernels = {
    name: keras.ops.convert_to_numpy(
        models[name].layers[0].kernel
    ).ravel()
    for name in ("none", "L2")
}
edges = np.histogram_bin_edges(
    np.concatenate(list(kernels.values())), bins=15
)
fig, ax = plt.subplots()
for name, label in (
    ("none", "no regularizer"),
    ("L2", f"L2({STRENGTH})"),
):
    color = style.color("baseline" if name == "none" else "l2")
    ax.hist(
        kernels[name], bins=edges, color=color, alpha=0.45, label=label
    )
    ax.hist(
        kernels[name],
        bins=edges,
        color=color,
        histtype="step",
        linewidth=1.5,
    )
ax.set_xlabel("weight value in the first conv kernel (3 × 3 × 1 × 32)")
ax.set_ylabel("number of weights")
ax.legend()
plt.show()

# %% tags=["remove-input"] snippet="kernel_spread"
rows = [
    [
        name,
        f"{np.std(kernel):.4f}",
        f"{np.mean(np.abs(kernel)):.4f}",
        f"{np.max(np.abs(kernel)):.4f}",
    ]
    for name, kernel in kernels.items()
]
report.table(
    ["regularizer", "standard deviation", "mean |w|", "max |w|"], rows
)

# %% tags=["remove-cell"]
glue("spread_ratio", np.std(kernels["L2"]) / np.std(kernels["none"]))
glue("strength", STRENGTH)

# %% [markdown]
# After one epoch, L2({strength:g}) leaves the first kernel with
# {spread_ratio:.0%} of the spread (standard deviation) of the
# unregularized one, in this run.
