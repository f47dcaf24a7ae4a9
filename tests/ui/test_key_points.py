"""After answering, the candidate reveals the key points and ticks the ones they hit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView


def test_theory_key_points_reveal_tick_save_and_show_as_evidence(qtbot, ctx, window) -> None:
    window.start_practice("ml_theory")
    page = window.loop_page
    view = page.view
    assert isinstance(view, DiscussionRoundView)
    panel = view.key_points
    question = page.run.current.questions[0]
    # Hidden until the candidate asks: only the button shows.
    assert panel.reveal_btn.isVisible()
    assert not any(box.isVisible() for box in panel.boxes)
    qtbot.mouseClick(panel.reveal_btn, Qt.MouseButton.LeftButton)
    assert panel.point_texts() == list(question.key_points)
    assert all(box.isVisible() for box in panel.boxes)
    assert question.common_mistake in panel.mistake.text()
    panel.boxes[0].click()
    panel.boxes[2].click()
    detail = ctx.store.sessions.detail(page.run.session_id)
    assert detail["rounds"][0]["answers"][0]["key_points"] == [0, 2]
    # Moving on and back keeps the ticks and the revealed state.
    qtbot.mouseClick(view.next_btn, Qt.MouseButton.LeftButton)
    assert panel.reveal_btn.isVisible()
    qtbot.mouseClick(view.prev_btn, Qt.MouseButton.LeftButton)
    assert [b.isChecked() for b in panel.boxes][:3] == [True, False, True]
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    assert f"Key points ticked: 2 of {len(question.key_points)} revealed" in page.rubric_dialog_evidence


def test_design_key_points_are_per_phase(qtbot, ctx, window) -> None:
    window.start_practice("system_design")
    page = window.loop_page
    view = page.view
    assert isinstance(view, DesignRoundView)
    phases = view.question.phases
    view.phase_list.setCurrentRow(1)
    qtbot.mouseClick(view.key_points.reveal_btn, Qt.MouseButton.LeftButton)
    assert view.key_points.point_texts() == list(phases[1].key_points)
    view.key_points.boxes[0].click()
    expected = len(phases[0].key_points)  # indexes run across phases in order
    assert ctx.store.sessions.detail(page.run.session_id)["rounds"][0]["answers"][0]["key_points"] == [
        expected
    ]


def test_practice_filters_by_topic_and_difficulty(qtbot, ctx, window) -> None:
    home = window.home
    home.round_box.setCurrentIndex(home.round_box.findData("ml_theory"))
    topic_index = next(i for i in range(home.topic_box.count()) if home.topic_box.itemData(i) == "rl")
    home.topic_box.setCurrentIndex(topic_index)
    home.difficulty_box.setCurrentIndex(home.difficulty_box.findData("medium"))
    qtbot.mouseClick(home.practice_btn, Qt.MouseButton.LeftButton)
    questions = window.loop_page.run.current.questions
    assert questions and all("rl" in q.topics and q.difficulty == "medium" for q in questions)
