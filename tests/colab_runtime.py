"""Run the take-home notebooks in a runtime like Colab's: older packages, preinstalled.

    .venv/bin/python tests/colab_runtime.py              # every example (~15 min)
    .venv/bin/python tests/colab_runtime.py --only dropout --only baseline

Too slow for `make test` (it installs a second TensorFlow), so a script: a
fresh virtual environment gets the versions Colab's runtime held as last
published by googlecolab/backend-info (2026-08-19), among them IPython 7.34
and ipykernel 6.17, which Colab's own package requires; then each example's
notebook, from a fast build into a temporary folder, runs there in an empty
folder with its own install cell, as a reader would run it. It passes when
every notebook runs and no package the runtime had changed: not IPython, not
the kernel, not its TensorFlow, Keras, NumPy, SciPy or matplotlib (one it
lacked may be added). It prints what was added and what changed. Python is this machine's 3.11 (Colab's is newer).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitebuild import layout, settings, sources  # noqa: E402

# Colab's runtime (googlecolab/backend-info, 2026-08-19), the packages the
# notebooks import or run on; nbclient only runs them here, as Colab's
# frontend would.
COLAB = [
    "tensorflow==2.20.0",
    "keras==3.13.2",
    "numpy==2.1.3",
    "scipy==1.16.3",
    "matplotlib==3.10.0",
    "ipython==7.34.0",
    "ipykernel==6.17.1",
    "nbclient==0.10.2",
]
NEVER_CHANGED = ("ipython", "ipykernel", "tornado", "prompt-toolkit", "pyzmq")


def packages(python):
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {item["name"].lower(): item["version"] for item in json.loads(listed)}


def runtime(folder):
    """A venv holding Colab's versions; its python."""
    subprocess.run([sys.executable, "-m", "venv", folder], check=True)
    python = Path(folder) / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", *COLAB], check=True)
    return python


def run_notebook(python, notebook, folder):
    """Execute `notebook` alone in `folder`; (exit status, the output's tail)."""
    folder.mkdir()
    copy = shutil.copy(notebook, folder)
    env = {
        "PATH": f"{python.parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(folder),
        "TUTORIAL_MODE": "fast",
        "TUTORIAL_DATA_DIR": settings.DATA_DIR,  # MNIST as the build has it
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **{k: v for k, v in os.environ.items() if k.startswith("PIP_")},
    }
    code = (
        "import sys, time, nbformat; from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4); start = time.time()\n"
        "NotebookClient(nb, timeout=900, kernel_name='python3').execute()\n"
        "print(f'ran in {time.time() - start:.0f} s')\n"
    )
    result = subprocess.run(
        [python, "-c", code, copy],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode, (result.stdout + result.stderr)[-3000:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME")
    args = parser.parse_args(argv)
    names = args.only or [p.stem for p in sources.discover(REPO / "examples")]
    with tempfile.TemporaryDirectory(prefix="colab-runtime-") as scratch:
        scratch = Path(scratch)
        fast = scratch / "fast"
        only = [arg for name in names for arg in ("--only", name)]
        subprocess.run(
            [sys.executable, REPO / "build_figures.py", "--fast", "--out", fast, *only],
            check=True,
        )
        python = runtime(scratch / "venv")
        before = packages(python)
        print("runtime:", ", ".join(p for p in COLAB))
        failed = []
        for name in names:
            status, tail = run_notebook(
                python, layout.on_disk(fast, name).notebook, scratch / name
            )
            timing = [line for line in tail.splitlines() if line.startswith("ran in")]
            print(f"{name}: {'ok, ' + timing[-1] if status == 0 else 'FAILED'}")
            if status:
                failed.append(name)
                print(tail)
        after = packages(python)
    # What the runtime lacked may be added; what it had must stay as it was.
    added = sorted(after.keys() - before.keys())
    changed = {
        name: (version, after.get(name))
        for name, version in sorted(before.items())
        if after.get(name) != version
    }
    if added:
        print("added:", ", ".join(f"{name} {after[name]}" for name in added))
    for name, (old, new) in changed.items():
        print(f"changed: {name} {old} -> {new}")
    for name in NEVER_CHANGED:
        if name in changed:
            print(
                f"error: the notebooks changed {name}, which the runtime needs as it is"
            )
    ran = len(names) - len(failed)
    print(f"{ran} of {len(names)} notebooks ran; {len(changed)} packages changed")
    return 1 if failed or changed else 0


if __name__ == "__main__":
    sys.exit(main())
