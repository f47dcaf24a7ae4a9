"""Issue 11 bug 3: the rubric dialog saves with Ctrl+Enter and can be left with "Score later"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from mockint.ui.rubric_dialog import RubricDialog


def _dialog(qtbot, ctx) -> RubricDialog:
    dialog = RubricDialog(ctx.bank.rubrics["system_design"], "System design", ["Time used: 1:00"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_ctrl_enter_saves_only_once_everything_is_scored(qtbot, ctx) -> None:
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "Still to score" in dialog.status.text()
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.scores == {d.id: 3 for d in dialog.rubric.dimensions}


def test_score_later_closes_without_scores(qtbot, ctx) -> None:
    dialog = _dialog(qtbot, ctx)
    later = next((b for b in dialog.buttons.buttons() if b.text().replace("&", "") == "Score later"), None)
    assert later is not None, "the dialog cannot be left without scores"
    asked = []
    dialog.score_later_requested.connect(lambda: asked.append(True))
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton)
    assert asked == [True]
    assert dialog.result() == RubricDialog.SCORE_LATER and not dialog.isVisible()
    assert dialog.scores == {}


def test_save_is_the_first_button(qtbot, ctx) -> None:
    """Drivers (and tests) take ``buttons()[0]`` as Save."""
    dialog = _dialog(qtbot, ctx)
    assert dialog.buttons.buttons()[0] is dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_the_next_interval_is_previewed_and_rating_can_be_skipped(qtbot, ctx) -> None:
    rubric = ctx.bank.rubrics["system_design"]
    seen = []
    dialog = RubricDialog(
        rubric, "System design", [], preview=lambda s: seen.append(dict(s)) or "Comes back in 4 days."
    )
    qtbot.addWidget(dialog)
    for dim in rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    assert dialog.status.text() == "Ready to save. Comes back in 4 days."
    assert seen[-1] == {d.id: 3 for d in rubric.dimensions}
    dialog.without_rating.setChecked(True)
    assert "retry schedule stays as it was" in dialog.status.text()
    plain = RubricDialog(rubric, "System design", [])
    qtbot.addWidget(plain)
    assert plain.without_rating.isHidden()
