#!/usr/bin/env python3
"""The edit loop, timed: a prose edit to its artifacts, a code edit to the served page.

    .venv/bin/python bench/edit_loop.py

Prints one line per figure (nothing is asserted):

- a prose-only edit of the longest example (by its published run time):
  seconds from saving to its rewritten artifacts, and the kernels started
  (counted from outside, by tests/kernel_starts.py); target: at most 5 s,
  0 kernels;
- under a real `mkdocs serve`, seconds from saving a code edit to the served
  page showing its new output, in fast mode, for the shortest and the longest
  example.

Everything runs on a copy of the site's sources in a temporary folder; the
published artifacts are not touched.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # kernel_starts, which the tests use too

import kernel_starts  # noqa: E402
import machine  # noqa: E402

from sitebuild import catalog, layout, settings  # noqa: E402

SOURCES = ("mkdocs.yml", "hooks", "overrides", "docs", "examples")
MARKER = "edit-loop marker"


def copy_sources(scratch):
    site = scratch / "site-sources"
    site.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".build.lock"))  # fmt: skip
        else:
            shutil.copy2(source, site / name)
    return site


def by_run_time():
    """The published examples, shortest full-mode run first."""
    published = catalog.Catalog(settings.PUBLISHED_DIR)
    seconds = {e.name: e.manifest["run_seconds"] for e in published.entries()}
    return sorted(seconds, key=seconds.get)


def bench_prose_edit(site, name, report):
    starts = site.parent / "kernel-starts"
    shim = kernel_starts.shim(site.parent / "shim", starts)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(shim), os.environ.get("PYTHONPATH", "")]),
    }
    path = site / "examples" / f"{name}.py"
    text = path.read_text()
    marker = text.index("# %% [markdown]\n# ") + len("# %% [markdown]\n# ")
    path.write_text(text[:marker] + "(Edited.) " + text[marker:])
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(REPO / "build_figures.py"), "--only", name,
         "--examples", str(site / "examples"), "--out", str(site / "docs" / layout.GENERATED)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    said = result.stdout.strip().splitlines()[0] if result.stdout else result.stderr
    report(f"prose-only edit of {name}, saved to artifacts written", f"{seconds:.2f} s")
    report(f"kernels started by that prose edit ({said})", kernel_starts.count(starts))


def bench_serve(site, names, report):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (site.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait(lambda: _fetch(base), 300)
        for number, name in enumerate(names):
            page = f"{base}generated/{name}/"
            _wait(lambda page=page: _fetch(page), 300)
            marker = f"{MARKER} {number}"
            path = site / "examples" / f"{name}.py"
            path.write_text(path.read_text() + f'\n\n# %%\nprint("{marker}")\n')
            started = time.perf_counter()
            _wait(lambda page=page, marker=marker: marker in (_fetch(page) or ""), 1800)
            report(
                f"code edit of {name} under mkdocs serve, saved to the fast-mode "
                "preview page showing it",
                f"{time.perf_counter() - started:.1f} s",
            )
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def _fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return None


def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    sys.exit(f"edit_loop: gave up after {seconds} s")


def main(report=lambda label, value: print(f"{label}: {value}", flush=True)):
    ordered = by_run_time()
    with tempfile.TemporaryDirectory(prefix="edit-loop-") as scratch:
        site = copy_sources(Path(scratch))
        bench_prose_edit(site, ordered[-1], report)
        bench_serve(site, [ordered[0], ordered[-1]], report)


if __name__ == "__main__":
    for label, value in machine.facts():
        print(f"{label}: {value}")
    main()
