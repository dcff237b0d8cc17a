#!/usr/bin/env python3
"""Time the test suite, per test file, against an earlier commit's (not a test).

    .venv/bin/python bench/test_suite.py                          # this checkout, once
    .venv/bin/python bench/test_suite.py --against 51bd717        # that commit, then this
    .venv/bin/python bench/test_suite.py --against 51bd717 --rounds 2
    .venv/bin/python bench/test_suite.py tests/test_stats.py      # some files only

Each run is the whole suite as `make test` runs it, plus `--durations=0`
(pytest's own timing of each test's setup, call and teardown, summed here
per file). With `--against REV` the two alternate, REV first (REV, now, REV,
now, ...): REV in a git worktree of its own with its own virtual environment
(`make install`, about two minutes), since the editable
install maps the engine to one checkout. Each pair of adjacent runs gives a
ratio of wall times, printed with the median and range over the pairs.

Why pairs: the suite's CPU time for the same work changed by a third within
an hour on one 2-core virtual machine, so only runs close in time compare.
Why not more processes: on that machine three small Keras trainings side by
side on two cores each took about 25% more CPU time than one alone (two side
by side: about 8% more), and the suite in two pytest-xdist workers beside its
background build took longer than in one (984 s against 777 s, back to back,
with a third more CPU time), so the suite runs in one process beside it.

A run takes 10 to 20 minutes on 2 cores; run it on an otherwise idle machine.
"""

import argparse
import collections
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import machine  # noqa: E402

# What `make test` makes before it runs pytest, by names earlier commits'
# Makefiles know too (chromium is the system's, installed once). Made for
# this checkout as well: a run without axe-core fails every walk's tests.
READY = ["make", "install", "node_modules/axe-core/axe.min.js"]
PYTEST = ["-m", "pytest", "--durations=0", "-p", "no:cacheprovider", "-q"]
# "12.34s call     tests/test_x.py::test_y[param]"
DURATION = re.compile(r"^([\d.]+)s (?:setup|call|teardown)\s+([^:\s]+)::")
SUMMARY = re.compile(r"^=*\s*(.*\d+ passed.*) in [\d.]+s")


class Run(NamedTuple):
    wall: float  # seconds, around the pytest process
    cpu: float  # seconds of its processes, as getrusage counts those waited for
    summary: str  # pytest's last line: what passed, failed, was skipped
    failures: list  # pytest's FAILED and ERROR lines
    per_file: collections.Counter  # seconds of setup + call + teardown


def checkout(rev, folder):
    """Make `folder` a worktree of `rev` with its own venv, ready for
    `make test`'s tests; exit naming the step that failed (git's or make's
    own message is printed above it)."""
    steps = [
        (
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), rev],
            REPO,
        ),
        (READY, folder),
    ]
    for command, cwd in steps:
        if subprocess.run(command, cwd=cwd).returncode != 0:
            sys.exit(f"error: `{' '.join(command)}` failed: {rev} cannot be measured")


def run_suite(folder, tests):
    """One Run of the suite (or of `tests`) in `folder`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    printed = subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), *PYTEST, *tests],
        cwd=folder,
        capture_output=True,
        text=True,
    ).stdout
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    per_file = collections.Counter()
    summary = "no summary line (see the run's output)"
    failures = []
    for line in printed.splitlines():
        if found := DURATION.match(line):
            per_file[found[2]] += float(found[1])
        elif found := SUMMARY.match(line):
            summary = found[1]
        elif line.startswith(("FAILED ", "ERROR ")):
            failures.append(line)
    return Run(wall, cpu, summary, failures, per_file)


def print_files(runs):
    """Each file's median seconds per side, longest first, then the totals."""
    sides = list(runs)
    files = {name for side in sides for run in runs[side] for name in run.per_file}

    def medians(of):
        return "".join(
            f"{statistics.median(map(of, runs[side])):14.1f}" for side in sides
        )

    def file_seconds(name):
        return lambda run: run.per_file[name]

    last = runs[sides[-1]]
    print(f"\n{'file':40}" + "".join(f"{side:>14}" for side in sides))
    for name in sorted(
        files, key=lambda n: -statistics.median(r.per_file[n] for r in last)
    ):
        print(f"{name:40}" + medians(file_seconds(name)))
    print(f"{'sum of durations':40}" + medians(lambda run: sum(run.per_file.values())))
    print(f"{'wall':40}" + medians(lambda run: run.wall))


def print_ratios(against, pairs):
    """The wall-time ratio of each adjacent pair in which no test failed: a
    failed test can end its run early, or make it wait for a timeout."""
    ratios = [
        now.wall / then.wall for then, now in pairs if not then.failures + now.failures
    ]
    left_out = (
        f", {len(pairs) - len(ratios)} left out: a test failed"
        if len(ratios) < len(pairs)
        else ""
    )
    if not ratios:
        print("\nno wall-time ratio: a test failed in every pair")
        return
    print(
        f"\nwall time, now / {against}: median {statistics.median(ratios):.2f}"
        f" (range {min(ratios):.2f} to {max(ratios):.2f} over {len(ratios)} pair(s)"
        f"{left_out})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REV", help="the earlier commit")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each side (default: 1)"
    )
    parser.add_argument("tests", nargs="*", help="test files (default: all)")
    args = parser.parse_args()
    for label, value in machine.facts():
        print(f"{label}: {value}")
    with tempfile.TemporaryDirectory(prefix="test-suite-bench-") as scratch:
        earlier = Path(scratch) / "earlier"
        sides = {args.against: earlier, "now": REPO} if args.against else {"now": REPO}
        runs = {side: [] for side in sides}
        try:
            if args.against:
                checkout(args.against, earlier)
            if subprocess.run(READY, cwd=REPO).returncode != 0:
                sys.exit(f"error: `{' '.join(READY)}` failed in {REPO}")
            for round_ in range(args.rounds):
                for side, folder in sides.items():
                    run = run_suite(folder, args.tests)
                    runs[side].append(run)
                    print(
                        f"round {round_ + 1} {side}: {run.wall:.1f} s wall, "
                        f"{run.cpu:.0f} s CPU ({run.cpu / run.wall:.2f} cores busy): "
                        f"{run.summary}",
                        *run.failures,
                        sep="\n  ",
                        flush=True,
                    )
        finally:
            if earlier.exists():
                subprocess.run(
                    ["git", "-C", str(REPO), "worktree", "remove", "--force", earlier]
                )
    print_files(runs)
    if args.against:
        print_ratios(args.against, list(zip(*runs.values(), strict=True)))
    print(f"load average after the benchmark (1, 5, 15 min): {machine.load_average()}")


if __name__ == "__main__":
    main()
