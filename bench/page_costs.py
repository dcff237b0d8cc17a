#!/usr/bin/env python3
"""The build's cost per page, now against an earlier commit, from the manifests.

    .venv/bin/python bench/page_costs.py                 # against bab8661
    .venv/bin/python bench/page_costs.py --rev HEAD~3

Each example's manifest records the single-thread run time of the run that
produced its published artifacts, with the jobs that ran side by side and
the run's end time, and the runs the run store served it with their
training seconds. From them: the run time per page, what it would have been
with nothing stored, the total, and the wall time of the build (the first
start to the last end), at each commit, when its pages come from one build
(after some were re-run alone, they do not, and it says so).
A figure, not a test: the two builds ran on whatever machine built them,
and say so (the CPU and the load are not in the manifests, the machine's
kind is).
"""

import argparse
import datetime
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitebuild import catalog, layout, settings  # noqa: E402


def manifests_now():
    root = settings.PUBLISHED_DIR
    found = {name: catalog.read_manifest(root, name) for name in layout.folders(root)}
    return {name: manifest for name, manifest in found.items() if manifest}


def manifests_at(rev):
    base = Path("docs") / layout.GENERATED
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, "--", str(base)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = {}
    for path in listed:
        if Path(path).name == layout.MANIFEST:
            text = subprocess.run(
                ["git", "show", f"{rev}:{path}"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            found[Path(path).parent.name] = json.loads(text)
    return found


# Between two runs of one build the next example starts within seconds; a
# longer pause means the manifests come from builds run at different times.
SAME_BUILD_GAP = datetime.timedelta(seconds=60)


def spans(manifests):
    """Each run's (start, end), from its end time and length, in start order."""
    found = []
    for manifest in manifests.values():
        end = datetime.datetime.fromisoformat(manifest["run_date"])
        found.append((end - datetime.timedelta(seconds=manifest["run_seconds"]), end))
    return sorted(found)


def builds(manifests):
    """How many separate builds the runs come from: runs that overlap or follow
    each other within SAME_BUILD_GAP are one build."""
    count, reached = 0, None
    for start, end in spans(manifests):
        if reached is None or start - reached > SAME_BUILD_GAP:
            count += 1
        reached = end if reached is None else max(reached, end)
    return count


def wall_seconds(manifests):
    """First start to last end: one build's wall time if `builds` is 1."""
    found = spans(manifests)
    if not found:
        return 0.0
    return (max(e for _, e in found) - found[0][0]).total_seconds()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="bab8661", help="the earlier commit")
    args = parser.parse_args(argv)
    before, after = manifests_at(args.rev), manifests_now()
    print(
        f"{'page':20} {args.rev:>12} {'now':>12} {'nothing stored':>15}"
        "   (seconds of one-thread run time)"
    )
    for name in sorted(set(before) | set(after)):
        old = before.get(name, {}).get("run_seconds")
        new = after.get(name, {}).get("run_seconds")
        recorded = name in after and "run_store" in after[name]
        cold = round(catalog.unstored_seconds(after[name]), 1) if recorded else None
        print(f"{name:20} {old or '-':>12} {new or '-':>12} {cold or '-':>15}")
    for label, manifests in ((args.rev, before), ("now", after)):
        total = sum(m["run_seconds"] for m in manifests.values())
        jobs = sorted({m.get("parallel_jobs") for m in manifests.values()} - {None})
        separate = builds(manifests)
        wall = (
            f"{wall_seconds(manifests) / 60:.1f} min of wall time"
            if separate == 1
            else f"no one build's wall time (the pages come from {separate} builds)"
        )
        print(
            f"{label}: {total:,.0f} s of run time, {wall}, jobs side by side {jobs}, "
            f"machine {sorted({m['environment']['machine'] for m in manifests.values()})}"
        )


if __name__ == "__main__":
    main()
