"""The protocol of the experiment pages, defined once.

The set-up. A small training set (the first images of MNIST's training set)
and many epochs, so that the blog post's network overfits; the standard
validation split (the last 10,000 training images, never trained on); and the
test set, used once a setting is chosen.

A run. A page builds its model in Keras, on the page; `run_all` trains it
for a fixed number of epochs and scores the final weights (no early
stopping unless the variant is early stopping, which restores its best
epoch). Its score is the accuracy of those weights on the validation split
(to choose settings) and on the test set (to confirm them); cross-entropy,
training accuracy and the kernels' norm are recorded too.

Pairing. Every variant of a comparison trains from the same seeds. A seed
fixes a variant's initial weights (the page's initializers draw from a
`keras.random.SeedGenerator(seed)`, and layers that draw random numbers while
training have seeds of their own, so adding a Dropout layer shifts nothing)
and the order of the training data (`set_random_seed(seed)` right before
`fit`). Differences between variants are then compared seed by seed
(`stats.compare`).

Per-epoch validation (for learning curves and early stopping) uses the
first MONITOR_SIZE images of the validation split, a fifth of its cost.
"""

from dataclasses import dataclass

import keras
import numpy as np

from . import data, mode

VALIDATION_SIZE = 10_000
MONITOR_SIZE = mode.choose(full=2_000, fast=200)
SEEDS = mode.choose(full=list(range(1, 11)), fast=[1, 2, 3])
# Evaluation in batches of 500 ran ~15% faster than batches of 1,000 on one
# CPU thread, with identical results.
EVALUATION_BATCH = 500
# Steps of training per call into TensorFlow's compiled graph. The network is
# so small that Python's dispatch of each step is a large part of its cost;
# 16 per call saves most of it, with the same results bit for bit
# (tests/test_experiment.py checks).
STEPS_PER_EXECUTION = 16


@dataclass
class Split:
    train: tuple
    validation: tuple
    test: tuple

    @property
    def monitor(self):
        """The part of the validation split watched after every epoch."""
        x, y = self.validation
        return x[:MONITOR_SIZE], y[:MONITOR_SIZE]


def split(train_size, validation_size=VALIDATION_SIZE, test_size=None):
    """The first `train_size` training images, the validation split, the test set."""
    (x, y), (x_test, y_test) = data.load_scaled()
    # The standard validation split is the *last* 10,000 training images; a
    # smaller one (fast mode) is taken from its start.
    start = len(x) - VALIDATION_SIZE
    return Split(
        train=(x[:train_size], y[:train_size]),
        validation=(
            x[start : start + validation_size],
            y[start : start + validation_size],
        ),
        test=(x_test[:test_size], y_test[:test_size]),
    )


def compile_options():
    """compile() keywords every experiment model shares: its metrics, 16 steps a call.

    The metrics are accuracy and the cross-entropy alone, comparable across
    variants whatever their loss adds (a penalty) or changes (smoothed labels).
    """
    return {
        "metrics": [
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        "steps_per_execution": STEPS_PER_EXECUTION,
    }


def run_all(variants, split, epochs, seeds=SEEDS, log=print, **options):
    """Train every variant from every seed: {name: [result, ...]}, seeds in order.

    `variants` maps a name to `build(seed) -> compiled model`, or to a pair
    (build, callbacks) where `callbacks()` makes that variant's callbacks
    afresh for each run. `options` go to `fit_and_score`.
    """
    runs = {}
    for name, variant in variants.items():
        build, callbacks = (
            variant if isinstance(variant, tuple) else (variant, None)
        )
        runs[name] = list(
            _seeds_of(build, callbacks, split, epochs, seeds, options)
        )
        accuracy = scores(runs, name, "validation_accuracy")
        log(f"{name:28} validation accuracy {np.mean(accuracy):.4f} "
            f"(seeds {min(accuracy):.4f} to {max(accuracy):.4f})")  # fmt: skip
        keras.backend.clear_session(
            free_memory=True
        )  # variants do not pile up
    return runs


def _seeds_of(build, callbacks, split, epochs, seeds, options):
    """One result per seed, from one model whose state is reset to `build(seed)`'s.

    Tracing a model's training step takes longer than training this small
    network for an epoch, so the first model's compiled step serves every
    seed: before each run, its variables (weights and the random layers'
    seed states) are set to those of a freshly built model for that seed,
    and its optimizer to its initial state. A run is bit for bit the run of
    a fresh model (tests/test_experiment.py checks).
    """
    model = optimizer_start = None
    for seed in seeds:
        fresh = build(seed)
        if model is None:
            model = fresh
            model.optimizer.build(model.trainable_variables)
            optimizer_start = [v.numpy() for v in model.optimizer.variables]
        else:
            for target, source in zip(
                model.variables, fresh.variables, strict=True
            ):
                target.assign(source)
            for variable, value in zip(
                model.optimizer.variables, optimizer_start, strict=True
            ):
                variable.assign(value)
        run_callbacks = callbacks() if callbacks else ()
        yield fit_and_score(
            model, seed, split, epochs, run_callbacks, **options
        )


def fit_and_score(
    model,
    seed,
    split,
    epochs,
    callbacks=(),
    monitor=None,
    batch_size=32,
    measure=None,
):
    """Train `model` in `seed`'s data order; return its final weights' scores.

    With `monitor` (by default: whenever there are callbacks, such as early
    stopping) the monitor split is scored after every epoch. `measure(model)`
    may add entries of its own to the result; what a callback adds to an
    epoch's logs lands in the result's history.
    """
    keras.utils.set_random_seed(seed)  # the same data order for every variant
    watch = bool(callbacks) if monitor is None else monitor
    history = model.fit(
        *split.train,
        batch_size=batch_size,
        epochs=epochs,
        validation_data=split.monitor if watch else None,
        validation_batch_size=EVALUATION_BATCH,
        callbacks=list(callbacks),
        verbose=0,
    )
    result = {
        "seed": seed,
        "epochs_run": len(history.history["loss"]),
        "history": {
            k: [float(v) for v in vs] for k, vs in history.history.items()
        },
        "weight_norm": weight_norm(model),
    }
    for part in ("train", "validation", "test"):
        metrics = model.evaluate(
            *getattr(split, part),
            batch_size=EVALUATION_BATCH,
            verbose=0,
            return_dict=True,
        )
        result[f"{part}_accuracy"] = float(metrics["accuracy"])
        result[f"{part}_xent"] = float(metrics["xent"])
    if measure:
        result.update(measure(model))
    return result


def scores(runs, name, key="test_accuracy"):
    """One number per seed, in seed order: what `stats.compare` pairs up."""
    return [result[key] for result in runs[name]]


def best(runs, names, key="validation_accuracy"):
    """The name among `names` with the highest mean `key` over seeds."""
    return max(names, key=lambda name: np.mean(scores(runs, name, key)))


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
