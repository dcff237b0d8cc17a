"""Run one example in a fresh Jupyter kernel.

Each example gets its own kernel process (nothing leaks between examples),
started from this interpreter's ipykernel so it sees the same packages, with
the working directory set to the examples folder so local helpers import.
"""

import copy
import os
import re
import subprocess
import time
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

from . import settings
from .errors import ExampleError
from .outputs import ANSI

CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def run(example, mode, timeout=None):
    """Execute the example; return (executed notebook, seconds, peak memory in MiB).

    Raises ExampleError naming the file, cell and line when a cell fails or
    the example runs past its time budget.
    """
    notebook = copy.deepcopy(example.notebook)
    budget = timeout or int(example.header.get("Timeout", settings.TIMEOUT[mode]))
    deadline = time.monotonic() + budget
    client = NotebookClient(
        notebook,
        kernel_manager_class=NativeKernelManager,  # owned, so nbclient shuts it down
        kernel_name="python3",
        # nbclient limits each cell; asking for the time left makes it a whole-example budget.
        timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
        allow_errors=False,
        # Every output has arrived once the last cell replies; a graceful
        # shutdown would wait about a second for TensorFlow's teardown.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(example.path.parent)}},
    )
    peak = PeakMemory(client)
    client.on_cell_executed = peak.update
    started = time.monotonic()
    try:
        client.execute(
            env=kernel_env(mode), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except CellExecutionError as error:
        raise ExampleError(_describe_failure(example, notebook, error)) from None
    except (CellTimeoutError, TimeoutError):
        raise ExampleError(_describe_timeout(example, notebook, budget)) from None
    except DeadKernelError as error:
        raise ExampleError(
            f"{example.path}: the kernel died ({error}); out of memory?"
        ) from None
    return notebook, time.monotonic() - started, peak.mib


class PeakMemory:
    """The kernel's peak resident memory (Linux's VmHWM), read after each cell."""

    def __init__(self, client):
        self.client, self.mib = client, None

    def update(self, **_):
        process = getattr(self.client.km.provisioner, "process", None)
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except (AttributeError, OSError):
            return  # not Linux, or the kernel is gone: leave it unknown
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            self.mib = round(int(match.group(1)) / 1024, 1)


def kernel_env(mode):
    """The kernel's environment: ours plus the fixed settings and the mode."""
    return {**os.environ, **settings.KERNEL_ENV, settings.MODE_VARIABLE: mode}


class NativeKernelManager(AsyncKernelManager):
    """A kernel manager for which "python3" is always this interpreter's ipykernel.

    With no kernel folders, jupyter_client falls back to the native kernel,
    whatever "python3" kernels the machine has registered. (Async: with the
    blocking manager nbclient never times a cell out.)
    """

    @default("kernel_spec_manager")
    def _native_only(self):
        return KernelSpecManager(kernel_dirs=[])


def _describe_failure(example, notebook, error):
    index = _failed_cell(notebook)
    traceback = ANSI.sub("", error.traceback)
    location = _location(example, index, traceback)
    return (
        f"{location}: {error.ename}: {error.evalue}\n\n{_indent(traceback)}\n"
        f"Fix the example and run the build again (add `--only {example.name}` to run it alone)."
    )


def _describe_timeout(example, notebook, budget):
    index = _running_cell(notebook)
    return (
        f"{_location(example, index, '')}: the example ran past its budget of {budget} s. "
        f"Make it lighter in this mode, or raise the budget with a `Timeout: SECONDS` header line."
    )


def _location(example, index, traceback):
    if index is None:
        return str(example.path)
    line = example.cell_lines[index]
    match = CELL_LINE.search(traceback)
    if match:
        line += int(match.group(1)) - 1
    return f"{example.path}:{line} (cell {index + 1})"


def _failed_cell(notebook):
    for index, cell in enumerate(notebook.cells):
        if any(output.output_type == "error" for output in cell.get("outputs", [])):
            return index
    return None


def _running_cell(notebook):
    """The last code cell that started executing (the one the budget stopped)."""
    started = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.get("metadata", {}).get("execution", {}).get("iopub.execute_input")
    ]
    return started[-1] if started else None


def _indent(text):
    return "\n".join("    " + line for line in text.splitlines())
