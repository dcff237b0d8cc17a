"""The overfitting set-up shared by the experiment pages.

A small training subset and many epochs, so that the plain network overfits;
the standard 10,000-image validation split (the last 10,000 training images,
never trained on) to watch it happen; and the test set, kept untouched until
a model is final. Every variant is the blog post's network with one
regularizer switched on, trained from the same seeds, repeated over several
seeds so that differences can be told from noise.
"""

from dataclasses import dataclass, field

import keras
import numpy as np
from keras import layers

from . import data

VALIDATION_SIZE = 10_000
# Evaluation (validation after every epoch, then the final accuracies) is
# most of an experiment's run time. On one CPU thread, batches of 500 went
# through the validation split ~15% faster than batches of 1,000 (a whole
# run: 3-7%), with identical results.
EVALUATION_BATCH = 500
# Steps of training or evaluation per call into TensorFlow's compiled graph.
# The post's network is so small that Python's dispatch of each step is a
# large part of its cost; running 16 per call saves most of it
# (bench/throughput.py prints the gain). The steps are the same, and so are
# the results, bit for bit (tests/test_experiment.py checks).
STEPS_PER_EXECUTION = 16


@dataclass
class Split:
    train: tuple
    validation: tuple
    test: tuple


def split(train_size, validation_size=VALIDATION_SIZE, test_size=None):
    """The first `train_size` training images, a validation split held out, the test set."""
    (x, y), (x_test, y_test) = data.load_scaled()
    # The standard validation split is the *last* 10,000 training images;
    # a smaller validation set (fast mode) is taken from its start.
    start = len(x) - VALIDATION_SIZE
    validation = (
        x[start : start + validation_size],
        y[start : start + validation_size],
    )
    return Split(
        train=(x[:train_size], y[:train_size]),
        validation=validation,
        test=(x_test[:test_size], y_test[:test_size]),
    )


@dataclass
class Variant:
    """One regularized version of the post's network; defaults give the baseline."""

    name: str
    color: str = "baseline"
    dropout: float = 0.0
    regularizer: object = None  # applied to every kernel, dense included
    augment: bool = False
    label_smoothing: float = 0.0
    early_stopping: bool = False
    optimizer: object = None  # a callable returning a fresh optimizer
    filters: tuple = (32, 16)


def build(variant, seed):
    """The network of `variant`, compiled, with initial weights fixed by `seed`."""
    keras.utils.set_random_seed(seed)
    stack = [keras.Input(shape=(28, 28, 1))]
    if variant.augment:
        # Preprocessing layers are active in training only: each epoch sees
        # slightly moved, turned and scaled digits.
        stack += [
            layers.RandomRotation(0.05),
            layers.RandomTranslation(0.1, 0.1),
            layers.RandomZoom(0.1),
        ]
    for filters in variant.filters:
        stack.append(
            layers.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                kernel_regularizer=variant.regularizer,
            )
        )
        if variant.dropout:
            stack.append(layers.Dropout(variant.dropout))
    stack += [
        layers.Flatten(),
        layers.Dense(
            10, activation="softmax", kernel_regularizer=variant.regularizer
        ),
    ]
    model = keras.Sequential(stack)
    optimizer = (
        variant.optimizer()
        if variant.optimizer
        else keras.optimizers.Adam(1e-3)
    )
    model.compile(
        optimizer=optimizer,
        loss=_loss(variant.label_smoothing),
        # The cross-entropy alone, comparable across variants whatever their
        # loss adds (a penalty) or changes (smoothed labels).
        metrics=[
            "accuracy",
            keras.metrics.SparseCategoricalCrossentropy(name="xent"),
        ],
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return model


def _loss(label_smoothing):
    if not label_smoothing:
        return "sparse_categorical_crossentropy"

    def smoothed_crossentropy(y_true, y_pred):
        one_hot = keras.ops.one_hot(
            keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32"), 10
        )
        return keras.losses.categorical_crossentropy(
            one_hot, y_pred, label_smoothing=label_smoothing
        )

    return smoothed_crossentropy


@dataclass
class Run:
    """What one training run of one variant and seed produced."""

    variant: str
    seed: int
    history: dict
    test_accuracy: float
    train_accuracy: (
        float  # final weights, evaluated without dropout or augmentation
    )
    validation_accuracy: float
    weight_norm: float
    epochs_run: int
    model: object = field(default=None, repr=False)

    @property
    def best_epoch(self):
        return int(np.argmax(self.history["val_accuracy"])) + 1

    @property
    def best_validation_accuracy(self):
        return float(np.max(self.history["val_accuracy"]))

    @property
    def gap(self):
        """Generalization gap of the final model: training minus validation accuracy."""
        return self.train_accuracy - self.validation_accuracy


def train(variant, seed, split, epochs, batch_size=32, callbacks=()):
    """Train one variant from one seed; evaluate the final model on every split.

    `callbacks` are added to the variant's own (early stopping); the trained
    model stays available as `run.model`.
    """
    model = build(variant, seed)
    callbacks = list(callbacks)
    if variant.early_stopping:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_xent", patience=5, restore_best_weights=True
            )
        )
    history = model.fit(
        *split.train,
        batch_size=batch_size,
        epochs=epochs,
        validation_data=split.validation,
        validation_batch_size=EVALUATION_BATCH,
        callbacks=callbacks,
        verbose=0,
    )
    return Run(
        variant=variant.name,
        seed=seed,
        history={
            k: [float(v) for v in vs] for k, vs in history.history.items()
        },
        test_accuracy=_accuracy(model, split.test),
        train_accuracy=_accuracy(model, split.train),
        validation_accuracy=_accuracy(model, split.validation),
        weight_norm=weight_norm(model),
        epochs_run=len(history.history["loss"]),
        model=model,
    )


def _accuracy(model, xy):
    return float(
        model.evaluate(
            *xy, batch_size=EVALUATION_BATCH, verbose=0, return_dict=True
        )["accuracy"]
    )


def kernels(model):
    """Every kernel of the model as a NumPy array (the biases left out)."""
    return [
        keras.ops.convert_to_numpy(w)
        for w in model.trainable_weights
        if w.name == "kernel"
    ]


def weight_norm(model):
    """The L2 norm of all kernels together (biases left out, as the penalties do)."""
    return float(np.sqrt(sum(np.sum(np.square(k)) for k in kernels(model))))


def mean_std(values):
    """'mean ± std' over seeds, as text."""
    values = np.asarray(values, dtype=float)
    return f"{values.mean():.4f} ± {values.std(ddof=1) if len(values) > 1 else 0.0:.4f}"
