#!/usr/bin/env python3
"""Benchmark the build: print one line per figure (not a test; nothing is asserted).

    .venv/bin/python bench/build_bench.py            # fast builds, overhead, throughput, site
    .venv/bin/python bench/build_bench.py --full     # also a cold full build (minutes)
    .venv/bin/python bench/build_bench.py --only overhead --repeats 5
    .venv/bin/python bench/build_bench.py --only edit-loop   # prose edit, serve preview

It takes about a quarter of an hour on 2 cores (the full-mode overhead runs
the baseline at full size six times, the throughput part trains for about
five minutes); run it on an otherwise idle machine. It
starts with the machine's facts (CPU, vector instruction sets, load, thread
and kernel settings, library versions), since figures from two machines, or
from one machine busy with other work, cannot be compared.

Everything is written to a temporary folder; the published artifacts are not
touched. The site is built from the committed artifacts in docs/generated/.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import edit_loop  # noqa: E402
import machine  # noqa: E402

from sitebuild import catalog, layout, settings  # noqa: E402


def timed(command, cwd=REPO, env=None):
    """Run a command (from the repository by default); return (seconds, stdout)."""
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**_quiet_env(), **(env or {})},
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"benchmark: {' '.join(map(str, command))} failed:\n{result.stderr}")
    return seconds, result.stdout


def build(*args):
    return timed([sys.executable, "build_figures.py", *map(str, args)])


def report(label, value):
    print(f"{label}: {value}", flush=True)


def bench_builds(scratch, full):
    jobs = settings.default_jobs()
    one_at_a_time, _ = build(
        "--fast", "--force", "--jobs", 1, "--out", scratch / "serial"
    )
    report("cold fast build, one example at a time", f"{one_at_a_time:.1f} s")
    cold, _ = build("--fast", "--force", "--jobs", jobs, "--out", scratch / "fast")
    report(f"cold fast build, {jobs} side by side (default)", f"{cold:.1f} s")
    report("side by side / one at a time", f"{cold / one_at_a_time:.0%}")
    again, output = build("--fast", "--out", scratch / "fast")
    executed = output.split(" built,")[0].rsplit("\n", 1)[-1]
    report("no-change rebuild", f"{again:.2f} s ({executed} examples executed)")
    report("no-change rebuild / cold fast build", f"{again / cold:.1%}")
    per_example(scratch / "fast", settings.FAST)
    if full:
        seconds, _ = build("--force", "--out", scratch / "full")
        report("cold full build (all examples)", f"{seconds:.1f} s")
        per_example(scratch / "full", settings.FULL)
    else:
        # The published artifacts' manifests hold the last full run's costs.
        per_example(settings.PUBLISHED_DIR, "full (published build)")


def per_example(out, mode):
    manifests = [entry.manifest for entry in catalog.Catalog(out).entries()]
    for manifest in manifests:
        report(
            f"{mode} run of {manifest['example']}",
            f"{manifest['run_seconds']} s, peak memory {manifest['peak_memory_mib']} MiB",
        )
    heaviest = max(manifests, key=lambda m: m["peak_memory_mib"] or 0)
    report(
        f"heaviest example ({mode})",
        f"{heaviest['example']}, peak memory {heaviest['peak_memory_mib']} MiB",
    )


def bench_overhead(scratch, mode, repeats, example="baseline"):
    """One example through build_figures.py against the same script run by python.

    The plain run gets the kernel's environment (mode, seed, threads), with
    matplotlib's non-interactive backend in place of the inline one. The two
    alternate and each keeps its fastest run: on a shared machine a single
    pair can be off by a quarter either way.
    """
    mode_flag = ["--fast"] if mode == settings.FAST else []
    plain_env = {
        **settings.KERNEL_ENV,
        settings.MODE_VARIABLE: mode,
        "MPLBACKEND": "Agg",
    }
    piped_runs, plain_runs = [], []
    for _ in range(repeats):
        piped_runs.append(
            build(*mode_flag, "--force", "--only", example, "--out", scratch / mode)[0]
        )
        plain_runs.append(
            timed(
                [sys.executable, f"{example}.py"],
                cwd=REPO / "examples",
                env=plain_env,
            )[0]
        )
    piped, plain = min(piped_runs), min(plain_runs)
    best = f"fastest of {repeats}" if repeats > 1 else "one run"
    report(f"{example} ({mode}) through build_figures.py, {best}", f"{piped:.1f} s")
    report(f"{example} ({mode}) as a plain python script, {best}", f"{plain:.1f} s")
    report(f"pipeline overhead, {mode} mode (ratio)", f"{piped / plain:.2f}x")
    # The overhead is mostly a fixed cost per example (kernel start, nbclient,
    # writing artifacts), so the ratio shrinks as the example grows.
    report(f"pipeline overhead, {mode} mode (per example)", f"{piped - plain:+.1f} s")


def bench_throughput():
    """Training speed on the build's threads, on every core, and side by side as --jobs runs it."""
    # The machine was printed at the start; each run still prints its settings.
    script = [str(REPO / "bench" / "throughput.py"), "--no-machine"]
    threads = ["--threads", str(settings.THREADS_PER_EXAMPLE)]
    jobs = ["--side-by-side", str(settings.default_jobs())]
    for arguments in (threads, [], [*threads, *jobs]):
        _, output = timed([sys.executable, *script, *arguments])
        print(output, end="", flush=True)


def bench_site(scratch):
    site = scratch / "site"
    seconds, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)])
    report("mkdocs build", f"{seconds:.1f} s")
    for name in layout.folders(settings.PUBLISHED_DIR):
        page = site / layout.GENERATED / name / "index.html"  # the page MkDocs renders
        report(f"page weight of {name}", f"{page.stat().st_size / 1024:.0f} KiB")
    for css in sorted((site / "assets" / "stylesheets").glob("notebook.*.css")):
        report(
            "shared notebook CSS (cached once)", f"{css.stat().st_size / 1024:.0f} KiB"
        )


def _quiet_env():
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


SECTIONS = ("builds", "overhead", "throughput", "site", "edit-loop")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full", action="store_true", help="also time a cold full build"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        metavar="N",
        help="runs of each side of the overhead comparison (default: %(default)s)",
    )
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="measure only this part (repeatable; default: all)",
    )
    args = parser.parse_args()
    sections = args.only or SECTIONS
    # Figures differ between machines and with other work on this one: say
    # which machine, how busy, and with which settings and versions.
    for label, value in machine.facts():
        report(label, value)
    with tempfile.TemporaryDirectory(prefix="build-bench-") as scratch:
        scratch = Path(scratch)
        if "builds" in sections:
            bench_builds(scratch, args.full)
        if "overhead" in sections:
            for mode in (settings.FAST, settings.FULL):
                bench_overhead(scratch / "overhead", mode, args.repeats)
        if "throughput" in sections:
            bench_throughput()
        if "site" in sections:
            bench_site(scratch)
        if "edit-loop" in sections:
            edit_loop.main(report)
    report("load average after the benchmark (1, 5, 15 min)", machine.load_average())


if __name__ == "__main__":
    main()
