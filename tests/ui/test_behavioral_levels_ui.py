"""Issue 16: a behavioral question's expected scope per level is shown in the debrief after the
round, never on screen while the candidate is answering."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QTextEdit


def visible_text(root) -> str:
    parts = []
    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if w.isVisible():
            parts.append(w.text())
    for w in root.findChildren(QTextEdit) + root.findChildren(QPlainTextEdit):
        if w.isVisible():
            parts.append(w.toPlainText())
    return "\n".join(parts)


def test_levels_appear_in_the_debrief_and_not_during_the_question(qtbot, ctx, window) -> None:
    window.start_practice("behavioral")
    page = window.loop_page
    view = page.view
    q = ctx.bank.questions[view.current_question_id()]
    levels = dict(q.levels)
    assert set(levels) == {"junior", "senior", "staff"}
    shown_during = visible_text(window)
    assert q.prompt in shown_during  # the question is on screen ...
    assert all(text not in shown_during for text in levels.values())  # ... its levels are not
    qtbot.keyClicks(view.editor, "I owned the rollout")
    page.controller.finish_round()
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    dialog = page.rubric_dialog
    button = next(b for b in dialog.buttons.buttons() if b.text() == "&Debrief")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    shown = dialog.debrief.browser.toPlainText()
    assert "What a strong story shows at each level" in shown
    for level, text in levels.items():
        assert f"{level.capitalize()}: {text}" in shown
    dialog.debrief.reject()
    dialog.reject()
    page.controller.autosave.flush()
    page.end_loop()
