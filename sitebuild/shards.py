"""Merge example folders built elsewhere (one CI job per example) into one root.

    python build_figures.py merge shards/ [more/ ...]            # into docs/generated
    python build_figures.py merge --fast --out build/fast shards/

A shard folder holds example folders as `build_figures.py --out SHARD` wrote
them. Each is taken only if it is fresh for this checkout in the target's
mode: built from the same code cells and helper modules, with the same
library versions, mode, threads and artifact format, as a local build here
would be. So a merged root equals a local build, byte for byte, or the merge
says which folder differs and why, and takes none of it. Folders are swapped
in whole, under the target's lock.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import errors, freshness, layout, lock, sources, store


@dataclass
class Merge:
    taken: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)  # folder -> why

    @property
    def exit_code(self):
        return 1 if self.refused else 0


def merge(shard_roots, target, mode, examples_dir, say=print):
    """Copy every fresh example folder of `shard_roots` into `target`; refuse the rest."""
    result, found = Merge(), {}
    for root in map(Path, shard_roots):
        for name in layout.folders(root):
            if name in found:
                result.refused[str(root / name)] = f"{name} is also in {found[name]}"
            else:
                found[name] = root
    with lock.exclusive(target, say=say):
        for name, root in sorted(found.items()):
            problem = _problem(root, name, mode, examples_dir)
            if problem:
                result.refused[str(root / name)] = problem
                continue
            copy_in(root / name, target, name)
            result.taken.append(name)
    for folder, why in result.refused.items():
        say(f"refused {folder}: {why}")
    say(f"merged {len(result.taken)} ({', '.join(result.taken) or 'none'}), "
        f"refused {len(result.refused)} -> {target}")  # fmt: skip
    return result


def _problem(root, name, mode, examples_dir):
    """Why the shard's folder cannot stand for a local build here, or None."""
    path = Path(examples_dir) / f"{name}.py"
    if not path.is_file():
        return f"no example {path}"
    try:
        status = freshness.status(sources.load(path), root, mode, examples_dir)
    except errors.ExampleError as error:
        return str(error)
    if status.state != freshness.FRESH:
        return f"not a {mode}-mode build of this checkout: {status.describe()}"
    return None


def copy_in(source, root, name):
    """Put a copy of the folder `source` at root/name, swapped in whole."""
    store.replace(
        root, name, lambda staging: shutil.copytree(source, staging, dirs_exist_ok=True)
    )
