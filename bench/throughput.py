#!/usr/bin/env python3
"""Training throughput of the blog post's network against the machine's matmul speed.

    python bench/throughput.py              # on every core
    python bench/throughput.py --threads 1  # as the build runs each example
    python bench/throughput.py --threads 1 --side-by-side 2  # as --jobs 2 runs them

First the machine: CPU model, vector instruction sets, load, the thread and
kernel settings, library versions and the BLAS kernel, which decide what the
figures come out as (one 2-core machine gave training less than half the
share of the matmul that another gave). Then, on the same threads in the
same process, each alternative against its reference, interleaved (A B A B
...) for --rounds rounds so that a change in the machine's speed hits both
alike, and reported as the median ratio of the paired rounds with their
range:

- one step per call into the compiled graph, as the blog pages train, and
  several (`steps_per_execution`), as the experiment pages do, with a float32
  2048 x 2048 matmul in the same rounds for the FLOP/s they reach;
- a tf.data pipeline with prefetching against NumPy arrays;
- XLA (jit_compile=True) against none.

Each epoch runs on an already traced model. The tracing of a new model's
training step (what reusing a compiled step across variants would save) is
timed on its own: the first training call of fresh models on one batch,
minimum and median. With --side-by-side, the total throughput of several
trainings at once, as `build_figures.py --jobs` runs examples. Nothing is
asserted: these are figures to read, on the machine they were taken on. Run
by bench/build_bench.py; usable alone.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "examples")]

import machine  # noqa: E402

from sitebuild.settings import THREAD_VARIABLES  # noqa: E402

IMAGES = 12_800
BATCH = 32
MATMUL_SIZE = 2048


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


def traced_epoch(model, feed):
    """A function timing one epoch of `model` on `feed`; the first (tracing) epoch runs here."""
    feed(model)
    return lambda: _time(lambda: feed(model))


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
        model.fit(dataset, epochs=1, verbose=0, shuffle=False)  # shuffled above

    return feed


def matmul(n=MATMUL_SIZE, repeats=3):
    """A function timing the fastest of `repeats` float32 n x n products."""
    import numpy as np

    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    b = np.random.default_rng(1).random((n, n), dtype=np.float32)
    a @ b  # warm-up
    return lambda: min(_time(lambda: a @ b) for _ in range(repeats))


def interleaved(runs, rounds):
    """Seconds of each run, round by round, in the same order each round (A B A B ...).

    Each run is a function returning the seconds of what it timed.
    """
    seconds = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            seconds[name].append(run())
    return seconds


def spread(values, fmt):
    """Median with the range of the rounds, e.g. '1.25x (1.20-1.31, 5 rounds)'."""
    low, high = min(values), max(values)
    median = statistics.median(values)
    return f"{fmt.format(median)} ({fmt.format(low)}-{fmt.format(high)}, {len(values)} rounds)"


def ratios(numerator, denominator):
    """Round-by-round ratios of paired measurements."""
    return [a / b for a, b in zip(numerator, denominator, strict=True)]


def _time(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


class Report:
    """Prints one line per figure, labelled with the threads it was taken on."""

    def __init__(self, label):
        self.label = label

    def __call__(self, name, value):
        print(f"{name} ({self.label}): {value}", flush=True)


def measure(say, rounds):
    from tutorial import data, experiment

    (x, y), _ = data.load_scaled(IMAGES)
    say("BLAS under numpy", machine.blas())
    grouped = experiment.STEPS_PER_EXECUTION
    bench_steps_per_call(say, x, y, grouped, rounds)
    bench_tracing(say, x[:BATCH], y[:BATCH], grouped, rounds)
    bench_alternatives(say, x, y, rounds)
    say("load average after (1, 5, 15 min)", machine.load_average())


def bench_steps_per_call(say, x, y, grouped, rounds):
    """One and `grouped` steps per graph call, against the matmul, in the same rounds."""
    runs = {
        "one step per call, as the blog pages": traced_epoch(post_net(), arrays(x, y)),
        f"{grouped} steps per call, as the experiment pages": traced_epoch(
            post_net(steps_per_execution=grouped), arrays(x, y)
        ),
        "matmul": matmul(),
    }
    seconds = interleaved(runs, rounds)
    peak = [2 * MATMUL_SIZE**3 / s for s in seconds.pop("matmul")]
    say(
        f"float32 {MATMUL_SIZE}x{MATMUL_SIZE} matmul (numpy)",
        spread([flops / 1e9 for flops in peak], "{:.1f}") + " GFLOP/s",
    )
    for how, times in seconds.items():
        images = [IMAGES / s for s in times]
        say(
            f"baseline training, {how}",
            spread(images, "{:,.0f}")
            + f" images/s (batch {BATCH}); "
            + spread(
                ratios([i * training_step_flops() for i in images], peak), "{:.0%}"
            )
            + " of the matmul's FLOP/s",
        )
    one, many = seconds.values()
    say(
        f"training speed with {grouped} steps per call / one step per call",
        spread(ratios(one, many), "{:.2f}x"),
    )


def bench_tracing(say, x, y, grouped, models):
    """Seconds of a new model's first training call on one batch: mostly tracing its step.

    Timed as it is, with nothing subtracted, so it cannot come out negative;
    the first call also runs the one step, whose own time is printed with it.
    """
    import keras

    first, again = [], []
    for _ in range(models):
        keras.backend.clear_session()
        step = partial(post_net(steps_per_execution=grouped).train_on_batch, x, y)
        first.append(_time(step))
        again.append(_time(step))
    say(
        "graph tracing of a new model (first training call on one batch)",
        f"min {min(first):.2f} s, median {statistics.median(first):.2f} s "
        f"over {models} models; the same call once traced: "
        f"median {statistics.median(again) * 1e3:.1f} ms",
    )


def bench_alternatives(say, x, y, rounds):
    """Each idea tried against the plain set-up, one step per call, interleaved."""
    for name, model, feed in (
        ("tf.data with prefetch / NumPy arrays", post_net(), prefetched(x, y)),
        ("XLA (jit_compile=True) / none", post_net(jit_compile=True), arrays(x, y)),
    ):
        runs = {
            "reference": traced_epoch(post_net(), arrays(x, y)),
            "alternative": traced_epoch(model, feed),
        }
        seconds = interleaved(runs, rounds)
        say(
            f"training speed with {name}, one step per call",
            spread(ratios(seconds["reference"], seconds["alternative"]), "{:.2f}x"),
        )


def training_only():
    """Images per second of the post's net as the experiments train it, printed alone."""
    from tutorial import data, experiment

    (x, y), _ = data.load_scaled(IMAGES)
    model = post_net(steps_per_execution=experiment.STEPS_PER_EXECUTION)
    epoch = traced_epoch(model, arrays(x, y))
    print(IMAGES / min(_time(epoch) for _ in range(3)))


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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threads", type=int, help="CPU threads for TensorFlow and BLAS (default: all)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        metavar="N",
        help="interleaved rounds of each comparison, and new models traced "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--side-by-side",
        type=int,
        metavar="N",
        help="train N copies at once and print their total throughput",
    )
    # bench/build_bench.py prints the machine once for all its parts.
    parser.add_argument("--no-machine", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--training-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main():
    args = parse_args()
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
    say = Report(f"{args.threads} thread(s)" if args.threads else "all cores")
    for label, value in machine.run_facts() if args.no_machine else machine.facts():
        say(label, value)
    measure(say, args.rounds)


if __name__ == "__main__":
    main()
