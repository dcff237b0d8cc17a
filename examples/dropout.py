"""
Title: Dropout after each convolution
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: The baseline net with Dropout(0.2) after each conv layer: what it adds, costs and changes.
"""

# %% [markdown]
# Dropout sets a random fraction of a layer's outputs to zero at each training
# step, so no unit can rely on any single other unit. The blog post
# "Regularization in TensorFlow" (2 August 2020) adds `Dropout(0.2)` after
# each convolution of its baseline network. This page
# does the same, checks what the layer really does in Keras 3, shows what
# it takes to give both networks the same initial weights, and trains both
# once.

# %% [markdown]
# ## Setup

# %%
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import data, mode, report, style
from tutorial.glue import glue
from tutorial.seeds import Streams

SEED = 42
keras.utils.set_random_seed(SEED)
style.use()

# %% [markdown]
# ## Keras's `Dropout` has no default rate
#
# The post says of the rate: "By default it's set to 0.5". That number is
# the suggestion of the original dropout paper (Srivastava et al., 2014) for
# hidden units, not a Keras default: the rate is a required argument.

# %%
rate_parameter = inspect.signature(layers.Dropout).parameters["rate"]
print(
    "rate has a default:",
    rate_parameter.default is not inspect.Parameter.empty,
)
try:
    layers.Dropout()
except TypeError as error:
    print("layers.Dropout() ->", type(error).__name__ + ":", error)

# %% [markdown]
# ## What the layer does
#
# In training, Keras keeps each value with probability `1 - rate` and scales
# the kept ones by `1 / (1 - rate)`, so the expected sum is unchanged
# ("inverted" dropout). At inference (`training=False`, the default outside
# `fit`) it passes its input through untouched.

# %%
dropout = layers.Dropout(0.2, seed=SEED)
ones = np.ones((1, 10_000), dtype="float32")
for training in (True, False):
    out = np.asarray(dropout(ones, training=training))
    print(
        f"training={training}: share of zeros {np.mean(out == 0):.3f}, "
        f"values kept {np.unique(out[out > 0])}, mean {out.mean():.3f}"
    )

# %% [markdown]
# ## Prepare the data
#
# The same data as the baseline; the fast mode keeps a small subset.

# %%
TRAIN_SIZE = mode.choose(full=None, fast=1_000)
TEST_SIZE = mode.choose(full=None, fast=500)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    TRAIN_SIZE, TEST_SIZE
)

# %% [markdown]
# ## Build the model
#
# `rate=0` builds the baseline, so both networks come from one function.
# To compare them, both should start from the same initial weights. The
# obvious way, seeding before each build, does not give that: an unseeded
# initializer or `Dropout` layer draws a seed from Python's `random` module
# when it is created, so the dropout layer after the first convolution
# shifts the initial weights of every layer created after it. With `seed`,
# the function splits the seed into independent streams (`Streams`, a
# `numpy.random.SeedSequence` per purpose): one seed generator for the
# initializers, and one seed for each dropout layer. Giving them all the
# same number would not do: Keras's `SeedGenerator(s)` replays the same
# stream for the same `s`, so two layers given one seed drop the same
# values.


# %%
def build_model(rate, seed=None):
    streams = None if seed is None else Streams(seed)
    if streams is None:
        init = "glorot_uniform"  # Keras's default, unseeded
    else:
        init = keras.initializers.GlorotUniform(
            seed=keras.random.SeedGenerator(streams.initializers)
        )
    stack = [keras.Input(shape=(28, 28, 1))]
    for n, filters in enumerate((32, 16)):
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
            layer_seed = None if streams is None else streams.dropout(n)
            stack.append(layers.Dropout(rate, seed=layer_seed))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def kernels(model):
    return [w.numpy() for w in model.weights if w.name == "kernel"]


for label, seed in (
    ("set_random_seed before each build", None),
    ("seed streams", SEED),
):
    keras.utils.set_random_seed(SEED)
    plain = kernels(build_model(0.0, seed))
    keras.utils.set_random_seed(SEED)
    dropped = kernels(build_model(0.2, seed))
    same = [
        np.array_equal(a, b)
        for a, b in zip(plain, dropped, strict=True)
    ]
    print(f"{label}: same kernels (conv 1, conv 2, dense): {same}")

# %% [markdown]
# From here on both networks are built with `seed`. Clearing the session
# first restarts Keras's layer names, which count the models built so far:

# %%
keras.backend.clear_session()
model = build_model(rate=0.2, seed=SEED)

# %% snippet="model_summary"
model.summary()

# %% tags=["remove-cell"]
dropout_layers = [
    layer for layer in model.layers if isinstance(layer, layers.Dropout)
]
glue("dropout_layers", len(dropout_layers))
glue(
    "dropout_parameters",
    sum(layer.count_params() for layer in dropout_layers),
)
glue("total_weights", model.count_params())

# %% [markdown]
# The {dropout_layers} dropout layers hold {dropout_parameters} parameters:
# the model still has {total_weights:,} weights, as the baseline does.
# Dropout is not a penalty on the weights, so it adds nothing to the loss:
# `model.losses` stays empty, as the post shows.

# %%
model.losses

# %% [markdown]
# ## Train
#
# One epoch, batches of 32, as in the post; `verbose=2` prints one line per
# epoch. The baseline trains the same way, from the same initial weights
# and, with the data order seeded alike, on the same batches.

# %%
keras.utils.set_random_seed(SEED)
history = model.fit(
    x_train, y_train, batch_size=32, epochs=1, verbose=2
)

# %%
baseline = build_model(rate=0.0, seed=SEED)
keras.utils.set_random_seed(SEED)
baseline_history = baseline.fit(
    x_train, y_train, batch_size=32, epochs=1, verbose=2
)

# %% [markdown]
# ## What dropout does to a feature map
#
# One test digit, one feature map of the trained model's first convolution,
# and the same map after the model's first dropout layer, applied as in
# training: a share {rate:.0%} of the values set to zero, the others scaled
# up by {scale:g}. Both maps share one colour scale, so the kept values
# show brighter after dropout.

# %% figure="feature-map-dropout"
digit = x_test[:1]
feature_maps = model.layers[0](digit)
channel = int(np.argmax(np.asarray(feature_maps).sum(axis=(0, 1, 2))))
dropped = model.layers[1](feature_maps, training=True)
maps = {
    f"feature map {channel}": np.asarray(feature_maps)[
        0, :, :, channel
    ],
    "after Dropout(0.2)": np.asarray(dropped)[0, :, :, channel],
}
top = max(image.max() for image in maps.values())  # one scale for both
fig, axes = plt.subplots(1, 3, figsize=(style.WIDTH, 2.6))
fig.suptitle(
    "One feature map of the first convolution, before and after"
)
axes[0].imshow(digit[0, :, :, 0], cmap="gray_r")
axes[0].set_title("test digit")
for ax, (title, image) in zip(axes[1:], maps.items(), strict=True):
    shown = ax.imshow(image, cmap="viridis", vmin=0, vmax=top)
    ax.set_title(title)
for ax in axes:
    ax.axis("off")
fig.colorbar(shown, ax=axes[1:], label="activation", shrink=0.9)
plt.show()

# %% tags=["remove-cell"]
glue("rate", model.layers[1].rate)
glue("scale", 1 / (1 - model.layers[1].rate))

# %% [markdown]
# ## Evaluate
#
# The log measures the dropout model with dropout active, which understates
# how well it fits. Evaluating the final weights of both models, with
# dropout off:

# %%
scores = {
    name: [
        m.evaluate(x, y, verbose=0)
        for x, y in ((x_train, y_train), (x_test, y_test))
    ]
    for name, m in (("baseline", baseline), ("Dropout(0.2)", model))
}

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    [
        "model",
        "train loss",
        "train accuracy",
        "test loss",
        "test accuracy",
    ],
    [
        [name, *(f"{value:.4f}" for pair in pairs for value in pair)]
        for name, pairs in scores.items()
    ],
)

# %% tags=["remove-cell"]
glue(
    "test_change",  # percentage points
    100 * (scores["Dropout(0.2)"][1][1] - scores["baseline"][1][1]),
)

# %% [markdown]
# In this run, Dropout(0.2) moved the test accuracy by
# {test_change:+.2f} percentage points.
# That is one run from one seed: another seed moves both networks, and
# their difference, by amounts one run cannot show, so it says nothing yet
# about whether dropout helps. The
# [overfitting page](../overfitting/) answers that over many seeds, on a
# set-up where there is overfitting to cure.
