"""Every default of the build in one table, so none hides in the code."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO_ROOT / "examples"
PUBLISHED_DIR = REPO_ROOT / "docs" / "generated"
FAST_DIR = REPO_ROOT / "build" / "fast"

# Bump when the layout or cleaning of artifacts changes: it makes every
# committed artifact stale, as a change of its inputs would.
ARTIFACT_FORMAT = 1

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

# Environment of every example's kernel: the mode, a fixed hash seed, quiet
# TensorFlow logs, matplotlib's headless inline backend, and the thread count
# for TensorFlow's two pools and for the BLAS and OpenMP libraries below it.
THREAD_VARIABLES = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    **dict.fromkeys(THREAD_VARIABLES, str(THREADS_PER_EXAMPLE)),
}
MODE_VARIABLE = "TUTORIAL_MODE"


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
}

# Output MIME types that reach the page; anything else (HTML, JavaScript) is
# dropped in favour of its text/plain form, since outputs are text, not markup.
KEPT_MIME_TYPES = ("image/png", "text/markdown", "text/plain")
