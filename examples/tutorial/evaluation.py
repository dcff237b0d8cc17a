"""Evaluate trained models the same way on every page.

The log of `fit` averages each metric over an epoch while the weights were
still changing; evaluating the final weights on the training and the test set
gives numbers that can be compared with each other.
"""

from . import report

COLUMNS = ("train loss", "train accuracy", "test loss", "test accuracy")


def evaluate(models, train, test):
    """{name: {column: value}} for each model in `models` ({name: model})."""
    results = {}
    for name, model in models.items():
        train_loss, train_accuracy = model.evaluate(*train, verbose=0)
        test_loss, test_accuracy = model.evaluate(*test, verbose=0)
        results[name] = dict(
            zip(
                COLUMNS,
                (train_loss, train_accuracy, test_loss, test_accuracy),
                strict=True,
            )
        )
    return results


def table(results):
    """The results as a Markdown table, one row per model."""
    rows = [
        [name, *(f"{values[column]:.4f}" for column in COLUMNS)]
        for name, values in results.items()
    ]
    return report.table(["model", *COLUMNS], rows)
