"""Build or check a set of examples; return what happened to each.

The engine returns data (a `Report`, a `Check`, a list of names) and says
progress through the `say` it is given; printing, serialising and exit
statuses are the CLI's (`build_figures.py`). Any exception while one example
is read, run, assembled or stored fails that example alone, named; Ctrl-C
stops the running kernels and ends the build.
"""

import concurrent.futures
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

from . import catalog, execute, freshness, lock, produce, settings, sources, store
from .errors import ArtifactError, ExampleError


@dataclass
class Report:
    ran: list = field(default_factory=list)  # one kernel started for each
    merged: list = field(default_factory=list)  # prose updated, nothing run
    fresh: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)  # name -> message
    recovered: list = field(default_factory=list)  # what interrupted writes left


def select(examples_dir, only=None):
    """The example files to work on; `only` names some of them (without .py)."""
    paths = sources.discover(examples_dir)
    if not only:
        return paths
    by_name = {path.stem: path for path in paths}
    unknown = [name for name in only if name not in by_name]
    if unknown:
        raise ExampleError(
            f"no example named {', '.join(unknown)} in {examples_dir}; "
            f"known: {', '.join(by_name) or 'none'}"
        )
    return [by_name[name] for name in only]


@dataclass(frozen=True)
class Plan:
    """How every example of one build is run and where its artifacts go."""

    out_dir: object
    mode: str
    force: bool = False
    examples_dir: object = settings.EXAMPLES_DIR
    jobs: int = 1
    published: object = settings.PUBLISHED_DIR  # ranks a new --out by run times
    say: object = None  # say(message, error=False); default: to_terminal


def build(paths, plan):
    """Bring every example's artifacts up to date (all re-run with force).

    A stale example runs; one whose prose alone changed is merged into its
    stored outputs with no kernel. With `plan.jobs` above 1, that many run
    side by side, the costliest first (`longest_first`), so the slowest
    does not start last and leave the other cores idle at the end.
    Progress lines are numbered in the order the examples start.
    """
    report, say = Report(), _serialized(plan.say or to_terminal)
    started = time.monotonic()
    numbers = {}

    def build_one(path):
        prefix = f"[{numbers[path]}/{len(paths)}] {path.stem}"
        try:
            _build_one(path, plan, prefix, report, say)
        except Exception as error:  # noqa: BLE001 - contained to its example
            report.failed[path.stem] = _message(error, path)
            say(f"{prefix}: FAILED\n{report.failed[path.stem]}", error=True)

    with lock.exclusive(plan.out_dir, say=say):
        ordered = longest_first(paths, plan.out_dir, plan.published)
        numbers.update((path, n) for n, path in enumerate(ordered, 1))
        _run_all(ordered, build_one, plan.jobs)
    _summarize(report, plan, time.monotonic() - started, say)
    return report


# How often the main thread looks for a Ctrl-C while examples run side by side.
_WAKE_SECONDS = 0.25


def _run_all(paths, build_one, jobs):
    if jobs == 1:
        try:
            for path in paths:
                build_one(path)
        except KeyboardInterrupt:
            execute.stop_all()
            raise
        return
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = [pool.submit(build_one, path) for path in paths]
        # A timed wait, not `result()`: the system may hand Ctrl-C to any
        # thread, and where that is a worker, Python only flags it; the main
        # thread, which alone raises KeyboardInterrupt, must wake to see it.
        while concurrent.futures.wait(futures, timeout=_WAKE_SECONDS).not_done:
            pass
        for future in futures:
            future.result()
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        execute.stop_all()  # their kernels run in sessions of their own
        raise
    pool.shutdown()


def _message(error, path):
    if isinstance(error, ExampleError):
        return str(error)
    # Not the build's own error: say where in the engine, so it can be reported.
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return (
        f"{path}: the build stopped on {type(error).__name__}: {error} "
        f"(in {frame.filename}:{frame.lineno}); fix what it names (a full disk, a "
        "read-only folder) and run the build again."
    )


def longest_first(paths, *folders):
    """Examples ordered by what their last run would cost with nothing stored,
    longest first; unknown ones first of all.

    That cost is the run's time plus the training time of the runs the run
    store served it (`run_store`): a page that read its runs from the store
    last time may have to train them this time, and it is its cost then
    that must not come last. It is read from the first of `folders` with a
    manifest for the example: the build's own output, then the published
    artifacts, whose full-mode times still rank the examples of a fresh
    `--out` folder. An unreadable manifest ranks as unknown (its example's
    run says why).
    """

    def cost(path):
        for folder in folders:
            try:
                manifest = catalog.read_manifest(folder, path.stem) or {}
            except ArtifactError:
                manifest = {}
            if isinstance(manifest.get("run_seconds"), int | float):
                return catalog.unstored_seconds(manifest)
        return float("inf")

    return sorted(paths, key=cost, reverse=True)


def _build_one(path, plan, prefix, report, say):
    for note in store.recover(plan.out_dir, path.stem):
        report.recovered.append(note)
        say(f"{prefix}: recovered: {note}")
    example = sources.load(path)
    status = freshness.status(example, plan.out_dir, plan.mode, plan.examples_dir)
    if not plan.force and status.state == freshness.FRESH:
        report.fresh.append(example.name)
        say(f"{prefix}: fresh, skipped")
    elif not plan.force and status.state == freshness.PROSE:
        artifacts, _ = produce.merge_prose(example, status, plan.out_dir)
        report.merged.append(example.name)
        say(f"{prefix}: prose updated, nothing run ({'; '.join(status.reasons)})")
        _warn(artifacts, say)
    else:
        why = "forced" if plan.force else "; ".join(status.reasons)
        say(f"{prefix}: running in {plan.mode} mode ({why})")
        artifacts, manifest = produce.run(
            example, status, plan.out_dir, plan.mode, plan.jobs
        )
        report.ran.append(example.name)
        peak = manifest["peak_memory_mib"]
        say(
            f"{prefix}: done in {manifest['run_seconds']:.1f} s "
            f"({f'peak {peak:.0f} MiB, ' if peak else ''}{len(artifacts.figures)} "
            f"figures, {len(artifacts.values)} values)"
        )
        _warn(artifacts, say)


@dataclass
class Check:
    """How every example stands, for `--check`: one line each, and the problems."""

    lines: list = field(default_factory=list)
    problems: dict = field(default_factory=dict)  # name -> its line

    def summary(self, out_dir):
        fine = len(self.lines) - len(self.problems)
        return (
            f"{fine} fresh or prose-only, {len(self.problems)} stale, missing, "
            f"unreadable, edited or orphaned in {out_dir}"
        )


def check(paths, out_dir, mode, examples_dir, command=settings.BUILD_COMMAND):
    """How each example's artifacts stand; runs nothing, writes nothing.

    Prose-only changes are no problem (any build merges them without running
    anything); files that are not what the build wrote are.
    """
    result = Check()
    for path in paths:
        try:
            status = freshness.status(sources.load(path), out_dir, mode, examples_dir)
        except ExampleError as error:
            _add(result, path.stem, f"{path.stem}: cannot be read: {error}", True)
            continue
        problem = status.needs_run or bool(status.edited)
        _add(result, path.stem, advice(path.stem, status, command), problem)
    for orphan in freshness.orphans(out_dir, sources.discover(examples_dir)):
        line = f"{orphan}: orphaned: no example of that name; delete the folder"
        _add(result, orphan, line, True)
    for leftover in store.leftovers(out_dir):
        line = f"{leftover.name}: left by a write cut short; any build removes it"
        _add(result, leftover.name, line, True)
    return result


def _add(result, name, line, problem):
    result.lines.append(line)
    if problem:
        result.problems[name] = line


def advice(name, status, command=settings.BUILD_COMMAND):
    """One line: how the example stands and the exact command that refreshes it."""
    if status.state == freshness.FRESH:
        return f"{name}: fresh"
    if status.edited:
        return (
            f"{name}: edited by hand ({'; '.join(status.edited)}); generated files "
            f"are the build's alone: `{command} --only {name}` makes them again"
        )
    if status.state == freshness.PROSE:
        return (
            f"{name}: prose changed ({'; '.join(status.reasons)}); `{command} --only "
            f"{name}` merges it into the stored outputs, running nothing"
        )
    return f"{name}: {status.describe()}; refresh it with `{command} --only {name}`"


def stale_names(paths, out_dir, mode, examples_dir):
    """The examples that must run (stale, missing or unreadable), for CI's matrix."""
    names = []
    for path in paths:
        try:
            example = sources.load(path)
            needs_run = freshness.status(example, out_dir, mode, examples_dir).needs_run
        except ExampleError:
            needs_run = True  # its run then fails with the precise message
        if needs_run:
            names.append(path.stem)
    return names


def _summarize(report, plan, seconds, say):
    side_by_side = f", {plan.jobs} at a time" if plan.jobs > 1 else ""
    say(
        f"{len(report.ran)} run, {len(report.merged)} prose updated, "
        f"{len(report.fresh)} fresh, {len(report.failed)} failed in {seconds:.1f} s"
        f"{side_by_side} -> {plan.out_dir}"
    )
    if report.failed:
        say(
            f"failed: {', '.join(report.failed)} (their previous artifacts are untouched)",
            error=True,
        )


def _warn(artifacts, say):
    for warning in artifacts.warnings:
        say(f"warning: {warning}", error=True)


def to_terminal(message, error=False):
    """The default `say`: stdout, or stderr for errors and warnings."""
    print(message, file=sys.stderr if error else sys.stdout, flush=True)


def _serialized(say):
    """`say`, one whole line at a time even from examples running side by side."""
    held = threading.Lock()

    def serialized(message, error=False):
        with held:
            say(message, error=error)

    return serialized
