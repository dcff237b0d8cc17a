"""How an example's artifacts stand against its current source: what must happen.

    fresh       nothing to do
    prose       only the page around the results changed (Markdown, header,
                cell names, the engine code, a derived file gone or edited):
                merge into the stored outputs, no kernel
    stale       the results' inputs changed (code, executed cell tags,
                imported modules, versions, kernel environment, executor,
                mode, threads): run the example
    missing     no artifacts yet, or the stored outputs are gone: run it
    unreadable  the manifest or the stored outputs cannot be read or are not
                what the build wrote: run it again, saying so

A file whose SHA-256 is not the one its manifest records was edited by hand
(or by a merge conflict): `edited` names it. The build makes it again;
`--check`, `mkdocs build` and `merge` refuse it. The build, `--check`, the site
build and `mkdocs serve` all ask this module, so they agree on what "stale"
means.
"""

from dataclasses import dataclass, field
from pathlib import Path

from . import catalog, fingerprint, layout, store
from .errors import ArtifactError

FRESH, PROSE, STALE, MISSING, UNREADABLE = (
    "fresh", "prose", "stale", "missing", "unreadable",
)  # fmt: skip
NEEDS_RUN = (STALE, MISSING, UNREADABLE)


@dataclass
class Status:
    state: str
    reasons: list = field(default_factory=list)
    current: dict = field(default_factory=dict)  # the results fingerprint now
    page: dict = field(default_factory=dict)  # the page inputs now
    recorded: dict | None = None  # the manifest as stored
    edited: list = field(default_factory=list)  # files that are not what was written

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
    folder = layout.on_disk(root, example.name)

    def result(state, reasons, recorded=None, edited=()):
        return Status(state, reasons, current, page, recorded, list(edited))

    try:
        recorded = catalog.read_manifest(root, example.name)
    except ArtifactError as error:
        why = getattr(error, "why", str(error))
        return result(UNREADABLE, [f"{folder.manifest.name} does not parse ({why})"])
    if recorded is None:
        return result(MISSING, [_absent(root, example.name)])
    if recorded.get("input_hash") != current["input_hash"]:
        reasons = fingerprint.changes(recorded, current, example)
        return result(STALE, reasons or ["the manifest is out of date"], recorded)
    if not folder.notebook.is_file():
        reason = f"{folder.notebook.name} (the stored outputs) is gone"
        return result(MISSING, [reason], recorded)
    edited = catalog.changed(folder, recorded)
    if any(folder.notebook.name in line for line in edited):
        return result(UNREADABLE, edited, recorded, edited)
    reasons = _page_changes(recorded, page, folder) + edited
    return result(PROSE if reasons else FRESH, reasons, recorded, edited)


def orphans(root, paths):
    """Example folders under `root` whose example (one of `paths`) is gone."""
    names = {Path(path).stem for path in paths}
    return [name for name in layout.folders(root) if name not in names]


def _absent(root, name):
    cut = [path.name for path in store.leftovers(root, name)]
    if cut:
        return f"no artifacts, but {', '.join(cut)} is left from a write cut short"
    return "no artifacts yet"


def _page_changes(recorded, page, folder):
    reasons = []
    if recorded.get("source_hash") != page["source_hash"]:
        reasons.append(f"{folder.name}.py: prose, header or cell tags changed")
    if recorded.get("assembly_hash") != page["assembly_hash"]:
        reasons.append("the engine code that shapes artifacts (sitebuild/) changed")
    if catalog.DIGESTS not in recorded:
        reasons.append("the manifest records no digests yet")
    missing = [
        path.relative_to(folder.folder).as_posix()
        for path in folder.expected(recorded)
        if not path.is_file()
    ]
    if missing:
        reasons.append(f"{', '.join(missing)} missing")
    return reasons
