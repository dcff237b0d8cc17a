"""Pour stored outputs into an example whose prose changed: its cells, no kernel.

When only the page around the results changed (Markdown, the header, cell
names), the example's code cells are the ones that ran: their fingerprints
match the recorded run. The stored take-home notebook holds every output
whole (an array's bytes beside it, in arrays/); this puts each stored code
cell's outputs back under the example's current code cell, in order, and the
result is assembled like a fresh run. jupyter-cache's
`merge_match_into_notebook` works the same way.
"""

import base64

import nbformat

from . import layout, settings, values
from .assemble import ADDED, ARRAY_KEY
from .errors import ExampleError
from .fingerprint import cell_digest

# What a run writes into a notebook's own metadata: nbclient records the
# kernel's reply (language, version, lexer) there. A merged notebook takes it
# from the run it pours, so it is the notebook a fresh run would give.
RUN_METADATA = ("language_info",)


def executed_from_store(example, root):
    """The example's current cells with the outputs stored under `root`."""
    folder = layout.on_disk(root, example.name)
    try:
        stored = nbformat.read(folder.notebook, as_version=4)
        _restore_arrays(stored, folder)
    except (OSError, ValueError, KeyError) as error:
        raise ExampleError(
            f"{folder.notebook}: the stored outputs cannot be read ({error}); run the "
            f"example again: {settings.BUILD_COMMAND} --force --only {example.name}"
        ) from None
    return pour(example, stored, folder.notebook)


def pour(example, stored, stored_path="the stored notebook"):
    """A copy of the example's notebook with `stored`'s outputs under its code cells."""
    ran = [
        cell
        for cell in stored.cells
        if cell.cell_type == "code" and ADDED not in cell.get("metadata", {})
    ]
    merged = nbformat.from_dict(example.notebook)
    code = [cell for cell in merged.cells if cell.cell_type == "code"]
    if [cell_digest(c) for c in ran] != [cell_digest(c) for c in code]:
        raise ExampleError(
            f"{stored_path}: its code cells are not the example's; run it again: "
            f"{settings.BUILD_COMMAND} --force --only {example.name}"
        )
    for cell, old in zip(code, ran, strict=True):
        cell.outputs = old.outputs
        cell.execution_count = old.execution_count
    for key in RUN_METADATA:
        if key in stored.metadata:
            merged.metadata[key] = stored.metadata[key]
    return merged


def _restore_arrays(notebook, folder):
    """Give each array output back the bytes the take-home notebook leaves out."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).pop(ARRAY_KEY, None)
            if name:
                npy = base64.b64encode(folder.array(name).read_bytes()).decode()
                output.data[values.ARRAY_MIME] = {"name": name, "npy": npy}
