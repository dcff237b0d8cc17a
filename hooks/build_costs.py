"""MkDocs hook: the build-cost table of docs/scaling.md, from the manifests.

Each example's manifest records its full-mode run time, the runs the run
store served it and its peak memory; this hook turns them into the table
and totals that the scaling page reasons from, so the page's numbers are
the last build's, never typed by hand. A run's cost is counted as if
nothing were stored (`catalog.unstored_seconds`): what a job of its own, on
a fresh machine, pays.
"""

from mkdocs.exceptions import PluginError

from sitebuild import catalog
from sitebuild.errors import ExampleError

MARKER = "<!-- build costs: generated from the manifests -->"


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    try:
        manifests = [
            entry.manifest for entry in catalog.published(config["docs_dir"]).entries()
        ]
    except ExampleError as error:
        raise PluginError(str(error)) from None
    return markdown.replace(MARKER, cost_table(manifests))


def cost_table(manifests):
    """Markdown: one row per example, heaviest first, then the totals."""
    if not manifests:
        return "No example has been built yet: there are no costs to show."
    cost = catalog.unstored_seconds
    ordered = sorted(manifests, key=cost, reverse=True)
    total = sum(cost(m) for m in ordered)
    rows = [
        f"| {m['example']} | {m['mode']} | {cost(m):.0f} s | "
        f"{cost(m) / total:.0%} | {_memory(m)} | {m['run_date'][:10]} |"
        for m in ordered
    ]
    heaviest = ordered[0]
    peak = max((m.get("peak_memory_mib") or 0) for m in ordered)
    return "\n".join(
        [
            "| example | mode | run time, nothing stored | share | peak memory "
            "| run on |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"Run one after the other with nothing stored, the {len(ordered)} "
            f"examples take {total / 60:.1f} minutes{_how_run(ordered)}. "
            f"{_packed(ordered)}On one machine the run store trains a run that "
            "several pages share only once, so a build there takes less than "
            "that. "
            f"The heaviest, {heaviest['example']}, takes "
            f"{cost(heaviest) / total:.0%} of the total, so no split into "
            f"parallel jobs can finish sooner than its "
            f"{cost(heaviest):.0f} s. The largest kernel peaked at "
            f"{peak:.0f} MiB.",
        ]
    )


def _how_run(manifests):
    """How the times were measured, when every manifest says so alike."""
    threads = {m.get("threads") for m in manifests}
    jobs = {m.get("parallel_jobs") for m in manifests}
    if len(threads) != 1 or len(jobs) != 1 or None in threads | jobs:
        return ""
    (thread,), (job,) = threads, jobs
    side_by_side = f", {job} running side by side" if job > 1 else ""
    return f" (each on {thread} CPU thread{'s' if thread > 1 else ''}{side_by_side})"


def _packed(manifests):
    """The wall time of a build that runs `parallel_jobs` examples at a time."""
    jobs = max(m.get("parallel_jobs") or 1 for m in manifests)
    if jobs == 1:
        return ""
    return (
        f"Started longest first, {jobs} at a time, as `build_figures.py` does, they "
        f"finish in about {longest_first_makespan(manifests, jobs) / 60:.1f} "
        "minutes. "
    )


def longest_first_makespan(manifests, jobs):
    """Seconds until the last example ends when each free worker takes the longest left."""
    workers = [0.0] * jobs
    for seconds in sorted(map(catalog.unstored_seconds, manifests), reverse=True):
        workers[workers.index(min(workers))] += seconds
    return max(workers)


def _memory(manifest):
    peak = manifest.get("peak_memory_mib")
    return f"{peak:.0f} MiB" if peak else "unknown"
