"""
Title: Overconfident before wrong: calibration
Author: The regularization tutorial team
Date created: 2026-11-26
Last modified: 2026-11-26
Description: Which regularizers fix a network's confidence, which fix its errors: reliability and ECE.
"""

# %% [markdown]
# The [overfitting page](../overfitting/) follows the network's validation
# cross-entropy and accuracy while it trains: the cross-entropy also counts
# how confident the network is, right or wrong. A network is *calibrated* when,
# of all the digits it reads with 90% confidence, 90% are right. This page
# measures calibration on the test set for the overfitting set-up and for
# the regularizers, each at the strength chosen on validation accuracy as
# on the overfitting page, and for early stopping watching the validation
# loss against watching the validation accuracy. Every variant trains from
# the same {n_seeds} seeds.
#
# The measure is the expected calibration error (ECE): sort the test digits
# into {bins} bins by the model's confidence (its highest probability); in
# each bin, take the gap between the mean confidence and the accuracy;
# average the gaps, weighted by the bins' sizes. Zero is perfect.

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
BINS = 15
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)
x_test, y_test = split.test


def calibration(model):
    """ECE and the reliability diagram's bins, on the test set."""
    probabilities = keras.ops.convert_to_numpy(
        model(x_test, training=False)
    )
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == y_test
    bins = np.minimum((confidence * BINS).astype(int), BINS - 1)
    count = np.bincount(bins, minlength=BINS)
    mean_confidence = np.bincount(bins, confidence, BINS) / np.maximum(
        count, 1
    )
    accuracy = np.bincount(bins, correct, BINS) / np.maximum(count, 1)
    ece = np.sum(count * np.abs(mean_confidence - accuracy)) / len(
        y_test
    )
    return {
        "ece": float(ece),
        "mean_confidence": float(confidence.mean()),
        "bin_count": count.tolist(),
        "bin_confidence": mean_confidence.tolist(),
        "bin_accuracy": accuracy.tolist(),
    }


# %% [markdown]
# ## The variants
#
# The half-width network of the overfitting page. Label smoothing one-hots
# the labels, as Keras's sparse cross-entropy has no such option; weight
# decay is AdamW's.


# %%
def smoothed_crossentropy(smoothing):
    def loss(y_true, y_pred):
        labels = keras.ops.cast(
            keras.ops.reshape(y_true, (-1,)), "int32"
        )
        return keras.losses.categorical_crossentropy(
            keras.ops.one_hot(labels, 10),
            y_pred,
            label_smoothing=smoothing,
        )

    return loss


def build_model(seed, dropout=0.0, smoothing=0.0, decay=None):
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
        if dropout:
            stack.append(layers.Dropout(dropout, seed=seed + 10 + n))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    if decay:
        optimizer = keras.optimizers.AdamW(1e-3, weight_decay=decay)
        optimizer.exclude_from_weight_decay(var_names=["bias"])
    else:
        optimizer = keras.optimizers.Adam(1e-3)
    loss = (
        smoothed_crossentropy(smoothing)
        if smoothing
        else "sparse_categorical_crossentropy"
    )
    model.compile(
        optimizer=optimizer, loss=loss, **experiment.compile_options()
    )
    return model


def early_stopping(monitor):
    return lambda: [
        keras.callbacks.EarlyStopping(
            monitor=monitor, patience=5, restore_best_weights=True
        )
    ]


GRIDS = {
    "label_smoothing": mode.choose(full=[0.05, 0.1, 0.2], fast=[0.1]),
    "dropout": mode.choose(full=[0.1, 0.3, 0.5], fast=[0.3]),
    "weight_decay": mode.choose(full=[0.04, 0.4, 4.0], fast=[0.4]),
}
NAMES = {
    "label_smoothing": "label smoothing({:g})",
    "dropout": "Dropout({:g})",
    "weight_decay": "AdamW({:g})",
}
OPTION = {
    "label_smoothing": "smoothing",
    "dropout": "dropout",
    "weight_decay": "decay",
}
variants = {"baseline": build_model}
for method, grid in GRIDS.items():
    for value in grid:
        variants[NAMES[method].format(value)] = lambda seed, k=OPTION[
            method
        ], v=value: build_model(seed, **{k: v})
variants["early stopping on loss"] = (
    build_model,
    early_stopping("val_loss"),
)
variants["early stopping on accuracy"] = (
    build_model,
    early_stopping("val_accuracy"),
)
runs = experiment.run_all(variants, split, EPOCHS, measure=calibration)

# %% tags=["remove-cell"]
chosen = {
    method: experiment.best(
        runs, [NAMES[method].format(v) for v in grid]
    )
    for method, grid in GRIDS.items()
}
chosen |= {
    "stop_on_loss": "early stopping on loss",
    "stop_on_accuracy": "early stopping on accuracy",
}


def versus(name, key, **options):
    return stats.compare(
        experiment.scores(runs, name, key),
        experiment.scores(runs, "baseline", key),
        **options,
    )


glue("n_seeds", len(experiment.SEEDS))
glue("bins", BINS)
glue("chosen", chosen)
glue(
    "ece",
    {
        k: np.mean(experiment.scores(runs, n, "ece"))
        for k, n in (chosen | {"baseline": "baseline"}).items()
    },
)
glue(
    "ece_change",
    {
        k: versus(n, "ece", higher_is_better=False, points=True)
        for k, n in chosen.items()
    },
)
glue(
    "accuracy_change",
    {k: versus(n, "test_accuracy") for k, n in chosen.items()},
)
glue(
    "confidence",
    np.mean(experiment.scores(runs, "baseline", "mean_confidence")),
)
glue("baseline_accuracy", np.mean(experiment.scores(runs, "baseline")))
glue(
    "stopped",
    {
        k: np.mean(experiment.scores(runs, chosen[k], "epochs_run"))
        for k in ("stop_on_loss", "stop_on_accuracy")
    },
)
glue(
    "loss_vs_accuracy_stop",
    stats.compare(
        experiment.scores(runs, "early stopping on loss", "ece"),
        experiment.scores(runs, "early stopping on accuracy", "ece"),
        higher_is_better=False,
    ),
)

# %% [markdown]
# ## Reliability diagrams
#
# For each variant, the test digits of all seeds sorted into confidence
# bins: each bar is a bin's accuracy, drawn at its mean confidence; a
# calibrated model's bars reach the diagonal. Bars below it are
# overconfidence, bars above it underconfidence: a calibrated model's mean
# confidence equals its accuracy, and the table gives both.

# %% figure="reliability"
shown = ["baseline", *chosen.values()]
fig, axes = plt.subplots(
    2, 3, figsize=(10, 6.4), sharex=True, sharey=True
)
for ax, name in zip(axes.flat, shown, strict=True):
    count = np.sum(experiment.scores(runs, name, "bin_count"), axis=0)
    weights = np.array(experiment.scores(runs, name, "bin_count"))
    totals = np.maximum(weights.sum(axis=0), 1)
    accuracy = (
        weights * experiment.scores(runs, name, "bin_accuracy")
    ).sum(0)
    confidence = (
        weights * experiment.scores(runs, name, "bin_confidence")
    ).sum(0)
    keep = count > 0
    ax.bar(
        (confidence / totals)[keep],
        (accuracy / totals)[keep],
        width=1 / BINS,
        color=style.color("baseline"),
        alpha=0.7,
    )
    ax.plot(
        [0, 1], [0, 1], color=style.INK, linestyle="--", linewidth=1
    )
    ax.set_title(name, fontsize=10)
for ax in axes[-1]:
    ax.set_xlabel("confidence")
for ax in axes[:, 0]:
    ax.set_ylabel("accuracy")
fig.tight_layout()
plt.show()

# %% tags=["remove-input"] snippet="calibration"
report.table(
    ["variant", "ECE", "mean confidence", "test accuracy"],
    [
        [
            name,
            f"{np.mean(experiment.scores(runs, name, 'ece')):.2%}",
            f"{np.mean(experiment.scores(runs, name, 'mean_confidence')):.2%}",
            f"{np.mean(experiment.scores(runs, name)):.2%}",
        ]
        for name in shown
    ],
)

# %% [markdown]
# The baseline's test ECE is {ece.baseline:.2%}: its mean confidence,
# {confidence:.2%}, stands above its accuracy, {baseline_accuracy:.2%}.
# Against it (ECE in points, lower is better; then test accuracy):
#
# - {chosen.label_smoothing}: ECE {ece_change.label_smoothing.verdict},
#   {ece_change.label_smoothing.text}; accuracy
#   {accuracy_change.label_smoothing.verdict},
#   {accuracy_change.label_smoothing.text};
# - {chosen.dropout}: ECE {ece_change.dropout.verdict},
#   {ece_change.dropout.text}; accuracy {accuracy_change.dropout.verdict},
#   {accuracy_change.dropout.text};
# - {chosen.weight_decay}: ECE {ece_change.weight_decay.verdict},
#   {ece_change.weight_decay.text}; accuracy
#   {accuracy_change.weight_decay.verdict},
#   {accuracy_change.weight_decay.text};
# - early stopping on the validation loss (stopping after
#   {stopped.stop_on_loss:.1f} epochs on average): ECE
#   {ece_change.stop_on_loss.verdict}, {ece_change.stop_on_loss.text};
#   accuracy {accuracy_change.stop_on_loss.verdict},
#   {accuracy_change.stop_on_loss.text};
# - early stopping on the validation accuracy (after
#   {stopped.stop_on_accuracy:.1f} epochs): ECE
#   {ece_change.stop_on_accuracy.verdict},
#   {ece_change.stop_on_accuracy.text}; accuracy
#   {accuracy_change.stop_on_accuracy.verdict},
#   {accuracy_change.stop_on_accuracy.text}.
#
# The validation loss counts confident mistakes and the validation accuracy
# does not, so the two stop at different epochs: here after
# {stopped.stop_on_loss:.1f} and {stopped.stop_on_accuracy:.1f} epochs on
# average. Stopping on the loss against stopping on the accuracy, ECE:
# {loss_vs_accuracy_stop.verdict} ({loss_vs_accuracy_stop.text}).
