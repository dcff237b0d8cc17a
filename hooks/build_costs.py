"""MkDocs hook: the build-cost table of docs/scaling.md, from the manifests.

Each example's manifest records its full-mode run time and peak memory; this
hook turns them into the table and totals that the scaling page reasons
from, so the page's numbers are the last build's, never typed by hand.
"""

import catalog

MARKER = "<!-- build costs: generated from the manifests -->"


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, cost_table(catalog.manifests(config["docs_dir"])))


def cost_table(manifests):
    """Markdown: one row per example, heaviest first, then the totals."""
    ordered = sorted(manifests, key=lambda m: m["run_seconds"], reverse=True)
    total = sum(m["run_seconds"] for m in ordered)
    rows = [
        f"| {m['example']} | {m['mode']} | {m['run_seconds']:.0f} s | "
        f"{m['run_seconds'] / total:.0%} | {_memory(m)} | {m['run_date'][:10]} |"
        for m in ordered
    ]
    heaviest = ordered[0]
    peak = max((m.get("peak_memory_mib") or 0) for m in ordered)
    return "\n".join(
        [
            "| example | mode | run time | share | peak memory | run on |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"Run one after the other, the {len(ordered)} examples take "
            f"{total / 60:.1f} minutes; the heaviest, {heaviest['example']}, takes "
            f"{heaviest['run_seconds'] / total:.0%} of that, so no split into parallel "
            f"jobs can finish sooner than its {heaviest['run_seconds']:.0f} s. The "
            f"largest kernel peaked at {peak:.0f} MiB.",
        ]
    )


def _memory(manifest):
    peak = manifest.get("peak_memory_mib")
    return f"{peak:.0f} MiB" if peak else "unknown"
