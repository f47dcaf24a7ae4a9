"""Start judge children, and keep one spare per heavy library set so torch is already imported.

Importing torch takes about a second; a spare child that has already imported it (and waits for
its job on stdin) makes the next ML judge run take tens of milliseconds instead. On Linux every
child, spare or not, is forked by a fork server that has imported its libraries once
(:mod:`mockint.judge.forkserver`), so even a child started on demand is ready in milliseconds. Plain Python
problems keep a spare too (an interpreter start is most of a short run). Taking a spare starts
its replacement at once, so back-to-back runs always find a warm one. A spare exits by itself after
``IDLE_EXIT_S`` without a job, or when the app's end closes its stdin; :func:`shutdown` (also run
at exit) stops every spare now.
"""

from __future__ import annotations

import atexit
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockint.frozen import judge_child_command
from mockint.judge.errors import JudgeError
from mockint.judge.forkserver import ENABLED as FORK_SERVERS_ENABLED
from mockint.judge.forkserver import ForkedProcess, Servers

log = logging.getLogger(__name__)

CHILD_SCRIPT = Path(__file__).with_name("_child.py")
#: Seconds a spare waits for a job before it exits on its own.
IDLE_EXIT_S = 900
#: Working directories are ``<tmp>/mockint-judge-<app pid>-<random>``, removed after each run.
WORKDIR_PREFIX = "mockint-judge-"


@dataclass
class ChildProcess:
    """A started child: the process (its own process group), its result pipe and working dir.

    ``reaped`` holds ``(wait status, resource usage)`` once the process has been waited for.
    """

    proc: subprocess.Popen[bytes] | ForkedProcess
    result_fd: int
    workdir: str
    preload: tuple[str, ...]
    reaped: tuple[int, Any] | None = None

    def warm(self, timeout_s: float = 0.0) -> bool:
        """Has the child imported its preload (its first event, ``warm``, is waiting in the result
        pipe)? Waits up to ``timeout_s`` seconds; reads nothing, so the run still sees the event."""
        poller = select.poll()  # not select(): the app may hold more than 1,024 descriptors
        poller.register(self.result_fd, select.POLLIN)
        try:
            return bool(poller.poll(timeout_s * 1000))
        except (OSError, ValueError):
            return False

    def exited(self) -> bool:
        """Has the process ended? On Linux it is left unreaped (a zombie keeps its process-group
        id reserved until :meth:`reap` kills the group); without ``os.waitid`` it is reaped now.
        A forked child is reaped by its fork server, which kills its group first."""
        if self.reaped is not None:
            return True
        if isinstance(self.proc, ForkedProcess):
            found = self.proc.exit_status()
            if found is not None:
                self._reaped(*found)
            return found is not None
        if hasattr(os, "waitid"):
            try:
                return os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            except ChildProcessError:
                return True
        try:
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            return False
        self._reaped(status, usage)
        return True

    def reap(self) -> tuple[int, Any] | None:
        """Kill the whole process group (strays included) and wait for the process.

        Returns ``(wait status, resource usage)``, or ``None`` if it was already reaped elsewhere.
        """
        if self.reaped is None and isinstance(self.proc, ForkedProcess):
            found = self.proc.wait()
            if found is None:
                return None
            self._reaped(*found)
        if self.reaped is None:
            kill_group(self.proc.pid)
            try:
                _, status, usage = os.wait4(self.proc.pid, 0)
            except ChildProcessError:
                return None
            self._reaped(status, usage)
        return self.reaped

    @property
    def lost(self) -> bool:
        """No exit status will come (a forked child whose fork server ended or hung): whatever
        the child reported has no trustworthy end, so a run must not be judged on it."""
        return isinstance(self.proc, ForkedProcess) and self.proc.lost

    def kill(self) -> None:
        """Kill the process and its whole group now (strays included); :meth:`reap` waits."""
        if isinstance(self.proc, ForkedProcess):
            self.proc.kill()
        elif self.reaped is None:
            kill_group(self.proc.pid)

    def _reaped(self, status: int, usage: Any) -> None:
        self.reaped = (status, usage)
        self.proc.returncode = os.waitstatus_to_exitcode(status)

    def dispose(self) -> None:
        """Reap the process (killing its group), close its pipes and remove its working dir."""
        self.reap()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        try:
            os.close(self.result_fd)
        except OSError:
            pass
        if isinstance(self.proc, ForkedProcess):
            self.proc.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if os.path.exists(self.workdir):
            log.warning("could not remove the judge's working directory %s", self.workdir)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def child_env(workdir: str) -> dict[str, str]:
    """A small, fixed environment: one BLAS/OpenMP thread, hash seed 0, home in the workdir."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "VECLIB_MAXIMUM_THREADS": "1",
    }
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):  # some Python installs need them to start
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def spawn(preload: tuple[str, ...] = (), extra_fds: tuple[int, ...] = ()) -> ChildProcess:
    """Start a child that imports ``preload`` at once, then waits for its job on stdin.
    ``extra_fds`` are passed on under the same numbers (the check proxy's pipes).

    ``-P`` keeps the script's folder (and the working directory) off ``sys.path``; ``-B`` writes
    no bytecode. In a frozen bundle the app itself runs the child (``--judge-child``, see
    :mod:`mockint.frozen`). Where it can, the child is forked from the fork server for
    ``preload`` (:mod:`mockint.judge.forkserver`), which has imported it already; where that
    fails it is started afresh. Raises :class:`JudgeError` if no process can be started.
    """
    workdir = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
    if USE_FORK_SERVER:
        try:
            return _fork(preload, extra_fds, workdir)
        except JudgeError as exc:
            log.warning("starting the judge child afresh: %s", exc)
    job_r, job_w = _socket_pair()
    read_fd, write_fd = _socket_pair()
    try:
        proc = subprocess.Popen(
            [
                *judge_child_command(CHILD_SCRIPT),  # python -P -B _child.py, or the frozen app
                str(write_fd),
                ",".join(preload),
                str(IDLE_EXIT_S),
            ],
            stdin=job_r,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=workdir,
            env=child_env(workdir),
            pass_fds=(write_fd, *extra_fds),
            start_new_session=True,
        )
    except OSError as exc:
        os.close(read_fd)
        os.close(job_w)
        shutil.rmtree(workdir, ignore_errors=True)
        raise JudgeError(f"could not start a Python process for the judge: {exc}") from exc
    finally:
        os.close(write_fd)
        os.close(job_r)
    proc.stdin = open(job_w, "wb", buffering=0)  # noqa: SIM115 - dispose closes it
    return ChildProcess(proc, read_fd, workdir, preload)


def _socket_pair() -> tuple[int, int]:
    """A connected pair of Unix stream sockets, as descriptors. The job and result channels are
    sockets, not pipes: a pipe's end can be reopened through ``/proc/PID/fd`` by any process of
    the same user (a solution writing a forged job into the next spare, or forged results into
    the app's end), a socket's cannot."""
    a, b = socket.socketpair()
    return a.detach(), b.detach()


def _fork(preload: tuple[str, ...], extra_fds: tuple[int, ...], workdir: str) -> ChildProcess:
    """A child forked by the fork server for ``preload`` (started if need be), in ``workdir``."""
    server = SERVERS.get(preload, child_env(workdir))
    stdin_r, stdin_w = _socket_pair()
    stdout_r, stdout_w = os.pipe()  # the solution's prints: shown only, never judged
    stderr_r, stderr_w = os.pipe()
    result_r, result_w = _socket_pair()
    theirs = [stdin_r, stdout_w, stderr_w, result_w]
    try:
        proc = server.fork([*theirs, *extra_fds], [0, 1, 2, result_w, *extra_fds], workdir, IDLE_EXIT_S)
    except JudgeError:
        for fd in (stdin_w, stdout_r, stderr_r, result_r):
            os.close(fd)
        raise
    finally:
        for fd in theirs:  # the server has its own copies now
            os.close(fd)
    proc.stdin = open(stdin_w, "wb", buffering=0)  # noqa: SIM115 - the child's dispose closes them
    proc.stdout = open(stdout_r, "rb", buffering=0)  # noqa: SIM115
    proc.stderr = open(stderr_r, "rb", buffering=0)  # noqa: SIM115
    return ChildProcess(proc, result_r, workdir, preload)


class SparePool:
    """Idle, pre-started children per preload set (``per_set`` of them, default one). Thread-safe.

    ``per_set`` above one is for callers that judge in parallel (the bank gate judges two
    problems at a time), so each concurrent run finds a warm child.
    """

    def __init__(self, per_set: int = 1) -> None:
        self._lock = threading.Lock()
        self._spares: dict[tuple[str, ...], list[ChildProcess]] = {}
        self.per_set = per_set

    def take(self, preload: tuple[str, ...]) -> ChildProcess:
        """A started child for ``preload``: a spare if one is still alive, else a new one.

        Taking a spare starts its replacement at once, so it is warm (torch imported) by the time
        the next run wants it, even back to back. Without a spare nothing else starts now: on a
        cold start the run's own child should not share the CPU with a second import; the run's
        end starts the spare (:meth:`refill`)."""
        while True:
            with self._lock:
                waiting = self._spares.get(preload)
                spare = waiting.pop(0) if waiting else None
            if spare is None:
                return spawn(preload)
            if not spare.exited():
                self.refill(preload)
                return spare
            spare.dispose()

    def refill(self, preload: tuple[str, ...]) -> None:
        """Start spares for ``preload`` until ``per_set`` wait (plain Python gets them too: a
        started interpreter saves the ~20 ms start of every run)."""
        while True:
            with self._lock:
                if len(self._spares.get(preload, ())) >= self.per_set:
                    return
            try:
                child = spawn(preload)
            except JudgeError as exc:
                log.warning("no spare judge process: %s", exc)
                return
            with self._lock:
                waiting = self._spares.setdefault(preload, [])
                extra = child if len(waiting) >= self.per_set else None
                if extra is None:
                    waiting.append(child)
            if extra is not None:
                extra.dispose()
                return

    def wait_warm(self, preload: tuple[str, ...], timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` seconds for the (first) spare of ``preload`` to finish
        importing it; ``False`` if there is no such spare or it is still importing (e.g. to
        show "judge ready")."""
        with self._lock:
            waiting = self._spares.get(preload)
            spare = waiting[0] if waiting else None
        return spare is not None and spare.warm(timeout_s)

    def shutdown(self) -> None:
        """Stop every spare."""
        with self._lock:
            spares = [c for waiting in self._spares.values() for c in waiting]
            self._spares = {}
        for child in spares:
            child.dispose()

    def children(self) -> list[ChildProcess]:
        """The spares waiting now."""
        with self._lock:
            return [c for waiting in self._spares.values() for c in waiting]


#: The process-wide spare pool (processes are a per-process resource; it holds no app state).
SPARES = SparePool()
#: Fork children from a fork server per library set (see :mod:`mockint.judge.forkserver`).
USE_FORK_SERVER = FORK_SERVERS_ENABLED
#: The process-wide fork servers.
SERVERS = Servers(CHILD_SCRIPT)


def shutdown() -> None:
    """Stop the judge's spare child processes and fork servers (call on app exit; also
    registered with atexit)."""
    SPARES.shutdown()
    SERVERS.shutdown()


atexit.register(shutdown)
