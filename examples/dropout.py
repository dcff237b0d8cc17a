"""
Title: Dropout after each convolution
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: The baseline net with Dropout(0.2) after each conv layer: what it adds, costs and changes.
"""

# %% [markdown]
# Dropout sets a random fraction of a layer's outputs to zero at each training
# step, so no unit can rely on any single other unit. The blog post adds
# `Dropout(0.2)` after each convolution of its baseline network. This page does
# the same, checks what the layer really does in Keras 3, and trains both
# networks from the same initial weights to compare them.

# %% [markdown]
# ## Setup

# %%
import inspect

import keras
import numpy as np
from keras import layers

from tutorial import data, evaluation, mode, report

SEED = 42
keras.utils.set_random_seed(SEED)

# %% [markdown]
# ## Keras's `Dropout` has no default rate
#
# The post calls 0.5 the usual value. That number is the suggestion of the
# original dropout paper (Srivastava et al., 2014) for hidden units, not a
# Keras default: the rate is a required argument.

# %%
rate_parameter = inspect.signature(layers.Dropout).parameters["rate"]
print(
    "default rate:",
    "none (required)"
    if rate_parameter.default is inspect.Parameter.empty
    else rate_parameter.default,
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

# %% snippet="dropout_behaviour"
dropout = layers.Dropout(0.2, seed=SEED)
ones = np.ones((1, 10_000), dtype="float32")


def describe(call, values):
    kept = np.unique(values[values > 0])
    return [
        call,
        f"{np.mean(values == 0):.3f}",
        ", ".join(f"{value:g}" for value in kept),
        f"{values.mean():.3f}",
    ]


report.table(
    ["call", "share of zeros", "values kept", "mean"],
    [
        describe(
            "training=True", np.asarray(dropout(ones, training=True))
        ),
        describe(
            "training=False", np.asarray(dropout(ones, training=False))
        ),
    ],
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
# Seeding before each build gives both the same initial weights: the only
# difference between them is the dropout.


# %%
def build_model(rate):
    keras.utils.set_random_seed(SEED)
    stack = [keras.Input(shape=(28, 28, 1))]
    for filters in (32, 16):
        stack.append(
            layers.Conv2D(filters, 3, padding="same", activation="relu")
        )
        if rate:
            stack.append(layers.Dropout(rate))
    stack += [layers.Flatten(), layers.Dense(10, activation="softmax")]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


model = build_model(rate=0.2)

# %% snippet="model_summary"
model.summary()

# %% snippet="dropout_parameters"
dropout_layers = [
    layer for layer in model.layers if isinstance(layer, layers.Dropout)
]
dropout_parameters = sum(
    layer.count_params() for layer in dropout_layers
)
report.say(
    f"The {len(dropout_layers)} dropout layers hold "
    f"{dropout_parameters} parameters: the model still has "
    f"{model.count_params():,} weights, as the baseline does."
)

# %% [markdown]
# Dropout is not a penalty on the weights, so it adds nothing to the loss:
# `model.losses` stays empty, as the post shows.

# %%
model.losses

# %% [markdown]
# ## Train
#
# One epoch, batches of 32, as in the post; `verbose=2` prints one line per
# epoch.

# %%
model.fit(x_train, y_train, batch_size=32, epochs=1, verbose=2)

# %% [markdown]
# The same training for the baseline, from the same initial weights:

# %%
baseline = build_model(rate=0.0)
baseline.fit(x_train, y_train, batch_size=32, epochs=1, verbose=2)

# %% [markdown]
# ## Evaluate
#
# The log measures the dropout model with dropout active, which understates
# how well it fits. `evaluation.evaluate` scores the final weights of both
# models on the training and the test set, with dropout off.

# %% snippet="final_metrics"
results = evaluation.evaluate(
    {"baseline": baseline, "Dropout(0.2)": model},
    (x_train, y_train),
    (x_test, y_test),
)
evaluation.table(results)

# %% snippet="verdict"
change = (
    results["Dropout(0.2)"]["test accuracy"]
    - results["baseline"]["test accuracy"]
)
gap = (
    results["baseline"]["test loss"] - results["baseline"]["train loss"]
)
report.say(
    "After one epoch, Dropout(0.2) changes the test accuracy by "
    f"{change:+.4f}. The baseline's test loss is {gap:+.4f} away from "
    "its training loss: "
    + (
        "it does not yet do worse on new data than on its training "
        "data, so dropout has no overfitting to cure in this set-up."
        if gap < 0.05
        else "it already does worse on new data, which dropout "
        "counters."
    )
)
