"""A store of finished runs, keyed by everything that decides a run.

Several pages train identical runs: the unregularized network from the same
seeds, the same dropout rates, the same penalties. A run is a pure function
of its inputs on one machine (seeded, one thread), so the build keeps each
finished run, once, under a key made of all of them, and a page that needs
an identical run reads it instead of training it again. The key covers:

- the model as built: its architecture and every layer's settings (seeds,
  rates, regularizers, initializers), with the layers' names left out (they
  count models, they change no number); its initial weights; the loss and
  the optimizer with all their settings, decay exclusions included;
- the callbacks, with their settings (and their source, when the page
  defines them), the epochs, the batch size and whether the validation
  images are watched after every epoch;
- the data of every split, by content;
- the library versions, the threads, and this protocol's own source files.

A page's extra measurements (`measure`) are not part of the key: the store
keeps each run's final weights, and a measurement is made on them.

The store is on only where the build asks for it (`TUTORIAL_RUN_STORE`
names its folder); a page run anywhere else trains everything itself. Two
kernels side by side share it: a run one of them is training is locked, and
the other trains something else meanwhile (`experiment.run_all`).

Each run keeps the seconds its training took, and each process notes in
the store's ledger (`ledger_path`) the seconds of every run it trained and
of every run it read instead: what the page would cost with no store. The
build reads its kernel's ledger, so that it can start the examples that
cost most when nothing is stored first, whatever the store held this time.
"""

import base64
import fcntl
import hashlib
import inspect
import json
import os
import tempfile
from pathlib import Path

import keras
import numpy as np

STORE_VARIABLE = "TUTORIAL_RUN_STORE"
LEDGER_FOLDER = "ledger"
THREAD_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
# The files whose code decides how a run trains and is scored.
PROTOCOL_FILES = ("experiment.py", "runstore.py", "seeds.py")


def folder():
    """The store's folder, or None: each run is then trained afresh."""
    path = os.environ.get(STORE_VARIABLE)
    return Path(path) if path else None


def key(model, callbacks, split, training):
    """The hex digest of everything that decides the run (module docstring)."""
    described = {
        "model": _without_names(json.loads(model.to_json())),
        "initial_weights": _digest_arrays(model.get_weights()),
        "compile": _without_names(model.get_compile_config()),
        "loss": _describe(model.loss),
        "decay_exclusions": _exclusions(model.optimizer),
        "callbacks": [_describe(callback) for callback in callbacks],
        "data": split.digest,
        "training": training,
        "versions": {
            "keras": keras.__version__,
            "backend": keras.backend.backend(),
            "numpy": np.__version__,
            "threads": [os.environ.get(v) for v in THREAD_VARIABLES],
        },
        "protocol": _protocol_digest(),
    }
    text = json.dumps(described, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def load(root, run_key):
    """(result, final weights) stored under `run_key`, or None."""
    path = _path(root, run_key)
    try:
        with np.load(path) as stored:
            result = json.loads(stored["result"].tobytes())
            count = int(stored["weights"])
            weights = [stored[f"w{i}"] for i in range(count)]
            seconds = float(stored["seconds"])
    except (OSError, KeyError, ValueError):
        return None  # not stored yet, or cut short: train it
    _note(root, "loaded", seconds)
    return _decoded(result), weights


def save(root, run_key, result, weights, seconds):
    """Store a finished run that took `seconds` to train, atomically: a
    reader sees all of it or nothing."""
    path = _path(root, run_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {f"w{i}": np.asarray(w) for i, w in enumerate(weights)}
    arrays["weights"] = np.array(len(weights))
    arrays["seconds"] = np.array(seconds)
    text = json.dumps(_encoded(result), sort_keys=True).encode()
    arrays["result"] = np.frombuffer(text, dtype=np.uint8)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _note(root, "trained", seconds)


class Claim:
    """An exclusive claim on training one run, held while it trains."""

    def __init__(self, root, run_key):
        path = _path(root, run_key).with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def try_take(self):
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def wait(self):
        fcntl.flock(self.descriptor, fcntl.LOCK_EX)

    def release(self):
        os.close(self.descriptor)  # closing drops the lock


def ledger_path(root, pid):
    """The ledger of process `pid`: one JSON line per run it trained or read."""
    return Path(root) / LEDGER_FOLDER / f"{pid}.jsonl"


def _note(root, how, seconds):
    """Add a run to this process's ledger; a ledger that cannot be written
    costs nothing but the build's ordering (the run itself stands)."""
    line = json.dumps({how: round(seconds, 3)}) + "\n"
    path = ledger_path(root, os.getpid())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as ledger:  # one short append: whole lines
            ledger.write(line)
    except OSError:
        pass


def _path(root, run_key):
    return Path(root) / run_key[:2] / f"{run_key}.npz"


def _without_names(config):
    """The config without the names of layers, models and seed generators.

    Those count objects ("conv2d_7") and change no number; a dtype policy's
    name ("float32") is its setting, and stays.
    """
    if isinstance(config, dict):
        if "DTypePolicy" in str(config.get("class_name")):
            return config
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list):
        return [_without_names(item) for item in config]
    return config


def _describe(thing):
    """A loss or callback by its class, settings and (if the page's) source."""
    if isinstance(thing, str) or thing is None:
        return thing
    kind = type(thing)
    if hasattr(thing, "get_config"):
        settings = _without_names(thing.get_config())
    else:
        settings = {
            k: v
            for k, v in vars(thing).items()
            if isinstance(v, bool | int | float | str | type(None))
        }
    described = {"class": f"{kind.__module__}.{kind.__qualname__}"}
    if not kind.__module__.startswith("keras"):
        described["source"] = _source(kind)
    return {**described, "settings": settings}


def _exclusions(optimizer):
    """What `exclude_from_weight_decay` set, which get_config() leaves out."""
    excluded = getattr(optimizer, "_exclude_from_weight_decay", ())
    pattern = getattr(optimizer, "_exclude_from_weight_decay_pattern", None)
    return {
        "variables": sorted(str(v) for v in excluded),
        "names": getattr(pattern, "pattern", None),
    }


def _source(kind):
    """A class's source; in a notebook, where classes have none, its methods'."""
    try:
        return inspect.getsource(kind)
    except (OSError, TypeError):
        pass
    methods = [
        v for _, v in sorted(vars(kind).items()) if inspect.isfunction(v)
    ]
    try:
        return "\n".join(inspect.getsource(method) for method in methods)
    except (OSError, TypeError):
        # Without its source a page's class cannot be told from another of
        # the same name: then the run is not shared.
        return f"unique:{id(kind)}"


def _digest_arrays(arrays):
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _protocol_digest():
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in PROTOCOL_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _encoded(result):
    """Packed per-image arrays as base64 text, for the stored JSON."""
    return {
        k: {"packed": base64.b64encode(v.tobytes()).decode()}
        if isinstance(v, np.ndarray)
        else v
        for k, v in result.items()
    }


def _decoded(result):
    return {
        k: np.frombuffer(base64.b64decode(v["packed"]), dtype=np.uint8)
        if isinstance(v, dict) and set(v) == {"packed"}
        else v
        for k, v in result.items()
    }
