"""
Title: L2 is not weight decay under Adam
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: An L2 penalty against decoupled weight decay (AdamW): equal under SGD, not under Adam.
"""

# %% [markdown]
# The post's section on L1 and L2 penalties is headed "weight decay". With
# plain stochastic gradient descent the two are the same thing: the gradient
# of `λw²` is `2λw`, so every step shrinks each weight by the same fraction.
# Adam divides each gradient by a running estimate of its size, penalty
# included, so weights with large gradients barely feel the penalty.
# Loshchilov & Hutter ("Decoupled Weight Decay Regularization", ICLR 2019)
# showed this and proposed AdamW, which shrinks the weights in a separate
# step, outside the adaptive scaling. Keras has it as
# `keras.optimizers.AdamW`.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import experiment, mode, report, style

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
SEEDS = mode.choose(full=[1, 2, 3], fast=[1])
LEARNING_RATE = 1e-3
L2 = 1e-3
DECAY = 1.0  # AdamW shrinks by learning_rate × DECAY per step

split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)

# %% [markdown]
# ## One step, measured
#
# Take one dense layer and one batch. Step it once with an L2 penalty `λ`,
# and once, from the same weights, with decoupled weight decay of rate
# `2λ` (Keras's optimizers take a `weight_decay` argument that shrinks each
# weight by `learning_rate × weight_decay × w` after the gradient step). If
# the two are the same regularization, the weights after the step agree.


# %% snippet="one_step_table"
def one_step(optimizer, regularizer=None):
    keras.utils.set_random_seed(0)
    layer = layers.Dense(10, kernel_regularizer=regularizer)
    model = keras.Sequential([keras.Input((784,)), layer])
    model.compile(optimizer=optimizer, loss="mse")
    x = (
        np.random.default_rng(0)
        .normal(size=(32, 784))
        .astype("float32")
    )
    y = np.random.default_rng(1).normal(size=(32, 10)).astype("float32")
    model.train_on_batch(x, y)
    return keras.ops.convert_to_numpy(layer.kernel)


LAMBDA = 0.05
rows = []
for name, optimizer_class in (
    ("SGD", keras.optimizers.SGD),
    ("Adam", keras.optimizers.Adam),
):
    with_penalty = one_step(
        optimizer_class(LEARNING_RATE), regularizers.l2(LAMBDA)
    )
    with_decay = one_step(
        optimizer_class(LEARNING_RATE, weight_decay=2 * LAMBDA)
    )
    difference = np.max(np.abs(with_penalty - with_decay))
    rows.append(
        [name, f"{difference:.2e}", f"{np.max(np.abs(with_decay)):.2e}"]
    )
report.table(
    ["optimizer", "max |penalty step − decay step|", "max |w|"], rows
)

# %% snippet="one_step"
sgd_gap, adam_gap = (float(row[1]) for row in rows)
report.say(
    f"After one step the two differ by at most {sgd_gap:.1e} under SGD "
    f"(floating-point round-off) and by up to {adam_gap:.1e} under "
    "Adam: "
    + (
        "under Adam an L2 penalty is not weight decay."
        if adam_gap > 1000 * max(sgd_gap, 1e-12)
        else "here the two agree under both optimizers."
    )
)

# %% [markdown]
# ## Training with each
#
# Three optimizers on the overfitting set-up (half-width network, every
# kernel): plain Adam, Adam with an L2 penalty on every kernel, and AdamW.
# A callback records the norm of all kernels after each epoch.


# %%
class KernelNorm(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.norms = [experiment.weight_norm(self.model)]

    def on_epoch_end(self, epoch, logs=None):
        self.norms.append(experiment.weight_norm(self.model))


VARIANTS = [
    experiment.Variant("Adam", filters=(16, 8)),
    experiment.Variant(
        f"Adam + L2({L2:g})",
        color="l2",
        regularizer=regularizers.l2(L2),
        filters=(16, 8),
    ),
    experiment.Variant(
        f"AdamW(weight_decay={DECAY:g})",
        color="adamw",
        optimizer=lambda: keras.optimizers.AdamW(
            LEARNING_RATE, weight_decay=DECAY
        ),
        filters=(16, 8),
    ),
]
results = {}
for variant in VARIANTS:
    for seed in SEEDS:
        norms = KernelNorm()
        run = experiment.train(
            variant, seed, split, EPOCHS, callbacks=[norms]
        )
        results.setdefault(variant.name, []).append(
            dict(
                norms=norms.norms,
                history=run.history,
                test=run.test_accuracy,
            )
        )
        print(
            f"{variant.name:28} seed {seed}: test accuracy "
            f"{run.test_accuracy:.4f}"
        )

# %% figure="norms-and-curves"
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
for variant in VARIANTS:
    color = style.color(variant.color)
    group = results[variant.name]
    left.plot(
        np.mean([r["norms"] for r in group], axis=0),
        color=color,
        label=variant.name,
    )
    right.plot(
        range(1, EPOCHS + 1),
        np.mean([r["history"]["val_xent"] for r in group], axis=0),
        color=color,
        label=variant.name,
    )
left.set_xlabel("epoch")
left.set_ylabel("L2 norm of all kernels")
right.set_xlabel("epoch")
right.set_ylabel("validation cross-entropy (nats)")
left.legend()
fig.tight_layout()
plt.show()

# %% snippet="comparison"
rows = []
for variant in VARIANTS:
    group = results[variant.name]
    rows.append(
        [
            variant.name,
            experiment.mean_std([r["norms"][-1] for r in group]),
            experiment.mean_std(
                [min(r["history"]["val_xent"]) for r in group]
            ),
            experiment.mean_std([r["test"] for r in group]),
        ]
    )
report.data(
    {
        name: {
            "final_norm": [r["norms"][-1] for r in group],
            "test_accuracy": [r["test"] for r in group],
        }
        for name, group in results.items()
    }
)
report.table(
    [
        "optimizer",
        "final kernel norm",
        "best validation cross-entropy",
        "test accuracy",
    ],
    rows,
)

# %% snippet="verdict"
final_norm = {
    name: np.mean([r["norms"][-1] for r in group])
    for name, group in results.items()
}
adam, penalty, adamw = (v.name for v in VARIANTS)
shrinks = [
    name
    for name in (penalty, adamw)
    if final_norm[name] < final_norm[adam]
]
report.say(
    f"The final kernel norm is {final_norm[adam]:.2f} with plain Adam, "
    f"{final_norm[penalty]:.2f} with {penalty} and "
    f"{final_norm[adamw]:.2f} with {adamw}; "
    + (
        f"{' and '.join(shrinks)} end below plain Adam. "
        if shrinks
        else "none ends below plain Adam. "
    )
    + 'The post\'s "weight decay" heading names the penalty; under '
    "Adam, the optimizer the post uses, the one-step test above shows "
    "that a penalty and weight decay are different regularizers."
)
