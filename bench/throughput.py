#!/usr/bin/env python3
"""Training throughput of the blog post's network against the machine's matmul speed.

    python bench/throughput.py              # on every core
    python bench/throughput.py --threads 1  # as the build runs each example
    python bench/throughput.py --threads 1 --side-by-side 2  # as --jobs 2 runs them

Prints the FLOP/s of a float32 2048 × 2048 matrix product, then images per
second for an epoch of training (the fastest of three after a warm-up epoch,
so graph tracing is not counted) and the FLOP/s that implies, on the same
threads in the same process: one step per call into the compiled graph, as
the blog pages train, and several (`steps_per_execution`), as the experiment
pages do. Then the other ideas the performance issue asked to try: the time a
new model spends tracing its training step (what reusing a compiled step
across variants would save), a tf.data pipeline with prefetching, and XLA
(jit_compile=True). With --side-by-side, the total throughput of several
trainings at once, as `build_figures.py --jobs` runs examples. Run by
bench/build_bench.py; usable alone.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "examples")]

from sitebuild.settings import THREAD_VARIABLES  # noqa: E402

IMAGES = 12_800
BATCH = 32


def layer_flops():
    """FLOPs (2 per multiply-add) of one image through each layer of the post's net."""
    return {
        "conv1": 28 * 28 * (3 * 3 * 1) * 32 * 2,  # padding "same": 28 x 28 out
        "conv2": 28 * 28 * (3 * 3 * 32) * 16 * 2,
        "dense": 28 * 28 * 16 * 10 * 2,
    }


def training_step_flops():
    """FLOPs of one image's training step.

    The forward pass, then per layer two products of the forward's size: the
    gradient of its weights and the gradient of its input. The first layer's
    input is the image, which needs no gradient (the compiled step prunes
    it). Biases, activations and the optimizer's update (shared by a batch)
    add well under 1% to these and are left out.
    """
    flops = layer_flops()
    return 3 * sum(flops.values()) - flops["conv1"]


def post_net(jit_compile=False, steps_per_execution=1):
    import keras
    from keras import layers

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
    model.compile(
        keras.optimizers.Adam(1e-3),
        "sparse_categorical_crossentropy",
        jit_compile=jit_compile,
        steps_per_execution=steps_per_execution,
    )
    return model


def epochs_seconds(model, feed, repeats=3):
    """Seconds of the first epoch (with tracing) and of the fastest of the next ones."""
    first = _time(lambda: feed(model))
    return first, min(_time(lambda: feed(model)) for _ in range(repeats))


def arrays(x, y):
    """NumPy arrays straight into fit(), as the examples do."""
    return lambda model: model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)


def prefetched(x, y):
    import tensorflow as tf

    def feed(model):
        dataset = (
            tf.data.Dataset.from_tensor_slices((x, y))
            .shuffle(len(x), seed=0)
            .batch(BATCH)
            .prefetch(tf.data.AUTOTUNE)
        )
        model.fit(dataset, epochs=1, verbose=0)

    return feed


def matmul_flops(n=2048, repeats=5):
    import numpy as np

    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    b = np.random.default_rng(1).random((n, n), dtype=np.float32)
    a @ b  # warm-up
    best = min(_time(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best


def _time(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(label):
    from tutorial import data, experiment

    (x, y), _ = data.load_scaled(IMAGES)
    peak = matmul_flops()

    def say(name, value):
        print(f"{name} ({label}): {value}", flush=True)

    say("float32 2048x2048 matmul (numpy)", f"{peak / 1e9:.1f} GFLOP/s")
    grouped = experiment.STEPS_PER_EXECUTION
    for how, steps in (
        ("one step per call, as the blog pages", 1),
        (f"{grouped} steps per call, as the experiment pages", grouped),
    ):
        first, best = epochs_seconds(post_net(steps_per_execution=steps), arrays(x, y))
        images = IMAGES / best
        flops = images * training_step_flops()
        say(
            f"baseline training, {how}",
            f"{images:,.0f} images/s (batch {BATCH}), {flops / 1e9:.1f} GFLOP/s, "
            f"{flops / peak:.0%} of the matmul",
        )
    # Of the last model trained above, set up as the experiment pages' are.
    say("graph tracing of a new model", f"{first - best:.2f} s, once per model")
    for name, model, feed in (
        ("tf.data with prefetch", post_net(), prefetched(x, y)),
        ("XLA (jit_compile=True)", post_net(jit_compile=True), arrays(x, y)),
    ):
        _, seconds = epochs_seconds(model, feed)
        say(
            f"training fed by {name}, one step per call",
            f"{IMAGES / seconds:,.0f} images/s",
        )


def training_only():
    """Images per second of the post's net as the experiments train it, printed alone."""
    from tutorial import data, experiment

    (x, y), _ = data.load_scaled(IMAGES)
    grouped = experiment.STEPS_PER_EXECUTION
    _, seconds = epochs_seconds(post_net(steps_per_execution=grouped), arrays(x, y))
    print(IMAGES / seconds)


def side_by_side(copies, threads):
    """Total images per second of `copies` trainings started together, as --jobs runs them."""
    command = [sys.executable, __file__, "--training-only"]
    command += ["--threads", str(threads)] if threads else []
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        for _ in range(copies)
    ]
    total = sum(float(process.communicate()[0]) for process in processes)
    each = f"{threads} thread(s)" if threads else "all cores"
    print(
        f"baseline training as the experiment pages run it, {copies} side by "
        f"side on {each} each: "
        f"{total:,.0f} images/s in total",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threads", type=int, help="CPU threads for TensorFlow and BLAS (default: all)"
    )
    parser.add_argument(
        "--side-by-side",
        type=int,
        metavar="N",
        help="train N copies at once and print their total throughput",
    )
    parser.add_argument("--training-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side_by_side:
        return side_by_side(args.side_by_side, args.threads)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for variable in THREAD_VARIABLES:
        # Read once, when the libraries load: set before importing them.
        if args.threads:
            os.environ[variable] = str(args.threads)
        else:
            os.environ.pop(variable, None)
    if args.training_only:
        return training_only()
    measure(f"{args.threads} thread(s)" if args.threads else "all cores")


if __name__ == "__main__":
    main()
