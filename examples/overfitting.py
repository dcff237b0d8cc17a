"""
Title: Overfitting, then curing it
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-26
Description: A set-up where the post's net overfits; each cure tuned on validation, confirmed on test.
"""

# %% [markdown]
# The blog post trains for one epoch on 60,000 images, where there is little
# to overfit, so its regularizers have nothing to cure. Here the same network
# gets {train_size:,} training images and {epochs} epochs. It learns them by
# heart, and then each cure gets its turn: the post's dropout and weight
# penalties, and three it does not use (data augmentation, label smoothing,
# early stopping).
#
# Every comparison on this page follows one protocol:
#
# - each setting is trained from the same {n_seeds} seeds; a seed fixes the
#   initial weights and the order of the training data for every variant
#   alike, so the runs pair up seed by seed;
# - a run's score is the accuracy of its final weights (early stopping, the
#   exception, restores its best epoch);
# - each cure's strength is chosen on the validation split, and the chosen
#   setting is then compared with the baseline once, on the test set;
# - a difference is reported with its 95% confidence interval over the
#   paired seeds; an interval that contains zero is no detectable
#   difference.

# %% [markdown]
# ## Setup
#
# Training images are the first of MNIST's training set; the validation
# split is its last {validation_size:,} images, never trained on; the test set
# stays untouched until a setting is chosen. To fit a few hundred runs into
# the build, the network keeps the post's shape with half its filters (16
# and 8).

# %%
from functools import partial

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)
print(
    "train",
    split.train[0].shape,
    "validation",
    split.validation[0].shape,
)
print("test", split.test[0].shape, "seeds", experiment.SEEDS)

# %% tags=["remove-cell"]
glue("train_size", TRAIN_SIZE)
glue("validation_size", len(split.validation[0]))
glue("epochs", EPOCHS)
glue("n_seeds", len(experiment.SEEDS))
glue("monitor_size", len(split.monitor[0]))

# %% [markdown]
# ## The model, with every cure as an option
#
# One function builds every variant. Its initializers draw from a seed
# generator of their own, and each layer that draws random numbers while
# training (dropout, the augmentation layers) has its own seed: so a seed
# gives every variant the same initial weights, whatever layers it adds.
# Without that, `keras.utils.set_random_seed` alone would not do: each
# unseeded initializer and each dropout or augmentation layer draws from the
# global seed generator when it is built, and one extra layer would shift the
# initial weights of every layer after it.
#
# The penalties go on every kernel, the dense layer's included: it holds
# {dense_share:.1%} of the network's weights.


# %%
def smoothed_crossentropy(smoothing):
    """Keras's sparse cross-entropy has no label smoothing: one-hot."""

    def loss(y_true, y_pred):
        labels = keras.ops.cast(
            keras.ops.reshape(y_true, (-1,)), "int32"
        )
        one_hot = keras.ops.one_hot(labels, 10)
        return keras.losses.categorical_crossentropy(
            one_hot, y_pred, label_smoothing=smoothing
        )

    return loss


def build_model(
    seed, dropout=0.0, penalty=None, augment=0.0, smoothing=0.0
):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    stack = [keras.Input(shape=(28, 28, 1))]
    if augment:  # active in training only: moved, turned, scaled digits
        stack += [
            layers.RandomRotation(0.05 * augment, seed=seed),
            layers.RandomTranslation(
                0.1 * augment, 0.1 * augment, seed=seed + 1
            ),
            layers.RandomZoom(0.1 * augment, seed=seed + 2),
        ]
    for n, filters in enumerate((16, 8)):
        stack.append(
            layers.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=init,
                kernel_regularizer=penalty,
            )
        )
        if dropout:
            stack.append(layers.Dropout(dropout, seed=seed + 10 + n))
    stack += [
        layers.Flatten(),
        layers.Dense(
            10,
            activation="softmax",
            kernel_initializer=init,
            kernel_regularizer=penalty,
        ),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=(
            smoothed_crossentropy(smoothing)
            if smoothing
            else "sparse_categorical_crossentropy"
        ),
        **experiment.compile_options(),  # accuracy, cross-entropy
    )
    return model


# %% tags=["remove-cell"]
plain = build_model(seed=0)
glue(
    "dense_share",
    plain.layers[-1].count_params() / plain.count_params(),
)
glue("total_weights", plain.count_params())

# %% [markdown]
# ## The baseline overfits
#
# The baseline trains from each seed while the first {monitor_size:,}
# validation images are scored after every epoch, to draw its learning
# curves.

# %%
baseline = experiment.run_all(
    {"baseline": build_model}, split, EPOCHS, monitor=True
)


# %% figure="learning-curves"
def mean_curve(key):
    return np.mean(
        [r["history"][key] for r in baseline["baseline"]], axis=0
    )


epochs = np.arange(1, EPOCHS + 1)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
for ax, metric, label in (
    (left, "xent", "cross-entropy (nats)"),
    (right, "accuracy", "accuracy"),
):
    for key, line, name in (
        (metric, ":", "training"),
        (f"val_{metric}", "-", "validation"),
    ):
        ax.plot(
            epochs,
            mean_curve(key),
            line,
            color=style.color("baseline"),
            label=name,
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel(label)
left.legend()
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
EARLY = max(1, EPOCHS // 4)


def at_epoch(key, epoch):
    return [r["history"][key][epoch - 1] for r in baseline["baseline"]]


glue("early_epoch", EARLY)
glue(
    "train_accuracy",
    np.mean(experiment.scores(baseline, "baseline", "train_accuracy")),
)
glue("xent_early", np.mean(at_epoch("val_xent", EARLY)))
glue("xent_final", np.mean(at_epoch("val_xent", EPOCHS)))
glue("accuracy_early", np.mean(at_epoch("val_accuracy", EARLY)))
glue("accuracy_final", np.mean(at_epoch("val_accuracy", EPOCHS)))
xent_change = stats.compare(
    at_epoch("val_xent", EPOCHS),
    at_epoch("val_xent", EARLY),
    higher_is_better=False,
    points=False,
)
accuracy_change = stats.compare(
    at_epoch("val_accuracy", EPOCHS), at_epoch("val_accuracy", EARLY)
)
glue("xent_change", xent_change)
glue("accuracy_change", accuracy_change)
MOVES = {stats.BETTER: "falls", stats.WORSE: "rises"}
glue(
    "xent_moves",
    MOVES.get(xent_change["verdict"], "shows no detectable change"),
)
glue(
    "accuracy_moves",
    {stats.BETTER: "rises", stats.WORSE: "falls"}.get(
        accuracy_change["verdict"], "shows no detectable change"
    ),
)
confident_not_wrong = (
    xent_change["verdict"] == stats.WORSE
    and accuracy_change["verdict"] != stats.WORSE
)
glue(
    "reading",
    "it grows more confident, not more often wrong"
    if confident_not_wrong
    else "the cross-entropy and the accuracy tell the same story",
)

# %% [markdown]
# Averaged over the seeds, the final weights get {train_accuracy:.2%} of the
# training images right. On the watched validation images, between epoch
# {early_epoch} and epoch {epochs} the cross-entropy {xent_moves}, from
# {xent_early:.3f} to {xent_final:.3f} nats (a change of
# {xent_change.difference:+.3f}, 95% interval {xent_change.low:+.3f} to
# {xent_change.high:+.3f}), and the accuracy {accuracy_moves}, from
# {accuracy_early:.2%} to {accuracy_final:.2%} (a change of
# {accuracy_change.text}).
#
# In short: {reading}. The cross-entropy punishes confident mistakes and
# rewards confident hits, so it can grow while the share of digits read
# wrong does not. The cures below are judged by accuracy, the quantity a
# reader of MNIST digits cares about; the
# [calibration page](../calibration/) follows the confidence.

# %% [markdown]
# ## The cures, each at several strengths
#
# Each cure is tried at several strengths. Early stopping watches the
# validation accuracy after every epoch, stops after `patience` epochs
# without improvement and restores the best weights. Augmentation moves,
# turns and zooms each training image a little, differently at every
# epoch, by up to 0.1, 0.05 and 0.1 of the image times its strength. Label
# smoothing of {smoothing_example:g} trains towards {smooth_high:.3g} on the
# right digit and {smooth_low:.3g} on each of the others.

# %%
DROPOUT_GRID = mode.choose(full=[0.1, 0.3, 0.5, 0.7], fast=[0.1, 0.5])
L2_GRID = mode.choose(
    full=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1], fast=[1e-4, 1e-2]
)
L1_GRID = mode.choose(full=[1e-5, 1e-4, 1e-3], fast=[1e-5, 1e-3])
AUGMENT_GRID = mode.choose(full=[0.5, 1.0, 2.0], fast=[0.5, 2.0])
SMOOTHING_GRID = mode.choose(full=[0.05, 0.1, 0.2], fast=[0.05, 0.2])
PATIENCE_GRID = mode.choose(full=[2, 5, 10], fast=[1, 2])


def early_stopping(patience):
    return lambda: [
        keras.callbacks.EarlyStopping(
            monitor="val_accuracy",
            patience=patience,
            restore_best_weights=True,
        )
    ]


methods = {
    "dropout": {
        f"Dropout({r:g})": partial(build_model, dropout=r)
        for r in DROPOUT_GRID
    },
    "l2": {
        f"L2({f:g})": partial(build_model, penalty=regularizers.l2(f))
        for f in L2_GRID
    },
    "l1": {
        f"L1({f:g})": partial(build_model, penalty=regularizers.l1(f))
        for f in L1_GRID
    },
    "augmentation": {
        f"augmentation({s:g})": partial(build_model, augment=s)
        for s in AUGMENT_GRID
    },
    "label_smoothing": {
        f"label smoothing({s:g})": partial(build_model, smoothing=s)
        for s in SMOOTHING_GRID
    },
    "early_stopping": {
        f"early stopping({p})": (build_model, early_stopping(p))
        for p in PATIENCE_GRID
    },
}

# %% tags=["remove-cell"]
SMOOTHING_EXAMPLE = 0.1
glue("smoothing_example", SMOOTHING_EXAMPLE)
glue("smooth_high", 1 - SMOOTHING_EXAMPLE + SMOOTHING_EXAMPLE / 10)
glue("smooth_low", SMOOTHING_EXAMPLE / 10)

# %% [markdown]
# Every setting from every seed, against the same baseline runs. One line
# per setting: its mean validation accuracy and the range over the seeds.

# %%
runs = dict(baseline)
for grid in methods.values():
    runs.update(experiment.run_all(grid, split, EPOCHS))

# %% [markdown]
# ## How much? Choosing each strength on validation
#
# Each point is a setting's validation accuracy minus the baseline's, seed
# by seed, with its 95% interval: a point whose interval crosses the dashed
# line is no detectable difference from no regularization at all. The star
# marks the setting with the best mean, the one carried to the test set.


# %% figure="strength-sweeps"
def against_baseline(name, key):
    return stats.compare(
        experiment.scores(runs, name, key),
        experiment.scores(runs, "baseline", key),
    )


chosen = {
    m: experiment.best(runs, list(grid)) for m, grid in methods.items()
}
fig, axes = plt.subplots(2, 3, figsize=(10, 5.6), sharey=True)
for ax, (method, grid) in zip(axes.flat, methods.items(), strict=True):
    names = list(grid)
    sweep = {
        n: against_baseline(n, "validation_accuracy") for n in names
    }
    colors = dict.fromkeys(names, style.color(method))
    style.forest(ax, sweep, colors)
    star = names.index(chosen[method])
    ax.plot(
        [100 * sweep[chosen[method]]["difference"]],
        [star],
        "*",
        markersize=14,
        color=style.color(method),
    )
    ax.set_xlabel("validation accuracy − baseline (points)")
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
glue("chosen", chosen)
strongest = {m: list(grid)[-1] for m, grid in methods.items()}
glue(
    "validation",
    {
        m: against_baseline(chosen[m], "validation_accuracy")
        for m in methods
    },
)
glue(
    "strongest",
    {
        m: {
            "name": strongest[m],
            **against_baseline(strongest[m], "validation_accuracy"),
        }
        for m in ("l2", "dropout", "l1")
    },
)

# %% [markdown]
# The post's own regularizers first. The best L2 factor on validation is
# {chosen.l2}, against no penalty: {validation.l2.verdict}
# ({validation.l2.text}). For dropout it is {chosen.dropout}:
# {validation.dropout.verdict} ({validation.dropout.text}); for L1,
# {chosen.l1}: {validation.l1.verdict} ({validation.l1.text}). At the
# strong end of each sweep, against the baseline:
#
# - {strongest.l2.name}: {strongest.l2.verdict}, {strongest.l2.text};
# - {strongest.dropout.name}: {strongest.dropout.verdict},
#   {strongest.dropout.text};
# - {strongest.l1.name}: {strongest.l1.verdict}, {strongest.l1.text}.
#
# A best setting chosen on these numbers is flattered by them: among several
# settings, one does best partly by luck. The test set, which played no part
# in the choice, gives the fair comparison.

# %% [markdown]
# ## The comparison, on the test set
#
# Each cure at its chosen strength, against the baseline: the test accuracy
# difference, seed by seed, with its 95% interval.

# %% figure="test-comparison"
confirmed = {
    chosen[m]: against_baseline(chosen[m], "test_accuracy")
    for m in methods
}
fig, ax = plt.subplots(figsize=(7, 3.2))
style.forest(
    ax,
    confirmed,
    {chosen[m]: style.color(m) for m in methods},
)
ax.set_xlabel("test accuracy − baseline (percentage points)")
fig.tight_layout()
plt.show()

# %% tags=["remove-input"] snippet="comparison"
header, rows = stats.table(confirmed, "baseline")
report.table(header, rows)

# %% tags=["remove-cell"]
test = {m: confirmed[chosen[m]] for m in methods}
glue("test", test)
better = [
    chosen[m] for m in methods if test[m]["verdict"] == stats.BETTER
]
worse = [
    chosen[m] for m in methods if test[m]["verdict"] == stats.WORSE
]
glue("n_methods", len(methods))
glue("n_better", len(better))
glue("n_worse", len(worse))
glue("better_list", ", ".join(better) or "none")
glue("baseline_test", np.mean(experiment.scores(runs, "baseline")))
glue(
    "early_stopping_epochs",
    np.mean(
        experiment.scores(runs, chosen["early_stopping"], "epochs_run")
    ),
)

# %% [markdown]
# The baseline scores {baseline_test:.2%} on the test set. Of the
# {n_methods} cures at their chosen strengths, {n_better} are detectably
# better ({better_list}) and {n_worse} detectably worse; for the others the
# interval contains zero: no detectable difference. In detail:
#
# - augmentation, {chosen.augmentation}: {test.augmentation.verdict},
#   {test.augmentation.text};
# - label smoothing, {chosen.label_smoothing}:
#   {test.label_smoothing.verdict}, {test.label_smoothing.text};
# - dropout, {chosen.dropout}: {test.dropout.verdict}, {test.dropout.text};
# - L2, {chosen.l2}: {test.l2.verdict}, {test.l2.text};
# - L1, {chosen.l1}: {test.l1.verdict}, {test.l1.text};
# - early stopping, {chosen.early_stopping}: {test.early_stopping.verdict},
#   {test.early_stopping.text}; it stopped after
#   {early_stopping_epochs:.1f} epochs on average.
#
# Augmentation and label smoothing change what the network learns from
# (more varied images, softer targets); dropout and the penalties constrain
# the network itself, and the penalties mostly act on the dense layer's
# weights, which hold nearly all of them.

# %% [markdown]
# ## What the numbers rest on
#
# One small network, {train_size:,} training images, {epochs} epochs, Adam at
# its default learning rate, {n_seeds} seeds per setting. The intervals are
# Student's t intervals of the mean paired difference (`scipy.stats`), each
# at 95% on its own: where there is no real difference, one interval in
# twenty still misses zero by chance. With {n_methods} comparisons on the
# test set, a single verdict near the edge of its interval deserves less
# weight than a clear one. The
# [summary](../../which_regularizer/) puts this page next to the others.
