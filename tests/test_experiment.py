"""The experiment protocol: independent seed streams, paired variants, and the
speed-ups that change no result.

- A run's seed splits into streams that never coincide, across purposes and
  seeds; a seed gives every variant the same initial weights, whatever layers
  it adds, and the same order of training data.
- Reusing one compiled model across seeds, 16 steps per graph call, watching
  the validation images, and reading a run back from the run store give the
  same numbers bit for bit as a fresh model trained alone.
- The store's key changes with everything that decides a run, and with
  nothing else; its ledger says what each run cost, where the build reads it.
"""

import itertools
import json
import os

import keras
import numpy as np
import pytest
from keras import layers, regularizers

from sitebuild import settings
from tutorial import experiment, runstore
from tutorial.seeds import PURPOSES, Streams

# Not tuning seeds: run_all scores these runs on the test set too.
SEEDS = [7, 8]


def metrics():
    """A page's metrics, made afresh for each model (a metric holds state)."""
    return ["accuracy", keras.metrics.SparseCategoricalCrossentropy(name="xent")]


def build_model(seed, dropout=0.0, augment=False, l2=None, lr=1e-3, steps=16):
    """The experiment pages' way of building a variant (overfitting.py's, shortened)."""
    streams = Streams(seed)
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(streams.initializers)
    )
    penalty = None if l2 is None else regularizers.L2(l2)
    stack = [keras.Input(shape=(28, 28, 1))]
    if augment:
        stack += [
            layers.RandomRotation(0.05, seed=streams.augmentation(0)),
            layers.RandomTranslation(0.1, 0.1, seed=streams.augmentation(1)),
        ]
    for n, filters in enumerate((8, 4)):
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
            stack.append(layers.Dropout(dropout, seed=streams.dropout(n)))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(lr),
        loss="sparse_categorical_crossentropy",
        metrics=metrics(),
        steps_per_execution=steps,
    )
    return model


def stopping():
    return [
        keras.callbacks.EarlyStopping(
            "val_accuracy", patience=1, restore_best_weights=True
        )
    ]


VARIANTS = {
    "dropout": experiment.Variant("dropout", build_model, {"dropout": 0.5}),
    "augmentation": experiment.Variant("augmentation", build_model, {"augment": True}),
    "early stopping": experiment.Variant(
        "early stopping", build_model, callbacks=stopping
    ),
}


@pytest.fixture(scope="module")
def split():
    # 600 images in batches of 32 are 19 steps an epoch: a call of 16, then
    # one of 3 ending on a short batch, as a real run's epochs end.
    return experiment.split(600, validation_size=300, test_size=300)


@pytest.fixture
def no_store(monkeypatch):
    monkeypatch.delenv(runstore.STORE_VARIABLE, raising=False)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(runstore.STORE_VARIABLE, str(tmp_path / "runs"))
    return tmp_path / "runs"


def quiet(_):
    return None


def same(first, second):
    """Two lists of run results, equal to the last bit (packed arrays included)."""
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        assert set(a) == set(b)
        for key in a:
            if isinstance(a[key], np.ndarray):
                assert np.array_equal(a[key], b[key]), key
            else:
                assert a[key] == b[key], key


def kernels_of(model):
    return [w.numpy() for w in model.weights if w.name == "kernel"]


def test_no_two_streams_coincide_for_seeds_1_to_40():
    drawn = [
        Streams(seed).draw(purpose, n)
        for seed, purpose, n in itertools.product(range(1, 41), PURPOSES, range(8))
    ]
    assert len(set(drawn)) == len(drawn)
    assert all(0 <= value < 2**31 for value in drawn)


@pytest.mark.parametrize("options", [{"dropout": 0.5}, {"augment": True}, {"l2": 1e-3}])
def test_a_seed_gives_every_variant_the_same_initial_weights(options):
    keras.utils.set_random_seed(0)
    plain = kernels_of(build_model(3))
    keras.utils.set_random_seed(99)  # the global seed does not matter
    variant = kernels_of(build_model(3, **options))
    assert all(np.array_equal(a, b) for a, b in zip(plain, variant, strict=True))
    assert not np.array_equal(plain[0], kernels_of(build_model(4))[0])


def test_two_dropout_layers_draw_different_masks():
    model = build_model(3, dropout=0.5)
    ones = np.ones((1, 28, 28, 8), "float32")
    first, second = [
        layer for layer in model.layers if isinstance(layer, layers.Dropout)
    ]
    assert not np.array_equal(
        np.asarray(first(ones, training=True)) > 0,
        np.asarray(second(ones, training=True)) > 0,
    )


def test_a_zero_penalty_trains_exactly_as_no_penalty(split, no_store):
    # l2(0.0) changes nothing but the model's structure: trained from the
    # same seed it must end exactly where the plain model does, which it can
    # only do on the same batches.
    variants = [
        experiment.Variant("plain", build_model),
        experiment.Variant("zero penalty", build_model, {"l2": 0.0}),
    ]
    runs = experiment.run_all(variants, split, 2, SEEDS, log=quiet)
    same(runs["plain"], runs["zero penalty"])


_FRESH = {}  # (variant, monitor) -> its fresh runs: two tests compare with them


def fresh_runs(variant, split, monitor):
    """What run_all would give if it built a new model for every seed.

    Trained once per module for each variant: the tests only read them.
    """
    if (variant.name, monitor) not in _FRESH:
        _FRESH[variant.name, monitor] = [
            experiment.train_and_score(
                variant.model(seed), seed, split, 3, variant.fresh_callbacks(), monitor
            )
            for seed in SEEDS
        ]
    return _FRESH[variant.name, monitor]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_one_compiled_model_for_all_seeds_gives_fresh_models_results(
    split, no_store, name
):
    variant = VARIANTS[name]
    reused = experiment.run_all([variant], split, 3, SEEDS, log=quiet)
    same(reused[name], fresh_runs(variant, split, bool(variant.callbacks)))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_stored_run_equals_a_fresh_one(split, store, name):
    variant = VARIANTS[name]

    def measure(model, _):
        return {"norm": experiment.weight_norm(model)}

    trained = experiment.run_all([variant], split, 3, SEEDS, measure=measure, log=quiet)
    assert len(list(store.rglob("*.npz"))) == len(SEEDS)
    read = experiment.run_all([variant], split, 3, SEEDS, measure=measure, log=quiet)
    same(read[name], trained[name])
    fresh = fresh_runs(variant, split, bool(variant.callbacks))
    same([{k: v for k, v in r.items() if k != "norm"} for r in read[name]], fresh)
    assert [r["norm"] for r in read[name]] == [r["weight_norm"] for r in fresh]
    # The ledger notes each run once as trained, then once as read, with
    # the seconds its training took: what the store saved the second call.
    noted = [
        json.loads(line)
        for line in runstore.ledger_path(store, os.getpid()).read_text().splitlines()
    ]
    assert [list(n) for n in noted] == [["trained"]] * 2 + [["loaded"]] * 2
    assert [n["trained"] for n in noted[:2]] == [n["loaded"] for n in noted[2:]]
    assert all(n["trained"] > 0 for n in noted[:2])


def test_the_build_reads_the_ledger_the_helpers_write(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "RUN_STORE", str(tmp_path))
    assert settings.run_ledger(123) == runstore.ledger_path(tmp_path, 123)
    monkeypatch.setattr(settings, "RUN_STORE", "")  # no store: no ledger
    assert settings.run_ledger(123) is None


def test_the_tuning_runs_never_see_the_test_set(split, no_store):
    plain = experiment.Variant("plain", build_model)
    seeds = experiment.TUNING_SEEDS[:2]
    runs = experiment.run_all([plain], split, 1, seeds, log=quiet)
    assert all(not any(k.startswith("test") for k in r) for r in runs["plain"])
    seen = []
    experiment.run_all(
        [plain],
        split,
        1,
        seeds,
        measure=lambda _, s: seen.append(s.test) or {},
        log=quiet,
    )
    assert seen == [None, None]  # what a page measures does not see it either
    confirmed = experiment.run_all(
        [plain], split, 1, experiment.CONFIRMATION_SEEDS[:1], log=quiet
    )
    assert "test_accuracy" in confirmed["plain"][0]


def test_watching_validation_changes_no_training(split, no_store):
    plain = experiment.Variant("plain", build_model, {"dropout": 0.5})
    watched = experiment.run_all([plain], split, 3, SEEDS, monitor=True, log=quiet)
    unwatched = experiment.run_all([plain], split, 3, SEEDS, monitor=False, log=quiet)
    for a, b in zip(watched["plain"], unwatched["plain"], strict=True):
        assert a["test_accuracy"] == b["test_accuracy"]
        assert np.array_equal(a["test_correct"], b["test_correct"])
        assert "val_accuracy" in a["history"] and "val_accuracy" not in b["history"]


@pytest.mark.parametrize("steps", [1, 16])
def test_steps_per_execution_changes_no_result(split, steps):
    one = experiment.train_and_score(
        build_model(1, dropout=0.5, steps=steps), 1, split, 3
    )
    other = experiment.train_and_score(
        build_model(1, dropout=0.5, steps=17 - steps), 1, split, 3
    )
    same([one], [other])


def key_of(split, epochs=2, callbacks=(), monitor=False, **options):
    training = {"epochs": epochs, "batch_size": 32, "monitor": monitor}
    return runstore.key(build_model(1, **options), list(callbacks), split, training)


def test_the_store_key_follows_what_decides_a_run(split):
    reference = key_of(split)
    keras.backend.clear_session()  # new layer names ("conv2d_57"): the same run
    assert key_of(split) == reference
    different = {
        "a rate": key_of(split, dropout=0.5),
        "a penalty": key_of(split, l2=1e-3),
        "a learning rate": key_of(split, lr=1e-2),
        "the epochs": key_of(split, epochs=3),
        "watching validation": key_of(split, monitor=True),
        "a callback": key_of(split, callbacks=stopping()),
        "the data": key_of(experiment.split(500, validation_size=300, test_size=300)),
    }
    assert reference not in different.values()
    assert len(set(different.values())) == len(different)
    model = build_model(2)
    assert runstore.key(model, [], split, {"epochs": 2}) != runstore.key(
        build_model(1), [], split, {"epochs": 2}
    )


def test_the_store_key_sees_decay_exclusions(split):
    def with_decay(exclude):
        model = build_model(1)
        optimizer = keras.optimizers.AdamW(1e-3, weight_decay=0.1)
        if exclude:
            optimizer.exclude_from_weight_decay(var_names=["bias"])
        model.compile(
            optimizer=optimizer,
            loss="sparse_categorical_crossentropy",
            metrics=metrics(),
        )
        return runstore.key(model, [], split, {"epochs": 2})

    assert with_decay(True) != with_decay(False)


def test_steps_must_divide_into_whole_epochs():
    assert experiment.epochs_for(1_000, 640) == 20  # 32 steps an epoch, the last short
    assert experiment.epochs_for(4_096, 640) == 5
    with pytest.raises(ValueError, match="do not divide"):
        experiment.epochs_for(2_000, 640)
