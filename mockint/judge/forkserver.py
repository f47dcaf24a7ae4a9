"""The app's side of the judge's fork servers: judge children forked with their libraries already
imported (Linux).

Starting a judge child means starting Python and importing the problem's libraries: about 0.1 s
of CPU for numpy, 1.2 s for torch or for pandas with scikit-learn. A fork server
(:mod:`mockint.judge._fork`, one per library set, started on first use) imports them once and
forks each child from itself, in a few milliseconds. A forked child is the same harness in the
same state as a started one that has imported the same libraries; it gets its own session,
working directory, environment and pipes, and its limits are set by itself after the fork, as
before (see :mod:`mockint.judge.runner`). The server is not the app: it holds no bank, no
store and no job, only the libraries.

Where fork servers are unavailable (not Linux) or one cannot be started, :mod:`mockint.judge.pool`
starts each child as a fresh process instead; ``ENABLED`` turns fork servers off.
"""

from __future__ import annotations

import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from mockint.frozen import judge_child_command
from mockint.judge._fork import start_time, stat_fields
from mockint.judge.errors import JudgeError

log = logging.getLogger(__name__)

#: The wait status recorded when a server ended before it could report its child's (SIGKILL).
_LOST_STATUS = 9
#: Fork servers are used where the OS has what they need (fork, SCM_RIGHTS, SOCK_SEQPACKET).
ENABLED = sys.platform.startswith("linux") and hasattr(socket, "send_fds")
#: The servers' own folders: ``<tmp>/mockint-fork-server-<app pid>-<random>``, removed at shutdown.
SERVER_DIR_PREFIX = "mockint-fork-server-"
#: Seconds to wait for a server's answer (its first fork waits for its imports: torch takes ~1 s).
ANSWER_TIMEOUT_S = 120.0
#: Seconds a server may take to report a child that has exited or that it was told to kill, and
#: to take a request, before it counts as hung (a solution can stop it: same user) and is killed.
REPORT_TIMEOUT_S = 10.0


class ForkServer:
    """One running fork server for the library set ``preload``. Thread-safe."""

    def __init__(self, child_script: Path, preload: tuple[str, ...], env: dict[str, str]) -> None:
        self.preload = preload
        self.folder = tempfile.mkdtemp(prefix=f"{SERVER_DIR_PREFIX}{os.getpid()}-")
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [
                    *judge_child_command(child_script),
                    "--fork-server",
                    str(theirs.fileno()),
                    ",".join(preload),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self.folder,
                env={**env, "HOME": self.folder, "TMPDIR": self.folder},
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except OSError as exc:
            ours.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise JudgeError(f"could not start the judge's fork server: {exc}") from exc
        finally:
            theirs.close()
        ours.settimeout(REPORT_TIMEOUT_S)  # a stopped server cannot block the app's threads
        self._sock = ours
        self._stopped_since: float | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, fds: list[int], targets: list[int], workdir: str, idle_s: float) -> ForkedProcess:
        """Ask for a child that gets ``fds`` under the numbers ``targets`` (stdin, stdout, stderr,
        result channel, extra pipes), works in ``workdir`` and waits ``idle_s`` seconds for its job.

        Does not wait for the fork (a cold server is still importing); the caller closes its copies
        of ``fds``. Raises :class:`JudgeError` if the request cannot be sent (the server is gone or
        hung; a hung one is killed)."""
        ours, theirs = socket.socketpair()  # a socket: no process can reopen it through /proc
        request = {"op": "fork", "targets": targets, "workdir": workdir, "idle_s": idle_s}
        try:
            self._send(json.dumps(request).encode(), [*fds, theirs.fileno()])
        except JudgeError:
            ours.close()
            raise
        finally:
            theirs.close()
        return ForkedProcess(self, ours)

    def kill(self, pid: int) -> None:
        """Kill child ``pid`` and its process group (the server skips a child already reaped)."""
        try:
            self._send(json.dumps({"op": "kill", "pid": pid}).encode(), [])
        except JudgeError:  # gone (it killed its children as it went) or hung (now killed)
            pass

    def kill_hung(self) -> None:
        """Kill a server that does not answer; its children die with it (``PR_SET_PDEATHSIG``).
        Returns once it has ended, so :meth:`alive` is false and its spares are not taken."""
        log.warning("the judge's fork server (pid %s) stopped answering; killing it", self.pid)
        try:
            self.proc.kill()
            self.proc.wait(timeout=REPORT_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def stopped(self) -> bool:
        """Has the server been stopped (``SIGSTOP``: a same-user solution can send it) for half a
        second or more? A traced stop (``t``, a debugger's) does not count. Linux ``/proc``."""
        fields = stat_fields(self.pid)
        state = fields[0] if fields else b""
        now = time.monotonic()
        if state != b"T":
            self._stopped_since = None
            return False
        if self._stopped_since is None:
            self._stopped_since = now
        return now - self._stopped_since >= 0.5

    def _send(self, data: bytes, fds: list[int]) -> None:
        try:
            with self._lock:
                socket.send_fds(self._sock, [data], fds)
        except TimeoutError as exc:
            self.kill_hung()
            raise JudgeError("the judge's fork server stopped answering") from exc
        except OSError as exc:
            raise JudgeError(f"the judge's fork server is gone: {exc}") from exc

    def close(self) -> None:
        """Stop the server (it kills every child it forked) and remove its folder."""
        with self._lock:
            self._sock.close()
        try:
            self.proc.wait(timeout=REPORT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class ForkedProcess:
    """A forked judge child, with the parts of :class:`subprocess.Popen` the judge uses (``pid``,
    ``stdin``, ``stdout``, ``stderr``, ``returncode``). Its exit status and resource use come
    from the server over the status channel; see :mod:`mockint.judge._fork` for the messages.

    ``lost`` is true when no status will come: the server ended, hung (and was killed) or could
    not fork. The child is then gone or dying, and whatever it was running has no result."""

    stdin: IO[bytes] | None
    stdout: IO[bytes] | None
    stderr: IO[bytes] | None

    def __init__(self, server: ForkServer, status: socket.socket) -> None:
        self.server = server
        self.status = status
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None
        self.lost = False
        self._buf = b""
        self._pid: int | None = None
        self._exit: tuple[int, Any] | None = None
        self._gone_at: float | None = None
        self._pidfd: int | None = None  # tells when this very process has exited, reuse or not
        self._close_pidfd: weakref.finalize | None = None
        self._started: str | None = None  # its start time, to tell its pid from a reused one

    @property
    def pid(self) -> int:
        """The child's process id (waits for the server's fork if it has not answered yet).

        Raises :class:`JudgeError` if the server could not fork or does not answer."""
        if self._pid is None:
            deadline = time.monotonic() + ANSWER_TIMEOUT_S
            message = self._message(0.0)
            while message is None and time.monotonic() < deadline and not self.server.stopped():
                message = self._message(min(0.25, max(deadline - time.monotonic(), 0.0)))
            if message is None:
                self.server.kill_hung()
            if not message or "pid" not in message:
                self._lose()
                why = (message or {}).get("error", "no answer")
                raise JudgeError(f"the judge's fork server did not start a child: {why}")
            self._pid = pid = int(message["pid"])
            start = message.get("start")  # read by the server before it could reap the child
            self._started = start if isinstance(start, str) else None
            try:
                self._pidfd = os.pidfd_open(pid)
                self._close_pidfd = weakref.finalize(self, os.close, self._pidfd)
            except (OSError, AttributeError):  # before Linux 5.3
                self._pidfd = None
        return self._pid

    def exit_status(self, timeout_s: float = 0.0) -> tuple[int, Any] | None:
        """``(wait status, resource usage)`` once the child has exited and been reaped, waiting up
        to ``timeout_s`` seconds; ``None`` while it runs. The usage has ``ru_utime``,
        ``ru_stime`` (seconds) and ``ru_maxrss`` (KiB). When no status will come (``lost``),
        this is ``(SIGKILL, zeros)``, so a spare pool drops the child; a run must not take it as
        the child's own end (see :meth:`ChildProcess.lost <mockint.judge.pool.ChildProcess>`)."""
        if self._exit is not None:
            return self._exit
        try:
            pid = self.pid
        except JudgeError:
            return self._exit
        message = self._message(timeout_s)
        if message is None:
            if self._gone_at is None and not self._running():
                self._gone_at = time.monotonic()  # exited: the server should report it at once
            if self._gone_at is not None and (
                self.server.stopped() or time.monotonic() - self._gone_at > REPORT_TIMEOUT_S
            ):
                self.server.kill_hung()
                self._lose(pid)
            return self._exit
        if "status" not in message:
            self._lose(pid)
            return self._exit
        usage = SimpleNamespace(
            ru_utime=float(message.get("utime", 0.0)),
            ru_stime=float(message.get("stime", 0.0)),
            ru_maxrss=int(message.get("maxrss", 0)),
        )
        self._exit = (int(message["status"]), usage)
        return self._exit

    def kill(self) -> None:
        """Kill the child and its process group, unless it has already been reaped."""
        if self.exit_status() is None:  # a known pid, not reaped yet
            self.server.kill(self.pid)

    def wait(self) -> tuple[int, Any] | None:
        """Kill the child and wait for its status; a server that does not report within
        ``REPORT_TIMEOUT_S`` seconds is taken as hung and killed (the child is then ``lost``)."""
        self.kill()
        found = self.exit_status(REPORT_TIMEOUT_S)
        if found is None and not self.lost:
            self.server.kill_hung()
            self._lose(self._pid)
        return self._exit

    def close(self) -> None:
        self.status.close()
        if self._close_pidfd is not None:
            self._close_pidfd()  # closes the pidfd once, even if close() is called again
            self._pidfd = None

    def _running(self) -> bool:
        """Is the child still running? Its pidfd says so even where ``/proc`` hides it."""
        if self._pidfd is not None:
            poller = select.poll()
            poller.register(self._pidfd, select.POLLIN)
            return not poller.poll(0)
        return self._pid is not None and _running(self._pid)

    def _lose(self, pid: int | None = None) -> None:
        """No status will come: the server is gone. End what is left of the child's session
        (strays its server can no longer kill), and record a ``SIGKILL`` end."""
        self.lost = True
        self._exit = (_LOST_STATUS, SimpleNamespace(ru_utime=0.0, ru_stime=0.0, ru_maxrss=0))
        if pid is None:
            return
        now = start_time(pid)
        if now is not None and (self._started is None or now != self._started):
            return  # the number is (or may be) another process's: its session is not ours
        _kill_session(pid)

    def _message(self, timeout_s: float) -> dict[str, Any] | None:
        """The next message on the status channel, waiting up to ``timeout_s`` seconds (``None``
        if none came); a lost server (end of file before a message) reads as ``{}``."""
        deadline = time.monotonic() + timeout_s
        poller = select.poll()
        poller.register(self.status.fileno(), select.POLLIN)
        while b"\n" not in self._buf:
            left = max(deadline - time.monotonic(), 0.0)
            try:
                if not poller.poll(left * 1000):
                    return None
                chunk = self.status.recv(4096)
            except OSError:
                return {}
            if not chunk:
                log.warning("the judge's fork server ended before reporting a child")
                return {}
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return {}
        return message if isinstance(message, dict) else {}


def _running(pid: int) -> bool:
    """Is process ``pid`` still running (not gone, not a zombie)? Linux ``/proc``."""
    fields = stat_fields(pid)
    return fields is not None and bool(fields) and fields[0] != b"Z"


def _kill_session(sid: int) -> None:
    """Kill every process in session ``sid``: a forked child's, whose pid is the session id. The
    caller has checked that this number is not another process's now; while any member of the
    session is left, no new process can take the number."""
    try:
        names = os.listdir("/proc")
    except OSError:
        return
    for name in names:
        if not name.isdigit():
            continue
        fields = stat_fields(name)
        try:
            if fields is not None and int(fields[3]) == sid:
                os.kill(int(name), signal.SIGKILL)
        except (OSError, IndexError, ValueError):
            continue


class Servers:
    """The fork servers, one per library set, each started on first use. Thread-safe."""

    def __init__(self, child_script: Path) -> None:
        self.child_script = child_script
        self._lock = threading.Lock()
        self._servers: dict[tuple[str, ...], ForkServer] = {}

    def get(self, preload: tuple[str, ...], env: dict[str, str]) -> ForkServer:
        """The running server for ``preload`` (a new one if it has none or it has died).
        Raises :class:`JudgeError` if none can be started."""
        with self._lock:
            server = self._servers.get(preload)
            if server is not None and not server.alive():
                server.close()
                server = None
            if server is None:
                server = self._servers[preload] = ForkServer(self.child_script, preload, env)
            return server

    def pids(self) -> set[int]:
        with self._lock:
            return {s.pid for s in self._servers.values()}

    def shutdown(self) -> None:
        """Stop every server (and so every child it forked)."""
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.close()
