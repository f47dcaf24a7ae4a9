"""Give back what a finished loop held, once its page has been deleted (issue 18)."""

from __future__ import annotations

import ctypes
import gc
import logging
import sys

from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)


def release_after_delete() -> None:
    """Connected to a finished loop page's ``destroyed``: the page's children are deleted after
    that signal, so the release runs on the next event-loop turn."""
    QTimer.singleShot(0, release_finished_loop)


def release_finished_loop() -> None:
    """Forget the judge's in-memory reference outputs (they are for the loop's questions and are
    rebuilt if one is practised again), collect cycles, and hand the freed heap back to the system.

    glibc keeps freed memory in its arenas (one per thread that allocated: the judge's and the
    workers' threads), so without ``malloc_trim`` a finished loop's pages, outputs and messages
    stay counted in the app's resident memory although nothing uses them."""
    reference = sys.modules.get("mockint.judge.reference")
    if reference is not None:
        reference.clear_cache()
    gc.collect()
    trim_heap()


def trim_heap() -> bool:
    """``malloc_trim(0)`` where the C library is glibc; True when it ran."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError) as exc:  # not glibc (musl has no malloc_trim)
        log.debug("malloc_trim unavailable: %s", exc)
        return False
    return True
