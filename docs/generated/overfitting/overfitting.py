"""
Title: Overfitting, then curing it
Author: The regularization tutorial team
Date created: 2026-11-25
Last modified: 2026-11-25
Description: A set-up where the post's net overfits, and what each regularizer does about it.
"""

# %% [markdown]
# The blog post trains for one epoch on 60,000 images, where nothing
# overfits, so its regularizers have nothing to cure. Here the same network
# gets a small training set and many epochs: it learns its training images
# by heart and gets worse on new ones. Then each regularizer gets its turn,
# from the same initial weights, over several seeds.
#
# The set-up: the first images of the training set for training; the
# standard validation split (the last 10,000 training images, never trained
# on) to follow the training; the test set, untouched until each model is
# final. To fit many runs into the build, the network keeps the post's shape
# with half its filters (16 and 8).

# %% [markdown]
# ## Setup

# %%
import matplotlib.pyplot as plt
import numpy as np
from keras import regularizers

from tutorial import experiment, mode, report, style

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
SEEDS = mode.choose(full=[1, 2, 3], fast=[1])
FILTERS = (16, 8)

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
print("test", split.test[0].shape, "seeds", SEEDS, "epochs", EPOCHS)

# %% [markdown]
# ## The variants
#
# Unlike the post, the penalties here go on every kernel, the dense layer's
# included: it holds most of the network's weights. Each variant changes one
# thing (the last combines two).

# %%
VARIANTS = [
    experiment.Variant("baseline"),
    experiment.Variant("Dropout(0.3)", color="dropout", dropout=0.3),
    experiment.Variant(
        "L1(1e-4)", color="l1", regularizer=regularizers.l1(1e-4)
    ),
    experiment.Variant(
        "L2(1e-3)", color="l2", regularizer=regularizers.l2(1e-3)
    ),
    experiment.Variant(
        "L1L2(1e-4, 1e-3)",
        color="l1l2",
        regularizer=regularizers.l1_l2(l1=1e-4, l2=1e-3),
    ),
    experiment.Variant(
        "Dropout(0.3) + L2(1e-3)",
        color="dropout_l2",
        dropout=0.3,
        regularizer=regularizers.l2(1e-3),
    ),
    experiment.Variant(
        "early stopping", color="early_stopping", early_stopping=True
    ),
    experiment.Variant(
        "augmentation", color="augmentation", augment=True
    ),
    experiment.Variant(
        "label smoothing(0.1)",
        color="label_smoothing",
        label_smoothing=0.1,
    ),
]
for variant in VARIANTS:
    variant.filters = FILTERS

# %% [markdown]
# Early stopping watches the validation cross-entropy, stops after 5 epochs
# without improvement and restores the best weights. Augmentation shifts,
# turns and zooms each training image a little, differently at every epoch.
# Label smoothing trains towards 0.9 on the right digit and spreads 0.1 over
# all ten.

# %% [markdown]
# ## Train
#
# Every variant from every seed: one line per run, with the run's best
# validation accuracy and the epoch it came at.

# %%
runs = {variant.name: [] for variant in VARIANTS}
for variant in VARIANTS:
    for seed in SEEDS:
        run = experiment.train(variant, seed, split, EPOCHS)
        runs[variant.name].append(run)
        print(
            f"{variant.name:23} seed {seed}: {run.epochs_run:2} "
            f"epochs, best {run.best_validation_accuracy:.4f} at epoch "
            f"{run.best_epoch}"
        )

# %% [markdown]
# ## The baseline overfits

# %% snippet="baseline_overfits"
baseline = runs["baseline"]
final_xent = np.mean([r.history["val_xent"][-1] for r in baseline])
best_xent = np.mean([min(r.history["val_xent"]) for r in baseline])
train_accuracy = np.mean([r.train_accuracy for r in baseline])
report.say(
    f"Averaged over {len(SEEDS)} seed(s), the baseline ends with a "
    f"training accuracy of {train_accuracy:.4f}, while its validation "
    f"cross-entropy went from {best_xent:.3f} at its best to "
    f"{final_xent:.3f} at the end "
    + (
        "(it overfits: it keeps fitting the training images at the "
        "expense of new ones)."
        if final_xent > best_xent * 1.1
        else "(in this run it does not overfit much)."
    )
)

# %% [markdown]
# ## Learning curves
#
# Cross-entropy on the training and validation data, averaged over seeds.
# The training curve is measured as `fit` sees the data: with dropout active
# and augmented images, which is why it can sit above the validation curve.


# %% figure="learning-curves"
def curves(metric, ylabel, log=False):
    fig, axes = plt.subplots(
        3, 3, figsize=(10, 8), sharex=True, sharey=True
    )
    for ax, variant in zip(axes.flat, VARIANTS, strict=True):
        color = style.color(variant.color)
        for key, line in ((metric, ":"), (f"val_{metric}", "-")):
            histories = [r.history[key] for r in runs[variant.name]]
            length = min(len(h) for h in histories)
            mean = np.mean([h[:length] for h in histories], axis=0)
            ax.plot(range(1, length + 1), mean, line, color=color)
        ax.set_title(variant.name, fontsize=10)
        if log:
            ax.set_yscale("log")
    for ax in axes[-1]:
        ax.set_xlabel("epoch")
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    handles = [
        plt.Line2D(
            [], [], color=style.INK, linestyle=":", label="training"
        ),
        plt.Line2D([], [], color=style.INK, label="validation"),
    ]
    fig.legend(
        handles=handles,
        loc="upper center",
        ncol=2,
        bbox_to_anchor=(0.5, 1.02),
    )
    fig.tight_layout()
    plt.show()


curves("xent", "cross-entropy (nats, log scale)", log=True)

# %% figure="accuracy-curves"
curves("accuracy", "accuracy (fraction correct)")

# %% [markdown]
# ## The comparison
#
# For each variant, mean ± standard deviation over the seeds. The gap is the
# final model's accuracy on its training images minus its validation
# accuracy; the weight norm is the L2 norm of all kernels together.


# %% snippet="comparison"
def summary_row(name):
    group = runs[name]
    return [
        name,
        experiment.mean_std(
            [r.best_validation_accuracy for r in group]
        ),
        experiment.mean_std([r.gap for r in group]),
        experiment.mean_std([r.test_accuracy for r in group]),
        experiment.mean_std([r.weight_norm for r in group]),
        f"{np.mean([r.best_epoch for r in group]):.1f}",
    ]


report.data(
    {
        name: {
            "test_accuracy": [r.test_accuracy for r in group],
            "best_validation_accuracy": [
                r.best_validation_accuracy for r in group
            ],
            "gap": [r.gap for r in group],
            "weight_norm": [r.weight_norm for r in group],
            "best_epoch": [r.best_epoch for r in group],
        }
        for name, group in runs.items()
    }
)
report.table(
    [
        "variant",
        "best validation accuracy",
        "final gap",
        "test accuracy",
        "weight norm",
        "epoch of best validation",
    ],
    [summary_row(variant.name) for variant in VARIANTS],
)


# %% snippet="verdict"
def test_accuracy(name):
    values = [r.test_accuracy for r in runs[name]]
    return np.mean(values), (
        np.std(values, ddof=1) if len(values) > 1 else None
    )


ranked = sorted(
    runs, key=lambda name: test_accuracy(name)[0], reverse=True
)
listing = ", ".join(
    f"{name} ({test_accuracy(name)[0]:.4f})" for name in ranked
)
base_mean, base_std = test_accuracy("baseline")
if base_std is None:
    finding = (
        "With a single seed there is no estimate of the noise, so no "
        "difference is claimed."
    )
else:
    clear = [
        name
        for name in ranked
        if name != "baseline"
        and test_accuracy(name)[0] - base_mean
        > 2 * max(test_accuracy(name)[1], base_std)
    ]
    finding = (
        f"Beating the baseline ({base_mean:.4f}) by more than twice "
        f"the larger standard deviation over seeds: {', '.join(clear)}."
        if clear
        else "No variant beats the baseline by more than twice the "
        "standard deviation over seeds."
    )
report.say(f"Ranked by mean test accuracy: {listing}. {finding}")
