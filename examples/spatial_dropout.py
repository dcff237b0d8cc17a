"""
Title: Dropout for convolutions: SpatialDropout2D
Author: The regularization tutorial team
Date created: 2026-11-26
Last modified: 2026-11-26
Description: Dropping whole feature maps instead of single values, and where dropout goes in a conv net.
"""

# %% [markdown]
# The post puts `Dropout` after each convolution. There it sets single
# values of a feature map to zero, but neighbouring values of a feature map
# are strongly correlated: the next layer's 3 × 3 filters see the dropped
# value's neighbours and lose little. `SpatialDropout2D` drops whole feature
# maps instead, so a filter cannot lean on one channel (Tompson et al.,
# "Efficient Object Localization Using Convolutional Networks", 2015). This
# page shows the two masks, then trains the overfitting page's network with
# each kind of dropout after each convolution, and with plain dropout in a
# third place, on the flattened features before the dense layer. Every
# variant trains from the same {n_seeds} seeds; each kind's rate is chosen
# on validation and confirmed on the test set.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
RATES = mode.choose(full=[0.1, 0.25, 0.5], fast=[0.25])
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)

# %% [markdown]
# ## Two masks
#
# A stack of feature maps (here, random ones: eight channels of 28 × 28),
# through each layer in training mode at rate 0.25. Plain dropout scatters
# zeros over every map; spatial dropout blanks whole maps and leaves the
# others intact.

# %% figure="masks"
maps = (
    np.random.default_rng(0)
    .uniform(0.5, 1, (1, 28, 28, 8))
    .astype("float32")
)
masked = {
    "Dropout(0.25)": layers.Dropout(0.25, seed=1)(maps, training=True),
    "SpatialDropout2D(0.25)": layers.SpatialDropout2D(0.25, seed=1)(
        maps, training=True
    ),
}
fig, axes = plt.subplots(2, 8, figsize=(10, 3))
for row, (name, out) in zip(axes, masked.items(), strict=True):
    for channel, ax in enumerate(row):
        ax.imshow(
            np.asarray(out)[0, :, :, channel] > 0,
            cmap="gray",
            vmin=0,
            vmax=1,
        )
        ax.axis("off")
    row[0].set_title(name, loc="left", fontsize=10)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## The variants
#
# `where` puts the dropout after each convolution (plain or spatial) or
# once, on the flattened features before the dense layer.


# %%
def build_model(seed, where=None, rate=0.0):
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
        if where == "after each conv":
            stack.append(layers.Dropout(rate, seed=seed + 10 + n))
        elif where == "spatial, after each conv":
            stack.append(
                layers.SpatialDropout2D(rate, seed=seed + 10 + n)
            )
    stack.append(layers.Flatten())
    if where == "before the dense layer":
        stack.append(layers.Dropout(rate, seed=seed + 20))
    stack.append(
        layers.Dense(10, activation="softmax", kernel_initializer=init)
    )
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        **experiment.compile_options(),
    )
    return model


PLACES = [
    "after each conv",
    "spatial, after each conv",
    "before the dense layer",
]
variants = {"baseline": build_model}
for where in PLACES:
    for rate in RATES:
        variants[f"{where} ({rate:g})"] = (
            lambda seed, w=where, r=rate: build_model(seed, w, r)
        )
runs = experiment.run_all(variants, split, EPOCHS)

# %% tags=["remove-cell"]
KEYS = {"plain": PLACES[0], "spatial": PLACES[1], "dense": PLACES[2]}
chosen = {
    key: experiment.best(runs, [f"{where} ({r:g})" for r in RATES])
    for key, where in KEYS.items()
}


def versus(a, b):
    return stats.compare(
        experiment.scores(runs, a), experiment.scores(runs, b)
    )


glue("n_seeds", len(experiment.SEEDS))
glue("chosen", chosen)
glue(
    "test",
    {key: versus(name, "baseline") for key, name in chosen.items()},
)
glue("spatial_vs_plain", versus(chosen["spatial"], chosen["plain"]))
glue("dense_vs_plain", versus(chosen["dense"], chosen["plain"]))
glue("baseline_test", np.mean(experiment.scores(runs, "baseline")))
spatial_rate = RATES[
    [f"{PLACES[1]} ({r:g})" for r in RATES].index(chosen["spatial"])
]
glue("spatial_rate", spatial_rate)
glue("maps_dropped", spatial_rate * 8)

# %% [markdown]
# ## The comparison, on the test set
#
# Each kind at the rate chosen on validation, against no dropout.

# %% figure="comparison"
fig, ax = plt.subplots(figsize=(7, 2.6))
style.forest(
    ax,
    {name: versus(name, "baseline") for name in chosen.values()},
    dict(
        zip(
            chosen.values(),
            [
                style.color("dropout"),
                style.color("l1"),
                style.color("l2"),
            ],
            strict=True,
        )
    ),  # fmt: skip
)
ax.set_xlabel("test accuracy − no dropout (points)")
fig.tight_layout()
plt.show()

# %% tags=["remove-input"] snippet="rates"
report.table(
    ["variant", "validation accuracy", "test accuracy"],
    [
        [
            name,
            f"{np.mean(experiment.scores(runs, name, 'validation_accuracy')):.2%}",
            f"{np.mean(experiment.scores(runs, name)):.2%}",
        ]
        for name in variants
    ],
)

# %% [markdown]
# Without dropout the network scores {baseline_test:.2%} on the test set.
# Against it:
#
# - {chosen.plain}: {test.plain.verdict}, {test.plain.text};
# - {chosen.spatial}: {test.spatial.verdict}, {test.spatial.text};
# - {chosen.dense}: {test.dense.verdict}, {test.dense.text}.
#
# Spatial against plain dropout after each convolution:
# {spatial_vs_plain.verdict} ({spatial_vs_plain.text}); dropout before the
# dense layer against plain dropout after each convolution:
# {dense_vs_plain.verdict} ({dense_vs_plain.text}). This network has only 16
# and 8 channels: at the chosen spatial rate, {spatial_rate:g}, dropout
# blanks {maps_dropped:.1f} of the second layer's 8 maps at every step on
# average, a heavier hand than on a wide network.
