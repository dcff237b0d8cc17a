"""How an example's artifacts stand against its current source: what must happen.

    fresh    nothing to do
    prose    only the page around the results changed (Markdown, header, cell
             tags or names, the assembly code, a derived file gone): merge
             into the stored outputs, no kernel
    stale    the results' inputs changed (code, imported modules, versions,
             mode, threads): run the example
    missing  no artifacts yet, or the stored outputs are gone: run it

The build, `--check`, the site build and `mkdocs serve` all ask this module,
so they agree on what "stale" means.
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import fingerprint, layout, store

FRESH, PROSE, STALE, MISSING = "fresh", "prose", "stale", "missing"
NEEDS_RUN = (STALE, MISSING)


@dataclass
class Status:
    state: str
    reasons: list = field(default_factory=list)
    current: dict = field(default_factory=dict)  # the results fingerprint now
    page: dict = field(default_factory=dict)  # the page inputs now
    recorded: dict | None = None  # the manifest as stored

    @property
    def needs_run(self):
        return self.state in NEEDS_RUN

    def describe(self):
        return f"{self.state}" + (
            f": {'; '.join(self.reasons)}" if self.reasons else ""
        )


def status(example, root, mode, examples_dir):
    """The example's artifacts under `root`, built in `mode`, against its source."""
    current = fingerprint.fingerprint(example, mode, examples_dir)
    page = fingerprint.page_inputs(example)
    recorded = store.read_manifest(root, example.name)
    folder = layout.on_disk(root, example.name)

    def result(state, reasons):
        return Status(state, reasons, current, page, recorded)

    if recorded is None:
        return result(MISSING, ["no artifacts yet"])
    if recorded.get("input_hash") != current["input_hash"]:
        reasons = fingerprint.changes(recorded, current, example)
        return result(STALE, reasons or ["the manifest is out of date"])
    if not folder.notebook.is_file():
        return result(MISSING, [f"{folder.notebook.name} (the stored outputs) is gone"])
    reasons = _page_changes(recorded, page, folder)
    return result(PROSE if reasons else FRESH, reasons)


def orphans(root, paths):
    """Example folders under `root` whose example (one of `paths`) is gone."""
    names = {Path(path).stem for path in paths}
    return [name for name in layout.folders(root) if name not in names]


def _page_changes(recorded, page, folder):
    reasons = []
    if recorded.get("source_hash") != page["source_hash"]:
        reasons.append(f"{folder.name}.py: prose, header or cell tags changed")
    if recorded.get("assembly_hash") != page["assembly_hash"]:
        reasons.append("the page assembly code (sitebuild/) changed")
    missing = [
        path.relative_to(folder.folder).as_posix()
        for path in folder.expected(recorded)
        if not path.is_file()
    ]
    if missing:
        reasons.append(f"{', '.join(missing)} missing")
    return reasons
