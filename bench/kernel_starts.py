"""Count the Jupyter kernels a build starts, from outside the build.

`shim(folder)` writes an `ipykernel_launcher.py` there; put the folder first
on PYTHONPATH and set KERNEL_STARTS to a file, and every kernel the build
starts notes its process id in that file before it starts the real kernel.
So "a prose edit starts no kernel" is measured, not taken from the build's
own report. Used by bench/edit_loop.py and tests/test_edit_loop.py.
"""

from pathlib import Path

VARIABLE = "KERNEL_STARTS"
LAUNCHER = """\
import os
import sys

with open(os.environ["KERNEL_STARTS"], "a") as starts:
    starts.write(f"{os.getpid()}\\n")
if sys.path[0] == "":
    del sys.path[0]
from ipykernel import kernelapp

kernelapp.launch_new_instance()
"""


def shim(folder):
    """Write the counting launcher into `folder`; return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ipykernel_launcher.py").write_text(LAUNCHER)
    return folder


def count(starts_file):
    """Kernels started since the file was last read; empties it."""
    path = Path(starts_file)
    started = len(path.read_text().split()) if path.exists() else 0
    path.unlink(missing_ok=True)
    return started
