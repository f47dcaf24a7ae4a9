"""A finished loop gives back what it held: its page, views and round state are collected once the
summary has gone back home, and background jobs do not keep their receivers alive (issue 18)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from mockint.ui.coding_view import CodingRoundView
from mockint.ui.workers import pending, run_in_background, wait_for_background

KERNEL_TIMEOUT_MS = 60_000


def _collect(qtbot) -> None:
    qtbot.wait(50)  # the summary's singleShot that drops the page, then its deferred delete
    wait_for_background(30_000)
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()


def _finish_round(qtbot, page) -> None:
    page.finish_btn.click()
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    dialog.buttons.buttons()[0].click()


def _run_one_round(qtbot, window, round_type: str) -> dict[str, weakref.ref]:
    window.start_practice(round_type)
    page = window.loop_page
    qtbot.waitUntil(lambda p=page: p.run.stage == "round" and p.view is not None)
    if isinstance(page.view, CodingRoundView):  # a real console: let its kernel start
        qtbot.waitUntil(
            lambda p=page: p.view.kernel is not None and p.view.kernel.state == "ready",
            timeout=KERNEL_TIMEOUT_MS,
        )
    refs = {"page": weakref.ref(page), "view": weakref.ref(page.view), "state": weakref.ref(page.state)}
    if isinstance(page.view, CodingRoundView):
        refs["kernel"] = weakref.ref(page.view.kernel)
    _finish_round(qtbot, page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    del page
    window.show_home()
    assert window.stack.currentWidget() is window.home
    _collect(qtbot)
    return refs


def test_a_finished_discussion_round_is_collected(qtbot, window) -> None:
    refs = _run_one_round(qtbot, window, "ml_theory")
    assert window.loop_page is None
    assert {name: ref() is None for name, ref in refs.items()} == dict.fromkeys(refs, True)


def test_a_finished_loop_drops_the_source_lines_and_pixmaps_its_screens_cached(qtbot, window) -> None:
    import linecache

    from PySide6.QtGui import QPixmap, QPixmapCache

    window.start_practice("behavioral")
    page = window.loop_page
    qtbot.waitUntil(lambda p=page: p.run.stage == "round" and p.view is not None)
    linecache.getlines(__file__)  # as PySide6 does for each module imported during the loop
    assert __file__ in linecache.cache
    drawn = QPixmap(64, 64)
    drawn.fill()
    assert QPixmapCache.insert("test-loop-memory-probe", drawn)
    _finish_round(qtbot, page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    del page
    window.show_home()
    _collect(qtbot)
    assert window.loop_page is None
    assert __file__ not in linecache.cache
    assert QPixmapCache.find("test-loop-memory-probe") is None


def test_a_finished_coding_round_with_its_kernel_is_collected(qtbot, window) -> None:
    refs = _run_one_round(qtbot, window, "dsa")
    assert window.loop_page is None
    assert {name: ref() is None for name, ref in refs.items()} == dict.fromkeys(refs, True)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[int] = []

    def take(self, value: int) -> None:
        self.got.append(value)


def test_a_reported_job_keeps_neither_its_receiver_nor_its_callbacks(qtbot) -> None:
    receiver = _Receiver()
    run_in_background(lambda: 7, receiver=receiver, on_done=receiver.take)
    qtbot.waitUntil(lambda r=receiver: r.got == [7])
    assert pending() == 0
    ref = weakref.ref(receiver)
    del receiver
    qtbot.wait(20)  # the job lets go of its callbacks on the next event-loop turn
    gc.collect()
    assert ref() is None  # the job's signal connections no longer hold its bound method
