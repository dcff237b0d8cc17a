"""The Keras facts the penalty pages state are what Keras does.

The pages l1_vs_l2, adamw and weight_decay state them from their own
runs (read here from the session's fast build); two facts about Keras's
API are checked on Keras directly, with a model of a few weights.
"""

import keras
import numpy as np
import pytest
from test_claims import outputs_of, recorded_values

from sitebuild import layout


def test_one_weight_under_adam_l2_converges_and_under_l1_jitters(fast_build):
    out, _ = fast_build
    values = recorded_values(out, "l1_vs_l2")
    rate, end = values["learning_rate"], values["end"]
    assert end["adam_l2"] < 1e-3 * rate  # converged, far below one step
    low, high = values["adam_l1_tail"]
    assert high < rate and high > 10 * low  # jitters within one step of zero
    assert end["adam_l2"] < end["adam_l1"]
    assert values["adam_l2_crossings"] >= 1


def test_one_weight_under_sgd_l2_shrinks_by_a_constant_fraction(fast_build):
    out, _ = fast_build
    values = recorded_values(out, "l1_vs_l2")
    factor = 1 - 2 * values["sgd_rate"] * values["lam"]
    assert values["sgd_factor"] == pytest.approx(factor)
    expected = values["start"] * factor ** values["steps"]
    assert values["end"]["sgd_l2"] == pytest.approx(expected, rel=1e-4)
    assert values["end"]["sgd_l1"] <= values["sgd_step"]


def test_under_sgd_a_penalty_is_decay_only_with_the_bias_left_out(fast_build):
    out, _ = fast_build
    gaps = recorded_values(out, "adamw")["gaps"]
    assert gaps["sgd_float64"] < 1e-12  # round-off, in double precision
    assert gaps["sgd_bias_float64"] > 1e-8  # the bias's decay is real
    assert gaps["sgd"] < gaps["sgd_bias"]


def test_adamw_is_adam_with_a_required_decay_of_every_variable():
    assert issubclass(keras.optimizers.AdamW, keras.optimizers.Adam)
    assert keras.optimizers.Adam().weight_decay is None
    assert keras.optimizers.AdamW().weight_decay == 0.004
    with pytest.raises(ValueError):
        keras.optimizers.AdamW(weight_decay=None)
    weights = [keras.Variable(np.ones(2, "float32"), name=n) for n in "ab"]
    decaying = keras.optimizers.Adam(learning_rate=0.1, weight_decay=0.5)
    decaying.apply_gradients([(np.zeros(2, "float32"), w) for w in weights])
    assert [float(w.numpy()[0]) for w in weights] == pytest.approx([0.95] * 2)


def test_batch_callbacks_see_one_call_of_16_steps():
    ends = []

    class Ends(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            ends.append(batch)

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", steps_per_execution=16)
    x = np.zeros((40 * 32, 1), "float32")
    model.fit(x, x, batch_size=32, epochs=1, verbose=0, callbacks=[Ends()])
    assert ends == [15, 31, 47]  # the last call, 8 steps, still says 47


def test_the_penalty_models_start_from_the_same_weights(fast_build):
    out, _ = fast_build
    printed = outputs_of(layout.on_disk(out, "weight_decay").page, "def build_model")
    assert (
        "same initial weights as the unregularized model: "
        "[True, True, True, True]" in printed
    )
