"""Every default of the build in one table, so none hides in the code."""

import os
from pathlib import Path

from . import layout

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO_ROOT / "examples"
PUBLISHED_DIR = REPO_ROOT / "docs" / layout.GENERATED
FAST_DIR = REPO_ROOT / "build" / "fast"
# Where `mkdocs serve` writes the fast-mode previews of edited examples; the
# served site reads them instead of the published artifacts.
PREVIEW_DIR = REPO_ROOT / "build" / "preview"

# Bump when what a run stores changes (what the kernel is asked, how outputs
# are captured): it makes every artifact stale, as a change of its inputs
# would. Changes to how pages are assembled from stored outputs need no bump:
# the modules below are hashed, and a change re-assembles without running.
ARTIFACT_FORMAT = 2
ASSEMBLY_MODULES = (
    "assemble",
    "outputs",
    "values",
    "takehome",
    "layout",
    "settings",
    "apirefs",
    "scopes",
)

# The page shows at most this many first and last lines of a text output;
# the downloads keep it whole. A page whose cells weigh more than the budget
# is reported by the build, naming its heaviest cell.
PAGE_OUTPUT_LINES = (60, 20)
PAGE_BUDGET_BYTES = 150 * 1024

# Whole-example time budgets in seconds; an example's header may set its own
# with a `Timeout:` line.
TIMEOUT = {"full": 3600, "fast": 300}

# CPU threads of each example's kernel. Part of the fingerprint: the thread
# count changes the order of floating-point sums, and training turns that into
# different numbers (one epoch of the post's net on 1 and on 2 threads ends
# with different weights). Fixing it, instead of taking every core, gives the
# same results on machines with any number of cores; the cores are used by
# running examples side by side (`--jobs`, one per core by default).
THREADS_PER_EXAMPLE = 1

# Environment of every example's kernel: the mode, a fixed hash seed, where
# MNIST is, quiet TensorFlow logs, matplotlib's headless inline backend, and
# the thread count for TensorFlow's two pools and for the BLAS and OpenMP
# libraries below it.
THREAD_VARIABLES = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)
# Where the examples find MNIST (tutorial/data.py): the folder `make data`
# fills from PyPI, unless the environment names another.
DATA_DIR = os.environ.get("TUTORIAL_DATA_DIR", str(REPO_ROOT / ".cache" / "data"))
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    # No __pycache__ in examples/: `mkdocs serve` watches it, and a kernel's
    # bytecode would look like an edit.
    "PYTHONDONTWRITEBYTECODE": "1",
    "TUTORIAL_DATA_DIR": DATA_DIR,
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    **dict.fromkeys(THREAD_VARIABLES, str(THREADS_PER_EXAMPLE)),
}
MODE_VARIABLE = "TUTORIAL_MODE"
# The command that refreshes artifacts, as messages tell the user to type it.
BUILD_COMMAND = "python build_figures.py"


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
KEPT_MIME_TYPES = ("image/png", "text/markdown", "text/plain")
