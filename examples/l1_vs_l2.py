"""
Title: L1 versus L2: zeros or small weights
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: How L1 and L2 pull on weights under SGD and Adam, and their sparsity at a matched cost.
"""

# %% [markdown]
# The 2020 blog post "Regularization in TensorFlow" (2020-08-02) describes
# the two penalties by how hard they punish a weight: with L1 "you punish
# each weight equally hard when this weight is not zero", with L2 "you
# punish large weights way harder down than small weights", and its author
# prefers L2 because small weights "will hardly be affected". Both
# statements describe the penalties' gradients under plain gradient
# descent; the post trains with Adam, which rescales every gradient, the
# penalty's included. The lore adds that L1 drives weights to zero.
#
# This page plots the penalties, follows one weight under each optimizer,
# then trains the post's network (at half width, as on the
# [overfitting page](../overfitting/)) with each penalty and asks: at the
# same cost in accuracy, which penalty leaves more weights that can be
# removed?

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue, glue_array
from tutorial.seeds import Streams

style.use()
LEARNING_RATE = 1e-3  # Adam's, in the pictures and in training
LAMBDA = 0.01  # both penalties in the pictures (Keras's default)

# %% [markdown]
# ## The penalties and their gradients
#
# For one weight `w` and a strength `λ`, L1 adds `λ|w|` to the loss and L2
# adds `λw²` (Keras's `L2` has no factor ½). Their derivatives are the pull
# towards zero that plain gradient descent applies: `λ·sign(w)` for L1, the
# same whatever the size of the weight, and `2λw` for L2, a pull that fades
# as the weight shrinks.

# %% figure="penalty-and-gradient"
w = np.linspace(-1, 1, 401)
fig, (left, right) = plt.subplots(1, 2, figsize=(style.WIDTH, 3.0))
fig.suptitle(f"The two penalties and their pull, at λ = {LAMBDA:g}")
l1_color, l2_color = style.color("l1"), style.color("l2")
left.plot(w, LAMBDA * np.abs(w), color=l1_color, label="L1: λ|w|")
left.plot(w, LAMBDA * w**2, color=l2_color, label="L2: λw²")
left.set_title("penalty")
left.set_ylabel("added loss (nats)")
right.plot(
    w, LAMBDA * np.sign(w), color=l1_color, label="L1: λ·sign(w)"
)
right.plot(w, 2 * LAMBDA * w, color=l2_color, label="L2: 2λw")
right.set_title("gradient: the pull towards zero")
right.set_ylabel("d penalty / dw")
for ax in (left, right):
    ax.set_xlabel("weight w")
    ax.legend()
plt.show()

# %% tags=["remove-cell"]
SMALL = 0.01
glue("equal_at", 0.5)
glue("small", SMALL)
glue("pull_ratio", 1 / (2 * SMALL))

# %% [markdown]
# The two pulls are equal at |w| = {equal_at:g}; below that L1 pulls
# harder, and on a weight of {small:g} L1's pull is {pull_ratio:.0f} times
# L2's. Under plain gradient descent each step moves a weight by the
# learning rate times that pull: that is where "small weights will hardly
# be affected" comes from.
#
# ## One weight under SGD and under Adam
#
# Adam divides each gradient by a running estimate of its size. Here one
# weight, starting at {start:g}, is trained on nothing but the penalty, at
# λ = {lam:g}: with Adam at its usual learning rate, {learning_rate:g},
# and with plain SGD at {sgd_rate:g}, where L1's step, learning rate × λ,
# is the same {sgd_step:g}.

# %%
START, STEPS, SGD_RATE = 0.05, 300, 0.1


def trajectory(optimizer, penalty):
    """The weight after each step of `optimizer` on the penalty."""
    weight = keras.Variable(START)
    path = []
    for _ in range(STEPS):
        with tf.GradientTape() as tape:
            loss = penalty(weight)
        optimizer.apply_gradients(
            [(tape.gradient(loss, weight), weight)]
        )
        path.append(float(weight.numpy()))
    return np.array(path)


OPTIMIZERS = {  # name: a function that makes a fresh optimizer
    f"SGD, learning rate {SGD_RATE:g}": (
        lambda: keras.optimizers.SGD(SGD_RATE)
    ),
    f"Adam, learning rate {LEARNING_RATE:g}": (
        lambda: keras.optimizers.Adam(LEARNING_RATE)
    ),
}
PENALTIES = {
    "L1": regularizers.L1(LAMBDA),
    "L2": regularizers.L2(LAMBDA),
}
paths = {
    (name, kind): trajectory(make(), penalty)
    for name, make in OPTIMIZERS.items()
    for kind, penalty in PENALTIES.items()
}

# %% figure="one-weight"
fig, axes = plt.subplots(1, 2, figsize=(style.WIDTH, 3.4), sharey=True)
fig.suptitle("One weight pulled by the penalty alone")
for ax, name in zip(axes, OPTIMIZERS, strict=True):
    for kind in PENALTIES:
        ax.plot(
            np.arange(1, STEPS + 1),
            np.abs(paths[name, kind]),
            ".",  # one dot a step: a weight that jitters alternates
            markersize=2,
            color=style.color(kind.lower()),
            label=kind,
        )
    ax.set_yscale("log")
    ax.set_title(name)
    ax.set_xlabel("step")
    ax.legend(loc="lower left", markerscale=5)
axes[0].set_ylabel("|w| (log scale)")
plt.show()

# %% tags=["remove-cell"]
TAIL = 50  # the last steps, where a weight has settled or jitters
sgd, adam = list(OPTIMIZERS)
sgd_step = SGD_RATE * LAMBDA


def tail_range(path):
    return float(np.min(np.abs(path[-TAIL:]))), float(
        np.max(np.abs(path[-TAIL:]))
    )


exact_zeros = sum(int(np.sum(path == 0)) for path in paths.values())
glue(
    "zeros_drawn",
    "No step lands exactly on zero, so every step is drawn"
    if exact_zeros == 0
    else f"{exact_zeros} steps land exactly on zero, which a log scale "
    "cannot draw: they are the gaps in the lines",
)
glue("start", START)
glue("lam", LAMBDA)
glue("learning_rate", LEARNING_RATE)
glue("sgd_rate", SGD_RATE)
glue("sgd_step", sgd_step)
glue("steps", STEPS)
glue("tail", TAIL)
glue("beta_2", keras.optimizers.Adam().beta_2)
glue("adam_memory", 1 / (1 - keras.optimizers.Adam().beta_2))
glue("sgd_factor", 1 - 2 * SGD_RATE * LAMBDA)
sgd_l1 = np.abs(paths[sgd, "L1"])
glue("sgd_l1_zero", int(np.argmax(sgd_l1 < sgd_step)) + 1)
glue(
    "end",  # |w| after the last step
    {
        f"{o}_{kind.lower()}": float(abs(paths[name, kind][-1]))
        for o, name in (("sgd", sgd), ("adam", adam))
        for kind in PENALTIES
    },
)
glue("adam_l1_tail", tail_range(paths[adam, "L1"]))
glue("adam_l2_tail", tail_range(paths[adam, "L2"]))
signs = np.sign(paths[adam, "L2"])
glue("adam_l2_crossings", int(np.sum(signs[1:] != signs[:-1])))
glue(
    "adam_l1_zero",
    int(np.argmax(np.abs(paths[adam, "L1"]) < LEARNING_RATE)) + 1,
)
glue(
    "closer",
    "closer to zero than Adam with L1: the reverse of the post's "
    "intuition, which holds for SGD"
    if abs(paths[adam, "L2"][-1]) < abs(paths[adam, "L1"][-1])
    else "no closer to zero than Adam with L1, as the post's intuition "
    "has it",
)

# %% [markdown]
# {zeros_drawn}. After {steps} steps:
#
# - **SGD, L1**: the weight falls by the same {sgd_step:g} at every
#   step, is within one step of zero by step {sgd_l1_zero}, and from then
#   on steps across zero and back; it ends at |w| = {end.sgd_l1:.1e}.
# - **SGD, L2**: the weight shrinks by a constant fraction, to
#   {sgd_factor:g} of itself at every step, and ends at |w| =
#   {end.sgd_l2:.4f}, far from zero. This is the post's picture: L2
#   hardly pulls on a small weight.
# - **Adam, L1**: the gradient's size never changes, so Adam moves the
#   weight by about one learning rate per step: it is within one learning
#   rate of zero by step {adam_l1_zero}, then jitters around zero,
#   between {adam_l1_tail.0:.0e} and {adam_l1_tail.1:.0e} over the last
#   {tail} steps, within one learning rate ({learning_rate:g}) of zero.
#   It ends at |w| = {end.adam_l1:.1e}.
# - **Adam, L2**: the gradient shrinks with the weight, but Adam's
#   estimate of its size remembers the larger gradients of earlier steps
#   (it averages squared gradients with β₂ = {beta_2:g}, over about
#   {adam_memory:,.0f} steps), so once the gradient shrinks, Adam's steps shrink
#   with it: the weight crosses zero {adam_l2_crossings} times, with
#   smaller and smaller overshoots, and ends at |w| = {end.adam_l2:.1e};
#   over the last {tail} steps it stays between {adam_l2_tail.0:.0e} and
#   {adam_l2_tail.1:.0e}. It converges rather than jitters.
#
# So for an isolated weight, Adam with L2 ends {closer}. In a network, the
# data's gradients share Adam's estimate with the penalty's, so the
# penalty's effect sits somewhere between these pictures. Training shows
# where.

# %% [markdown]
# ## Each penalty at several strengths
#
# The overfitting page's set-up: the post's network at half width,
# {train_size:,} training images, {epochs} epochs ({steps_trained} steps),
# Adam at {learning_rate:g}, each penalty on every kernel, the dense
# layer's included. The model is built and compiled as on that page, so
# the runs the two pages share are trained once. After each run,
# `magnitudes` measures the kernel weights: the share below one learning
# rate (the band where, under Adam, L1 keeps the weights it pulls to
# zero), the exact zeros, and the median size.

# %%
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split()  # the protocol's sizes
EDGES = np.logspace(-9, 0.5, 58)  # bins of |w|; exact zeros apart


def build_model(seed, l1=0.0, l2=0.0):
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
    )
    penalty = None
    if l1:
        penalty = regularizers.L1(l1)
    if l2:
        penalty = regularizers.L2(l2)
    conv = dict(
        padding="same",
        activation="relu",
        kernel_initializer=init,
        kernel_regularizer=penalty,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, **conv),
            layers.Conv2D(8, 3, **conv),
            layers.Flatten(),
            layers.Dense(
                10,
                activation="softmax",
                kernel_initializer=init,
                kernel_regularizer=penalty,
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss="sparse_categorical_crossentropy",
        metrics=[
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        steps_per_execution=16,  # 16 steps per call into the graph
    )
    return model


def magnitudes(model, split):
    """How large the final kernel weights are (biases left out)."""
    kernels = experiment.kernels(model)
    w = np.abs(np.concatenate([k.ravel() for k in kernels]))
    return {
        "counts": np.histogram(w, EDGES)[0],
        "below_first_bin": int(np.sum((w > 0) & (w < EDGES[0]))),
        "exact_zeros": int(np.sum(w == 0)),
        "below_lr": float(np.mean(w < LEARNING_RATE)),
        "median": float(np.median(w)),
        "total": int(w.size),
    }


# %% [markdown]
# Each grid starts with "off"; every setting is trained from the
# {n_tuning} tuning seeds and scored on the validation split.
# `experiment.run_all` trains each run with Keras's `fit` and scores it
# with `evaluate`, as the [overfitting page](../overfitting/) shows line
# by line.

# %%
off = experiment.Variant("no penalty", build_model)
grids = {
    "l1": experiment.grid(
        off,
        "L1({:g})",
        "l1",
        mode.choose(
            full=[1e-6, 1e-5, 1e-4, 2e-4, 5e-4, 1e-3], fast=[1e-4, 1e-3]
        ),
    ),
    "l2": experiment.grid(
        off,
        "L2({:g})",
        "l2",
        mode.choose(
            full=[1e-5, 1e-4, 2e-4, 5e-4, 1e-3, 1e-2], fast=[1e-4, 1e-3]
        ),
    ),
}
runs = experiment.run_all(
    [off], split, EPOCHS, experiment.TUNING_SEEDS, measure=magnitudes
)
for grid in grids.values():
    runs |= experiment.run_all(
        grid[1:],
        split,
        EPOCHS,
        experiment.TUNING_SEEDS,
        measure=magnitudes,
    )

# %% tags=["remove-cell"]
glue("train_size", len(split.train[1]))
glue("epochs", EPOCHS)
glue(
    "steps_trained",
    EPOCHS * experiment.steps_per_epoch(len(split.train[1])),
)
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))
off_median = np.mean(experiment.scores(runs, off.name, "median"))
glue("off_median", off_median)
glue("typical_ratio", 1 / (2 * off_median))

# %% [markdown]
# ## Equal λ is not equal strength
#
# Without a penalty, the median kernel weight ends at {off_median:.3f}.
# On a weight that size, L1's pull at a given λ is {typical_ratio:.0f}
# times L2's, so "L1(λ) against L2(λ)" pits a strong penalty against a
# weak one. The fair question is about an equal cost: for each penalty,
# the strongest setting whose mean validation accuracy stays within a
# budget, fixed in advance, of no penalty's.

# %%
BUDGET = 0.005  # validation accuracy we accept to lose: half a point


def validation(name):
    return np.mean(experiment.scores(runs, name, "validation_accuracy"))


def within_budget(grid):
    """The strongest setting of `grid` that costs at most BUDGET."""
    floor = validation(off.name) - BUDGET
    affordable = [v for v in grid[1:] if validation(v.name) >= floor]
    return affordable[-1] if affordable else grid[1]


matched = {kind: within_budget(grid) for kind, grid in grids.items()}
print({kind: variant.name for kind, variant in matched.items()})

# %% [markdown]
# Each penalty's line below runs from off to its strongest λ; the stars
# are the settings matched to the budget, and the table after the figure
# gives every point's numbers.


# %% figure="sparsity-against-accuracy"
def mean_of(name, key):
    return np.mean(experiment.scores(runs, name, key))


fig, ax = plt.subplots(figsize=(style.WIDTH, 3.8))
ax.set_title("Weights near zero against validation accuracy")
ax.set_xlabel("kernel weights below one learning rate (%)")
ax.set_ylabel("validation accuracy minus\nno penalty's (points)")
series = {}
for kind, grid in grids.items():
    color = style.color(kind)
    x = [100 * mean_of(v.name, "below_lr") for v in grid]
    y = [
        100 * (validation(v.name) - validation(off.name)) for v in grid
    ]
    ax.plot(x, y, "o-", color=color, label=kind.upper())
    chosen = grid.index(matched[kind])
    ax.plot(x[chosen], y[chosen], "*", markersize=16, color=color)
    series[kind] = (grid, x, y)
ax.axhline(
    -100 * BUDGET,
    color=style.INK,
    linestyle="--",
    linewidth=1,
    label="the budget",
)
ax.legend(loc="lower left")
fig.canvas.draw()  # the axes' final limits, which the labels' boxes need
placed, skipped = [], []
_, x_l1, _ = series["l1"]
style.annotate_apart(ax, "off", (x_l1[0], 0), (-8, 6), placed, skipped)
for kind, (grid, x, y) in series.items():
    # The matched choice and the strongest strength are labelled; the
    # table below gives every point's numbers.
    offset = (5, 4) if kind == "l1" else (5, -13)
    for index in sorted({grid.index(matched[kind]), len(grid) - 1}):
        strength = f"{kind.upper()} {grid[index].name[3:-1]}"
        style.annotate_apart(
            ax, strength, (x[index], y[index]), offset, placed, skipped
        )
plt.show()

# %% tags=["remove-input"]
report.table(
    [
        "setting",
        "validation accuracy",
        "|w| < learning rate",
        "exact zeros",
        "median |w|",
    ],
    [
        [
            v.name,
            f"{validation(v.name):.2%}",
            f"{mean_of(v.name, 'below_lr'):.1%}",
            f"{mean_of(v.name, 'exact_zeros'):.0f}",
            f"{mean_of(v.name, 'median'):.2e}",
        ]
        for v in [off, *grids["l1"][1:], *grids["l2"][1:]]
    ],
)

# %% tags=["remove-cell"]
names = {kind: variant.name for kind, variant in matched.items()}
glue("matched", names)
glue("budget_points", 100 * BUDGET)
at_edge = [
    names[kind]
    for kind, grid in grids.items()
    if matched[kind] is grid[-1]
]
glue(
    "edge_note",
    " ".join(
        f"{name} is the strongest tried: a stronger one might "
        "still stay within the budget."
        for name in at_edge
    ),
)
costs_too_much = [
    names[kind]
    for kind in matched
    if validation(names[kind]) < validation(off.name) - BUDGET
]
glue(
    "budget_note",
    " ".join(
        f"Even the weakest {name.split('(')[0]} tried, {name}, "
        "costs more than the budget; it stands in as the weakest "
        "on offer."
        for name in costs_too_much
    ),
)

# %% [markdown]
# Each star is the strongest setting within the budget, {budget_points:g}
# points of validation accuracy below no penalty: {matched.l1} and
# {matched.l2}. {budget_note} {edge_note} The table shows the validation
# split only: the test set is kept for the settings chosen.
#
# ## The verdict: fresh seeds, the test set
#
# The two matched settings and no penalty, trained again from the
# {n_confirmation} confirmation seeds. Each run is scored on the test set
# twice: as trained, and pruned, with every kernel weight below one
# learning rate set to exactly zero and nothing retrained. If those
# weights are functionally zero, pruning changes nothing.


# %%
def pruned(model, split):
    """Test results, kernel weights below LEARNING_RATE set to 0."""
    trained = model.get_weights()
    for variable in model.trainable_variables:
        if variable.name == "kernel":
            w = keras.ops.convert_to_numpy(variable)
            variable.assign(np.where(np.abs(w) < LEARNING_RATE, 0.0, w))
    x, y = split.test
    correct = experiment.predict(model, x).argmax(axis=1) == y
    model.set_weights(trained)
    return {
        "test_accuracy": float(correct.mean()),
        "test_correct": np.packbits(correct),  # as experiment.score
        "test_images": len(y),
    }


def measured(model, split):
    if split.test is None:  # a tuning run: it never sees the test set
        return magnitudes(model, split)
    return magnitudes(model, split) | {"pruned": pruned(model, split)}


confirm = experiment.run_all(
    [off, *matched.values()],
    split,
    EPOCHS,
    experiment.CONFIRMATION_SEEDS,
    measure=measured,
)
for name in names.values():  # the pruned runs, as runs of their own
    confirm[f"{name}, pruned"] = [
        r["pruned"] | {"seed": r["seed"]} for r in confirm[name]
    ]

# %% tags=["remove-cell"]
l1, l2 = names["l1"], names["l2"]
comparisons = {
    "cost_l1": (l1, off.name, "test_accuracy"),
    "cost_l2": (l2, off.name, "test_accuracy"),
    "l1_vs_l2": (l1, l2, "test_accuracy"),
    "near_zero": (l1, l2, "below_lr"),
    "pruning_l1": (f"{l1}, pruned", l1, "test_accuracy"),
    "pruning_l2": (f"{l2}, pruned", l2, "test_accuracy"),
}
# Every verdict on this page, adjusted together (Holm).
verdicts = stats.family(
    {
        key: experiment.compare(confirm, a, b, measure)
        for key, (a, b, measure) in comparisons.items()
    }
)
glue("verdicts", verdicts)
glue("n_family", len(verdicts))


def label(a, b, measure):
    what = "" if measure == "test_accuracy" else ", weights below lr"
    return f"{a} against {b}{what}"


glue(  # the summary page's rows: short cells, as a table wants
    "summary",
    {
        key: {"name": label(*comparisons[key])}
        | stats.summary_cells(verdicts[key])
        for key in comparisons
    },
)
array, rows = experiment.packed_correctness(confirm, list(confirm))
glue_array("test_correct", array)
glue("test_correct_rows", rows)
glue("test_size", len(split.test[1]))
flips = {
    kind: int(
        np.sum(
            experiment.correctness(confirm, name)
            != experiment.correctness(confirm, f"{name}, pruned")
        )
    )
    for kind, name in names.items()
}
glue("flips", flips)
glue(
    "n_readings",
    len(split.test[1]) * len(experiment.CONFIRMATION_SEEDS),
)
MORE = {
    stats.BETTER: "more",
    stats.WORSE: "fewer",
    stats.NO_DIFFERENCE: "no detectably different share of",
}
glue("more", MORE[verdicts["near_zero"]["verdict"]])
glue(
    "share",
    {
        key: float(
            np.mean(experiment.scores(confirm, name, "below_lr"))
        )
        for key, name in (("off", off.name), ("l1", l1), ("l2", l2))
    },
)


def total(key):
    """`key` summed over every confirmation run of the three settings."""
    return sum(
        r[key] for name in (off.name, l1, l2) for r in confirm[name]
    )


zeros = total("exact_zeros")
glue(
    "exact_zeros",
    "none" if zeros == 0 else f"{zeros:,} in all, over all runs",
)
glue("total_kernel_weights", confirm[off.name][0]["total"])
glue("baseline_test", np.mean(experiment.scores(confirm, off.name)))


# %% tags=["remove-input"] snippet="comparison"
_, table_rows = stats.table(
    {label(*comparisons[k]): result for k, result in verdicts.items()},
    "",
)
report.table(
    ["comparison (A against B)", "A − B", "95% interval", "verdict"],
    table_rows,
)

# %% [markdown]
# The intervals of the test-accuracy rows cover the randomness of
# training (initial weights, data order) and the sampling of the
# {test_size:,} test images; the row of weights below one learning rate
# covers the randomness of training only. None covers other training
# subsets, other networks or other data sets. The {n_family} verdicts of
# this table are this page's family, adjusted together by Holm's method.
#
# On the confirmation seeds:
#
# - **Matched?** {matched.l1} against {matched.l2}, test accuracy:
#   {verdicts.l1_vs_l2.verdict}, {verdicts.l1_vs_l2.text}. Against no
#   penalty ({baseline_test:.2%} on test), {matched.l1}:
#   {verdicts.cost_l1.verdict} ({verdicts.cost_l1.text}); {matched.l2}:
#   {verdicts.cost_l2.verdict} ({verdicts.cost_l2.text}).
# - **Near zero.** Below one learning rate: {share.off:.1%} of the
#   {total_kernel_weights:,} kernel weights without a penalty,
#   {share.l1:.1%} with {matched.l1}, {share.l2:.1%} with {matched.l2}.
#   L1 leaves {more} weights there: {verdicts.near_zero.text} (percentage
#   points of the kernel weights).
# - **Functionally zero?** Pruning those weights changes the test
#   accuracy of {matched.l1} by {verdicts.pruning_l1.text}
#   ({verdicts.pruning_l1.verdict}), and of {matched.l2} by
#   {verdicts.pruning_l2.text} ({verdicts.pruning_l2.verdict}). Of the
#   {n_readings:,} test readings of each (images × seeds), pruning turns
#   {flips.l1:,} of {matched.l1}'s from right to wrong or back, and
#   {flips.l2:,} of {matched.l2}'s.
# - **Exact zeros**: {exact_zeros}. Adam's steps overshoot zero and leave
#   L1's weights jittering around it, as in the one-weight picture; an
#   exact zero needs a proximal or thresholding step, which Keras's
#   regularizers do not take. Pruning is such a step.

# %% tags=["remove-cell"]
hidden = total("below_first_bin")
glue(
    "below_first_bin_note",
    "No nonzero weight lies below the first bin."
    if hidden == 0
    else f"{hidden:,} nonzero weights lie below the first bin, "
    f"{EDGES[0]:g}, and are not drawn.",
)

# %% [markdown]
# ## Where the weights end up
#
# All kernel weights of the confirmation runs by the size of `|w|`, on a
# log scale, summed over the seeds; the dashed line is the pruning
# threshold, one learning rate. {below_first_bin_note}

# %% figure="weight-magnitudes"
fig, ax = plt.subplots(figsize=(style.WIDTH, 3.6))
ax.set_title("Kernel weights by size, confirmation runs")
totals = {
    name: np.sum(experiment.scores(confirm, name, "counts"), axis=0)
    for name in (off.name, l1, l2)
}
for name, color in zip(totals, ("baseline", "l1", "l2"), strict=True):
    ax.stairs(
        totals[name],
        EDGES,
        color=style.color(color),
        linewidth=1.6,
        label=name,
    )
ax.axvline(
    LEARNING_RATE,
    color=style.INK,
    linestyle="--",
    linewidth=1,
    label="one learning rate",
)
ax.set_xscale("log")
used = np.flatnonzero(np.sum(list(totals.values()), axis=0))
ax.set_xlim(EDGES[used[0]], EDGES[used[-1] + 1])  # the bins in use
ax.set_xlabel("|w| of a kernel weight (log scale)")
ax.set_ylabel(
    f"weights, summed over\n{len(experiment.CONFIRMATION_SEEDS)} seeds"
)
ax.legend()
plt.show()

# %% [markdown]
# Which penalty helps accuracy at all is the overfitting page's question;
# the [summary](../../which_regularizer/) puts the two pages side by side.
