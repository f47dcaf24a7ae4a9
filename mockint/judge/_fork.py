"""Child side: the judge's fork server, which forks judge children that have already imported
their heavy libraries (Linux).

Loaded by :mod:`mockint.judge._child` beside ``_report.py`` (standard library only). Started by
:mod:`mockint.judge.pool` as ``_child.py --fork-server CONTROL_FD PRELOAD``: it imports PRELOAD
once, then forks one judge child per request instead of starting a fresh interpreter that imports
numpy (about 0.1 s of CPU) or torch (about 1.2 s) again. It never reads a job or runs solution
code; each fork becomes an ordinary judge child (see :mod:`mockint.judge._child`) and gets its
job from its own stdin, as a started child does.

Protocol, on a ``SOCK_SEQPACKET`` Unix socket (one JSON object per packet, from the app only):

``{"op": "fork", "targets": [0, 1, 2, R, ...], "workdir": W, "idle_s": S}``
    with ``len(targets) + 1`` file descriptors attached (``SCM_RIGHTS``): the child gets the first
    ones under the numbers in ``targets`` (its stdin, stdout, stderr, result channel ``R`` and
    any extra pipes) and nothing else; the last is the *status channel* (a Unix socket), which
    the server keeps. The
    child starts a new session (its pid is its process-group id), works in ``W`` with ``HOME``
    and ``TMPDIR`` there, and waits up to ``S`` seconds for its job. The server writes
    ``{"pid": P}`` and a newline to the status channel at once, and, when the child has exited,
    ``{"status": wait status, "utime": s, "stime": s, "maxrss": KiB}`` and a newline, then
    closes it. Before reaping a child it kills the child's whole process group (strays included),
    while the exited child still holds the group id, so no other process can get that id yet.
``{"op": "kill", "pid": P}``
    kills child ``P`` and its process group, if ``P`` is a child not yet reaped. The app kills
    through the server because only the server knows when the id is free for reuse.

When the socket closes (the app has ended, or shut the judge down) the server kills every child's
process group and exits. A child closes the socket at once, so solution code cannot send requests.
The server makes itself non-dumpable (``PR_SET_DUMPABLE`` 0, which its forks keep), so no other
process of the user can open its descriptors through ``/proc/PID/fd`` or ``pidfd_getfd``, and
every channel that carries a status or a result is a socket, which cannot be reopened that way.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
from typing import Any

#: Largest request packet (bytes); requests are a few hundred bytes.
_MAX_REQUEST = 64 * 1024
#: Most file descriptors one request may attach.
_MAX_FDS = 16


class Forked:
    """What a forked child needs from its request: its result pipe's number and idle timeout."""

    def __init__(self, result_fd: int, idle_s: float) -> None:
        self.result_fd = result_fd
        self.idle_s = idle_s


def make_undumpable() -> None:
    """``PR_SET_DUMPABLE`` 0: no other process of the user can ptrace this one or take its
    descriptors (``/proc/PID/fd``, ``pidfd_getfd``). The server sets it before its imports; a
    child keeps it (forked) or sets it first thing (started) until its solution is about to run
    (:func:`make_dumpable`), so a waiting spare's channels cannot be taken; a checker keeps it."""
    _prctl(_PR_SET_DUMPABLE, 0)


def make_dumpable() -> None:
    """``PR_SET_DUMPABLE`` 1, as an ordinary process (the app reads ``/proc/PID/stat`` of the
    running solution for its CPU time, which ``hidepid`` hides for a non-dumpable one). Called
    only once nothing but the solution runs, so it can reach only what it owns anyway."""
    _prctl(_PR_SET_DUMPABLE, 1)


def stat_fields(pid: int | str) -> list[bytes] | None:
    """The fields of ``/proc/PID/stat`` after the command name (``[0]`` is the state, ``[3]``
    the session, ``[11]``/``[12]`` user/system CPU ticks, ``[19]`` the start time: field
    ``N`` of proc(5) is ``[N - 3]``), or ``None`` where it cannot be read (gone, not Linux)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None


def start_time(pid: int) -> str | None:
    """Process ``pid``'s start time (clock ticks after boot), or ``None``."""
    fields = stat_fields(pid)
    return fields[19].decode() if fields is not None and len(fields) > 19 else None


def serve(control_fd: int) -> Forked:
    """Serve requests on ``control_fd`` until it closes, then exit the process. Returns only in a
    forked child, which has its descriptors, session, folder and environment in place."""
    make_undumpable()
    sock = socket.socket(fileno=control_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wakeup pipe hears it
    live: dict[int, int] = {}  # child pid -> status pipe
    poller = select.poll()  # not select(): the control socket keeps the app's number, maybe > 1,024
    poller.register(sock.fileno(), select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    while True:
        try:
            ready = [fd for fd, _ in poller.poll()]
        except InterruptedError:
            continue
        if wake_r in ready:
            _drain(wake_r)
        _reap(live)
        if sock.fileno() in ready:
            child = _answer(sock, live, (wake_r, wake_w))
            if child is not None:
                return child


def _answer(sock: socket.socket, live: dict[int, int], wake: tuple[int, int]) -> Forked | None:
    """Read and carry out one request; returns only in a forked child (see :func:`serve`)."""
    try:
        data, fds, _, _ = socket.recv_fds(sock, _MAX_REQUEST, _MAX_FDS)
    except InterruptedError:
        return None
    except OSError:
        data, fds = b"", []
    if not data:  # the app has gone: end every child, then this server
        for pid in live:
            _kill(pid)
        os._exit(0)
    try:
        request = json.loads(data)
        op = request["op"]
    except (ValueError, KeyError, TypeError):
        op = None
    if op == "kill" and request.get("pid") in live:
        _kill(request["pid"])
    elif op == "fork" and len(fds) == len(request.get("targets", ())) + 1:
        child = _fork(request, fds, live, sock, wake)
        if child is not None:
            return child
    for fd in fds:  # the child has its copies; the server keeps only the status pipes
        if fd not in live.values():
            os.close(fd)
    return None


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _fork(
    request: dict[str, Any], fds: list[int], live: dict[int, int], sock: socket.socket, wake: tuple[int, int]
) -> Forked | None:
    status_fd = fds[-1]
    server = os.getpid()
    try:
        pid = os.fork()
    except OSError as exc:
        _write(status_fd, {"error": f"fork failed: {exc}"})
        return None
    if pid:
        os.set_blocking(status_fd, False)  # a full channel must never stop the server
        live[pid] = status_fd
        _write(status_fd, {"pid": pid, "start": start_time(pid)})  # unreaped: still this child
        return None
    try:  # the child: from here on nothing of the server's may remain
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sock.close()
        for fd in (*wake, status_fd, *live.values()):
            os.close(fd)
        _die_with_server(server)
        os.setsid()
        targets = [int(t) for t in request["targets"]]
        _place(fds[:-1], targets)
        workdir = str(request["workdir"])
        os.chdir(workdir)
        os.environ["HOME"] = os.environ["TMPDIR"] = workdir
        if "tempfile" in sys.modules:  # chosen again from TMPDIR when first asked
            sys.modules["tempfile"].tempdir = None  # type: ignore[attr-defined]
        return Forked(targets[3], float(request.get("idle_s", 3600.0)))
    except BaseException:
        os._exit(5)


def _die_with_server(server: int) -> None:
    """Have the kernel kill this child if the server ends (``PR_SET_PDEATHSIG``), so a spare that
    waits for a job does not outlive it; a child still running its job would notice anyway."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server:  # it ended before the request took effect
        os._exit(5)


_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4


def _prctl(option: int, value: int) -> None:
    """Linux ``prctl(option, value)``; nothing where it is unavailable."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _place(fds: list[int], targets: list[int]) -> None:
    """Give the child ``fds`` under the numbers ``targets`` and close every other descriptor."""
    moved = [_dup_above(fd, max(targets) + 1) for fd in fds]  # placing one never overwrites another
    for fd in fds:
        os.close(fd)
    for fd, target in zip(moved, targets, strict=True):
        os.dup2(fd, target)  # inheritable, as under Popen's pass_fds
    keep = set(targets)
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: close every number up to the limit instead
        import resource

        top = min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)
        for low, high in zip([-1, *sorted(keep)], [*sorted(keep), top], strict=True):
            os.closerange(max(low + 1, 3), high)
        return
    for fd in open_fds:
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:  # the listing's own descriptor, already closed
                pass


def _dup_above(fd: int, lowest: int) -> int:
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)


def _reap(live: dict[int, int]) -> None:
    """Report and reap every exited child, killing its process group first."""
    while True:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if info is None:
            return
        pid = info.si_pid
        try:
            os.killpg(pid, signal.SIGKILL)  # strays; the exited leader still holds the group id
        except OSError:
            pass
        _, status, usage = os.wait4(pid, 0)
        fd = live.pop(pid, None)
        if fd is not None:
            _write(
                fd,
                {
                    "status": status,
                    "utime": usage.ru_utime,
                    "stime": usage.ru_stime,
                    "maxrss": usage.ru_maxrss,
                },
            )
            os.close(fd)


def _kill(pid: int) -> None:
    for kill in (os.kill, os.killpg):  # the child itself, even before its setsid(), and its group
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _write(fd: int, message: dict[str, Any]) -> None:
    try:
        os.write(fd, (json.dumps(message) + "\n").encode())
    except OSError:  # the app closed its end: nobody is waiting for this child's status
        pass
