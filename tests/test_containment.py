"""Any failure stays with its example: broken examples, dying kernels, endless output, Ctrl-C.

One build runs a project full of broken examples side by side with good
ones (built once for the module): each broken one fails alone, named with
its file and cell, the good ones are built, and a broken example's previous
artifacts stay as they were.
"""

import errno
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from checkout import REPO
from test_build import OTHER, build, leftovers, snapshot, tiny_examples

from sitebuild import execute, layout, pipeline, settings, store

HEADER = '"""\nTitle: {title}\nDescription: A broken example.\n"""\n'
BROKEN = {
    "overflow": HEADER + "\n# %% [markdown]\n# {v:.99999999999f}\n\n# %%\n"
    "from IPython.display import display\n"
    "display({'application/vnd.tutorial.values+json': {'v': 0.5}}, raw=True)\n",
    "timeout_header": HEADER.replace("Description", "Timeout: 10²\nDescription")
    + "\n# %%\nx = 1\n",
    "figure_int": HEADER + "\n# %% figure=1\nimport matplotlib.pyplot as plt\n"
    "plt.plot([1, 2])\nplt.show()\n",
    "dies": HEADER + "\n# %%\nimport os, sys\n"
    "print('last words before dying', file=sys.__stderr__, flush=True)\nos._exit(3)\n",
    "endless": HEADER + "\n# %%\nwhile True:\n    print('x' * 10_000)\n",
    "computed_import": HEADER + "\n# %%\nimport importlib\nname = 'math'\n"
    "importlib.import_module(name)\n",
    # Refused; while the file is there it still shadows keras in every kernel.
    "keras": HEADER + "\n# %%\nx = 1\n",
    "my-page": HEADER + "\n# %%\nx = 1\n",
}
IGNORED = {".#tiny.py": "lock", ".scratch.py": "hidden"}
WITH_BOM = HEADER.format(title="Bom") + "\n# %% snippet=\"text\"\nprint('read')\n"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("contained")
    examples = tiny_examples(root / "examples")
    out = root / "out"
    first = build(examples, out)
    assert first.returncode == 0, first.stdout + first.stderr
    published = snapshot(out)
    (examples / "other.py").write_text(OTHER + "\n# %%\nimport os\nos._exit(1)\n")
    for name, text in BROKEN.items():
        (examples / f"{name}.py").write_text(text.replace("{title}", name))
    for name in IGNORED:
        (examples / name).write_text("raise SystemExit('never run')\n")
    (examples / "bom.py").write_bytes(b"\xef\xbb\xbf" + WITH_BOM.encode())
    result = build(examples, out, "--jobs", "2")
    return examples, out, published, result


def failure_of(result, name):
    """The message of `name`'s failure in the build's stderr."""
    marker = f"] {name}: FAILED\n"
    assert marker in result.stderr, result.stderr
    return result.stderr.split(marker, 1)[1].split("\n[", 1)[0]


@pytest.mark.parametrize(
    "name, says",
    [
        ("overflow", "overflow.py:7 (cell 1): the prose formats {v} as"),
        ("timeout_header", "`Timeout:` should be a whole number of seconds, not '10²'"),
        ("figure_int", "figure_int.py:7 (cell 1): figure name 1 should use only"),
        ("computed_import", "computed_import.py:9: import_module() of a computed"),
        ("keras", "the name 'keras' would shadow the module `keras`"),
        ("my-page", "the name 'my-page' is not a Python identifier"),
        ("dies", "dies.py:7 (cell 1): the kernel died while running this cell"),
        ("endless", "endless.py:7 (cell 1): the example printed more than 16 MiB"),
        ("other", "other.py:13 (cell 3): the kernel died while running this cell"),
    ],
)
def test_each_broken_example_fails_alone_named(broken_build, name, says):
    _, _, _, result = broken_build
    assert result.returncode == 1
    assert says in failure_of(result, name)


def test_a_dead_kernel_is_reported_with_its_last_words(broken_build):
    *_, result = broken_build
    message = failure_of(result, "dies")
    assert "The kernel's last words on stderr:" in message
    assert "last words before dying" in message


def test_the_others_are_built_and_the_failed_keep_their_artifacts(broken_build):
    _, out, published, result = broken_build
    assert "tiny: fresh, skipped" in result.stdout
    assert "bom: done" in result.stdout  # a byte-order mark is read
    assert (
        layout.on_disk(out, "bom").snippet("text").read_text() == "```text\nread\n```\n"
    )
    assert snapshot(out / "other") == {
        path.removeprefix("other/"): digest
        for path, digest in published.items()
        if path.startswith("other/")
    }
    for name in BROKEN:
        assert not (out / name).exists(), name
    assert leftovers(out) == []
    assert f"failed: {', '.join(sorted(BROKEN) + ['other'])}" not in result.stderr
    assert "1 run, 0 prose updated, 1 fresh, 9 failed" in result.stdout


def test_files_that_are_not_examples_are_never_run(broken_build):
    *_, result = broken_build
    assert "never run" not in result.stdout + result.stderr
    assert "scratch" not in result.stdout and ".#tiny" not in result.stdout


def test_an_os_error_while_storing_fails_only_its_example(tmp_path, monkeypatch):
    examples = tiny_examples(tmp_path / "examples")
    write_all = store._write_all

    def disk_full(staging, final, artifacts, manifest):
        if final.name == "other":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_all(staging, final, artifacts, manifest)

    monkeypatch.setattr(store, "_write_all", disk_full)
    said = []
    plan = pipeline.Plan(
        tmp_path / "out", settings.FAST, examples_dir=examples,
        say=lambda message, error=False: said.append(message),
    )  # fmt: skip
    report = pipeline.build(sorted(examples.glob("[a-z]*.py")), plan)
    assert list(report.failed) == ["other"] and report.ran == ["tiny"]
    assert "OSError: [Errno 28] No space left on device" in report.failed["other"]
    assert "other.py: the build stopped on" in report.failed["other"]
    assert not (tmp_path / "out" / "other").exists()


SLEEPY = HEADER + "\n# %%\nimport time\ntime.sleep(120)\n"


# Ctrl-C while the kernels start (the second try of a start must not begin),
# and once both run their cell.
@pytest.mark.parametrize("settle_seconds", [0, 2])
def test_ctrl_c_stops_the_running_kernels_within_seconds(tmp_path, settle_seconds):
    examples = tmp_path / "examples"
    examples.mkdir()
    for name in ("first", "second"):
        (examples / f"{name}.py").write_text(SLEEPY.replace("{title}", name))
    starts = tmp_path / "starts"
    import kernel_starts

    shim = kernel_starts.shim(tmp_path / "shim", starts)
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build_figures.py"), "--fast", "--jobs", "2",
         "--examples", str(examples), "--out", str(tmp_path / "out")],
        # PYTHONFAULTHANDLER: a build that hangs dumps its threads on SIGABRT.
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(shim), "HOME": str(tmp_path),
             "PYTHONFAULTHANDLER": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # As a terminal starts it: a test run started in the background (`&`
        # in a script) ignores SIGINT, and a child inherits that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (
        not starts.exists() or len(starts.read_text().split()) < 2
    ):
        time.sleep(0.2)
    time.sleep(settle_seconds)  # 2: both kernels are in their sleeping cell
    kernels = [int(pid) for pid in starts.read_text().split()]
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError(_hung(process)) from None
    assert time.monotonic() - interrupted < 10
    assert process.returncode == 130, stderr
    assert "interrupted: the running kernels were stopped" in stderr
    time.sleep(0.5)
    assert [pid for pid in kernels if _alive(pid)] == []


def test_ctrl_c_handed_to_a_worker_thread_still_stops_the_build(tmp_path, monkeypatch):
    """The system may deliver a process's SIGINT to any of its threads (the
    test above once hung so: the main thread waited on a worker's result
    while the signal sat flagged). Here it lands on a worker for certain."""
    released, stopped = threading.Event(), []

    def stop_all():
        stopped.append(True)
        released.set()  # as killing their kernels ends the workers' runs

    def build_one(path, plan, prefix, report, say):
        if path.stem == "first":
            main_waits()  # in a wait with no bytecode running, as a build does
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        released.wait(timeout=10)

    monkeypatch.setattr(pipeline, "_build_one", build_one)
    monkeypatch.setattr(execute, "stop_all", stop_all)
    # A test run started in the background ignores SIGINT (see above).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    plan = pipeline.Plan(
        tmp_path / "out", settings.FAST, jobs=2, say=lambda *a, **k: None
    )
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            pipeline.build([tmp_path / "first.py", tmp_path / "second.py"], plan)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 5  # not when a worker happens to end
    assert stopped == [True]


def main_waits():
    """Return once the main thread waits in `threading` (on the workers)."""
    main = threading.main_thread().ident
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        frame = sys._current_frames()[main]
        if frame.f_code.co_filename == threading.__file__:
            time.sleep(0.2)  # into the lock's own wait
            return
        time.sleep(0.01)
    raise AssertionError("the main thread never waited on the workers")


def _hung(process):
    """What a build still running 30 s after Ctrl-C was doing: its signal
    masks and every thread's stack (faulthandler, on SIGABRT)."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    masks = [line for line in status.splitlines() if line.startswith("Sig")]
    process.send_signal(signal.SIGABRT)
    _, stderr = process.communicate(timeout=30)
    return "the build ran on after Ctrl-C:\n" + "\n".join(masks) + "\n" + stderr[-6000:]


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


FLAKY_LAUNCHER = """\
import os, sys
from pathlib import Path

counter = Path({counter!r})
starts = len(counter.read_text()) if counter.exists() else 0
counter.write_text("x" * (starts + 1))
if starts < {failures}:
    print("refusing to start", file=sys.stderr)
    os._exit(1)
if sys.path[0] == "":
    del sys.path[0]
from ipykernel import kernelapp

kernelapp.launch_new_instance()
"""


@pytest.mark.parametrize("failures, succeeds", [(1, True), (2, False)])
def test_a_kernel_that_does_not_start_is_tried_once_more(tmp_path, failures, succeeds):
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "page.py").write_text(
        HEADER.replace("{title}", "P") + "\n# %%\nx = 1\n"
    )
    shim, counter = tmp_path / "shim", tmp_path / "counter"
    shim.mkdir()
    (shim / "ipykernel_launcher.py").write_text(
        FLAKY_LAUNCHER.format(counter=str(counter), failures=failures)
    )
    result = subprocess.run(
        [sys.executable, str(REPO / "build_figures.py"), "--fast",
         "--examples", str(examples), "--out", str(tmp_path / "out")],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(shim), "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert len(counter.read_text()) == 2  # started twice, never more
    if succeeds:
        assert result.returncode == 0, result.stderr
        assert "page: done" in result.stdout
    else:
        assert result.returncode == 1
        assert "page.py: the kernel did not start (" in result.stderr
        assert "2 times" in result.stderr and "refusing to start" in result.stderr
