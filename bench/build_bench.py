#!/usr/bin/env python3
"""Benchmark the build: print one line per figure (not a test; nothing is asserted).

    .venv/bin/python bench/build_bench.py            # fast builds, overhead, throughput, site
    .venv/bin/python bench/build_bench.py --full     # also a cold full build (minutes)

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
    cold, _ = build("--fast", "--force", "--out", scratch / "fast")
    report("cold fast build (all examples)", f"{cold:.1f} s")
    again, output = build("--fast", "--out", scratch / "fast")
    executed = output.split(" built,")[0].rsplit("\n", 1)[-1]
    report("no-change rebuild", f"{again:.2f} s ({executed} examples executed)")
    report("no-change rebuild / cold fast build", f"{again / cold:.1%}")
    per_example(scratch / "fast", "fast")
    if full:
        seconds, _ = build("--force", "--out", scratch / "full")
        report("cold full build (all examples)", f"{seconds:.1f} s")
        per_example(scratch / "full", "full")


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


def bench_overhead(scratch):
    """One example through build_figures.py against the same script run by python."""
    piped, _ = build(
        "--fast", "--force", "--only", "baseline", "--out", scratch / "overhead"
    )
    plain, _ = timed(
        [sys.executable, "baseline.py"],
        cwd=REPO / "examples",
        env={"TUTORIAL_MODE": "fast", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"},
    )
    report("baseline (fast) through build_figures.py", f"{piped:.1f} s")
    report("baseline (fast) as a plain python script", f"{plain:.1f} s")
    report("pipeline overhead (ratio)", f"{piped / plain:.2f}x")


def bench_throughput():
    _, output = timed([sys.executable, str(REPO / "bench" / "throughput.py")])
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
        bench_overhead(Path(scratch))
        bench_throughput()
        bench_site(Path(scratch))


if __name__ == "__main__":
    main()
