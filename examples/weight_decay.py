"""
Title: L1, L2 and L1L2 weight penalties
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: L1, L2 and L1L2 kernel penalties on the post's net: what they add to the loss and weights.
"""

# %% [markdown]
# A weight penalty adds a term to the loss that grows with the size of the
# weights, so training trades fitting the data against keeping the weights
# small. The 2020 blog post "Regularization in TensorFlow" (2020-08-02)
# heads this section "Weight decay". It names the regularizers "available
# in `tf.keras.regularizers`": L1, L2 and L1L2, with examples of 0.001
# (and, for L1L2, 0.002 and 0.001). Its code trains one of them: it puts
# `kernel_regularizer=tf.keras.regularizers.l2(0.01)` on the kernels of
# its two convolutions. This page trains that network, adds L1 and L1L2
# at the same strength, checks what each penalty adds to the loss, follows
# the two parts of the loss during training, and compares the first
# convolution's weights without and with L2.

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
from tutorial.seeds import Streams

SEED = 42  # one run of each model, all from this seed
streams = Streams(SEED)
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
# strengths. The post trains with `l2(0.01)`; this page gives L1 and both
# parts of L1L2 the same strength, 0.01.

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
# dense layer, with most of the weights, goes without. The initializers
# draw from one seed generator made afresh for each model from the seed's
# stream for initializers (`Streams`), so every model starts from the same
# weights: the penalty is the only difference between them.


# %%
def build_model(regularizer):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
    )
    conv = dict(
        padding="same",
        activation="relu",
        kernel_initializer=init,
        kernel_regularizer=regularizer,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, **conv),
            layers.Conv2D(16, 3, **conv),
            layers.Flatten(),
            layers.Dense(
                10, activation="softmax", kernel_initializer=init
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=16,  # 16 steps per call into the graph
    )
    return model


models = {
    name: build_model(regularizer)
    for name, regularizer in REGULARIZERS.items()
}
same = [
    all(
        np.array_equal(a, b)
        for a, b in zip(
            model.get_weights(),
            models["none"].get_weights(),
            strict=True,
        )
    )
    for model in models.values()
]
print("same initial weights as the unregularized model:", same)

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
# The loss that `fit` prints is the sum of the data loss (cross-entropy)
# and the penalty. The post advises looking "at the two components of the
# loss" but never shows them. This callback records them separately: the
# cross-entropy on a fixed set of training images, and the penalty from
# `model.losses`. With `steps_per_execution` set, Keras calls a batch
# callback once per call into the graph, after that many steps, with the
# index of the last of them; the callback records every `every` steps.


# %%
class LossParts(keras.callbacks.Callback):
    def __init__(self, x_probe, y_probe, every):
        super().__init__()
        self.x_probe, self.y_probe, self.every = x_probe, y_probe, every
        self.steps, self.data_loss, self.penalty = [], [], []

    def on_train_batch_end(self, batch, logs=None):
        # `batch` is the last step of the call; the epoch's last call
        # may hold fewer steps than that says.
        seen = min(batch + 1, self.params["steps"])
        if seen % self.every and seen < self.params["steps"]:
            return
        predictions = self.model(self.x_probe, training=False)
        cross_entropy = keras.losses.sparse_categorical_crossentropy(
            self.y_probe, predictions
        )
        self.steps.append(seen)
        self.data_loss.append(float(keras.ops.mean(cross_entropy)))
        self.penalty.append(
            float(sum(self.model.losses)) if self.model.losses else 0.0
        )


# %% [markdown]
# ## Train
#
# One epoch each, batches of 32, as in the post, every model in the same
# order of the training images (the seed's stream for the data order).

# %%
PROBE_SIZE = mode.choose(full=1_000, fast=200)
# Record every EVERY steps: a multiple of the 16 steps of a call.
EVERY = mode.choose(full=32, fast=16)
parts = {}
for name, model in models.items():
    print(f"--- {name}")
    parts[name] = LossParts(
        x_train[:PROBE_SIZE], y_train[:PROBE_SIZE], EVERY
    )
    keras.utils.set_random_seed(streams.data_order)
    model.fit(
        x_train,
        y_train,
        batch_size=32,
        epochs=1,
        verbose=2,
        callbacks=[parts[name]],
    )

# %% figure="loss-parts"
fig, axes = plt.subplots(1, 3, figsize=(style.WIDTH, 3.6), sharey=True)
fig.suptitle("The two parts of the loss during one epoch (one run)")
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
    ax.set_xlabel("step (batch of 32)")
axes[0].set_ylabel("loss (nats per image, log scale)")
axes[0].set_yscale("log")
key = [  # the line styles, in ink: each panel's colour is its penalty
    plt.Line2D(
        [], [], color=style.INK, label="data loss (cross-entropy)"
    ),
    plt.Line2D(
        [],
        [],
        color=style.INK,
        linestyle="--",
        label="penalty (model.losses)",
    ),
    plt.Line2D(
        [],
        [],
        color=style.color("baseline"),
        linewidth=1,
        label="data loss without penalty",
    ),
]
fig.legend(handles=key, loc="outside lower center", ncol=2)
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
def points(difference):
    """A difference of accuracies in percentage points, signed."""
    return f"{100 * difference:+.2f}".replace("-", "−")


glue(
    "points_change",
    {
        name: points(scores[name][1] - scores["none"][1])
        for name in STRENGTHS
    },
)

# %% [markdown]
# The losses in this table include each model's penalty, as Keras computes
# them, so only the accuracies compare across models. In this run the test
# accuracy moved by {points_change.L1} percentage points with L1,
# {points_change.L2} with L2 and {points_change.L1L2} with L1L2. That is
# one run from one seed, which shows what one training gave, not a
# difference between the penalties: the
# [overfitting page](../overfitting/) compares them over many seeds, where
# there is overfitting to cure.

# %% [markdown]
# ## The first convolution's weights without and with L2
#
# The post plots the first convolution's kernel twice, with 15 bins each:
# for its dropout network, then for its `l2(0.01)` network, each plot with
# bins and axes of its own. Here the two are this page's unregularized and
# L2 models, and both share the same 15 bins and the same axes, so their
# spread can be compared directly.

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
fig, axes = plt.subplots(
    2, 1, figsize=(style.WIDTH, 4.6), sharex=True, sharey=True
)
fig.suptitle("The first convolution's kernel after one epoch (one run)")
for ax, (name, title, color) in zip(
    axes,
    (
        ("none", "no regularizer", "baseline"),
        ("L2", f"L2({STRENGTH})", "l2"),
    ),
    strict=True,
):
    ax.hist(kernels[name], bins=edges, color=style.color(color))
    ax.set_title(title)
    ax.set_ylabel("number of weights")
axes[1].set_xlabel(
    "weight value (3 × 3 × 1 × 32 kernel, 15 shared bins)"
)
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
