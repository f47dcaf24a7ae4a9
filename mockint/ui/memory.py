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
    rebuilt if one is practised again), drop the caches the loop's screens filled
    (:func:`drop_caches`), collect cycles, and hand the freed heap back to the system.

    glibc keeps freed memory in its arenas (one per thread that allocated: the judge's and the
    workers' threads), so without ``malloc_trim`` a finished loop's pages, outputs and messages
    stay counted in the app's resident memory although nothing uses them."""
    reference = sys.modules.get("mockint.judge.reference")
    if reference is not None:
        reference.clear_cache()
    drop_caches()
    gc.collect()
    trim_heap()


def drop_caches() -> None:
    """Empty two caches that only grow and that nothing of the app needs kept:

    - Python's :mod:`linecache`: PySide6 reads the whole source of every module imported after
      it (to look for its ``__feature__`` switches, through :func:`inspect.getsource`), and those
      lines stay cached, about 9 MB of text once a loop's modules are imported. Tracebacks read
      the lines again when they need them.
    - Qt's pixmap cache (:class:`QPixmapCache`, up to 10 MB by default), where the style keeps
      what it drew for the screens just closed; it is refilled as widgets are painted.
    """
    import linecache

    from PySide6.QtGui import QPixmapCache

    linecache.clearcache()
    QPixmapCache.clear()


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
