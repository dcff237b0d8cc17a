#!/usr/bin/env python3
"""Benchmark the build: print one line per figure (not a test; nothing is asserted).

    .venv/bin/python bench/build_bench.py            # fast builds, overhead, throughput, site
    .venv/bin/python bench/build_bench.py --full     # also a cold full build (minutes)

It takes about five minutes on 2 cores; run it on an otherwise idle machine.

Everything is written to a temporary folder; the published artifacts are not
touched. The site is built from the committed artifacts in docs/generated/.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitebuild import settings  # noqa: E402


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
    per_example(scratch / "fast", "fast")
    if full:
        seconds, _ = build("--force", "--out", scratch / "full")
        report("cold full build (all examples)", f"{seconds:.1f} s")
        per_example(scratch / "full", "full")
    else:
        # The published artifacts' manifests hold the last full run's costs.
        per_example(settings.PUBLISHED_DIR, "full (published build)")


def per_example(out, mode):
    manifests = [json.loads(p.read_text()) for p in sorted(out.glob("*/manifest.json"))]
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


def bench_overhead(scratch, mode, example="baseline"):
    """One example through build_figures.py against the same script run by python.

    The plain run gets the kernel's environment (mode, seed, threads), with
    matplotlib's non-interactive backend in place of the inline one.
    """
    mode_flag = ["--fast"] if mode == "fast" else []
    piped, _ = build(*mode_flag, "--force", "--only", example, "--out", scratch / mode)
    plain, _ = timed(
        [sys.executable, f"{example}.py"],
        cwd=REPO / "examples",
        env={
            **settings.KERNEL_ENV,
            settings.MODE_VARIABLE: mode,
            "MPLBACKEND": "Agg",
        },
    )
    report(f"{example} ({mode}) through build_figures.py", f"{piped:.1f} s")
    report(f"{example} ({mode}) as a plain python script", f"{plain:.1f} s")
    report(f"pipeline overhead, {mode} mode (ratio)", f"{piped / plain:.2f}x")


def bench_throughput():
    """Training speed on the build's threads, on every core, and side by side as --jobs runs it."""
    script = str(REPO / "bench" / "throughput.py")
    threads = ["--threads", str(settings.THREADS_PER_EXAMPLE)]
    jobs = ["--side-by-side", str(settings.default_jobs())]
    for arguments in (threads, [], [*threads, *jobs]):
        _, output = timed([sys.executable, script, *arguments])
        print(output, end="", flush=True)


def bench_site(scratch):
    site = scratch / "site"
    seconds, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)])
    report("mkdocs build", f"{seconds:.1f} s")
    for page in sorted((site / "generated").glob("*/index.html")):
        report(
            f"page weight of {page.parent.name}",
            f"{page.stat().st_size / 1024:.0f} KiB",
        )
    for css in sorted((site / "assets" / "stylesheets").glob("notebook.*.css")):
        report(
            "shared notebook CSS (cached once)", f"{css.stat().st_size / 1024:.0f} KiB"
        )


def _quiet_env():
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full", action="store_true", help="also time a cold full build"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="build-bench-") as scratch:
        bench_builds(Path(scratch), args.full)
        for mode in ("fast", "full"):
            bench_overhead(Path(scratch) / "overhead", mode)
        bench_throughput()
        bench_site(Path(scratch))


if __name__ == "__main__":
    main()
