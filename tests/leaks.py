"""A fixture that fails a test which leaves something running or lying around after it.

Like Spyder's console tests, a test must leave behind no

* child process (an IPython kernel, a judge child or spare, any subprocess) still alive,
* non-daemon thread (a kernel-stop thread, a worker someone forgot to join),
* temporary folder of ours (``mockint-kernel-*``, this process's ``mockint-judge-<pid>-*``),
* open SQLite file (a ``Store`` or connection never closed: it would keep the WAL and its lock).

What existed before the test is not counted. Shutdowns that finish in the background (a kernel
stops on a thread; a judge spare is reaped when disposed) get :data:`GRACE_S` seconds, during
which queued Qt events are processed if Qt is loaded, before the test fails. The check runs after
the test's other fixtures are torn down (an autouse fixture is set up first, torn down last), so
``ctx``'s ``shutdown`` has run by then.

Use: ``from leaks import no_leaks  # noqa: F401`` in a ``conftest.py`` (pytest puts ``tests/`` on
``sys.path`` for ``tests/conftest.py``); the fixture is autouse for every test below it.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

#: Seconds a background shutdown may take before what is left counts as leaked. A kernel's exit
#: (and its folder's removal) took over 15 s with both cores busy; a real leak never goes away, so
#: a longer wait only costs time when something is really left behind.
GRACE_S = 40.0
_DB_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal")


def _temp_patterns() -> tuple[str, ...]:
    return ("mockint-kernel-*", f"mockint-judge-{os.getpid()}-*")


@dataclass(frozen=True)
class Snapshot:
    processes: dict[tuple[int, float], str]
    threads: dict[int, str]
    temp: frozenset[str]
    databases: frozenset[str]


def _processes() -> dict[tuple[int, float], str]:
    found = {}
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                continue  # exited; only its exit status is left to collect
            found[(child.pid, child.create_time())] = " ".join(child.cmdline())[:160] or child.name()
        except psutil.Error:  # ended between listing and asking
            continue
    return found


def _threads() -> dict[int, str]:
    main = threading.main_thread()
    return {
        t.ident or 0: t.name for t in threading.enumerate() if t is not main and not t.daemon and t.is_alive()
    }


def _temp() -> frozenset[str]:
    root = Path(tempfile.gettempdir())
    return frozenset(str(p) for pattern in _temp_patterns() for p in root.glob(pattern))


def _databases() -> frozenset[str]:
    try:
        files = psutil.Process().open_files()
    except psutil.Error:
        return frozenset()
    return frozenset(f.path for f in files if f.path.endswith(_DB_SUFFIXES))


def snapshot() -> Snapshot:
    return Snapshot(_processes(), _threads(), _temp(), _databases())


def leaked(before: Snapshot, after: Snapshot) -> list[str]:
    """What ``after`` has that ``before`` had not, one line each."""
    lines = [
        f"child process {pid}: {cmd}"
        for (pid, started), cmd in after.processes.items()
        if (pid, started) not in before.processes
    ]
    lines += [
        f"thread {name!r} (non-daemon)"
        for ident, name in after.threads.items()
        if ident not in before.threads
    ]
    lines += [f"temporary folder {path}" for path in sorted(after.temp - before.temp)]
    lines += [f"open database file {path}" for path in sorted(after.databases - before.databases)]
    return lines


def _settle() -> None:
    """Let background shutdowns progress: Qt's queued callbacks, then a short wait."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None:
        qtcore.QCoreApplication.processEvents()
    time.sleep(0.05)


def wait_for_no_leaks(before: Snapshot, grace_s: float = GRACE_S) -> list[str]:
    """What is still leaked after up to ``grace_s`` seconds of letting things shut down."""
    deadline = time.monotonic() + grace_s
    collected = False
    while True:
        found = leaked(before, snapshot())
        if not found or time.monotonic() >= deadline:
            return found
        if not collected:
            # A connection only an unreachable cycle held is closed, not leaked. Collected only
            # when something is left: a full collection of the suite's heap costs ~0.1 s a test.
            gc.collect()
            collected = True
            continue
        _settle()


@pytest.fixture(autouse=True)
def no_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if it leaves processes, threads, temporary folders or open databases behind."""
    before = snapshot()
    yield
    found = wait_for_no_leaks(before)
    if found:
        _stop_leaked_processes(before)  # so the next tests do not run beside them
        pytest.fail(f"{request.node.nodeid} left behind:\n  " + "\n  ".join(found), pytrace=False)


def _stop_leaked_processes(before: Snapshot) -> None:
    procs = []
    for child in psutil.Process().children(recursive=True):
        try:
            if (child.pid, child.create_time()) not in before.processes:
                procs.append(child)
        except psutil.Error:
            continue
    for proc in procs:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(procs, timeout=5)
