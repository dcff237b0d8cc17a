"""Build or check a set of examples, saying what happens to each."""

import concurrent.futures
import datetime
import sys
import threading
import time
from dataclasses import dataclass, field

from . import execute, fingerprint, outputs, settings, sources, store


@dataclass
class Report:
    built: list = field(default_factory=list)
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
    paths,
    out_dir,
    mode,
    force=False,
    examples_dir=settings.EXAMPLES_DIR,
    jobs=1,
):
    """Run every example whose inputs changed (all with force); write its artifacts.

    With `jobs` above 1, that many examples run side by side, the longest
    (by their last recorded run time) first, so that the slowest one does
    not start last and leave the other cores idle at the end.
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
        except sources.ExampleError as error:
            report.failed[path.stem] = str(error)
            _say(f"{numbered[path]}: FAILED\n{error}", stream=sys.stderr)

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


def check(paths, out_dir, mode, examples_dir=settings.EXAMPLES_DIR):
    """Report stale or missing artifacts without running anything; return the problems."""
    problems = {}
    for path in paths:
        recorded = store.read_manifest(out_dir, path.stem)
        if recorded is None:
            problems[path.stem] = "missing (no manifest)"
            continue
        current = fingerprint.fingerprint(path, mode, examples_dir)
        reasons = (
            fingerprint.changes(recorded, current)
            if recorded.get("input_hash") != current["input_hash"]
            else []
        )
        reasons += _missing_files(out_dir, path.stem, recorded)
        if reasons:
            problems[path.stem] = "stale: " + "; ".join(reasons)
    names = {path.stem for path in sources.discover(examples_dir)}
    for orphan in set(store.artifact_folders(out_dir)) - names:
        problems[orphan] = "orphaned: no example of that name; delete the folder"
    for name, problem in sorted(problems.items()):
        _say(f"{name}: {problem}")
    fresh = len([path for path in paths if path.stem not in problems])
    _say(f"{fresh} fresh, {len(problems)} stale, missing or orphaned in {out_dir}")
    return problems


def _build_one(path, plan, prefix, report):
    example = sources.load(path)
    current = fingerprint.fingerprint(path, plan.mode, plan.examples_dir)
    recorded = store.read_manifest(plan.out_dir, example.name)
    if (
        not plan.force
        and recorded
        and recorded.get("input_hash") == current["input_hash"]
    ):
        report.fresh.append(example.name)
        _say(f"{prefix}: fresh, skipped")
        return
    why = _why_run(plan.force, recorded, current)
    _say(f"{prefix}: running in {plan.mode} mode ({why})")
    executed, seconds, peak_mib = execute.run(example, plan.mode)
    manifest = _manifest(example, current, seconds, peak_mib, plan.jobs)
    artifacts = outputs.collect(example, executed, manifest)
    manifest.update(
        figures=sorted(artifacts.figures),
        snippets=sorted(artifacts.snippets),
        data=sorted(artifacts.data),
    )
    store.write_example(plan.out_dir, example, artifacts, manifest)
    report.built.append(example.name)
    peak = f"peak {peak_mib:.0f} MiB, " if peak_mib else ""
    _say(
        f"{prefix}: done in {seconds:.1f} s ({peak}{len(artifacts.figures)} figures, "
        f"{len(artifacts.snippets)} snippets)"
    )


def _why_run(force, recorded, current):
    if force:
        return "forced"
    if recorded is None:
        return "no artifacts yet"
    return "; ".join(fingerprint.changes(recorded, current)) or "manifest out of date"


def _manifest(example, current, seconds, peak_mib, jobs):
    return {
        **current,
        "example": example.name,
        "title": example.title,
        "description": example.description,
        "environment": fingerprint.environment(),
        "run_seconds": round(seconds, 1),
        # Examples running side by side share memory bandwidth and caches, so
        # run_seconds depends on this too.
        "parallel_jobs": jobs,
        "peak_memory_mib": peak_mib,
        "run_date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _missing_files(out_dir, name, recorded):
    folder = store.example_dir(out_dir, name)
    wanted = [store.PAGE, f"{name}.ipynb"]
    wanted += [f"figures/{figure}.png" for figure in recorded.get("figures", [])]
    wanted += [f"snippets/{snippet}.md" for snippet in recorded.get("snippets", [])]
    wanted += [f"snippets/{name}.json" for name in recorded.get("data", [])]
    return [
        f"{relative} is missing"
        for relative in wanted
        if not (folder / relative).is_file()
    ]


def _summarize(report, out_dir, seconds, jobs):
    side_by_side = f", {jobs} at a time" if jobs > 1 else ""
    line = (
        f"{len(report.built)} built, {len(report.fresh)} fresh, {len(report.failed)} failed "
        f"in {seconds:.1f} s{side_by_side} -> {out_dir}"
    )
    _say(line)
    if report.failed:
        _say(
            f"failed: {', '.join(report.failed)} (their previous artifacts are untouched)",
            stream=sys.stderr,
        )


_SAY_LOCK = threading.Lock()


def _say(message, stream=sys.stdout):
    with _SAY_LOCK:  # whole lines, even from examples running side by side
        print(message, file=stream, flush=True)
