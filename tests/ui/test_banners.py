"""Bug 7: a banner belongs to the state that raised it and leaves with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_quick_drill import score_round

from mockint.ui.main_window import MainWindow


def test_time_up_banner_does_not_follow_onto_the_break(qtbot, ctx, window) -> None:
    """Fixed when the header was split out (39a0f2e: a break clears every notice); before it, the
    banner stayed on the break screen and this test fails there."""
    window.start_loop("quick-drill")
    page = window.loop_page
    page.controller.time_up.emit()  # the phone screen's soft stop
    assert page.notice.isVisible() and "Time is up" in page.notice.text()
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 3)
    qtbot.waitUntil(lambda: page.run.stage == "break")
    assert page.stack.currentWidget() is page.break_view
    assert not page.notice.isVisible()
    page.end_loop()


def test_paused_banner_leaves_on_resume(qtbot, ctx) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.start_loop("quick-drill")
    sid = first.loop_page.run.session_id
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    second.continue_session(sid)
    page = second.loop_page
    assert page.notice.isVisible() and "press Resume" in page.notice.text()
    qtbot.mouseClick(page.pause_btn, Qt.MouseButton.LeftButton)
    assert not page.controller.paused and not page.notice.isVisible()
    page.end_loop()
