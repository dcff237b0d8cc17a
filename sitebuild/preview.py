"""Previews of edited examples for `mkdocs serve`, written beside the published artifacts.

    python -m sitebuild.preview --examples examples --published docs/generated \\
        --preview build/preview/generated NAME

brings NAME's preview up to date: a prose edit is merged into the published
outputs (nothing runs); a code edit runs the example in fast mode, and its
page says so in a banner with the command that produces the published
results. A failing example gets a page showing the error (file, cell, line)
instead of its stale results. The published artifacts are only read.

The MkDocs plugin (`plugin.py`) asks `plan` on every rebuild and runs this
module in a background process for each example whose preview is behind.
"""

import argparse
import signal
import sys
from pathlib import Path

import nbformat

from . import (
    catalog,
    errors,
    fingerprint,
    freshness,
    lock,
    produce,
    settings,
    sources,
    store,
)
from .assemble import ADDED, Artifacts

FAST, FULL = settings.FAST, settings.FULL
# What an example's preview needs; PUBLISHED: none, the published page is current.
PUBLISHED, CURRENT = "published", "current"
RUN, MERGE, MERGE_PUBLISHED = "run", "merge", "merge-published"
ACTIONS = (RUN, MERGE, MERGE_PUBLISHED)
DONE = {
    PUBLISHED: "no preview needed: the published page is current",
    CURRENT: "up to date",
    RUN: "ran in fast mode",
    MERGE: "prose merged into the fast-mode preview, nothing run",
    MERGE_PUBLISHED: "prose merged into the published outputs, nothing run",
}


def plan(example, published, preview, examples_dir):
    """PUBLISHED, CURRENT (the preview is up to date), MERGE_PUBLISHED (a prose
    edit: merge it into the published outputs), MERGE (a prose edit of a fast
    preview) or RUN (a code edit: run in fast mode)."""
    public = freshness.status(example, published, FULL, examples_dir)
    if public.state == freshness.FRESH:
        return PUBLISHED
    if public.state == freshness.PROSE:
        merged = freshness.status(example, preview, FULL, examples_dir)
        return CURRENT if merged.state == freshness.FRESH else MERGE_PUBLISHED
    status = freshness.status(example, preview, FAST, examples_dir)
    if _failed_on_this_source(status.recorded, catalog.sha256(example.path), status):
        return CURRENT  # it failed as it stands: wait for the next edit
    return {freshness.FRESH: CURRENT, freshness.PROSE: MERGE}.get(status.state, RUN)


def is_current_failure(path, preview):
    """Whether the preview is a failure page for the example's source as it stands."""
    try:
        recorded = catalog.read_manifest(preview, Path(path).stem)
    except errors.ArtifactError:
        return False
    return _failed_on_this_source(recorded, catalog.sha256(path))


def refresh(path, examples_dir, published, preview, command):
    """Bring the preview of the example at `path` up to date: (done well, what was done)."""
    with lock.exclusive(preview):
        try:
            example = sources.load(path)
            action = _bring_up(example, examples_dir, published, preview, command)
        except Exception as error:  # noqa: BLE001 - any failure becomes its page
            message = (
                str(error) if isinstance(error, errors.ExampleError) else repr(error)
            )
            _write_failure(path, message, preview, examples_dir)
            return False, f"{Path(path).stem}: preview failed\n{message}"
    return True, f"{example.name}: {DONE[action]}"


def _bring_up(example, examples_dir, published, preview, command):
    """Plan the preview and carry it out; return the action taken.

    A preview reads the published root without its lock (a full build holds
    it for most of an hour), so a build may swap an example's published
    folder, by two renames, between two of its reads. A merge from the
    published outputs that fails is therefore planned and tried once more,
    after the swap: the reading is retried, nothing is run twice.
    """
    action = plan(example, published, preview, examples_dir)
    try:
        _carry_out(action, example, examples_dir, published, preview, command)
    except (errors.ExampleError, OSError):  # what a read of a folder mid-swap raises
        if action != MERGE_PUBLISHED:
            raise
        action = plan(example, published, preview, examples_dir)
        _carry_out(action, example, examples_dir, published, preview, command)
    return action


def _carry_out(action, example, examples_dir, published, preview, command):
    if action == MERGE_PUBLISHED:
        status = freshness.status(example, published, FULL, examples_dir)
        produce.merge_prose(example, status, preview, stored_root=published)
    elif action in (MERGE, RUN):
        status = freshness.status(example, preview, FAST, examples_dir)
        banner = fast_banner(example.name, command)
        if action == MERGE:
            produce.merge_prose(example, status, preview, banner=banner)
        else:
            produce.run(example, status, preview, FAST, banner=banner)


def fast_banner(name, command):
    return _admonition(
        "warning preview-banner",
        "Fast-mode preview",
        "These results come from a fast-mode run of your edited example (a small "
        "subset of the data, few steps), not the published results. Produce "
        f"those with <code>{command} --only {name}</code>.",
    )


def _write_failure(path, message, preview, examples_dir):
    """A page that shows the error, and the example's cells without outputs."""
    path = Path(path)
    manifest = {
        "example": path.stem,
        "title": path.stem,
        "description": "A preview that failed.",
        "figures": [],  # the gallery shows a text card, linking no figure
        "failed": message,
        "source_hash": catalog.sha256(path),
    }
    cells = [
        nbformat.v4.new_markdown_cell(f"# {path.stem}", metadata={ADDED: "title"}),
        nbformat.v4.new_markdown_cell(
            _admonition("failure preview-banner", "This preview failed", "")
            + f"\n\n```text\n{message}\n```\n",
            metadata={ADDED: "banner"},
        ),
    ]
    try:
        example = sources.load(path)
        cells += example.notebook.cells
        manifest["title"] = example.title
        current = fingerprint.fingerprint(example, FAST, examples_dir)
        manifest["input_hash"] = current["input_hash"]
    except errors.ExampleError:
        pass  # the example cannot be read at all: the error says why
    page = nbformat.v4.new_notebook(cells=cells)
    artifacts = Artifacts(
        page=page, notebook=page, script=path.read_text("utf-8", "replace")
    )
    store.write_example(preview, path.stem, artifacts, manifest)


def _admonition(kind, title, text):
    body = f"<p>{text}</p>" if text else ""
    return f'<div class="admonition {kind}"><p class="admonition-title">{title}</p>{body}</div>'


def _failed_on_this_source(recorded, source_hash, status=None):
    if not recorded or "failed" not in recorded:
        return False
    if recorded.get("source_hash") != source_hash:
        return False
    # A helper module's edit can fix the example: then try again.
    return status is None or recorded.get("input_hash") in (
        None,
        status.current["input_hash"],
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option in ("--examples", "--published", "--preview"):
        parser.add_argument(option, type=Path, required=True)
    parser.add_argument("--command", default=settings.BUILD_COMMAND)
    parser.add_argument("name")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # serve stopping: end the kernel too
    path = args.examples / f"{args.name}.py"
    ok, said = refresh(path, args.examples, args.published, args.preview, args.command)
    print(said)
    return 0 if ok else 1


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
