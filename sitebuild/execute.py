"""Run one example in a fresh Jupyter kernel, supervised.

Each example gets its own kernel process (nothing leaks between examples),
started from this interpreter's ipykernel with a declared, minimal
environment (`settings`), with the working directory set to the examples
folder so local helpers import. The run is watched:

- a whole-example time budget (the header's `Timeout:` sets the full-mode
  one; fast mode never gets more than its own);
- a bound on what the example prints (`settings.OUTPUT_LIMIT_BYTES`): past
  it, the kernel is interrupted and nothing more is kept, so memory stays
  bounded however long the example prints;
- a kernel that does not start is started once more, then fails;
- a kernel that dies is reported with the cell it was running and the tail
  of its stderr (kept in a temporary file, not in memory);
- Ctrl-C kills the kernels of every run in progress (`stop_all`): they run
  in their own sessions and would not see it.
"""

import asyncio
import copy
import json
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.filters import strip_ansi
from traitlets import default

from . import settings
from .errors import ExampleError

CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
STDERR_TAIL_LINES = 15

_running = set()  # the clients of the runs in progress, for stop_all
_running_lock = threading.Lock()
# Set by stop_all: no kernel starts after Ctrl-C, not even the second try of
# one that was killed while it started.
_stopping = threading.Event()


@dataclass(frozen=True)
class Executed:
    """What a run gives: the executed notebook and what the run cost."""

    notebook: object
    seconds: float
    peak_mib: float | None
    # The runs of the run store (`settings.run_ledger`) the kernel trained
    # and those it read instead, with their training seconds.
    store: dict


def run(example, mode):
    """Execute the example; return what it gave (`Executed`).

    Raises ExampleError naming the file, cell and line when a cell fails, the
    example runs past its budget or prints past its bound, or the kernel
    dies or does not start.
    """
    budget = budget_of(example, mode)
    for attempt in range(1, settings.KERNEL_START_ATTEMPTS + 1):
        with tempfile.TemporaryFile() as stderr:
            client = _client(example, budget)
            try:
                return _supervised(client, example, mode, budget, stderr)
            except _StartFailed as failure:
                if attempt == settings.KERNEL_START_ATTEMPTS:
                    raise ExampleError(
                        f"{example.path}: the kernel did not start ({failure.cause}), "
                        f"{attempt} times; is the machine overloaded? Run the build "
                        f"again (add `--only {example.name}`).\n{_tail(stderr)}"
                    ) from None


def budget_of(example, mode):
    """The example's time budget in seconds: its `Timeout:` line, capped in fast mode."""
    default_budget = settings.TIMEOUT[mode]
    asked = int(example.header.get("Timeout", default_budget))
    return asked if mode == settings.FULL else min(asked, default_budget)


def stop_all():
    """Kill the kernel of every run in progress (on Ctrl-C); they then fail at once,
    and no other kernel starts."""
    with _running_lock:
        _stopping.set()
        clients = list(_running)
    for client in clients:
        client.kill_kernel()


class _StartFailed(Exception):
    def __init__(self, cause):
        super().__init__(cause)
        self.cause = cause


def _client(example, budget):
    deadline = time.monotonic() + budget
    return SupervisedClient(
        copy.deepcopy(example.notebook),
        kernel_manager_class=NativeKernelManager,  # owned, so nbclient shuts it down
        **settings.EXECUTOR,
        startup_timeout=settings.KERNEL_START_SECONDS,
        # nbclient limits each cell; asking for the time left makes it a whole-example budget.
        timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
        # Every output has arrived once the last cell replies; a graceful
        # shutdown would wait about a second for TensorFlow's teardown.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(example.path.parent)}},
    )


def _supervised(client, example, mode, budget, stderr):
    peak = PeakMemory(client)
    client.on_cell_executed = peak.update
    started = time.monotonic()
    with _running_lock:  # with stop_all's lock: a kernel starts or is stopped
        if _stopping.is_set():
            raise ExampleError(f"{example.path}: not run (Ctrl-C).")
        _running.add(client)
    try:
        client.execute(env=kernel_env(mode), stdout=stderr, stderr=stderr)
    except KeyboardInterrupt:
        client.kill_kernel()
        raise
    except Exception as error:  # noqa: BLE001 - every way a run ends is named
        raise _failure(error, client, example, budget, stderr) from None
    finally:
        with _running_lock:
            _running.discard(client)
    if client.overflow is not None:
        raise ExampleError(_describe_overflow(example, client.overflow))
    seconds = time.monotonic() - started
    return Executed(client.nb, seconds, peak.mib, client.read_ledger())


def _failure(error, client, example, budget, stderr):
    """The ExampleError (or _StartFailed) that says how the run ended."""
    notebook = client.nb
    if client.killed:  # by stop_all, even while it started: not tried again
        return ExampleError(f"{example.path}: stopped (Ctrl-C).")
    if not client.started:
        return _StartFailed(f"{type(error).__name__}: {error}")
    if client.overflow is not None:
        return ExampleError(_describe_overflow(example, client.overflow))
    if isinstance(error, CellExecutionError):
        return ExampleError(_describe_failure(example, notebook, error))
    if isinstance(error, CellTimeoutError | TimeoutError):
        return ExampleError(_describe_timeout(example, client.running, budget))
    where = _location(example, client.running, "")
    if isinstance(error, DeadKernelError):
        return ExampleError(
            f"{where}: the kernel died while running this cell (killed by the "
            f"system for lack of memory, a crash in native code, or os._exit).\n"
            f"{_tail(stderr)}"
        )
    # nbclient reports a dead kernel in more than one way (under load, as a
    # failed reply rather than DeadKernelError): the stderr tail goes with any.
    return ExampleError(
        f"{where}: the run stopped with {type(error).__name__}: {error}\n"
        f"{_tail(stderr)}"
    )


class SupervisedClient(NotebookClient):
    """nbclient's client, counting what the kernel prints and able to be killed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.printed, self.overflow = 0, None  # overflow: (cell index, bytes)
        self.started = self.killed = False
        self.running = None  # the index of the cell sent to the kernel last
        self.ledger = None  # the kernel's run ledger, known once it runs
        self.on_cell_start = self._cell_started

    def _cell_started(self, cell, cell_index):
        if not self.started:
            self.ledger = _fresh_ledger(self.kernel_process())
        self.started, self.running = True, cell_index
        if self.killed:  # stop_all came before the kernel's process was there
            self.kill_kernel()

    def kernel_process(self):
        """The kernel's process (a Popen), or None before it starts."""
        return getattr(getattr(self.km, "provisioner", None), "process", None)

    def read_ledger(self):
        """What the kernel's ledger says it trained and read; the ledger goes."""
        costs = {k: 0 for kind in LEDGER_KINDS for k in (kind, f"{kind}_seconds")}
        if self.ledger is None:  # no store
            return costs
        try:
            lines = self.ledger.read_text().splitlines()
            self.ledger.unlink()
        except OSError:
            lines = []  # nothing noted: no run
        for line in lines:
            try:
                noted = json.loads(line)
            except ValueError:
                continue  # a line cut short by a dying kernel: not a run
            for how, seconds in noted.items() if isinstance(noted, dict) else ():
                if how in LEDGER_KINDS and isinstance(seconds, int | float):
                    costs[how] += 1
                    costs[f"{how}_seconds"] = round(
                        costs[f"{how}_seconds"] + seconds, 1
                    )
        return costs

    def output(self, outs, msg, display_id, cell_index):
        if self.overflow is not None:
            return None  # stopped: keep nothing more
        self.printed += _size(msg.get("content", {}))
        if self.printed > settings.OUTPUT_LIMIT_BYTES:
            self.overflow = (cell_index, self.printed)
            asyncio.get_running_loop().create_task(self.km.interrupt_kernel())
            return None
        return super().output(outs, msg, display_id, cell_index)

    def kill_kernel(self):
        """Kill the kernel process now, from any thread."""
        self.killed = True
        process = self.kernel_process()
        if process is not None and process.poll() is None:
            process.kill()


# A ledger's lines: a run trained or loaded (read), with its training seconds.
LEDGER_KINDS = ("trained", "loaded")


def _fresh_ledger(process):
    """The ledger of the kernel `process`, emptied of what an older process
    with the same id may have left; None with no store or no process."""
    path = settings.run_ledger(process.pid) if process is not None else None
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            return None
    return path


def _size(content):
    text = content.get("text", "")
    data = content.get("data", {})
    return len(text) + sum(len(v) for v in data.values() if isinstance(v, str))


class PeakMemory:
    """The kernel's peak resident memory (Linux's VmHWM), read after each cell."""

    def __init__(self, client):
        self.client, self.mib = client, None

    def update(self, **_):
        process = self.client.kernel_process()
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except (AttributeError, OSError):
            return  # not Linux, or the kernel is gone: leave it unknown
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            self.mib = round(int(match.group(1)) / 1024, 1)


def kernel_env(mode):
    """The kernel's environment: declared variables only (see `settings`)."""
    passed = {
        name: value
        for name, value in os.environ.items()
        if name in settings.PASSED_VARIABLES
        or name in settings.FINGERPRINTED_PASSED
        or name.startswith(settings.PASSED_PREFIXES)
    }
    config = {}
    for name, folder in settings.KERNEL_CONFIG_VARIABLES.items():
        path = settings.KERNEL_CONFIG_DIR / folder
        path.mkdir(parents=True, exist_ok=True)
        config[name] = str(path)
    return {**passed, **config, **settings.KERNEL_ENV, settings.MODE_VARIABLE: mode}


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
    traceback = strip_ansi(error.traceback)
    location = _location(example, index, traceback)
    return (
        f"{location}: {error.ename}: {error.evalue}\n\n{_indent(traceback)}\n"
        f"Fix the example and run the build again (add `--only {example.name}` to run it alone)."
    )


def _describe_timeout(example, index, budget):
    return (
        f"{_location(example, index, '')}: the example ran past its budget of {budget} s. "
        f"Make it lighter in this mode, or raise the budget with a `Timeout: SECONDS` header line."
    )


def _describe_overflow(example, overflow):
    index, printed = overflow
    limit = settings.OUTPUT_LIMIT_BYTES
    return (
        f"{_location(example, index, '')}: the example printed more than "
        f"{limit / 2**20:.0f} MiB of output ({printed / 2**20:.0f} MiB when it was "
        "stopped); print less there (a summary, or every n-th line)."
    )


def _location(example, index, traceback):
    if index is None or index >= len(example.cell_lines):
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


def _tail(stderr):
    """The last lines the kernel wrote to stderr, for the message."""
    stderr.flush()
    stderr.seek(max(0, stderr.seek(0, os.SEEK_END) - 4096))
    lines = stderr.read().decode("utf-8", "replace").splitlines()[-STDERR_TAIL_LINES:]
    if not lines:
        return "The kernel wrote nothing to stderr."
    return "The kernel's last words on stderr:\n" + _indent("\n".join(lines))


def _indent(text):
    return "\n".join("    " + line for line in text.splitlines())
