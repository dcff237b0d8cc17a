"""
Title: Overfitting, then curing it
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: A set-up where the post's net overfits; each cure tuned on validation, then judged afresh.
"""

# %% [markdown]
# The 2020 blog post "Regularization in TensorFlow" trains for one epoch on
# 60,000 images, where there is little to overfit, so its regularizers have
# nothing to cure. Here the same network gets {train_size:,} training images
# and {epochs} epochs. It learns them by heart, and then each cure gets its
# turn: the post's dropout and weight penalties, and three it does not use
# (data augmentation, label smoothing, early stopping).
#
# Every comparison on this page follows one protocol:
#
# - a run's seed fixes its initial weights, its dropout and augmentation
#   draws and the order of its training data, each from a stream of its own,
#   so variants trained from one seed pair up;
# - a run's score is the accuracy of its final weights (early stopping, the
#   exception, restores its best epoch);
# - each cure's strength is chosen on the validation split over
#   {n_tuning} tuning seeds, from a grid that starts with "off";
# - the chosen setting and the unregularized network are then trained
#   again from {n_confirmation} fresh seeds, which played no part in the
#   choice, and compared once on the test set;
# - a difference is reported with its 95% interval; the verdicts of the
#   page are adjusted together for the number of comparisons (Holm's
#   method), and an interval that contains zero means no detectable
#   difference.

# %% [markdown]
# ## Setup
#
# Training images are the first of MNIST's training set; the validation
# split is its last {validation_size:,} images, never trained on; the test
# set is scored but read only for the settings chosen on validation. To fit
# a few hundred runs into the build, the network keeps the post's shape with
# half its filters (16 and 8).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue, glue_array
from tutorial.seeds import Streams

style.use()
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split()  # the protocol's sizes
print(
    "train",
    split.train[0].shape,
    "validation",
    split.validation[0].shape,
)
print("test", split.test[0].shape)
print("tuning seeds", experiment.TUNING_SEEDS)
print("confirmation seeds", experiment.CONFIRMATION_SEEDS)

# %% tags=["remove-cell"]
glue("train_size", len(split.train[0]))
glue("validation_size", len(split.validation[0]))
glue("epochs", EPOCHS)
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))
glue("monitor_size", len(split.monitor[0]))

# %% [markdown]
# ## The model, with every cure as an option
#
# One function builds every variant from a seed. `Streams(seed)` splits the
# seed into independent seeds, one per purpose: the initializers draw from a
# seed generator of their own, and each layer that draws random numbers
# while training (dropout, the augmentation layers) gets its own stream. So a
# seed gives every variant the same initial weights, whatever layers it
# adds. `keras.utils.set_random_seed` alone would not do that: an unseeded
# initializer or dropout layer draws a seed from Python's `random` module
# when it is created, so one extra layer shifts the initial weights of every
# layer created after it.
#
# Augmentation moves, turns and zooms each training image, differently at
# every epoch: at strength 1, by up to {shift_pixels:.1f} pixels, {degrees:g}
# degrees and {zoom:.0%}. Keras's `RandomRotation` takes its range as a
# fraction of a full turn; the areas a move uncovers are filled with black,
# MNIST's background (the layers' default, `"reflect"`, would mirror strokes
# into the frame). Label smoothing trains towards softened targets; Keras's
# sparse cross-entropy has no smoothing option, so a small loss class adds
# it. The penalties go on every kernel, the dense layer's included.


# %%
class SmoothedCrossentropy(keras.losses.Loss):
    """Sparse categorical cross-entropy against label-smoothed targets."""

    def __init__(self, smoothing, **kwargs):
        super().__init__(**kwargs)
        self.smoothing = smoothing

    def call(self, y_true, y_pred):
        labels = keras.ops.cast(
            keras.ops.reshape(y_true, (-1,)), "int32"
        )
        return keras.losses.categorical_crossentropy(
            keras.ops.one_hot(labels, 10),
            y_pred,
            label_smoothing=self.smoothing,
        )

    def get_config(self):
        return {**super().get_config(), "smoothing": self.smoothing}


SHIFT, DEGREES, ZOOM = 0.1, 10, 0.1  # at strength 1


def augmentation(strength, streams):
    """Random moves, turns and zooms, active in training only."""
    fill = {"fill_mode": "constant", "fill_value": 0.0}
    shift = (
        SHIFT * strength
    )  # a fraction of the image's height and width
    turn = DEGREES * strength / 360  # a fraction of a full turn
    return [
        layers.RandomTranslation(
            shift, shift, seed=streams.augmentation(0), **fill
        ),
        layers.RandomRotation(
            turn, seed=streams.augmentation(1), **fill
        ),
        layers.RandomZoom(
            ZOOM * strength, seed=streams.augmentation(2), **fill
        ),
    ]


def build_model(
    seed, dropout=0.0, l1=0.0, l2=0.0, augment=0.0, smoothing=0.0
):
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
    )
    penalty = None
    if l1:
        penalty = regularizers.L1(l1)
    if l2:
        penalty = regularizers.L2(l2)
    stack = [keras.Input(shape=(28, 28, 1))]
    if augment:
        stack += augmentation(augment, streams)
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
            stack.append(
                layers.Dropout(dropout, seed=streams.dropout(n))
            )
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
            SmoothedCrossentropy(smoothing)
            if smoothing
            else "sparse_categorical_crossentropy"
        ),
        # Accuracy and the plain cross-entropy: comparable across variants
        # whatever their loss adds (a penalty) or changes (soft targets).
        metrics=[
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        steps_per_execution=16,  # 16 steps per call into the graph
    )
    return model


# %% tags=["remove-cell"]
SMOOTHING_EXAMPLE = 0.1
glue("smoothing_example", SMOOTHING_EXAMPLE)
glue("smooth_high", 1 - SMOOTHING_EXAMPLE + SMOOTHING_EXAMPLE / 10)
glue("smooth_low", SMOOTHING_EXAMPLE / 10)
glue("shift_pixels", SHIFT * split.train[0].shape[1])
glue("degrees", DEGREES)
glue("zoom", ZOOM)

# %% [markdown]
# Label smoothing of {smoothing_example:g} trains towards {smooth_high:.3g}
# on the right digit and {smooth_low:.3g} on each of the others.
#
# ## One run, in plain Keras
#
# A run trains one model from one seed and scores its final weights. Here
# is the first tuning seed's run of the unregularized network: `fit` in the
# seed's data order, then `evaluate` on the validation split.

# %%
seed = experiment.TUNING_SEEDS[0]
model = build_model(seed)
keras.utils.set_random_seed(Streams(seed).data_order)
model.fit(*split.train, batch_size=32, epochs=EPOCHS, verbose=0)
loss, accuracy, xent = model.evaluate(
    *split.validation, batch_size=500, verbose=0
)
print(f"seed {seed}: validation accuracy {accuracy:.4f}")

# %% [markdown]
# `experiment.run_all` repeats exactly this for every variant and seed (and
# scores the training images the same way; the test set only in the runs
# that confirm a choice, never in these tuning runs); its run of the same
# variant from the same seed gives the same number, bit for bit. The
# baseline's runs also watch the first {monitor_size:,} validation images
# after every epoch, for its learning curves, and score the training
# images at the end of every epoch (Keras's log only averages them over
# the epoch while the weights change). Each line below is the mean over
# the {n_tuning} tuning seeds; its band spans the lowest to the highest
# seed.


# %%
class TrainingScore(keras.callbacks.Callback):
    """The training images' accuracy and loss at the end of every epoch."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y

    def on_epoch_end(self, epoch, logs=None):
        scores = self.model.evaluate(
            self.x, self.y, batch_size=500, verbose=0, return_dict=True
        )
        logs["end_accuracy"] = scores["accuracy"]
        logs["end_xent"] = scores["xent"]


off = experiment.Variant(
    "no regularization",
    build_model,
    callbacks=lambda: [TrainingScore(*split.train)],
)
baseline = experiment.run_all(
    [off], split, EPOCHS, experiment.TUNING_SEEDS, monitor=True
)
same = baseline[off.name][0]["validation_accuracy"] == accuracy
print("run_all's seed", seed, "gives the same accuracy:", same)


# %% figure="learning-curves"
def curves(key):
    """Per epoch: the mean over seeds, and the lowest and highest seed."""
    values = np.array([r["history"][key] for r in baseline[off.name]])
    return values.mean(axis=0), values.min(axis=0), values.max(axis=0)


epochs = np.arange(1, EPOCHS + 1)
fig, (left, right) = plt.subplots(1, 2, figsize=(style.WIDTH, 3.4))
fig.suptitle(
    "The unregularized network learns its training images by heart"
)
for ax, metric, label in (
    (left, "xent", "cross-entropy (nats per image)"),
    (right, "accuracy", "accuracy"),
):
    for key, line, name in (
        (f"end_{metric}", ":", "training images"),
        (f"val_{metric}", "-", "validation images"),
    ):
        mean, low, high = curves(key)
        color = style.color("baseline")
        ax.plot(epochs, mean, line, color=color, label=name)
        ax.fill_between(epochs, low, high, color=color, alpha=0.15)
    ax.set_xlabel("epoch")
    ax.set_ylabel(label)
    ax.set_title(label.split(" (")[0])
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
left.legend()
plt.show()

# %% tags=["remove-cell"]
EARLY = max(1, EPOCHS // 4)


def at_epoch(key, epoch):
    return [r["history"][key][epoch - 1] for r in baseline[off.name]]


mean_accuracy = curves("val_accuracy")[0]
peak = int(np.argmax(mean_accuracy[: EPOCHS // 2])) + 1
trough = peak + int(np.argmin(mean_accuracy[peak - 1 :]))
glue("final_accuracy", mean_accuracy[-1])
dipped = (
    trough > peak
    and mean_accuracy[trough - 1] < mean_accuracy[peak - 1]
)
path = (
    f"peaks at {mean_accuracy[peak - 1]:.2%} at epoch {peak}, falls to "
    f"{mean_accuracy[trough - 1]:.2%} by epoch {trough}, then climbs again"
    if dipped
    else "climbs without a dip"
)
glue("accuracy_path", path)
glue(
    "dip_note",
    "Validation accuracy recovers while training accuracy closes in on "
    "100%: a dip and a second rise like the epoch-wise double descent "
    "that Nakkiran et al. (2019) describe, though one network on one "
    "training subset cannot tell whether it is that effect. The dip "
    "matters for early stopping below: a rule that stops at the first "
    "sign of trouble stops in it."
    if dipped
    else "",
)
glue("early_epoch", EARLY)
glue(
    "train_accuracy",
    np.mean(experiment.scores(baseline, off.name, "train_accuracy")),
)
glue("xent_early", np.mean(at_epoch("val_xent", EARLY)))
glue("xent_final", np.mean(at_epoch("val_xent", EPOCHS)))
xent_change = stats.compare(
    at_epoch("val_xent", EPOCHS),
    at_epoch("val_xent", EARLY),
    higher_is_better=False,
    points=False,
)
glue("xent_change", xent_change)
glue(
    "xent_moves",
    {stats.BETTER: "falls", stats.WORSE: "rises"}.get(
        xent_change["verdict"], "shows no detectable change"
    ),
)

# %% [markdown]
# Averaged over the seeds, the final weights get {train_accuracy:.2%} of the
# training images right. On the watched validation images, the
# cross-entropy {xent_moves} between epoch {early_epoch} and epoch {epochs},
# from {xent_early:.3f} to {xent_final:.3f} nats ({xent_change.text}): the
# network grows more confident, and its confident mistakes cost more and
# more. The accuracy tells a different story: it {accuracy_path}, to
# {final_accuracy:.2%} at epoch {epochs}. {dip_note}
#
# The cures are judged by accuracy, the quantity a reader of MNIST digits
# cares about; the [calibration page](../calibration/) follows the
# confidence.

# %% [markdown]
# ## The cures, each at several strengths
#
# Each cure gets a grid of strengths, and every grid starts with "off",
# the unregularized network, so that a sweep can answer "none". Early
# stopping watches the validation accuracy after every epoch, stops after
# `patience` epochs without improvement and restores the best weights.


# %%
def early_stopping(patience):
    return [
        keras.callbacks.EarlyStopping(
            monitor="val_accuracy",
            patience=patience,
            restore_best_weights=True,
        )
    ]


def stopping(patience):
    return experiment.Variant(
        f"early stopping({patience})",
        build_model,
        callbacks=lambda: early_stopping(patience),
    )


plain = experiment.Variant("no regularization", build_model)
grids = {
    "dropout": experiment.grid(
        plain,
        "Dropout({:g})",
        "dropout",
        mode.choose(full=[0.1, 0.25, 0.5, 0.75], fast=[0.25]),
    ),
    "l2": experiment.grid(
        plain,
        "L2({:g})",
        "l2",
        mode.choose(full=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1], fast=[1e-3]),
    ),
    "l1": experiment.grid(
        plain,
        "L1({:g})",
        "l1",
        mode.choose(full=[1e-6, 1e-5, 1e-4, 1e-3], fast=[1e-4]),
    ),
    "augmentation": experiment.grid(
        plain,
        "augmentation({:g})",
        "augment",
        mode.choose(full=[0.25, 0.5, 1.0, 2.0], fast=[1.0]),
    ),
    "label_smoothing": experiment.grid(
        plain,
        "label smoothing({:g})",
        "smoothing",
        mode.choose(full=[0.05, 0.1, 0.2, 0.3, 0.4], fast=[0.1]),
    ),
    # Off is "never stop", so the grid runs from the longest patience,
    # the weakest stopping, to the shortest.
    "early_stopping": [plain]
    + [stopping(p) for p in mode.choose(full=[15, 10, 5, 2], fast=[2])],
}

# %% [markdown]
# Every setting from every tuning seed. One line per setting: its mean
# validation accuracy and the range over the seeds ("no regularization" is
# trained once and serves every grid).

# %%
runs = {plain.name: baseline[off.name]}
for grid in grids.values():
    todo = [v for v in grid if v.name not in runs]
    runs |= experiment.run_all(
        todo, split, EPOCHS, experiment.TUNING_SEEDS
    )

# %% [markdown]
# ## How much? Choosing each strength on validation
#
# Each point is a setting's validation accuracy minus the unregularized
# network's, seed by seed, with its 95% interval over the {n_tuning} tuning
# seeds. The star marks the setting with the best mean: the one chosen.
# Where the star sits on "off", nothing in the grid beat no regularization.


# %% figure="strength-sweeps"
def validation_scores(grid):
    return {
        v.name: experiment.scores(runs, v.name, "validation_accuracy")
        for v in grid
    }


choices = {
    method: stats.choose(
        [v.name for v in grid], validation_scores(grid)
    )
    for method, grid in grids.items()
}
STRENGTH = {
    "dropout": ("Dropout", "rate"),
    "l2": ("L2", "factor λ"),
    "l1": ("L1", "factor λ"),
    "augmentation": ("Augmentation", "strength"),
    "label_smoothing": ("Label smoothing", "smoothing"),
    "early_stopping": ("Early stopping", "patience (epochs)"),
}
fig, axes = plt.subplots(3, 2, figsize=(style.WIDTH, 7.6))
fig.suptitle("Each strength against off, on validation")
fig.supxlabel("validation accuracy difference (percentage points)")
for ax, (method, grid) in zip(axes.flat, grids.items(), strict=True):
    names = [v.name for v in grid][1:]
    sweep = {
        n: experiment.compare(
            runs, n, plain.name, "validation_accuracy"
        )
        for n in names
    }
    color = style.color(method)
    style.forest(ax, sweep, dict.fromkeys(names, color))
    ax.set_yticks(
        range(len(names)), [n[n.index("(") + 1 : -1] for n in names]
    )
    title, strength = STRENGTH[method]
    ax.set_ylabel(strength)
    chosen = choices[method]["chosen"]
    if chosen in sweep:
        ax.plot(
            [100 * sweep[chosen]["difference"]],
            [names.index(chosen)],
            "*",
            markersize=14,
            color=color,
        )
        chosen = chosen[chosen.index("(") + 1 : -1]
    ax.set_title(
        f"{title}, chosen: {'off' if chosen == plain.name else chosen}"
    )
plt.show()

# %% tags=["remove-cell"]
chosen = {m: c["chosen"] for m, c in choices.items()}
glue("chosen", chosen)
glue("position", {m: c["position"] for m, c in choices.items()})
strongest = {m: grid[-1].name for m, grid in grids.items()}
glue(
    "strongest",
    {
        m: {
            "name": strongest[m],
            **experiment.compare(
                runs, strongest[m], plain.name, "validation_accuracy"
            ),
        }
        for m in ("l2", "dropout", "l1", "augmentation")
    },
)
chose_off = [
    STRENGTH[m][0] if m in ("l1", "l2") else STRENGTH[m][0].lower()
    for m, c in choices.items()
    if c["position"] == stats.OFF
]
glue("n_off", len(chose_off))
glue("off_list", ", ".join(chose_off) or "none")
glue("n_methods", len(grids))
glue(
    "off_note",
    f"For {len(chose_off)} of the {len(grids)} cures "
    f"({', '.join(chose_off)}), the best setting on validation is off: "
    "no strength in the grid beat the unregularized network."
    if chose_off
    else f"For each of the {len(grids)} cures, some strength in the "
    "grid had a higher mean validation accuracy than the unregularized "
    "network: none chose off.",
)
glue(
    "edge_list",
    ", ".join(
        chosen[m]
        for m, c in choices.items()
        if c["position"] == stats.STRONG_END
    )
    or "none",
)

# %% [markdown]
# {off_note} Settings chosen at the strong end of their grid, where a
# stronger one might do better still: {edge_list}. At the strong end of
# each sweep, against off, on validation:
#
# - {strongest.l2.name}: {strongest.l2.text};
# - {strongest.dropout.name}: {strongest.dropout.text};
# - {strongest.l1.name}: {strongest.l1.text};
# - {strongest.augmentation.name}: {strongest.augmentation.text}.
#
# A setting chosen on these runs is flattered by them: among several
# settings, one does best partly by luck, and that luck is in its scores.
# So the choice is judged on runs it has never seen.

# %% [markdown]
# ## The verdict: fresh seeds, the test set
#
# Each chosen setting and the unregularized network, trained again from
# the {n_confirmation} confirmation seeds and scored on the test set. The
# interval of each difference covers the randomness of training and the
# sampling of the {test_size:,} test images; it does not cover other
# training subsets, other networks or other data sets.

# %%
by_name = {v.name: v for grid in grids.values() for v in grid}
judged = [plain] + [
    by_name[name]
    for name in dict.fromkeys(chosen.values())
    if name != plain.name
]
confirm = experiment.run_all(
    judged, split, EPOCHS, experiment.CONFIRMATION_SEEDS
)
# Each against no regularization, the page's verdicts adjusted together.
verdicts = stats.family(
    {
        name: experiment.compare(confirm, name, plain.name)
        for name in confirm
        if name != plain.name
    }
)

# %% figure="test-comparison"
fig, ax = plt.subplots(figsize=(style.WIDTH, 3.0))
ax.set_title("Each chosen cure against no regularization, on test")
method_of = {name: method for method, name in chosen.items()}
style.forest(
    ax,
    verdicts,
    {name: style.color(method_of[name]) for name in verdicts},
)
ax.set_xlabel("test accuracy difference (percentage points)")
plt.show()

# %% tags=["remove-input"] snippet="comparison"
header, rows = stats.table(verdicts, "no regularization")
report.table(header, rows)

# %% tags=["remove-cell"]
glue("test_size", len(split.test[1]))
test = {m: verdicts.get(name) for m, name in chosen.items()}
glue("verdicts", verdicts)
glue("test", {m: result for m, result in test.items() if result})
better = [
    n for n, r in verdicts.items() if r["verdict"] == stats.BETTER
]
worse = [n for n, r in verdicts.items() if r["verdict"] == stats.WORSE]
glue("n_judged", len(verdicts))
glue("n_better", len(better))
glue("n_worse", len(worse))
glue("better_list", ", ".join(better) or "none")
glue("worse_list", ", ".join(worse) or "none")
glue(
    "baseline_test",
    np.mean(experiment.scores(confirm, plain.name)),
)
stopped = chosen["early_stopping"]
glue(
    "stopping_note",
    f"The chosen early stopping, {stopped}, restored on average the "
    "weights of epoch "
    f"{np.mean(experiment.scores(confirm, stopped, 'scored_epoch')):.1f} "
    f"of the {EPOCHS} it could train."
    if stopped != plain.name
    else "",
)
array, rows = experiment.packed_correctness(confirm, list(confirm))
glue_array("test_correct", array)
glue("test_correct_rows", rows)


# %% tags=["remove-cell"]
def verdict_line(method):
    """One line of the list below, for each cure, chosen or not."""
    name = chosen[method]
    if name == plain.name:
        return f"{STRENGTH[method][0]}: none chosen (off did best)"
    result = verdicts[name]
    return f"{name}: {result['verdict']}, {result['text']}"


glue("lines", {m: verdict_line(m) for m in grids})


def summary_row(method):
    """The summary page's row for `method`: short cells, as a table wants."""
    name = chosen[method]
    if name == plain.name:
        return {"name": "none (off did best)", **stats.summary_cells()}
    return {"name": name, **stats.summary_cells(verdicts[name])}


glue("summary", {m: summary_row(m) for m in grids})

# %% [markdown]
# On the confirmation seeds the unregularized network scores
# {baseline_test:.2%} on the test set. Of the {n_judged} cures chosen with
# a strength, {n_better} are detectably better ({better_list}) and
# {n_worse} detectably worse ({worse_list}), after adjusting for the
# {n_judged} comparisons; for the others the interval contains zero: no
# detectable difference. In detail:
#
# - {lines.augmentation};
# - {lines.label_smoothing};
# - {lines.dropout};
# - {lines.l2};
# - {lines.l1};
# - {lines.early_stopping}.
#
# {stopping_note}
#
# Augmentation and label smoothing change what the network learns from
# (more varied images, softer targets); dropout and the penalties constrain
# the network itself.

# %% [markdown]
# ## What the numbers rest on
#
# One small network, {train_size:,} training images, {epochs} epochs, Adam at
# its default learning rate; {n_tuning} seeds per setting to choose,
# {n_confirmation} fresh seeds to judge. Each interval is a 95% interval of
# the mean paired difference; the test intervals add the variance from the
# sampling of test images to the variance over seeds. The verdicts are
# adjusted together, by Holm's method, for the {n_judged} comparisons on
# this page, so the chance that any of them is a false alarm stays under
# 5%. The [summary](../../which_regularizer/) puts this page next to the
# others.
