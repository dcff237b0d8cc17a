"""Hash everything an example's results depend on.

Unlike tools that hash only a page's own source, the fingerprint covers the
example, every local module it imports (the data loader among them, which
pins the data's own checksums), the library versions, the mode, the threads
each example may use and the artifact format. Any change to one of them makes
the artifacts stale.
"""

import hashlib
import json
import os
import platform
from importlib import metadata

from . import settings, sources


def library_versions():
    """Python's minor version and the pinned libraries' versions, read without importing them.

    Python's patch level is left out: it does not change results, and a reader
    on 3.11.9 should not have to re-run everything built on 3.11.7.
    """
    versions = {"python": ".".join(platform.python_version_tuple()[:2])}
    for name, distributions in settings.VERSIONED_DISTRIBUTIONS.items():
        versions[name] = _first_installed(distributions)
    return versions


def environment():
    """Where the run happened: recorded in the manifest, not part of the hash."""
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
    }


def inputs(
    example_path, examples_dir=settings.EXAMPLES_DIR, repo_root=settings.REPO_ROOT
):
    """SHA-256 of the example and of each local module it imports, by path."""
    files = [example_path, *sources.local_imports(example_path, examples_dir)]
    return {
        _relative(path, repo_root): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
    }


def fingerprint(example_path, mode, examples_dir=settings.EXAMPLES_DIR):
    """Everything that decides an example's results, and one hash over all of it."""
    described = {
        "inputs": inputs(example_path, examples_dir),
        "versions": library_versions(),
        "mode": mode,
        "threads": settings.THREADS_PER_EXAMPLE,
        "artifact_format": settings.ARTIFACT_FORMAT,
    }
    canonical = json.dumps(described, sort_keys=True).encode()
    return {**described, "input_hash": hashlib.sha256(canonical).hexdigest()}


def changes(old, new):
    """Human-readable reasons why `new` differs from the recorded `old` fingerprint."""
    reasons = []
    for path in sorted(set(old.get("inputs", {})) | set(new["inputs"])):
        if old.get("inputs", {}).get(path) != new["inputs"].get(path):
            reasons.append(f"{path} changed")
    old_versions, new_versions = old.get("versions", {}), new["versions"]
    for name in sorted(set(old_versions) | set(new_versions)):
        if old_versions.get(name) != new_versions.get(name):
            reasons.append(
                f"{name} {old_versions.get(name)} -> {new_versions.get(name)}"
            )
    for key in ("mode", "threads", "artifact_format"):
        if old.get(key) != new[key]:
            reasons.append(f"{key} {old.get(key)} -> {new[key]}")
    return reasons


def _first_installed(distributions):
    for distribution in distributions:
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return None


def _relative(path, repo_root):
    try:
        return path.resolve().relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
