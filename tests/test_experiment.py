"""The experiment helpers: running several steps per graph call changes no result."""

import pytest

from tutorial import experiment


def histories(variant, steps_per_execution, monkeypatch):
    monkeypatch.setattr(experiment, "STEPS_PER_EXECUTION", steps_per_execution)
    # 600 images in batches of 32 are 19 steps an epoch: a call of 16, then
    # one of 3 ending on a short batch, as a real run's epochs end.
    split = experiment.split(600, validation_size=500, test_size=500)
    run = experiment.train(variant, seed=1, split=split, epochs=3)
    assert run.model.steps_per_execution == steps_per_execution
    return run.history, run.test_accuracy, run.weight_norm


@pytest.mark.parametrize(
    "variant",
    [
        experiment.Variant("dropout", dropout=0.5),  # random masks
        experiment.Variant("augmented", augment=True),  # random transforms
    ],
    ids=lambda variant: variant.name,
)
def test_steps_per_execution_gives_the_same_run_bit_for_bit(variant, monkeypatch):
    assert experiment.STEPS_PER_EXECUTION > 1
    one_at_a_time = histories(variant, 1, monkeypatch)
    batched = histories(variant, experiment.STEPS_PER_EXECUTION, monkeypatch)
    assert batched == one_at_a_time
