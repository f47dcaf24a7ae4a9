"""An unfinished loop is offered on the home screen and continues where it stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.ui.discussion_view import DiscussionRoundView
from mockint.ui.main_window import MainWindow


def test_unfinished_loop_continues_with_notes_and_a_paused_clock(qtbot, ctx) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    assert not first.home.continue_frame.isVisible()
    first.start_loop("quick-drill")
    page = first.loop_page
    qtbot.keyClicks(page.view.editor, "notes typed before the app closed")
    page.controller.autosave.flush()
    first.close()  # the app closes mid-round

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    assert second.home.continue_frame.isVisible()
    assert "Quick drill" in second.home.continue_label.text()
    qtbot.mouseClick(second.home.continue_btn, Qt.MouseButton.LeftButton)
    resumed = second.loop_page
    assert resumed.run.session_id == page.run.session_id and resumed.run.index == 0
    assert isinstance(resumed.view, DiscussionRoundView)
    assert resumed.view.editor.toPlainText() == "notes typed before the app closed"
    assert resumed.controller.paused and resumed.pause_btn.text() == "Resume"
    assert not resumed.view.isEnabled()
    qtbot.mouseClick(resumed.pause_btn, Qt.MouseButton.LeftButton)
    assert not resumed.controller.paused and resumed.view.isEnabled()
