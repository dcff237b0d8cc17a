"""The protocol of the experiment pages, defined once.

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
