"""
Title: L2 is not weight decay under Adam
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-12-01
Description: An L2 penalty against decoupled weight decay (AdamW): what Keras does, and what each does.
"""

# %% [markdown]
# The 2020 blog post "Regularization in TensorFlow" (2020-08-02) heads its
# section on L1 and L2 penalties "Weight decay". With plain stochastic
# gradient descent, without momentum, the two are the same thing: the
# gradient of `λw²` is `2λw`, so every step shrinks each weight by the same
# fraction. Adam divides each gradient by a running estimate of its size,
# the penalty's share included, so weights with large gradients barely
# feel the penalty. Loshchilov & Hutter ("Decoupled Weight Decay
# Regularization", ICLR 2019) showed this and proposed AdamW, which
# shrinks the weights in a separate step, outside the adaptive scaling.
# Keras has it as `keras.optimizers.AdamW`. This page checks what Keras's
# decay does, when a penalty equals it, and what each does to the post's
# network (at half width, as on the [overfitting page](../overfitting/)).

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue, glue_array
from tutorial.seeds import Streams

style.use()
LEARNING_RATE = 1e-3

# %% [markdown]
# ## What Keras's `weight_decay` does
#
# Every Keras optimizer takes a `weight_decay` argument (`AdamW` is `Adam`
# with one required). Before each update the optimizer multiplies every
# variable it decays by `1 − learning_rate × weight_decay`, then applies
# the gradient step to the result. It decays every trainable variable,
# biases included, unless `exclude_from_weight_decay` names them. A zero
# gradient leaves only the decay:


# %%
def one_step(exclude_biases, gradient=0.0):
    kernel = keras.Variable(np.ones(3, "float32"), name="kernel")
    bias = keras.Variable(np.ones(3, "float32"), name="bias")
    optimizer = keras.optimizers.AdamW(
        learning_rate=0.1, weight_decay=0.5
    )
    if exclude_biases:
        optimizer.exclude_from_weight_decay(var_names=["bias"])
    grads = np.full(3, gradient, "float32")
    optimizer.apply_gradients([(grads, kernel), (grads, bias)])
    return kernel.numpy()[0], bias.numpy()[0]


for exclude in (False, True):
    kernel, bias = one_step(exclude)
    print(
        f"exclude biases={exclude}: kernel 1.0 -> {kernel:.4f}, "
        f"bias 1.0 -> {bias:.4f}"
    )

# %% [markdown]
# With a gradient, the order shows: decaying first and then stepping gives
# Keras's result; stepping first and then decaying does not. Adam's first
# step is `learning_rate × sign(gradient)`, here 0.1:

# %%
kernel, _ = one_step(exclude_biases=False, gradient=1.0)
decay = 1 - 0.1 * 0.5
print(f"Keras:                {kernel:.6f}")
print(f"decay, then step:     {1.0 * decay - 0.1:.6f}")
print(f"step, then decay:     {(1.0 - 0.1) * decay:.6f}")

# %% [markdown]
# Keras decaying the biases is not a slip: Loshchilov & Hutter's algorithm
# decays the whole parameter vector, and PyTorch's `torch.optim.AdamW`,
# like Keras, decays every parameter it is given. Excluding biases (and
# normalization parameters) is a convention of training recipes: BERT's
# optimizer excludes `"LayerNorm"`, `"layer_norm"` and `"bias"`, and
# Hugging Face's scripts pass a `no_decay` list of `"bias"` and
# `"LayerNorm.weight"`. In Keras, `exclude_from_weight_decay` does it.
#
# ## When a penalty is weight decay
#
# Take a small dense model and a fixed batch, and train it for
# {demo_steps} steps twice from the same weights: once with an L2 penalty `λ` on the kernel
# and no decay, once with `weight_decay = 2λ` and no penalty. The penalty
# sits on the kernel only, so the decay must leave the bias alone too, or
# the two trainings differ by more than the rule they are meant to
# compare. Each pair is trained in single precision, as networks are, and
# in double precision: the relative round-off of one operation is then
# {eps.float64:.0e} instead of {eps.float32:.0e}.


# %%
def trained_kernel(make_optimizer, l2=0.0, floatx="float32"):
    """The kernel after DEMO_STEPS steps on one fixed batch."""
    keras.config.set_floatx(floatx)  # the data, the loss, the optimizer
    try:
        penalty = regularizers.L2(l2) if l2 else None
        init = keras.initializers.GlorotUniform(seed=0)
        layer = layers.Dense(
            10,
            kernel_initializer=init,
            kernel_regularizer=penalty,
            dtype=floatx,  # the layer's policy was fixed at first use
        )
        model = keras.Sequential([keras.Input((784,)), layer])
        model.compile(optimizer=make_optimizer(), loss="mse")
        rng = np.random.default_rng(0)
        x = rng.normal(size=(32, 784)).astype(floatx)
        y = rng.normal(size=(32, 10)).astype(floatx)
        for _ in range(DEMO_STEPS):
            model.train_on_batch(x, y)
        return keras.ops.convert_to_numpy(layer.kernel)
    finally:
        keras.config.set_floatx("float32")


DEMO_STEPS, LAMBDA = 200, 0.05
OPTIMIZERS = {
    "SGD": lambda **decay: keras.optimizers.SGD(LEARNING_RATE, **decay),
    "SGD, momentum 0.9": lambda **decay: keras.optimizers.SGD(
        LEARNING_RATE, momentum=0.9, **decay
    ),
    "Adam": lambda **decay: keras.optimizers.Adam(
        LEARNING_RATE, **decay
    ),
}


def decaying(make, exclude_bias):
    def make_decaying():
        optimizer = make(weight_decay=2 * LAMBDA)
        if exclude_bias:
            optimizer.exclude_from_weight_decay(var_names=["bias"])
        return optimizer

    return make_decaying


CASES = [  # (optimizer, bias excluded from the decay)
    ("SGD", False),
    ("SGD", True),
    ("SGD, momentum 0.9", True),
    ("Adam", True),
]
gaps = {}
for name, exclude_bias in CASES:
    make = OPTIMIZERS[name]
    for floatx in ("float32", "float64"):
        penalized = trained_kernel(make, LAMBDA, floatx)
        decayed = trained_kernel(
            decaying(make, exclude_bias), 0.0, floatx
        )
        gap = float(np.max(np.abs(penalized - decayed)))
        gaps[name, exclude_bias, floatx] = gap

# %% tags=["remove-input"]
report.table(
    [
        "optimizer",
        "the decay reaches",
        "max |penalty − decay|, float32",
        "float64",
    ],
    [
        [
            name,
            "kernel only" if excluded else "kernel and bias",
            f"{gaps[name, excluded, 'float32']:.1e}",
            f"{gaps[name, excluded, 'float64']:.1e}",
        ]
        for name, excluded in CASES
    ],
)

# %% tags=["remove-cell"]
glue(
    "gaps",
    {
        "sgd": gaps["SGD", True, "float32"],
        "sgd_float64": gaps["SGD", True, "float64"],
        "sgd_bias": gaps["SGD", False, "float32"],
        "sgd_bias_float64": gaps["SGD", False, "float64"],
        "momentum": gaps["SGD, momentum 0.9", True, "float32"],
        "adam": gaps["Adam", True, "float32"],
    },
)
glue("demo_steps", DEMO_STEPS)
glue("eps", {f: float(np.finfo(f).eps) for f in ("float32", "float64")})
ROUND_OFF = 1e-12  # double precision's round-off is far below
glue(
    "sgd_reading",
    "That is round-off: the same training, up to the precision of the "
    "arithmetic."
    if gaps["SGD", True, "float64"] < ROUND_OFF
    else "That is more than round-off: the gap stays in double "
    "precision.",
)

# %% [markdown]
# Under plain SGD, with the decay on the bias too, the two runs differ by
# {gaps.sgd_bias:.1e} after {demo_steps} steps, and still by
# {gaps.sgd_bias_float64:.1e} in double precision: the decay shrinks a
# bias that the penalty never touches. With the bias left out of the decay
# they differ by {gaps.sgd:.1e}, and by {gaps.sgd_float64:.1e} in double
# precision. {sgd_reading} With momentum they differ by
# {gaps.momentum:.1e}, because the penalty's gradient goes through the
# momentum and the decay does not; under Adam by {gaps.adam:.1e}, because
# the penalty's gradient is rescaled with the rest.

# %% [markdown]
# ## Training with each
#
# The overfitting page's set-up: the post's network at half width,
# {train_size:,} training images, {epochs} epochs ({steps} steps), Adam at
# {learning_rate:g}; the penalty goes on every kernel, the dense layer's
# included. "Off", for both, is plain Adam, the overfitting page's
# unregularized network, built and compiled the same way, so the runs the
# pages share are trained once.

# %%
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split()  # the protocol's sizes


def build_model(seed, l2=0.0, decay=0.0, exclude_biases=False):
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
    )
    penalty = regularizers.L2(l2) if l2 else None
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
    if decay:
        optimizer = keras.optimizers.AdamW(
            learning_rate=LEARNING_RATE, weight_decay=decay
        )
        if exclude_biases:
            optimizer.exclude_from_weight_decay(var_names=["bias"])
    else:
        optimizer = keras.optimizers.Adam(learning_rate=LEARNING_RATE)
    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        metrics=[
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        steps_per_execution=16,  # 16 steps per call into the graph
    )
    return model


# %% tags=["remove-cell"]
STEPS = EPOCHS * experiment.steps_per_epoch(len(split.train[1]))
glue("train_size", len(split.train[1]))
glue("epochs", EPOCHS)
glue("steps", STEPS)
glue("learning_rate", LEARNING_RATE)
DEFAULT_DECAY = keras.optimizers.AdamW().weight_decay


def reading(left):
    """How to read what a decay alone leaves of a weight over a run."""
    return (
        "practically no decay" if left > 0.95 else "a decay that moves"
    )


default_left = (1 - LEARNING_RATE * DEFAULT_DECAY) ** STEPS
glue("default_decay", DEFAULT_DECAY)
glue("default_shrink", default_left)
glue("default_reading", reading(default_left))
glue("n_tuning", len(experiment.TUNING_SEEDS))
glue("n_confirmation", len(experiment.CONFIRMATION_SEEDS))

# %% [markdown]
# A decay of *wd* multiplies each weight by 1 − {learning_rate:g} × *wd*
# at every step, so over the {steps} steps of a run, a weight the
# gradients left alone would shrink to (1 − {learning_rate:g} ×
# *wd*)^{steps} of itself. Keras's default for AdamW, {default_decay:g},
# gives {default_shrink:.3f}: {default_reading} in a run this short.
# So the decay's grid reaches far above the default, to strengths that
# move the weights; the penalty's grid is the overfitting page's. Both
# start with "off", and every setting is trained from the {n_tuning}
# tuning seeds and scored on the validation split (`experiment.run_all`
# trains with Keras's `fit` and scores with `evaluate`, as the
# overfitting page shows line by line).

# %%
adam = experiment.Variant("Adam", build_model)
grids = {
    "l2": experiment.grid(
        adam,
        "L2({:g})",
        "l2",
        mode.choose(full=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1], fast=[1e-3]),
    ),
    "adamw": experiment.grid(
        adam,
        "AdamW({:g})",
        "decay",
        mode.choose(
            full=[0.004, 0.04, 0.4, 1.0, 4.0, 10.0], fast=[0.4, 4.0]
        ),
    ),
}
runs = experiment.run_all(
    [adam], split, EPOCHS, experiment.TUNING_SEEDS
)
for grid in grids.values():
    runs |= experiment.run_all(
        grid[1:], split, EPOCHS, experiment.TUNING_SEEDS
    )


# %% tags=["remove-cell"]
def mean_of(name, key):
    return float(np.mean(experiment.scores(runs, name, key)))


def shrink(variant):
    """What the decay alone leaves of a weight after the run's steps."""
    decay = variant.params.get("decay", 0.0)
    return (1 - LEARNING_RATE * decay) ** STEPS


choices = {
    kind: stats.choose(
        [v.name for v in grid],
        {
            v.name: experiment.scores(
                runs, v.name, "validation_accuracy"
            )
            for v in grid
        },
    )
    for kind, grid in grids.items()
}
chosen = {kind: choice["chosen"] for kind, choice in choices.items()}

# %% tags=["remove-input"]
report.table(
    [
        "setting",
        "decay alone leaves",
        "final kernel norm",
        "validation accuracy",
    ],
    [
        [
            v.name,
            f"{shrink(v):.3g}" if "decay" in v.params else "—",
            f"{mean_of(v.name, 'weight_norm'):.2f}",
            f"{mean_of(v.name, 'validation_accuracy'):.2%}",
        ]
        for v in [adam, *grids["l2"][1:], *grids["adamw"][1:]]
    ],
)

# %% [markdown]
# Means over the tuning seeds, on the validation split only (the test set
# is kept for the settings chosen). "Decay alone leaves" is (1 −
# {learning_rate:g} × *wd*)^{steps}; the final norm is that of all the
# kernels together, biases left out. The figure puts each setting at the
# norm it ends with, so that the two forms can be compared where they
# shrink the weights equally.


# %% figure="accuracy-against-norm"
fig, ax = plt.subplots(figsize=(style.WIDTH, 3.8))
ax.set_title(
    "Validation accuracy against the final size of the kernels"
)
ax.margins(y=0.12)  # room for the labels
ax.set_xlabel("L2 norm of all kernels after training")
ax.set_ylabel("validation accuracy (%)")
series = {}
for kind, label in (("l2", "Adam + L2 penalty"), ("adamw", "AdamW")):
    grid = grids[kind]
    x = [mean_of(v.name, "weight_norm") for v in grid]
    y = [100 * mean_of(v.name, "validation_accuracy") for v in grid]
    ax.plot(x, y, "o-", color=style.color(kind), label=label)
    series[kind] = (grid, x, y)
ax.legend(loc="upper left")
fig.canvas.draw()  # the axes' final limits, which the labels' boxes need
placed, skipped = [], []
_, x_l2, y_l2 = series["l2"]  # off is plain Adam, in both series
style.annotate_apart(
    ax, "off", (x_l2[0], y_l2[0]), (8, -3), placed, skipped
)
for kind, (grid, x, y) in series.items():
    offset = (4, 5) if kind == "l2" else (4, -13)
    for variant, xi, yi in zip(grid[1:], x[1:], y[1:], strict=True):
        strength = variant.name[variant.name.index("(") + 1 : -1]
        style.annotate_apart(
            ax, strength, (xi, yi), offset, placed, skipped
        )
if skipped:  # crowded points are named once, not drawn over each other
    ax.text(
        0.98,
        0.04,
        "too close to label: " + ", ".join(skipped),
        transform=ax.transAxes,
        ha="right",
    )
plt.show()

# %% tags=["remove-cell"]
glue("chosen", chosen)
WHERE = {
    stats.OFF: "off: no setting beat plain Adam",
    stats.INSIDE: "inside the grid",
    stats.STRONG_END: "the strongest tried: a stronger one might do "
    "better still",
}
glue(
    "best",
    {
        kind: f"{'off' if c['chosen'] == adam.name else c['chosen']} "
        f"({WHERE[c['position']]})"
        for kind, c in choices.items()
    },
)
by_name = {v.name: v for grid in grids.values() for v in grid}
chosen_decay = by_name[chosen["adamw"]]
left = shrink(chosen_decay)
glue(
    "decay_sentence",
    "No decay was chosen."
    if chosen_decay is adam
    else f"Over a run, {chosen_decay.name}'s decay alone would leave "
    f"{left:.3f} of a weight: {reading(left)}.",
)
moving = [
    v.name
    for v in grids["adamw"][1:]
    if mean_of(v.name, "weight_norm")
    < 0.9 * mean_of(adam.name, "weight_norm")
]
glue("moving", ", ".join(moving) or "none of them")
glue(
    "norms",
    ", ".join(
        f"{mean_of(name, 'weight_norm'):.2f} with {name}"
        for name in dict.fromkeys([adam.name, *chosen.values()])
    ),
)

# %% [markdown]
# On validation, the penalty's best is {best.l2} and the decay's best is
# {best.adamw}. {decay_sentence}
# The decays that end with a kernel norm at
# least a tenth below plain Adam's are {moving}. The final norm of the
# kernels: {norms}.
#
# ## Decay without the biases
#
# Excluding the biases can only matter where the decay is strong. So one
# comparison is fixed before any run: AdamW({shown_decay:g}),
# {shown_ratio:.0f} times Keras's default, whose decay alone would leave
# {shown_shrink:.2f} of a weight over a run, with and without the biases.

# %%
SHOWN_DECAY = 1.0
with_biases = experiment.Variant(
    f"AdamW({SHOWN_DECAY:g})", build_model, {"decay": SHOWN_DECAY}
)
without_biases = experiment.Variant(
    f"AdamW({SHOWN_DECAY:g}), biases excluded",
    build_model,
    {"decay": SHOWN_DECAY, "exclude_biases": True},
)

# %% [markdown]
# ## The verdict: fresh seeds, the test set
#
# The chosen settings, the two bias variants and plain Adam, trained
# again from the {n_confirmation} confirmation seeds, which played no
# part in any choice, and compared on the test set.

# %%
judged = [adam] + [
    by_name[name]
    for name in dict.fromkeys(chosen.values())
    if name != adam.name
]
judged += [v for v in (with_biases, without_biases) if v not in judged]
confirm = experiment.run_all(
    judged, split, EPOCHS, experiment.CONFIRMATION_SEEDS
)
# Each chosen setting against plain Adam, the two chosen against each
# other, the biases' exclusion: the page's verdicts, adjusted together.
pairs = {
    kind: (name, adam.name)
    for kind, name in chosen.items()
    if name != adam.name
}
if len(pairs) == 2:
    pairs["adamw_vs_l2"] = (chosen["adamw"], chosen["l2"])
pairs["excluded"] = (without_biases.name, with_biases.name)
verdicts = stats.family(
    {
        key: experiment.compare(confirm, a, b)
        for key, (a, b) in pairs.items()
    }
)

# %% figure="test-comparison"
labelled = {
    f"{a}\nagainst {b}": verdicts[k] for k, (a, b) in pairs.items()
}
COLORS = {"l2": "l2", "adamw": "adamw", "adamw_vs_l2": "l1l2"}
colors = {
    label: style.color(COLORS.get(key, "baseline"))
    for key, label in zip(pairs, labelled, strict=True)
}
fig, ax = plt.subplots(figsize=(style.WIDTH, 1.2 + 0.6 * len(pairs)))
ax.set_title("Each comparison on the test set")
style.forest(ax, labelled, colors)
ax.set_xlabel("test accuracy difference (percentage points)")
plt.show()

# %% tags=["remove-input"] snippet="comparison"
_, rows = stats.table(
    {label.replace("\n", " "): r for label, r in labelled.items()}, ""
)
report.table(
    ["comparison (A against B)", "A − B", "95% interval", "verdict"],
    rows,
)

# %% tags=["remove-cell"]
array, rows = experiment.packed_correctness(confirm, list(confirm))
glue_array("test_correct", array)
glue("test_correct_rows", rows)
glue("test_size", len(split.test[1]))
glue("test", verdicts)
glue("n_family", len(verdicts))
glue("shown_decay", SHOWN_DECAY)
glue("shown_shrink", (1 - LEARNING_RATE * SHOWN_DECAY) ** STEPS)
glue("shown_ratio", SHOWN_DECAY / DEFAULT_DECAY)
glue("baseline_test", np.mean(experiment.scores(confirm, adam.name)))


def line(key, label, why="off did best on validation"):
    """One line of the list below, whether or not it was compared."""
    if key not in verdicts:
        return f"{label}: not compared ({why})"
    a, b = pairs[key]
    result = verdicts[key]
    return f"{a} against {b}: {result['verdict']}, {result['text']}"


glue(
    "lines",
    {
        "l2": line("l2", "the penalty against plain Adam"),
        "adamw": line("adamw", "AdamW against plain Adam"),
        "adamw_vs_l2": line(
            "adamw_vs_l2",
            "AdamW against the penalty",
            "one of the two chose off",
        ),
        "excluded": line("excluded", "biases excluded"),
    },
)
UNCOMPARED = {  # a summary row's name when its comparison was not made
    "l2": "the penalty: none chosen (off did best)",
    "adamw": "AdamW: none chosen (off did best)",
    "adamw_vs_l2": "AdamW against the penalty: not compared",
    "excluded": "biases excluded: not compared",
}
glue(  # the summary page's rows: short cells, as a table wants
    "summary",
    {
        key: {"name": " against ".join(pairs[key])}
        | stats.summary_cells(verdicts[key])
        if key in verdicts
        else {"name": UNCOMPARED[key]} | stats.summary_cells()
        for key in UNCOMPARED
    },
)
helped = [
    pairs[key][0]
    for key in ("l2", "adamw")
    if key in verdicts and verdicts[key]["verdict"] == stats.BETTER
]
glue(
    "helps",
    "In this set-up neither the penalty nor the decay detectably "
    "improves on plain Adam's test accuracy."
    if not helped
    else f"Detectably better than plain Adam: {', '.join(helped)}.",
)

# %% [markdown]
# The intervals cover the randomness of training (initial weights, data
# order) and the sampling of the {test_size:,} test images; they do not
# cover other training subsets, other networks or other data sets. The
# {n_family} comparisons are this page's family: their verdicts are
# adjusted together by Holm's method. Plain Adam scores {baseline_test:.2%}
# on the test set.
#
# - {lines.l2};
# - {lines.adamw};
# - {lines.adamw_vs_l2};
# - {lines.excluded}.
#
# {helps} What holds in general is the mechanism: under Adam, the post's
# penalty and weight decay are different regularizers (the
# {demo_steps}-step table), each with its own strength to tune, and a decay's strength
# means little until it is read as the shrink it gives over the run's
# steps.
