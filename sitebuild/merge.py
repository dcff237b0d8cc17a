"""Pour stored outputs into an example whose prose changed: its cells, no kernel.

When only the page around the results changed (Markdown, the header, cell
tags or names), the example's code cells are the ones that ran: their
fingerprints match the recorded run. The stored take-home notebook holds
every output whole; this puts each stored code cell's outputs back under the
example's current code cell, in order, and the result is assembled like a
fresh run. jupyter-cache's `merge_match_into_notebook` works the same way.
"""

import nbformat

from . import layout
from .assemble import ADDED
from .errors import ExampleError
from .fingerprint import code_digest


def executed_from_store(example, root):
    """The example's current cells with the outputs stored under `root`."""
    stored_path = layout.on_disk(root, example.name).notebook
    try:
        stored = nbformat.read(stored_path, as_version=4)
    except (OSError, ValueError) as error:
        raise ExampleError(
            f"{stored_path}: the stored outputs cannot be read ({error}); run the "
            f"example again: python build_figures.py --force --only {example.name}"
        ) from None
    return pour(example, stored, stored_path)


def pour(example, stored, stored_path="the stored notebook"):
    """A copy of the example's notebook with `stored`'s outputs under its code cells."""
    ran = [
        cell
        for cell in stored.cells
        if cell.cell_type == "code" and ADDED not in cell.get("metadata", {})
    ]
    merged = nbformat.from_dict(example.notebook)
    code = [cell for cell in merged.cells if cell.cell_type == "code"]
    if [code_digest(c.source) for c in ran] != [code_digest(c.source) for c in code]:
        raise ExampleError(
            f"{stored_path}: its code cells are not the example's; run it again: "
            f"python build_figures.py --force --only {example.name}"
        )
    for cell, old in zip(code, ran, strict=True):
        cell.outputs = old.outputs
        cell.execution_count = old.execution_count
    return merged
