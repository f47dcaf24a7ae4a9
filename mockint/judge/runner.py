"""Run one judge child process with limits, and collect what it reported.

The child (:mod:`mockint.judge._child`, started by :mod:`mockint.judge.pool`) runs in its own
session (process group) with a clean environment, a fresh temporary working directory (removed
afterwards) and stdin from the job pipe, then ``/dev/null``. Limits:

- CPU time: the parent reads the child's CPU seconds (``/proc/PID/stat``) every 0.1 s and kills
  the whole process group once it has used ``time_limit_s + slack_s`` of them since it said it
  is ready (inputs built, libraries imported), so a busy machine cannot turn a correct answer
  into a time-out; ``ChildRun.limit`` is then ``"cpu"``;
- wall clock, a backstop for code that waits instead of computing: ``wall_factor`` times the
  limit plus one second (``ChildRun.limit == "wall"``); where CPU time cannot be read (not
  Linux) the wall limit is ``time_limit_s + slack_s``. Before ready a generous startup timeout
  applies, since importing torch can take seconds;
- CPU time, address space, file size and processes: set by the child on itself
  (:mod:`mockint.judge._limits`);
- output: stdout and stderr together are capped (kill at the cap), and so are the results;
- progress (growth timing only): the child must report within ``progress_s`` seconds of its
  last report, so one slow input size cannot use the whole budget.
"""

from __future__ import annotations

import json
import logging
import os
import selectors
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mockint.judge._fork import stat_fields
from mockint.judge.errors import JudgeError
from mockint.judge.pool import SPARES, ChildProcess

log = logging.getLogger(__name__)

#: Bytes of the solution's prints kept for display.
_KEEP_PRINTS = 8 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits of one child run.

    ``time_limit_s``: wall seconds for the solution's whole run (import and every case).
    ``slack_s``: extra wall seconds before the kill, for the harness's own encoding work.
    ``memory_mb``: address space (MiB) the solution may add beyond the harness and its libraries.
    ``output_bytes``: cap on stdout + stderr; ``result_bytes``: cap on returned values (encoded).
    ``startup_s``: wall seconds allowed to build inputs and import libraries before the clock.
    ``recursion_limit`` / ``stack_mb``: Python recursion limit and the solution thread's stack.
    ``file_mb``: largest file (MiB) the solution may write. ``processes``: how many tasks beyond
    the system's current count the user may have before fork fails (not enforced for root).
    ``progress_s``: when set, the child is killed this many seconds after its last event.
    """

    time_limit_s: float = 2.0
    slack_s: float = 0.25
    memory_mb: int = 512
    output_bytes: int = 1 << 20
    result_bytes: int = 64 << 20
    startup_s: float = 60.0
    recursion_limit: int = 250_000
    stack_mb: int = 512
    file_mb: int = 64
    processes: int = 128
    progress_s: float | None = None
    wall_factor: float = 2.0

    def wall_limit_s(self, cpu_readable: bool) -> float:
        """Wall seconds after ready before the backstop kill (see the module docstring)."""
        if not cpu_readable:
            return self.time_limit_s + self.slack_s
        return max(self.time_limit_s * self.wall_factor + 1.0, self.time_limit_s + self.slack_s)

    def job_fields(self) -> dict[str, Any]:
        """The limits the child applies itself, as job fields."""
        return {
            "time_limit_s": self.time_limit_s,
            "slack_s": self.slack_s,
            "memory_mb": self.memory_mb,
            "recursion_limit": self.recursion_limit,
            "stack_mb": self.stack_mb,
            "file_mb": self.file_mb,
            "processes": self.processes,
        }


@dataclass
class ChildRun:
    """What one child run produced.

    ``events`` are the decoded JSON events in order. ``killed_for`` is ``"time"`` (then ``limit``
    says which clock: ``"cpu"`` or ``"wall"``), ``"enough"`` (the caller's ``stop``), ``"progress"``
    (no event within ``Limits.progress_s``), ``"output"``, ``"result_size"`` or ``None``. ``exit_code`` is set when the child exited, ``signal`` when a
    signal ended it. ``elapsed_s`` runs from the ready event to the end (seconds);
    ``peak_memory_mb`` is the child's ``ru_maxrss`` in MiB and ``cpu_s`` its CPU seconds. ``prints`` holds the start of
    stdout + stderr; ``protocol_error`` a result line that was not valid JSON.
    """

    events: list[dict[str, Any]] = field(default_factory=list)
    killed_for: str | None = None
    exit_code: int | None = None
    signal: int | None = None
    ready: bool = False
    elapsed_s: float = 0.0
    peak_memory_mb: float = 0.0
    cpu_s: float = 0.0
    prints: str = ""
    stderr_tail: str = ""
    protocol_error: str | None = None
    limit: str | None = None
    #: CPU seconds from ready to exit as the parent measured them (``None`` where unreadable).
    cpu_after_ready_s: float | None = None

    def first(self, name: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("ev") == name), None)


def run_child(
    job: dict[str, Any], limits: Limits, stop: Callable[[dict[str, Any]], bool] | None = None
) -> ChildRun:
    """Run ``job`` in a child (a pre-started spare when one fits), enforce ``limits``, and return
    what it reported.

    ``stop``, when given, sees each event as it arrives; when it returns true the child is
    killed at once (``killed_for == "enough"``): the caller has learnt what it needed.
    Never raises for anything the solution does; raises :class:`JudgeError` when no child can be
    started or it does not get ready within ``limits.startup_s``.
    """
    preload = job_preload(job)
    child = SPARES.take(preload)
    try:
        return _Supervisor(child, job, limits, stop).run()
    finally:
        child.dispose()
        SPARES.refill(preload)


def job_preload(job: dict[str, Any]) -> tuple[str, ...]:
    """The heavy libraries a job's child imports before its job (the spare pool's key)."""
    return tuple(name for name in ("numpy", "torch") if job.get(name))


def run_started(child: ChildProcess, job: dict[str, Any], limits: Limits) -> ChildRun:
    """Like :func:`run_child` for a child the caller started (and this call disposes of)."""
    try:
        return _Supervisor(child, job, limits).run()
    finally:
        child.dispose()


class _Supervisor:
    """Pumps the child's pipes until it ends, is killed, or a limit is hit."""

    def __init__(
        self,
        child: ChildProcess,
        job: dict[str, Any],
        limits: Limits,
        stop: Callable[[dict[str, Any]], bool] | None = None,
    ):
        self.stop = stop
        self.child = child
        self.proc = proc = child.proc
        result_fd = child.result_fd
        self.limits = limits
        self.out = ChildRun()
        self.sel = selectors.DefaultSelector()
        self.pending = memoryview(json.dumps(job, allow_nan=True).encode())
        self.line_buf = bytearray()
        self.result_bytes = 0
        self.print_bytes = 0
        self.prints = bytearray()
        self.stderr_tail = bytearray()
        self.start = time.monotonic()
        self.ready_at: float | None = None
        self.last_event_at = self.start
        self.ready_cpu: float | None = None
        self.next_cpu_poll = 0.0
        assert proc.stdin and proc.stdout and proc.stderr
        os.set_blocking(proc.stdin.fileno(), False)
        self.sel.register(proc.stdin, selectors.EVENT_WRITE, "stdin")
        self.sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
        self.sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
        self.sel.register(result_fd, selectors.EVENT_READ, "result")

    def deadline(self) -> float:
        return self.deadline_and_reason()[0]

    def deadline_and_reason(self) -> tuple[float, str]:
        """When the child is killed if it is still running, and the ``killed_for`` to record."""
        if self.ready_at is None:
            return self.start + self.limits.startup_s, "time"
        end = self.ready_at + self.limits.wall_limit_s(self.ready_cpu is not None)
        if self.limits.progress_s is not None and self.last_event_at + self.limits.progress_s < end:
            return self.last_event_at + self.limits.progress_s, "progress"
        return end, "time"

    def kill_at_deadline(self) -> None:
        reason = self.deadline_and_reason()[1]
        if reason == "time" and self.ready_at is not None:
            self.out.limit = "wall"
        self.kill(reason)

    def over_cpu(self, now: float) -> bool:
        """Has the child used up its CPU time since ready? Polled every 0.1 s at most."""
        if self.ready_cpu is None or now < self.next_cpu_poll:
            return False
        self.next_cpu_poll = now + 0.1
        used = _cpu_seconds(self.proc.pid)
        if used is None or used - self.ready_cpu <= self.limits.time_limit_s + self.limits.slack_s:
            return False
        self.out.limit = "cpu"
        self.kill("time")
        return True

    def run(self) -> ChildRun:
        try:
            while self.sel.get_map():
                now = time.monotonic()
                if now >= self.deadline():
                    self.kill_at_deadline()
                    break
                if self.over_cpu(now):
                    break
                ready = self.sel.select(timeout=min(self.deadline() - now, 0.1))
                for key, _ in ready:
                    self.handle(key)
                    if self.out.killed_for:
                        break
                if self.out.killed_for:
                    break
                if not ready and self.poll_exit():
                    # It exited after that select() found nothing: whatever it wrote before
                    # exiting is still in the pipes. Read it all before stopping (a grandchild
                    # may hold a pipe open, so this never waits for end-of-file).
                    self.drain()
                    break
            self.wait_exit()
        finally:
            self.sel.close()
        if self.out.killed_for == "time" and self.ready_at is None:
            raise JudgeError(
                f"the judge's child process did not get ready within {self.limits.startup_s:g} s"
            )
        end = time.monotonic()
        self.out.elapsed_s = end - self.ready_at if self.ready_at is not None else 0.0
        self.out.prints = self.prints.decode("utf-8", "replace")
        self.out.stderr_tail = self.stderr_tail.decode("utf-8", "replace")
        return self.out

    def handle(self, key: selectors.SelectorKey) -> None:
        name = key.data
        if name == "stdin":
            self.write_job(key)
            return
        fd = key.fd
        try:
            chunk = os.read(fd, _CHUNK)
        except OSError:
            chunk = b""
        if not chunk:
            self.sel.unregister(key.fileobj)
            return
        if name == "result":
            self.result_bytes += len(chunk)
            if self.result_bytes > self.limits.result_bytes:
                self.kill("result_size")
                return
            self.take_lines(chunk)
            return
        self.print_bytes += len(chunk)
        if len(self.prints) < _KEEP_PRINTS:
            self.prints += chunk[: _KEEP_PRINTS - len(self.prints)]
        if name == "stderr":
            self.stderr_tail = (self.stderr_tail + chunk)[-4096:]
        if self.print_bytes > self.limits.output_bytes:
            self.kill("output")

    def drain(self) -> None:
        """Read what the (exited) child left in its pipes, without waiting for more."""
        while self.sel.get_map() and not self.out.killed_for:
            ready = [k for k, _ in self.sel.select(timeout=0) if k.data != "stdin"]
            if not ready:
                return
            for key in ready:
                self.handle(key)
                if self.out.killed_for:
                    return

    def write_job(self, key: selectors.SelectorKey) -> None:
        try:
            n = os.write(key.fd, self.pending[:_CHUNK])
            self.pending = self.pending[n:]
        except BlockingIOError:
            return
        except OSError:  # the child is gone; its exit says why
            self.pending = self.pending[:0]
        if not self.pending:
            self.sel.unregister(key.fileobj)
            assert self.proc.stdin is not None
            self.proc.stdin.close()

    def take_lines(self, chunk: bytes) -> None:
        if b"\n" not in chunk:  # a long value arriving: do not rescan the whole buffer each time
            self.line_buf += chunk
            return
        self.line_buf += chunk
        while (nl := self.line_buf.find(b"\n")) >= 0:
            line = bytes(self.line_buf[:nl])
            del self.line_buf[: nl + 1]
            try:
                event = json.loads(line)
                if not isinstance(event, dict):
                    raise ValueError("not an object")
            except ValueError:
                self.out.protocol_error = self.out.protocol_error or line[:200].decode("utf-8", "replace")
                continue
            self.out.events.append(event)
            if self.stop is not None and self.stop(event):
                self.kill("enough")
                return
            self.last_event_at = time.monotonic()
            if event.get("ev") == "ready" and self.ready_at is None:
                self.ready_at = time.monotonic()
                self.ready_cpu = _cpu_seconds(self.proc.pid)
                self.out.ready = True

    def kill(self, reason: str) -> None:
        self.out.killed_for = reason
        self.child.kill()

    def poll_exit(self) -> bool:
        return self.child.exited()

    def wait_exit(self) -> None:
        """Reap the child (killing it at the deadline) and record its status and peak memory."""
        delay = 0.0005
        while not self.out.killed_for and not self.child.exited():
            now = time.monotonic()
            if now >= self.deadline():
                self.kill_at_deadline()
                break
            if self.over_cpu(now):
                break
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        reaped = self.child.reap()  # also kills stray grandchildren in the group
        if self.child.lost:
            raise JudgeError("the judge's fork server ended before it reported the run; judge again")
        if reaped is None:
            return
        status, usage = reaped
        if os.WIFSIGNALED(status):
            self.out.signal = os.WTERMSIG(status)
        else:
            self.out.exit_code = os.WEXITSTATUS(status)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
        self.out.peak_memory_mb = usage.ru_maxrss / scale
        self.out.cpu_s = usage.ru_utime + usage.ru_stime
        if self.ready_cpu is not None:
            self.out.cpu_after_ready_s = max(0.0, self.out.cpu_s - self.ready_cpu)


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (all its threads) from ``/proc``, or ``None``
    where that cannot be read (not Linux, or the process is gone)."""
    fields = stat_fields(pid)
    try:
        return (int(fields[11]) + int(fields[12])) / _TICK if fields is not None else None
    except (IndexError, ValueError):
        return None
