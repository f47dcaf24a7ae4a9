"""One small helper that runs long work off the GUI thread and reports back on it.

Modelled on Anki's ``QueryOp``/``CollectionOp``: a call site says what to run, who the result is
for and what to do with it; the helper owns the threads, the delivery and the bookkeeping.

* ``receiver``: a QObject the result is for. When it has been deleted (its page closed) by the
  time the work reports, ``on_done``/``on_error`` are not called, so call sites need no
  ``shiboken6.isValid`` checks. ``on_dropped(result)`` runs instead, when given, to release what
  a dropped result holds (a started process).
* ``key``: jobs of one receiver with the same key replace each other. Submitting a keyed job makes
  any older job with that key stale: its callbacks never run, and if it has not started yet it
  does not run at all. So "only the answer for the latest filters counts" needs no counter.
* ``db=True``: store work runs on one dedicated thread, in submission order, so database writes
  never race one another and at most one worker connection is busy at a time. Other work runs on
  Qt's global thread pool.

Callbacks always run on the GUI thread (the thread that called :func:`run_in_background`).
"""

from __future__ import annotations

import itertools
import logging
import traceback
import weakref
from collections.abc import Callable, Hashable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    #: The work returned this value (delivered on the GUI thread).
    finished = Signal(object)
    #: The work raised: the exception and its formatted traceback (delivered on the GUI thread).
    failed = Signal(object, str)
    #: The job was replaced by a newer one with its key before it started; nothing ran.
    skipped = Signal()


class Job(QRunnable):
    """Runs ``fn(*args)`` on a worker thread and reports through ``signals``.

    ``signals`` lives on the thread that made the job (the GUI thread), so what it emits from the
    worker is queued there. ``stale`` is set (on the GUI thread) when a newer job with the same key
    was submitted; a stale job that has not started yet does not run ``fn``.
    """

    _serial = itertools.count(1)

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = _Signals()
        self.stale = False
        self.number = next(Job._serial)
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.stale:
            self.signals.skipped.emit()
            return
        try:
            result = self.fn(*self.args)
        except Exception as exc:
            log.exception("background job failed")
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


#: Jobs submitted and not yet reported (keeps their signals objects alive until then).
_running: dict[int, Job] = {}
#: (receiver's id or 0, key) -> the latest job submitted with that key.
_latest: dict[tuple[int, Hashable], Job] = {}
_db_pool: QThreadPool | None = None


def db_pool() -> QThreadPool:
    """The pool that runs store work: one thread, kept for the app's life (it never expires, so
    every database job runs on the same thread, one after another)."""
    global _db_pool
    if _db_pool is None:
        _db_pool = QThreadPool()
        _db_pool.setObjectName("mockint-db")
        _db_pool.setMaxThreadCount(1)
        _db_pool.setExpiryTimeout(-1)
    return _db_pool


def _pools() -> list[QThreadPool]:
    return [QThreadPool.globalInstance(), *([_db_pool] if _db_pool is not None else [])]


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    receiver: QObject | None = None,
    key: Hashable | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_dropped: Callable[[Any], None] | None = None,
    db: bool = False,
) -> Job:
    """Run ``fn(*args)`` off the GUI thread; ``on_done(result)`` or ``on_error(exc, traceback)``
    then run on the GUI thread.

    ``receiver``: the callbacks are skipped when this QObject has been deleted by then (and
    ``on_dropped(result)`` runs instead, if given). ``key``: a hashable naming what the job is
    for; a newer job of the same receiver and key makes this one stale (its callbacks never run;
    ``on_dropped`` gets a result it did produce). ``db``: run on the single store thread
    (:func:`db_pool`) instead of the global pool. Call from the GUI thread. Returns the job.
    """
    job = Job(fn, *args)
    ref = weakref.ref(receiver) if receiver is not None else None
    slot: tuple[int, Hashable] | None = None
    if key is not None:
        slot = (id(receiver) if receiver is not None else 0, key)
        older = _latest.get(slot)
        if older is not None:
            older.stale = True
        _latest[slot] = job
    _running[job.number] = job

    def settle() -> bool:
        """Forget the job; True when its callbacks should run."""
        _running.pop(job.number, None)
        current = True
        if slot is not None:
            current = _latest.get(slot) is job
            if current:
                del _latest[slot]
        if not current:
            return False
        if ref is not None:
            alive = ref()
            if alive is None or not shiboken6.isValid(alive):
                return False
        return True

    # Qt holds the closures below from C++ (the connections of ``job.signals``), out of sight of
    # Python's collector, and the job keeps its signals object: what the closures reach is never
    # freed. So they reach the callbacks only through ``callbacks``, emptied once the job reports
    # (a job reports once; on the next event-loop turn, not inside the delivery: freeing them
    # there crashed Qt in the quick-drill test): the receiver's bound methods, and so a closed
    # page, its views and their state, are released; only the small job and its signals stay.
    callbacks: dict[str, Callable[..., None] | None] = {
        "done": on_done,
        "error": on_error,
        "dropped": on_dropped,
    }

    def done(result: Any) -> None:
        current = settle()
        callback = callbacks.get("done" if current else "dropped")
        QTimer.singleShot(0, callbacks.clear)  # freed on a later turn, not inside this delivery
        if callback is not None:
            callback(result)

    def failed(exc: BaseException, tb: str) -> None:
        callback = callbacks.get("error") if settle() else None
        QTimer.singleShot(0, callbacks.clear)
        if callback is not None:
            callback(exc, tb)

    def skipped() -> None:
        settle()
        QTimer.singleShot(0, callbacks.clear)

    job.signals.finished.connect(done)
    job.signals.failed.connect(failed)
    job.signals.skipped.connect(skipped)
    (db_pool() if db else QThreadPool.globalInstance()).start(job)
    return job


def pending() -> int:
    """How many jobs have been submitted and not yet reported (their callbacks not yet run)."""
    return len(_running)


def wait_for_background(timeout_ms: int = 10_000) -> bool:
    """Wait for every background job (both pools) to finish, up to ``timeout_ms`` in all; True
    when they did. Used at exit and in tests; their callbacks run when events are next processed."""
    ok = True
    for pool in _pools():
        ok = pool.waitForDone(timeout_ms) and ok
    return ok
