"""A general (non-ML) system design practice round runs in the app like an ML design round: the
prompt, its phases on the clock, notes and key points per phase, then its own rubric (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.ui.discussion_view import DesignRoundView


def test_general_design_practice_runs_through_its_phases_to_its_own_rubric(qtbot, ctx, window) -> None:
    home = window.home
    index = home.round_box.findData("general_system_design")
    assert index >= 0 and home.round_box.itemText(index).startswith("General system design (")
    home.round_box.setCurrentIndex(index)
    qtbot.mouseClick(home.practice_btn, Qt.MouseButton.LeftButton)
    page = window.loop_page
    planned = page.run.current
    assert planned.spec.round_type == "general_system_design" and len(planned.questions) == 1
    view = page.view
    assert isinstance(view, DesignRoundView)
    question = view.question
    assert question.round_type == "general_system_design"
    assert question.prompt.split()[0] in view.prompt.toPlainText()
    names = [p.name for p in question.phases]
    assert len(names) >= 7 and view.phase_list.count() == len(names)
    # The clock knows the phases, scaled to the round's 45 minutes.
    spans = page.controller.countdown.phases
    assert [s.name for s in spans] == names and spans[-1].end_s == planned.allowed_s
    assert page.phase_label.text() == f"Phase 1 of {len(names)}: {names[0]}"
    assert view.phase_list.item(0).text().startswith("▶")
    assert ctx.speaker.spoken and question.prompt.split()[0] in ctx.speaker.spoken[0]

    # Each phase in turn: the clock marks it and announces it; the candidate follows, writes a
    # note, reveals that phase's key points and ticks the first.
    for row, phase in enumerate(question.phases):
        if row:
            page.controller.phase_changed.emit(row)  # what the countdown emits entering the phase
            assert ctx.speaker.spoken[-1] == f"Next phase: {phase.name}."
            assert view.go_to_clock_btn.isVisible()
            qtbot.mouseClick(view.go_to_clock_btn, Qt.MouseButton.LeftButton)
        assert view.phase_list.currentRow() == row and view.phase_list.item(row).text().startswith("▶")
        assert view.phase_title.text().startswith(f"{phase.name} (")
        qtbot.keyClicks(view.editor, f"note {row}")
        qtbot.mouseClick(view.key_points.reveal_btn, Qt.MouseButton.LeftButton)
        assert view.key_points.point_texts() == list(phase.key_points)
        view.key_points.boxes[0].click()

    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    rubric = ctx.bank.rubrics["general_system_design"]
    assert dialog.rubric is rubric and dialog.rubric is not ctx.bank.rubrics["system_design"]
    assert {d.id for d in rubric.dimensions} >= {"estimation", "data_storage", "scaling_bottlenecks"}
    save = dialog.buttons.buttons()[0]
    for dim in rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    assert "General system design" in window.summary.body.toPlainText()
    saved = ctx.store.sessions.detail(page.run.session_id)["rounds"][0]
    assert {s["dimension_id"] for s in saved["scores"]} == {d.id for d in rubric.dimensions}
    assert saved["recommendation"] == "Leaning hire"
    answer = saved["answers"][0]
    assert answer["phase_notes"] == {p.name: f"note {i}" for i, p in enumerate(question.phases)}
    starts = [sum(len(p.key_points) for p in question.phases[:i]) for i in range(len(names))]
    assert answer["key_points"] == starts  # the first point of every phase, numbered across phases
