"""Count the Jupyter kernels a build starts, from outside the build.

`shim(folder, starts)` writes an `ipykernel_launcher.py` there; put the
folder first on PYTHONPATH (which the build passes to its kernels), and every
kernel the build starts notes its process id in the file `starts` before it
starts the real kernel. (The file's name is written into the launcher: a
kernel gets only the variables the build declares.)
So "a prose edit starts no kernel" is measured, not taken from the build's
own report. Used by bench/edit_loop.py and tests/test_edit_loop.py.
"""

from pathlib import Path

LAUNCHER = """\
import os
import sys

with open({starts!r}, "a") as starts:
    starts.write(f"{os.getpid()}\\n")
if sys.path[0] == "":
    del sys.path[0]
from ipykernel import kernelapp

kernelapp.launch_new_instance()
"""


def shim(folder, starts):
    """Write the launcher counting into the file `starts` into `folder`; return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    launcher = LAUNCHER.replace("{starts!r}", repr(str(starts)))
    (folder / "ipykernel_launcher.py").write_text(launcher)
    return folder


def count(starts_file):
    """Kernels started since the file was last read; empties it."""
    path = Path(starts_file)
    started = len(path.read_text().split()) if path.exists() else 0
    path.unlink(missing_ok=True)
    return started
