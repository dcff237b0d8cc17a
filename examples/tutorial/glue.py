"""Record values for a page's prose, as MyST-NB's `glue` does.

    glue("test_accuracy", scores["test accuracy"])

in a code cell, and in a Markdown cell:

    The model scores {test_accuracy:.2%} on the test set.

The build fills in the value, formatted, on the page and in the downloads, and
saves it with the example's other values (values.json), where other pages and
the summary read it. A reference to a name the run did not record fails the
build. Decide wording in code and record it as a short phrase; keep sentences
in the Markdown. Cells that only record values carry the tag `remove-cell`,
so the page shows the prose, not the bookkeeping.
"""

import base64
import io
import json
import numbers

import numpy as np
from IPython import get_ipython
from IPython.display import display

# The build reads values under this MIME type (sitebuild/values.py).
MIME = "application/vnd.tutorial.values+json"
# ... and arrays under this one, written beside the notebook.
ARRAY_MIME = "application/vnd.tutorial.array+json"


def glue(name, value):
    """Record `value` under `name`; show it as `name = value`."""
    value = plain(value)
    json.dumps(value, allow_nan=False)  # fails here if it is not JSON
    text = f"{name} = {value!r}"
    if get_ipython() is None:  # a plain script: nothing records, just say it
        print(text)
    else:
        display({MIME: {name: value}, "text/plain": text}, raw=True)


def plain(value):
    """NumPy numbers and arrays, tuples and mappings as JSON's numbers, lists, dicts."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"glue: cannot record a {type(value).__name__}: {value!r}")


def glue_array(name, array):
    """Record a NumPy array under `name`, for tools that check the page's numbers.

    The build writes it beside the notebook as a .npy file, not into the
    page: per-image results are data, not prose.
    """
    array = np.asarray(array)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    text = f"{name}: array of shape {array.shape}, {array.dtype}"
    payload = {
        "name": name,
        "npy": base64.b64encode(buffer.getvalue()).decode(),
    }
    if get_ipython() is None:
        print(text)
    else:
        display({ARRAY_MIME: payload, "text/plain": text}, raw=True)
