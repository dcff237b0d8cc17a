#!/usr/bin/env python3
"""Training throughput of the blog post's network against the machine's matmul speed.

Prints images per second for one epoch of training (after a warm-up epoch, so
graph tracing is not counted), the FLOP/s that implies, and the FLOP/s of a
float32 2048 × 2048 matrix product measured in the same process. Run by
bench/build_bench.py; usable alone.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from tutorial import data  # noqa: E402

IMAGES = 12_800
BATCH = 32


def forward_flops():
    """Multiply-adds ×2 of one image through the post's net (padding "same")."""
    conv1 = 28 * 28 * (3 * 3 * 1) * 32 * 2
    conv2 = 28 * 28 * (3 * 3 * 32) * 16 * 2
    dense = 28 * 28 * 16 * 10 * 2
    return conv1 + conv2 + dense


def training_images_per_second():
    (x, y), _ = data.load_scaled(IMAGES)
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)  # warm-up: tracing
    started = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    return IMAGES / (time.perf_counter() - started)


def matmul_flops(n=2048, repeats=5):
    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    b = np.random.default_rng(1).random((n, n), dtype=np.float32)
    a @ b  # warm-up
    best = min(_time(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best


def _time(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main():
    images = training_images_per_second()
    # A training step costs about three forward passes (forward, and the
    # backward pass's two products per layer).
    achieved = images * 3 * forward_flops()
    peak = matmul_flops()
    print(f"baseline training throughput: {images:,.0f} images/s (batch {BATCH})")
    print(f"baseline training FLOP/s: {achieved / 1e9:.1f} GFLOP/s")
    print(f"float32 2048x2048 matmul (numpy): {peak / 1e9:.1f} GFLOP/s")
    print(f"training / matmul: {achieved / peak:.0%}")


if __name__ == "__main__":
    main()
