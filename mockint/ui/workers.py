"""One small helper that runs long work off the GUI thread and reports back through signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    #: The work returned this value (delivered on the GUI thread).
    finished = Signal(object)
    #: The work raised: the exception and its formatted traceback (delivered on the GUI thread).
    failed = Signal(object, str)


class Job(QRunnable):
    """Runs ``fn(*args)`` on the shared thread pool.

    Connect to ``job.signals.finished`` / ``job.signals.failed`` before :func:`run_in_background`
    starts it; both are queued to the thread that owns the signals object (the GUI thread).
    """

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:
            log.exception("background job failed")
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


_jobs: set[_Signals] = set()


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
) -> Job:
    """Run ``fn(*args)`` off the GUI thread; ``on_done(result)`` or ``on_error(exc, tb)`` run on it."""
    job = Job(fn, *args)
    signals = job.signals
    _jobs.add(signals)  # keep the signals object alive until it has reported

    def done(result: Any) -> None:
        _jobs.discard(signals)
        if on_done:
            on_done(result)

    def failed(exc: BaseException, tb: str) -> None:
        _jobs.discard(signals)
        if on_error:
            on_error(exc, tb)

    signals.finished.connect(done)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(job)
    return job


def wait_for_background(timeout_ms: int = 10_000) -> bool:
    """Wait for every background job to finish (used at exit and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
