"""Every default of the build in one table, so none hides in the code."""

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

# Environment of every example's kernel: the mode, a fixed hash seed, quiet
# TensorFlow logs and matplotlib's headless inline backend.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
MODE_VARIABLE = "TUTORIAL_MODE"

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
