"""Issue 11 bug 3: a round left with "Score later" is listed as waiting on home, history and the
summary until it is scored, and can be scored from there (the rubric dialog reopens)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.ui.rubric_dialog import RubricDialog
from mockint.ui.score_later import unscored_rounds
from mockint.ui.workers import wait_for_background


def _leave_for_later(qtbot, window) -> str:
    window.start_practice("behavioral")
    page = window.loop_page
    sid = page.run.session_id
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    qtbot.mouseClick(page.rubric_dialog.later_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    return sid


def _score_all(self: RubricDialog) -> int:
    for dim in self.rubric.dimensions:
        self.set_score(dim.id, 3)
    self.set_recommendation(2)
    return RubricDialog.DialogCode.Accepted


def test_score_later_round_is_listed_until_scored_from_history(qtbot, window, monkeypatch) -> None:
    sid = _leave_for_later(qtbot, window)
    store = window.ctx.store
    assert [u.session_id for u in unscored_rounds(store)] == [sid]
    assert "waits for scores" in window.summary.body.toPlainText()

    window.show_home()
    qtbot.waitUntil(lambda: window.home.unscored_btn.isVisible())
    assert window.home.unscored_btn.text() == "Score now: 1 round waits for scores"

    window.show_review()
    qtbot.waitUntil(lambda: window.review.sessions_model.rowCount() == 1)
    model = window.review.sessions_model
    assert model.data(model.index(0, 2)) == "0/1 · 1 to score"

    window.show_history()
    assert "1 round waits for scores" in window.history.sessions.item(0).text()
    assert window.history.score_btn.isEnabled()
    opened = []
    monkeypatch.setattr(RubricDialog, "exec", lambda self: opened.append(self) or _score_all(self))
    qtbot.mouseClick(window.history.score_btn, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert unscored_rounds(store) == []
    scores = store.sessions.detail(sid)["rounds"][0]["scores"]
    assert scores and all(s["score"] == 3 for s in scores)
    assert "waits for scores" not in window.history.sessions.item(0).text()
    assert not window.history.score_btn.isEnabled()
    window.show_home()
    qtbot.waitUntil(lambda: not window.home.unscored_btn.isVisible())


def test_score_later_again_keeps_the_round_waiting(qtbot, window, monkeypatch) -> None:
    _leave_for_later(qtbot, window)
    monkeypatch.setattr(RubricDialog, "exec", lambda self: RubricDialog.SCORE_LATER)
    assert window.score_waiting() == 0
    assert len(unscored_rounds(window.ctx.store)) == 1
    qtbot.waitUntil(lambda: not window.home.unscored_btn.isHidden())  # home's count came back
    wait_for_background()
