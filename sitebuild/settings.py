"""The build's defaults and fixed settings, in one table, so none hides in the code."""

import os
from pathlib import Path

from . import layout

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO_ROOT / "examples"
PUBLISHED_DIR = REPO_ROOT / "docs" / layout.GENERATED
FAST_DIR = REPO_ROOT / "build" / "fast"
# Where `mkdocs serve` writes the fast-mode previews of edited examples,
# relative to mkdocs.yml (the plugin's `preview_dir` default); the served site
# reads them instead of the published artifacts.
PREVIEW_DIR = "build/preview"

# The two modes: full (what the site publishes) and fast (a small subset,
# few steps: tests and previews). examples/tutorial/mode.py spells the same.
FULL, FAST = "full", "fast"

# Bump when what a run stores changes in a way the execution settings below
# do not show (how outputs are captured): it makes every artifact stale, as a
# change of its inputs would. Changes to the engine code that shapes the
# artifacts need no bump: every module `produce` imports is hashed
# (`fingerprint.engine_hash`), and a change re-assembles without running.
ARTIFACT_FORMAT = 3

# The page shows at most this many first and last lines of a text output;
# the downloads keep it whole. A page whose cells weigh more than the budget
# is reported by the build, naming its heaviest cell.
PAGE_OUTPUT_LINES = (60, 20)
PAGE_BUDGET_BYTES = 150 * 1024

# Whole-example time budgets in seconds; an example's header may set its own
# with a `Timeout:` line.
TIMEOUT = {FULL: 3600, FAST: 300}

# CPU threads of each example's kernel. Part of the fingerprint: the thread
# count changes the order of floating-point sums, and training turns that into
# different numbers (one epoch of the post's net on 1 and on 2 threads ends
# with different weights). Fixing it, instead of taking every core, gives the
# same results on machines with any number of cores; the cores are used by
# running examples side by side (`--jobs`, one per core by default).
THREADS_PER_EXAMPLE = 1

# The kernel starts from a declared, minimal environment, never the build's
# own: a variable such as KERAS_BACKEND, TF_ENABLE_ONEDNN_OPTS or
# CUDA_VISIBLE_DEVICES set in a shell cannot change results unseen. It gets
# KERNEL_ENV (below, part of the fingerprint), the mode, these variables
# passed through as they are (where things are and how to reach the package
# registries, which change no result), and PYTHONPATH, which decides what
# imports and so is part of the fingerprint too. IPython, matplotlib and
# Keras read their configuration from folders of the build's own
# (KERNEL_CONFIG_DIR), so a profile, matplotlibrc or keras.json in the home
# folder is no input either.
PASSED_VARIABLES = (
    "PATH", "HOME", "USER", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
    "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
    "SSL_CERT_FILE", "SSL_CERT_DIR",
)  # fmt: skip
PASSED_PREFIXES = ("PIP_",)
FINGERPRINTED_PASSED = ("PYTHONPATH",)
KERNEL_CONFIG_DIR = REPO_ROOT / ".cache" / "kernel"
KERNEL_CONFIG_VARIABLES = {
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "KERAS_HOME": "keras",
}

# Environment of every example's kernel: a fixed hash seed, where MNIST is,
# quiet TensorFlow logs, matplotlib's headless inline backend, and the thread
# count for TensorFlow's two pools and for the BLAS and OpenMP libraries.
THREAD_VARIABLES = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)
# Where the examples find MNIST (tutorial/data.py): the folder `make data`
# fills from PyPI, unless the environment names another.
DATA_DIR = os.environ.get("TUTORIAL_DATA_DIR", str(REPO_ROOT / ".cache" / "data"))
# Where finished experiment runs are kept, so that a run several pages share
# trains once (examples/tutorial/runstore.py); empty: every run trains.
RUN_STORE = os.environ.get("TUTORIAL_RUN_STORE", str(REPO_ROOT / ".cache" / "runs"))


def run_ledger(pid):
    """Where the kernel of process `pid` notes the cost of each run it trained
    or read from the store, or None with no store.

    The examples' helpers write it (examples/tutorial/runstore.py's
    `ledger_path`; tests/test_experiment.py checks both name one file).
    """
    return Path(RUN_STORE) / "ledger" / f"{pid}.jsonl" if RUN_STORE else None


KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    # No __pycache__ in examples/: `mkdocs serve` watches it, and a kernel's
    # bytecode would look like an edit.
    "PYTHONDONTWRITEBYTECODE": "1",
    "TUTORIAL_DATA_DIR": DATA_DIR,
    "TUTORIAL_RUN_STORE": RUN_STORE,
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    **dict.fromkeys(THREAD_VARIABLES, str(THREADS_PER_EXAMPLE)),
}
# Machine-specific paths: in the kernel's environment, not in the fingerprint.
UNHASHED_KERNEL_VARIABLES = ("TUTORIAL_DATA_DIR", "TUTORIAL_RUN_STORE")
MODE_VARIABLE = "TUTORIAL_MODE"
# How nbclient runs each example: part of the fingerprint. nbclient acts on
# two cell tags, which the fingerprint therefore reads as code: it skips a
# cell tagged `skip-execution` and lets one tagged `raises-exception` fail.
# ipykernel's file-descriptor capture is off: with it, what C code or a dying
# kernel writes to fd 2 passes through a pipe and a thread that os._exit or
# a crash can stop before it echoes, and the failure message would miss the
# kernel's last words. Python's own prints still reach the notebook.
EXECUTOR = {
    "kernel_name": "python3",
    "allow_errors": False,
    "skip_cells_with_tag": "skip-execution",
    "extra_arguments": ["--IPKernelApp.capture_fd_output=False"],
}
EXECUTED_TAGS = ("skip-execution", "raises-exception")
# The command that refreshes artifacts, as messages tell the user to type it:
# with the venv's python (`make install` makes .venv), as the README does; a
# bare `python` outside an activated venv lacks the packages.
BUILD_COMMAND = ".venv/bin/python build_figures.py"


def default_jobs():
    """Examples run side by side: as many as the cores this process may use allow."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, cores // THREADS_PER_EXAMPLE)


# Libraries whose version is part of every example's fingerprint.
VERSIONED_DISTRIBUTIONS = {
    "tensorflow": ("tensorflow", "tensorflow-cpu"),
    "keras": ("keras",),
    "numpy": ("numpy",),
    "matplotlib": ("matplotlib",),
    "scipy": ("scipy",),  # the intervals of every comparison
}
# Libraries the examples use that do not change their numbers: recorded in
# the manifest (the take-home notebooks pin them), not part of the hash.
RECORDED_DISTRIBUTIONS = {"ipython": ("ipython",)}

# Output MIME types that reach the page; anything else (HTML, JavaScript) is
# dropped in favour of its text/plain form, since outputs are text, not markup.
# A figure drawn for the dark colour scheme travels beside its PNG under its
# own type (examples/tutorial/figures.py); the page shows the one that fits.
DARK_FIGURE_MIME = "image/x.tutorial-dark+png"
# text/markdown is kept as Markdown, but raw HTML in it is refused (outputs).
KEPT_MIME_TYPES = ("image/png", DARK_FIGURE_MIME, "text/markdown", "text/plain")
# What one example may print. Past OUTPUT_LIMIT_BYTES of text in all, the
# kernel is stopped and the example fails naming the cell: memory stays
# bounded, and no artifact carries hundreds of megabytes. On the page, a line
# longer than PAGE_LINE_CHARACTERS is cut to its head and tail, as many lines are.
OUTPUT_LIMIT_BYTES = 16 * 1024 * 1024
PAGE_LINE_CHARACTERS = 2_000

# A kernel that does not answer within this many seconds of its start is
# started once more (a loaded machine), then fails its example alone.
KERNEL_START_SECONDS = 60
KERNEL_START_ATTEMPTS = 2
