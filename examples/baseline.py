"""
Title: The baseline: a small conv net on MNIST
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: The blog post's unregularized MNIST conv net, rebuilt and trained on Keras 3.
"""

# %% [markdown]
# Every regularizer in this tutorial is judged against one model: the small
# convolutional network of the blog post "Regularization in TensorFlow"
# (2 August 2020).
# This page rebuilds it on today's TensorFlow and Keras 3, trains it for one
# epoch as the post does, and looks at what it gets right and wrong.

# %% [markdown]
# ## Setup
#
# `tutorial` is a small helper package next to the examples: it loads MNIST,
# picks the full or the fast settings and gives the figures one style.
# Seeding Python, NumPy and TensorFlow in one call makes the run repeat
# exactly on the same machine.

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

from tutorial import data, mode, report, style
from tutorial.glue import glue

keras.utils.set_random_seed(42)
style.use()
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
# and test split. The post calls `keras.datasets.mnist.load_data()`;
# `tutorial.data` loads the same images and checks them against pinned
# checksums. `load_scaled` scales the pixels to [0, 1], as the post does, and
# adds the channel axis that `Conv2D` expects. The fast mode (used by the
# tests) keeps a small subset.

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

# %% tags=["remove-cell"]
dense_weights = model.layers[-1].count_params()
glue("dense_weights", dense_weights)
glue("total_weights", model.count_params())
glue("conv_weights", model.count_params() - dense_weights)
glue("dense_share", dense_weights / model.count_params())

# %% [markdown]
# Keras 3 prints the summary as a box-drawn table; the post shows the plainer
# text layout of the Keras in TensorFlow 2.2. The dense layer holds
# {dense_weights:,} of the model's {total_weights:,} weights
# ({dense_share:.1%}); the two convolutions hold {conv_weights:,}. Keep that
# in mind for the post's weight penalties, which it puts on the
# convolutions only.

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
# Evaluating the final weights on the training set and on the test set,
# which training never saw, gives numbers that compare with each other.

# %%
train_loss, train_accuracy = model.evaluate(x_train, y_train, verbose=0)
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    ["", "loss", "accuracy"],
    [
        ["training set", f"{train_loss:.4f}", f"{train_accuracy:.4f}"],
        ["test set", f"{test_loss:.4f}", f"{test_accuracy:.4f}"],
    ],
)

# %% [markdown]
# ## What it gets wrong
#
# The first test digits with the model's reading of each, then the first
# ones it reads wrong, each with the model's answer and the true digit.

# %% figure="predictions"
predicted = model.predict(x_test, verbose=0).argmax(axis=1)
wrong = np.flatnonzero(predicted != y_test)
fig, axes = plt.subplots(2, 8, figsize=(style.WIDTH, 2.4))
fig.suptitle(
    "What the model reads: the first test digits (top), and the\n"
    "first it gets wrong, with the true digit (bottom)"
)
for ax, index in zip(axes[0], range(8), strict=True):
    ax.imshow(x_test[index, :, :, 0], cmap="gray_r")
    ax.set_title(f"{predicted[index]}")
for ax, index in zip(axes[1], wrong[:8], strict=False):
    ax.imshow(x_test[index, :, :, 0], cmap="gray_r")
    ax.set_title(
        f"{predicted[index]}, true {y_test[index]}",
        color=style.color("l2"),
    )
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% tags=["remove-cell"]
glue("test_accuracy", test_accuracy)
glue("mistakes", len(wrong))
glue("test_images", len(y_test))
glue("loss_gap", test_loss - train_loss)
glue("accuracy_gap", 100 * (train_accuracy - test_accuracy))

# %% [markdown]
# The model reads {test_accuracy:.2%} of the test digits right: it gets
# {mistakes:,} of the {test_images:,} wrong. Its test loss minus its
# training loss is {loss_gap:+.4f} nats, and its training accuracy minus
# its test accuracy {accuracy_gap:+.2f} percentage points (a difference
# of two accuracies, counted in points of a percentage).
#
# This is one run from one seed: it shows what one training gives, not how
# much a change of settings would move it. After a single epoch each
# training image has been seen once, which leaves a network little chance
# to learn its training images by heart; the
# [overfitting page](../overfitting/) makes it overfit on purpose and
# compares regularizers over many seeds. The next pages add the post's
# regularizers to this network.
