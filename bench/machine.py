"""The facts about a machine that its benchmark figures depend on.

The same benchmark gave training less than half the share of a matmul's
FLOP/s on one 2-core machine that it gave on another, and XLA faster on the
first and slower on the second. The CPU's vector units decide which kernels oneDNN (under
TensorFlow) and OpenBLAS (under NumPy) run, and environment settings can
override that choice; other work on the machine slows everything. So each
benchmark prints these facts with its figures, and compares alternatives
only within one run.
"""

import os
import platform
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitebuild import fingerprint, settings  # noqa: E402

# The flags of /proc/cpuinfo that name vector units kernels are chosen by.
VECTOR_FLAG = re.compile(r"(avx|fma|amx)\w*")

# Settings read when the libraries load: threads, and overrides of the
# kernels OpenBLAS and oneDNN would pick for this CPU.
KERNEL_VARIABLES = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "TF_ENABLE_ONEDNN_OPTS",
    "ONEDNN_MAX_CPU_ISA",
)


def facts():
    """(label, value) pairs: the CPU, its vector units, cores, versions, load and settings."""
    model, flags = _cpuinfo()
    return [
        ("CPU", model),
        ("CPU vector instruction sets", " ".join(flags) or "none listed"),
        ("CPU cores usable / online", f"{_usable_cores()} / {os.cpu_count()}"),
        ("library versions", library_versions()),
        *run_facts(),
    ]


def run_facts():
    """The facts that can change from one process to the next: load and settings."""
    return [
        ("load average (1, 5, 15 min)", load_average()),
        ("thread and kernel settings", settings_in_force()),
    ]


def load_average():
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:  # not available on this system
        return "unknown"


def settings_in_force():
    """The environment variables that choose threads and kernels, as this process has them."""
    names = (*settings.THREAD_VARIABLES, *KERNEL_VARIABLES)
    return " ".join(f"{name}={os.environ.get(name, '(unset)')}" for name in names)


def library_versions():
    """Python's and the fingerprinted libraries' versions, read without importing them."""
    versions = {
        **fingerprint.library_versions(),
        "python": platform.python_version(),
    }
    return " ".join(f"{name} {version}" for name, version in versions.items())


def blas():
    """The BLAS under NumPy and the kernel it runs on this CPU (imports NumPy)."""
    import numpy  # noqa: F401  (threadpoolctl sees only libraries already loaded)

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    found = [
        f"{pool.get('internal_api')} {pool.get('version')}, "
        f"kernel {pool.get('architecture')}, {pool.get('num_threads')} thread(s)"
        for pool in threadpool_info()
        if pool.get("user_api") == "blas"
    ]
    return "; ".join(found) or "none found"


def _cpuinfo():
    """The CPU's model name and its vector instruction sets, from /proc/cpuinfo."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:  # not Linux
        return platform.processor() or "unknown", []
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    flags = fields.get("flags", "").split()
    return fields.get("model name", "unknown"), sorted(
        flag for flag in flags if VECTOR_FLAG.fullmatch(flag)
    )


def _usable_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count()
