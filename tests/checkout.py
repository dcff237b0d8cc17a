"""The checkout under test: where it is, the examples it holds, how a test
runs its build, and how a page names an example's figures.

Test modules and their helpers import these from here, never from
conftest.py, which imports the helpers: so no module imports one that
imports it back (review finding 30).
"""

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "examples"))

from sitebuild import layout, sources  # noqa: E402

EXAMPLES = [path.stem for path in sources.discover(REPO / "examples")]

# The background's work (the fast build and the downloads) runs at a lower
# CPU priority than the tests in front, which wait on it last: the front
# gets a core whenever it asks, the background takes what the front leaves.
BEHIND = ["nice", "-n", "10"]


def build_command(*args):
    return [sys.executable, str(REPO / "build_figures.py"), *map(str, args)]


def run_build(*args, cwd=REPO, env=None):
    """Run build_figures.py as a user would; return the completed process."""
    return subprocess.run(
        build_command(*args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, **(env or {})},
    )


def start_build(*args, stdout):
    """Start build_figures.py as a user would, behind the tests, printing into
    `stdout`; the process."""
    return subprocess.Popen(
        BEHIND + build_command(*args), cwd=REPO, stdout=stdout, stderr=subprocess.STDOUT
    )


def figure_sources(manifest, figures=None):
    """The `src` a page gives each of `figures` (default: all), relative to
    the example's folder: where the build drew a dark twin, one render per
    scheme, marked as Material hides them (#only-light, #only-dark)."""
    here = layout.ExampleFolder(PurePosixPath(), "")
    twins = manifest.get("dark_figures", [])
    found = []
    for name in manifest["figures"] if figures is None else figures:
        light = here.figure(name).as_posix()
        if name in twins:
            found += [
                f"{light}#only-light",
                f"{here.dark_figure(name).as_posix()}#only-dark",
            ]
        else:
            found.append(light)
    return found
