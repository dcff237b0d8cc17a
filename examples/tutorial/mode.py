"""Full or fast mode, chosen by the build through an environment variable.

The full mode produces what the published site shows. The fast mode (a small
data subset, few steps) is for tests and for a contributor's quick look.
"""

import os

MODE_VARIABLE = "TUTORIAL_MODE"
MODES = ("full", "fast")


def current():
    """Return "full" or "fast" (default "full")."""
    mode = os.environ.get(MODE_VARIABLE, "full")
    if mode not in MODES:
        raise ValueError(
            f"{MODE_VARIABLE}={mode!r} is not a mode; use one of {', '.join(MODES)}."
        )
    return mode


def choose(full, fast):
    """Return `full` in full mode and `fast` in fast mode."""
    return fast if current() == "fast" else full
