"""Build or check a set of examples, saying what happens to each."""

import concurrent.futures
import json
import sys
import threading
import time
from dataclasses import dataclass, field

from . import errors, freshness, lock, produce, settings, sources, store


@dataclass
class Report:
    ran: list = field(default_factory=list)  # one kernel started for each
    merged: list = field(default_factory=list)  # prose updated, nothing run
    fresh: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)  # name -> message

    @property
    def exit_code(self):
        return 1 if self.failed else 0


def select(examples_dir, only=None):
    """The example files to work on; `only` names some of them (without .py)."""
    paths = sources.discover(examples_dir)
    if not only:
        return paths
    by_name = {path.stem: path for path in paths}
    unknown = [name for name in only if name not in by_name]
    if unknown:
        raise SystemExit(
            f"error: no example named {', '.join(unknown)} in {examples_dir}; "
            f"known: {', '.join(by_name) or 'none'}"
        )
    return [by_name[name] for name in only]


@dataclass(frozen=True)
class Plan:
    """How every example of one build is run and where its artifacts go."""

    out_dir: object
    mode: str
    force: bool
    examples_dir: object
    jobs: int


def build(
    paths, out_dir, mode, force=False, examples_dir=settings.EXAMPLES_DIR, jobs=1
):
    """Bring every example's artifacts up to date (all re-run with force).

    A stale example runs; one whose prose alone changed is merged into its
    stored outputs with no kernel. With `jobs` above 1, that many examples run
    side by side, the longest (by their last recorded run time) first, so the
    slowest does not start last and leave the other cores idle at the end.
    """
    plan = Plan(out_dir, mode, force, examples_dir, jobs)
    report = Report()
    started = time.monotonic()
    numbered = {
        path: f"[{n}/{len(paths)}] {path.stem}" for n, path in enumerate(paths, 1)
    }

    def build_one(path):
        try:
            _build_one(path, plan, numbered[path], report)
        except errors.ExampleError as error:
            report.failed[path.stem] = str(error)
            _say(f"{numbered[path]}: FAILED\n{error}", stream=sys.stderr)

    with lock.exclusive(out_dir, say=_say):
        if jobs == 1:
            for path in paths:
                build_one(path)
        else:
            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
                ordered = longest_first(paths, out_dir, settings.PUBLISHED_DIR)
                # .result() re-raises anything unexpected from a worker.
                for future in [pool.submit(build_one, path) for path in ordered]:
                    future.result()
    _summarize(report, out_dir, time.monotonic() - started, jobs)
    return report


def longest_first(paths, *folders):
    """Examples ordered by their last run time, longest first; unknown ones first of all.

    The time is read from the first of `folders` with a manifest for the
    example: the build's own output, then the published artifacts, whose
    full-mode times still rank the examples of a fresh `--out` folder.
    """

    def last_seconds(path):
        for folder in folders:
            manifest = store.read_manifest(folder, path.stem) or {}
            if "run_seconds" in manifest:
                return manifest["run_seconds"]
        return float("inf")

    return sorted(paths, key=last_seconds, reverse=True)


def _build_one(path, plan, prefix, report):
    example = sources.load(path)
    status = freshness.status(example, plan.out_dir, plan.mode, plan.examples_dir)
    if not plan.force and status.state == freshness.FRESH:
        report.fresh.append(example.name)
        _say(f"{prefix}: fresh, skipped")
    elif not plan.force and status.state == freshness.PROSE:
        artifacts, _ = produce.merge_prose(example, status, plan.out_dir)
        report.merged.append(example.name)
        _say(f"{prefix}: prose updated, nothing run ({'; '.join(status.reasons)})")
        _warn(artifacts)
    else:
        why = "forced" if plan.force else "; ".join(status.reasons)
        _say(f"{prefix}: running in {plan.mode} mode ({why})")
        artifacts, manifest = produce.run(
            example, status, plan.out_dir, plan.mode, plan.jobs
        )
        report.ran.append(example.name)
        peak = manifest["peak_memory_mib"]
        _say(
            f"{prefix}: done in {manifest['run_seconds']:.1f} s "
            f"({f'peak {peak:.0f} MiB, ' if peak else ''}{len(artifacts.figures)} "
            f"figures, {len(artifacts.values)} values)"
        )
        _warn(artifacts)


def check(
    paths,
    out_dir,
    mode,
    examples_dir=settings.EXAMPLES_DIR,
    command=settings.BUILD_COMMAND,
):
    """Say how each example's artifacts stand; return the problems (runs needed).

    Prose-only changes are reported but are no problem: any build merges them
    without running anything.
    """
    problems = {}
    for path in paths:
        try:
            example = sources.load(path)
        except errors.ExampleError as error:
            problems[path.stem] = f"cannot be read: {error}"
            continue
        status = freshness.status(example, out_dir, mode, examples_dir)
        line = advice(path.stem, status, command)
        if status.needs_run:
            problems[path.stem] = line
        _say(line)
    for orphan in freshness.orphans(out_dir, sources.discover(examples_dir)):
        problems[orphan] = (
            f"{orphan}: orphaned: no example of that name; delete the folder"
        )
        _say(problems[orphan])
    fine = len([path for path in paths if path.stem not in problems])
    _say(
        f"{fine} fresh or prose-only, {len(problems)} stale, missing, unreadable "
        f"or orphaned in {out_dir}"
    )
    return problems


def advice(name, status, command=settings.BUILD_COMMAND):
    """One line: how the example stands and the exact command that refreshes it."""
    if status.state == freshness.FRESH:
        return f"{name}: fresh"
    if status.state == freshness.PROSE:
        return (
            f"{name}: prose changed ({'; '.join(status.reasons)}); `{command} --only "
            f"{name}` merges it into the stored outputs, running nothing"
        )
    return f"{name}: {status.describe()}; refresh it with `{command} --only {name}`"


def stale_names(paths, out_dir, mode, examples_dir=settings.EXAMPLES_DIR):
    """The examples that must run (stale or missing), as a JSON list for CI matrices."""
    names = []
    for path in paths:
        try:
            example = sources.load(path)
            needs_run = freshness.status(example, out_dir, mode, examples_dir).needs_run
        except errors.ExampleError:
            needs_run = True  # its run then fails with the precise message
        if needs_run:
            names.append(path.stem)
    return json.dumps(names)


def _summarize(report, out_dir, seconds, jobs):
    side_by_side = f", {jobs} at a time" if jobs > 1 else ""
    _say(
        f"{len(report.ran)} run, {len(report.merged)} prose updated, "
        f"{len(report.fresh)} fresh, {len(report.failed)} failed in {seconds:.1f} s"
        f"{side_by_side} -> {out_dir}"
    )
    if report.failed:
        _say(
            f"failed: {', '.join(report.failed)} (their previous artifacts are untouched)",
            stream=sys.stderr,
        )


def _warn(artifacts):
    for warning in artifacts.warnings:
        _say(f"warning: {warning}", stream=sys.stderr)


_SAY_LOCK = threading.Lock()


def _say(message, stream=sys.stdout):
    with _SAY_LOCK:  # whole lines, even from examples running side by side
        print(message, file=stream, flush=True)
