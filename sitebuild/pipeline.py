"""Build or check a set of examples, saying what happens to each."""

import datetime
import sys
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


def build(paths, out_dir, mode, force=False, examples_dir=settings.EXAMPLES_DIR):
    """Run every example whose inputs changed (all with force); write its artifacts."""
    report = Report()
    started = time.monotonic()
    for number, path in enumerate(paths, start=1):
        prefix = f"[{number}/{len(paths)}] {path.stem}"
        try:
            _build_one(path, out_dir, mode, force, examples_dir, prefix, report)
        except sources.ExampleError as error:
            report.failed[path.stem] = str(error)
            _say(f"{prefix}: FAILED\n{error}", stream=sys.stderr)
    _summarize(report, out_dir, time.monotonic() - started)
    return report


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


def _build_one(path, out_dir, mode, force, examples_dir, prefix, report):
    example = sources.load(path)
    current = fingerprint.fingerprint(path, mode, examples_dir)
    recorded = store.read_manifest(out_dir, example.name)
    if not force and recorded and recorded.get("input_hash") == current["input_hash"]:
        report.fresh.append(example.name)
        _say(f"{prefix}: fresh, skipped")
        return
    why = _why_run(force, recorded, current)
    _say(f"{prefix}: running in {mode} mode ({why})")
    executed, seconds, peak_mib = execute.run(example, mode)
    manifest = _manifest(example, current, seconds, peak_mib)
    artifacts = outputs.collect(example, executed, manifest)
    manifest.update(
        figures=sorted(artifacts.figures),
        snippets=sorted(artifacts.snippets),
        data=sorted(artifacts.data),
    )
    store.write_example(out_dir, example, artifacts, manifest)
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


def _manifest(example, current, seconds, peak_mib):
    return {
        **current,
        "example": example.name,
        "title": example.title,
        "description": example.description,
        "environment": fingerprint.environment(),
        "run_seconds": round(seconds, 1),
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


def _summarize(report, out_dir, seconds):
    line = (
        f"{len(report.built)} built, {len(report.fresh)} fresh, {len(report.failed)} failed "
        f"in {seconds:.1f} s -> {out_dir}"
    )
    _say(line)
    if report.failed:
        _say(
            f"failed: {', '.join(report.failed)} (their previous artifacts are untouched)",
            stream=sys.stderr,
        )


def _say(message, stream=sys.stdout):
    print(message, file=stream, flush=True)
