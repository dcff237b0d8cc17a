"""One writer at a time per artifact root.

A build, a prose merge by `mkdocs build` and a `mkdocs serve` preview all
write through `store`, which swaps whole example folders. Two of them on the
same root could swap the same folder in turn and lose one's work, so each
holds an exclusive lock on the root for as long as it writes. The lock is an
OS file lock (`flock`): it goes with the process that holds it, so a killed
build never leaves a stale lock behind. The lock file names its holder, for
the message the next writer sees.
"""

import contextlib
import datetime
import fcntl
import os
import sys
from pathlib import Path

LOCK_FILE = ".build.lock"


@contextlib.contextmanager
def exclusive(root, say=print):
    """Hold the root's lock; if another process holds it, say so and wait for it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(descriptor):
            holder = path.read_text(encoding="utf-8").strip() or "another process"
            say(f"waiting: {root} is being written by {holder} ...")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        _name_holder(descriptor)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)  # held: no one to name any more
    finally:
        os.close(descriptor)  # closing releases the lock


def _try_lock(descriptor):
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _name_holder(descriptor):
    started = datetime.datetime.now().isoformat(timespec="seconds")
    command = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:]) or "python"
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"pid {os.getpid()} ({command}, since {started})".encode(), 0)
