"""The two ways an example's artifacts come about: run it, or merge edited prose.

Both end in the same `assemble` and the same atomic `store` write, so a page
made from stored outputs is the page a fresh run with the same outputs gives.
`build_figures.py`, the site build and `mkdocs serve`'s previews all use them.
"""

import datetime

from . import assemble, execute, fingerprint, merge, store


def run(example, status, root, mode, jobs=1, banner=None):
    """Execute the example in a fresh kernel; write and return its artifacts.

    `banner` (Markdown) goes under the page's title: what a preview says of itself.
    """
    executed = execute.run(example, mode)
    manifest = {
        **status.current,
        **status.page,
        "example": example.name,
        "environment": fingerprint.environment(),
        "run_seconds": round(executed.seconds, 1),
        # The runs the store served: what the run would have cost without it.
        "run_store": executed.store,
        # Examples running side by side share memory bandwidth and caches, so
        # run_seconds depends on this too.
        "parallel_jobs": jobs,
        "peak_memory_mib": executed.peak_mib,
        "run_date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    return _write(example, executed.notebook, manifest, root, banner)


def merge_prose(example, status, root, stored_root=None, banner=None):
    """Re-assemble from stored outputs with the example's current prose; no kernel.

    The outputs are read from `stored_root` (default: `root`, where the
    artifacts are written); `status` is the example's status there.
    """
    executed = merge.executed_from_store(example, stored_root or root)
    manifest = {**status.recorded, **status.page}
    return _write(example, executed, manifest, root, banner)


def _write(example, executed, manifest, root, banner):
    manifest = {**manifest, "title": example.title, "description": example.description}
    artifacts = assemble.assemble(example, executed, manifest, banner)
    manifest.update(
        figures=sorted(artifacts.figures),
        dark_figures=sorted(artifacts.dark_figures),
        snippets=sorted(artifacts.snippets),
        values=sorted(artifacts.values),
        arrays=sorted(artifacts.arrays),
        references=artifacts.references,
    )
    return artifacts, store.write_example(root, example.name, artifacts, manifest)
