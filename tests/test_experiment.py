"""The experiment protocol: paired seeds, and the speed-ups that change no result.

- A seed gives every variant the same initial weights, whatever layers it
  adds, and the same order of training data.
- Reusing one compiled model across seeds, and 16 steps per graph call,
  give the same numbers bit for bit as a fresh model and one step a call.
"""

import keras
import numpy as np
import pytest
from keras import layers, regularizers

from tutorial import experiment

SEEDS = [1, 2]


def build_model(seed, dropout=0.0, augment=False, penalty=None):
    """The experiment pages' way of building a variant (overfitting.py's, shortened)."""
    init = keras.initializers.GlorotUniform(seed=keras.random.SeedGenerator(seed))
    stack = [keras.Input(shape=(28, 28, 1))]
    if augment:
        stack += [
            layers.RandomRotation(0.05, seed=seed),
            layers.RandomTranslation(0.1, 0.1, seed=seed + 1),
        ]
    for n, filters in enumerate((8, 4)):
        stack.append(layers.Conv2D(filters, 3, padding="same", activation="relu",
                                   kernel_initializer=init, kernel_regularizer=penalty))  # fmt: skip
        if dropout:
            stack.append(layers.Dropout(dropout, seed=seed + 10 + n))
    stack += [layers.Flatten(),
              layers.Dense(10, activation="softmax", kernel_initializer=init)]  # fmt: skip
    model = keras.Sequential(stack)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", **experiment.compile_options())  # fmt: skip
    return model


@pytest.fixture(scope="module")
def split():
    # 600 images in batches of 32 are 19 steps an epoch: a call of 16, then
    # one of 3 ending on a short batch, as a real run's epochs end.
    return experiment.split(600, validation_size=300, test_size=300)


def kernels_of(model):
    return [w.numpy() for w in model.weights if w.name == "kernel"]


@pytest.mark.parametrize(
    "options", [{"dropout": 0.5}, {"augment": True}, {"penalty": regularizers.l2(1e-3)}]
)
def test_a_seed_gives_every_variant_the_same_initial_weights(options):
    keras.utils.set_random_seed(0)
    plain = kernels_of(build_model(3))
    keras.utils.set_random_seed(99)  # the global seed does not matter
    variant = kernels_of(build_model(3, **options))
    assert all(np.array_equal(a, b) for a, b in zip(plain, variant, strict=True))
    assert not np.array_equal(plain[0], kernels_of(build_model(4))[0])


def test_a_seed_gives_every_variant_the_same_data_order(split):
    # A zero penalty and a zero-rate dropout layer change nothing but the
    # model's structure: trained from the same seed, they must end exactly
    # where the plain model does, which they can only do on the same batches.
    variants = {
        "plain": build_model,
        "zero penalty": lambda seed: build_model(seed, penalty=regularizers.l2(0.0)),
    }
    runs = experiment.run_all(variants, split, epochs=2, seeds=SEEDS, log=lambda _: 0)
    for key in ("history", "test_accuracy", "weight_norm"):
        assert experiment.scores(runs, "plain", key) == experiment.scores(
            runs, "zero penalty", key
        )


def fresh_runs(build, split, callbacks=None):
    """What run_all would give if it built a new model for every seed."""
    return [
        experiment.fit_and_score(
            build(seed), seed, split, 3, callbacks() if callbacks else ()
        )  # fmt: skip
        for seed in SEEDS
    ]


@pytest.mark.parametrize(
    "variant",
    [
        lambda seed: build_model(seed, dropout=0.5),  # random masks
        lambda seed: build_model(seed, augment=True),  # random transforms
        (
            build_model,
            lambda: [
                keras.callbacks.EarlyStopping(
                    "val_accuracy", patience=1, restore_best_weights=True
                )
            ],
        ),  # fmt: skip
    ],
    ids=["dropout", "augmentation", "early stopping"],
)
def test_one_compiled_model_for_all_seeds_gives_fresh_models_results(split, variant):
    reused = experiment.run_all({"v": variant}, split, 3, seeds=SEEDS, log=lambda _: 0)
    build, callbacks = variant if isinstance(variant, tuple) else (variant, None)
    assert reused["v"] == fresh_runs(build, split, callbacks)


@pytest.mark.parametrize("steps", [1, 16])
def test_steps_per_execution_changes_no_result(split, steps, monkeypatch):
    monkeypatch.setattr(experiment, "STEPS_PER_EXECUTION", steps)
    model = build_model(1, dropout=0.5)
    assert model.steps_per_execution == steps
    result = experiment.fit_and_score(model, 1, split, 3)
    monkeypatch.setattr(experiment, "STEPS_PER_EXECUTION", 16 if steps == 1 else 1)
    other = experiment.fit_and_score(build_model(1, dropout=0.5), 1, split, 3)
    assert result == other
