"""
Title: L2 is not weight decay under Adam
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-26
Description: An L2 penalty against decoupled weight decay (AdamW), and decay done right in Keras.
"""

# %% [markdown]
# The post's section on L1 and L2 penalties is headed "weight decay". With
# plain stochastic gradient descent, without momentum, the two are the same
# thing: the gradient of `λw²` is `2λw`, so every step shrinks each weight
# by the same fraction. Adam divides each gradient by a running estimate of
# its size, the penalty's share included, so weights with large gradients
# barely feel the penalty. Loshchilov & Hutter ("Decoupled Weight Decay
# Regularization", ICLR 2019) showed this and proposed AdamW, which shrinks
# the weights in a separate step, outside the adaptive scaling. Keras has it
# as `keras.optimizers.AdamW`; this page checks what Keras's decay does,
# when a penalty equals it, and what each does to the post's network over
# {n_seeds} seeds.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
LEARNING_RATE = 1e-3

# %% [markdown]
# ## What Keras's `weight_decay` does
#
# Keras's optimizers take a `weight_decay` argument. Before each update the
# optimizer multiplies every variable it decays by `1 - learning_rate ×
# weight_decay`, then applies the gradient step to the result. A zero
# gradient leaves only the decay; and it reaches every trainable variable,
# biases included, unless `exclude_from_weight_decay` names them.


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
# ## When a penalty is weight decay
#
# Take a small dense model and a fixed batch, and train it for many steps
# twice from the same weights: once with an L2 penalty `λ` and no decay,
# once with `weight_decay = 2λ` and no penalty. The two should stay equal
# only where a penalty and decay are the same thing.


# %%
def trained_kernel(optimizer, penalty=None, steps=200):
    keras.utils.set_random_seed(0)
    layer = layers.Dense(10, kernel_regularizer=penalty)
    model = keras.Sequential([keras.Input((784,)), layer])
    model.compile(optimizer=optimizer, loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 784)).astype("float32")
    y = rng.normal(size=(32, 10)).astype("float32")
    for _ in range(steps):
        model.train_on_batch(x, y)
    return keras.ops.convert_to_numpy(layer.kernel)


LAMBDA = 0.05
OPTIMIZERS = {
    "SGD": lambda **decay: keras.optimizers.SGD(LEARNING_RATE, **decay),
    "SGD, momentum 0.9": lambda **decay: keras.optimizers.SGD(
        LEARNING_RATE, momentum=0.9, **decay
    ),
    "Adam": lambda **decay: keras.optimizers.Adam(
        LEARNING_RATE, **decay
    ),
}
gaps = {}
for name, make in OPTIMIZERS.items():
    penalized = trained_kernel(make(), regularizers.l2(LAMBDA))
    decayed = trained_kernel(make(weight_decay=2 * LAMBDA))
    gaps[name] = float(np.max(np.abs(penalized - decayed)))

# %% tags=["remove-input"]
report.table(
    ["optimizer", "max |penalty − decay| after 200 steps"],
    [[name, f"{gap:.1e}"] for name, gap in gaps.items()],
)

# %% tags=["remove-cell"]
glue(
    "gaps",
    {
        "sgd": gaps["SGD"],
        "momentum": gaps["SGD, momentum 0.9"],
        "adam": gaps["Adam"],
    },
)

# %% [markdown]
# Under plain SGD the two runs differ by {gaps.sgd:.1e} after 200 steps:
# floating-point round-off, the same training. With momentum they differ by
# {gaps.momentum:.1e}, because the penalty's gradient goes through the
# momentum and the decay does not; under Adam by {gaps.adam:.1e}, because
# the penalty's gradient is rescaled with the rest.

# %% [markdown]
# ## Training with each
#
# The overfitting page's set-up: the post's network at half width,
# {train_size:,} training images, {epochs} epochs. Adam alone; Adam with an
# L2 penalty on every kernel; AdamW. Each strength is a guess until it is
# tuned: the penalty and the decay each get several, chosen on validation.
# Keras's default `weight_decay` for AdamW is {default_decay:g}; at a
# learning rate of {learning_rate:g}, a decay of *wd* shrinks the weights by
# a factor 1 − {learning_rate:g} × *wd* per step, so the grid reaches well
# above the default. A callback records the norm of all kernels after every
# epoch.

# %%
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)
L2_GRID = mode.choose(full=[1e-4, 1e-3, 1e-2], fast=[1e-4, 1e-2])
DECAY_GRID = mode.choose(full=[0.004, 0.04, 0.4, 4.0], fast=[0.04, 4.0])


class KernelNorm(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["kernel_norm"] = experiment.weight_norm(self.model)


def build_model(seed, optimizer, penalty=None):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            *[
                layers.Conv2D(
                    filters,
                    3,
                    padding="same",
                    activation="relu",
                    kernel_initializer=init,
                    kernel_regularizer=penalty,
                )
                for filters in (16, 8)
            ],
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
        optimizer=optimizer(),
        loss="sparse_categorical_crossentropy",
        **experiment.compile_options(),
    )
    return model


def adamw(decay, exclude_biases=False):
    def make():
        optimizer = keras.optimizers.AdamW(
            LEARNING_RATE, weight_decay=decay
        )
        if exclude_biases:
            optimizer.exclude_from_weight_decay(var_names=["bias"])
        return optimizer

    return make


def adam():
    return keras.optimizers.Adam(LEARNING_RATE)


def variant(optimizer, penalty=None):
    return (
        lambda seed: build_model(seed, optimizer, penalty),
        lambda: [KernelNorm()],
    )


variants = {"Adam": variant(adam)}
variants |= {
    f"Adam + L2({f:g})": variant(adam, regularizers.l2(f))
    for f in L2_GRID
}
variants |= {f"AdamW({d:g})": variant(adamw(d)) for d in DECAY_GRID}
runs = experiment.run_all(variants, split, EPOCHS, monitor=False)

# %% [markdown]
# ## Decay done right: the biases
#
# Keras's AdamW decays the biases too, unless told not to. Biases shift a
# unit's output; they do not make the network more flexible the way large
# weights do, and Loshchilov & Hutter, like most implementations since,
# decay weights only. Here the strength AdamW chose on validation, once more
# with the biases excluded:

# %%
best_decay = experiment.best(
    runs, [f"AdamW({d:g})" for d in DECAY_GRID]
)
decay = DECAY_GRID[
    [f"AdamW({d:g})" for d in DECAY_GRID].index(best_decay)
]
runs |= experiment.run_all(
    {f"AdamW({decay:g}), biases excluded": variant(adamw(decay, True))},
    split,
    EPOCHS,
    monitor=False,
)

# %% figure="norms-and-curves"
best_l2 = experiment.best(runs, [f"Adam + L2({f:g})" for f in L2_GRID])
shown = {
    "Adam": "baseline",
    best_l2: "l2",
    best_decay: "adamw",
    f"AdamW({decay:g}), biases excluded": "dropout",
}
fig, ax = plt.subplots()
for name, color in shown.items():
    norms = np.mean(
        [r["history"]["kernel_norm"] for r in runs[name]], axis=0
    )
    ax.plot(
        range(1, EPOCHS + 1),
        norms,
        color=style.color(color),
        label=name,
    )
ax.set_xlabel("epoch")
ax.set_ylabel("L2 norm of all kernels")
ax.legend()
plt.show()


# %% tags=["remove-cell"]
def versus(a, b, key="test_accuracy", **options):
    return stats.compare(
        experiment.scores(runs, a, key),
        experiment.scores(runs, b, key),
        **options,
    )


excluded = f"AdamW({decay:g}), biases excluded"
glue("n_seeds", len(experiment.SEEDS))
glue("train_size", TRAIN_SIZE)
glue("epochs", EPOCHS)
glue("learning_rate", LEARNING_RATE)
glue("default_decay", keras.optimizers.AdamW().weight_decay)
glue(
    "chosen", {"l2": best_l2, "adamw": best_decay, "excluded": excluded}
)
glue(
    "test",
    {
        "l2": versus(best_l2, "Adam"),
        "adamw": versus(best_decay, "Adam"),
        "adamw_vs_l2": versus(best_decay, best_l2),
        "excluded": versus(excluded, best_decay),
    },
)
norm = {
    name: np.mean(experiment.scores(runs, name, "weight_norm"))
    for name in shown
}
glue(
    "norm",
    {
        "adam": norm["Adam"],
        "l2": norm[best_l2],
        "adamw": norm[best_decay],
    },
)
glue(
    "norm_vs_l2",
    versus(
        best_decay,
        best_l2,
        "weight_norm",
        higher_is_better=False,
        points=False,
    ),
)

# %% tags=["remove-input"] snippet="comparison"
report.table(
    [
        "optimizer",
        "kernel norm",
        "validation accuracy",
        "test accuracy",
    ],
    [
        [
            name,
            f"{np.mean(experiment.scores(runs, name, 'weight_norm')):.2f}",
            f"{np.mean(experiment.scores(runs, name, 'validation_accuracy')):.2%}",
            f"{np.mean(experiment.scores(runs, name)):.2%}",
        ]
        for name in runs
    ],
)

# %% [markdown]
# Tuned on validation, the penalty chose {chosen.l2} and AdamW chose
# {chosen.adamw}. On the test set, against plain Adam:
#
# - {chosen.l2}: {test.l2.verdict}, {test.l2.text};
# - {chosen.adamw}: {test.adamw.verdict}, {test.adamw.text};
# - {chosen.adamw} against {chosen.l2}: {test.adamw_vs_l2.verdict},
#   {test.adamw_vs_l2.text};
# - {chosen.excluded} against {chosen.adamw}: {test.excluded.verdict},
#   {test.excluded.text}.
#
# The final norm of all kernels is {norm.l2:.2f} with the penalty,
# {norm.adamw:.2f} with AdamW and {norm.adam:.2f} with plain Adam (AdamW
# minus the penalty, seed by seed: {norm_vs_l2.difference:+.2f}, 95%
# interval {norm_vs_l2.low:+.2f} to {norm_vs_l2.high:+.2f}). A smaller norm
# is a means, not the end: what counts
# is the accuracy, and here the comparisons above are what the data
# support. What holds in general is the mechanism: under Adam, the post's
# penalty and weight decay are different regularizers, each with its own
# strength to tune.
