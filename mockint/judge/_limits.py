"""Child side: the resource limits a judge child sets on itself before solution code runs.

Loaded by :mod:`mockint.judge._child` beside ``_report.py`` (standard library only). Every limit
is lowered, soft and hard, so the solution cannot raise it again. On platforms without
``resource`` nothing is set and the parent's wall-clock kill is the only limit.

- ``RLIMIT_AS``: the current address space plus ``memory_mb`` (the solution's own allowance);
- ``RLIMIT_CPU``: CPU seconds used so far plus the time limit, slack and one second (the hard
  limit two seconds later, so SIGXCPU comes first);
- ``RLIMIT_CORE``: 0, no core files;
- ``RLIMIT_FSIZE``: ``file_mb`` per file written (Python ignores SIGXFSZ, so the write fails
  with ``OSError(EFBIG)``);
- ``RLIMIT_NPROC``: the system's task count now plus ``processes``. The kernel checks the
  user's task count against it, so a fork loop fails after a bounded number of processes (the
  margin plus the other users' tasks). The kernel does not apply it to root; there the parent's
  kill of the process group at the time limit is what ends a fork loop.
"""

from __future__ import annotations

import math
from typing import Any


def set_limits(job: dict[str, Any]) -> None:
    """Apply the limits ``job`` asks for (see the module docstring for each)."""
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-clock kill still applies
        return
    extra = int(job.get("memory_mb", 512)) << 20
    size = _vm_size()
    if size is not None and extra > 0:
        _lower(resource, resource.RLIMIT_AS, size + extra)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = used.ru_utime + used.ru_stime
    budget = float(job["time_limit_s"]) + float(job.get("slack_s", 0.5)) + 1.0
    _lower(resource, resource.RLIMIT_CPU, int(math.ceil(cpu + budget)), hard_extra=2)
    _lower(resource, resource.RLIMIT_CORE, 0)
    _lower(resource, resource.RLIMIT_FSIZE, int(job.get("file_mb", 64)) << 20)
    tasks = _system_tasks()
    if tasks is not None:
        _lower(resource, resource.RLIMIT_NPROC, tasks + int(job.get("processes", 128)))


def _system_tasks() -> int | None:
    """How many tasks (processes and threads) exist on the system now (Linux), else ``None``.

    The user's own count, which ``RLIMIT_NPROC`` is checked against, is at most this; reading it
    is one small file, where counting the user's tasks would mean scanning ``/proc``."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[1])
    except (OSError, ValueError, IndexError):
        return None


def _vm_size() -> int | None:
    """This process's virtual memory size in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _lower(resource: Any, which: int, soft: int, hard_extra: int = 0) -> None:
    """Set a limit no higher than the current hard limit; ignore platforms that refuse."""
    try:
        _, hard = resource.getrlimit(which)
        want_hard = soft + hard_extra
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
            want_hard = min(want_hard, hard)
        resource.setrlimit(which, (soft, want_hard))
    except (ValueError, OSError):
        pass
