"""History shows each question's text, its key points and which were ticked, not only notes."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_history_shows_question_text_and_ticked_key_points(qtbot, ctx, window) -> None:
    window.start_practice("ml_theory")
    page = window.loop_page
    question = page.run.current.questions[0]
    panel = page.view.key_points
    qtbot.mouseClick(panel.reveal_btn, Qt.MouseButton.LeftButton)
    panel.boxes[1].click()
    page.end_loop()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    window.show_history()
    text = window.history.detail.toPlainText()
    assert question.prompt.strip().splitlines()[0] in text
    assert f"1 of {len(question.key_points)} ticked" in text
    assert f"✓ {question.key_points[1]}" in text
    assert f"○ {question.key_points[0]}" in text
