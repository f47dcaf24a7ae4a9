"""Round views render one RoundState and expose the interviewer's contract."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mockint.interview.round_state import RoundState
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView
from mockint.ui.main_window import MainWindow


def _first(ctx, round_type: str):
    return next(q for q in ctx.bank.questions.values() if q.round_type == round_type)


def test_every_round_view_has_state_question_id_and_an_interviewer_slot(qtbot, ctx) -> None:
    coding = CodingRoundView(RoundState([_first(ctx, "dsa")]))
    theory = DiscussionRoundView(RoundState([_first(ctx, "ml_theory")]))
    design = DesignRoundView(RoundState([d := _first(ctx, "system_design")]), [p.minutes for p in d.phases])
    for view in (coding, theory, design):
        qtbot.addWidget(view)
        assert view.current_question_id() == view.state.questions[0].id
        panel = QLabel("interviewer")
        view.set_interviewer_panel(panel)
        assert view.isAncestorOf(panel)
        view.panel = panel
    # Coding: beside the problem statement; discussion and design: beside the notes box.
    assert coding.problem.parentWidget() is coding.panel.parentWidget()
    assert theory.editor.parentWidget() is theory.panel.parentWidget()
    assert design.editor.parentWidget() is design.panel.parentWidget()


def test_typing_goes_to_the_state_and_the_state_to_the_view(qtbot, ctx) -> None:
    q = _first(ctx, "ml_theory")
    state = RoundState([q])
    view = DiscussionRoundView(state)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.editor, "bias")
    assert state.notes(q.id) == "bias"
    state.set_notes(q.id, "bias and variance")  # another sender (the interviewer, a restore)
    assert view.editor.toPlainText() == "bias and variance"
    state.reveal(q.id)
    assert view.key_points.boxes and view.key_points.boxes[0].isVisibleTo(view)


def test_revealed_key_points_stay_revealed_after_continue(qtbot, ctx) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.start_practice("ml_theory")
    page = first.loop_page
    sid = page.run.session_id
    qtbot.mouseClick(page.view.key_points.reveal_btn, Qt.MouseButton.LeftButton)  # revealed, nothing ticked
    first.close()

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    second.continue_session(sid)
    panel = second.loop_page.view.key_points
    assert not panel.reveal_btn.isVisibleTo(panel) and panel.heading.isVisibleTo(panel)


def test_key_points_of_a_new_question_open_unrevealed(qtbot, ctx) -> None:
    """Bug 5: revealing in one question (or one round) never reveals another's key points."""
    theory = [q for q in ctx.bank.questions.values() if q.round_type == "ml_theory"][:3]
    earlier = RoundState(theory[:2])
    view = DiscussionRoundView(earlier)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.key_points.reveal_btn, Qt.MouseButton.LeftButton)
    view.key_points.boxes[0].click()
    qtbot.mouseClick(view.next_btn, Qt.MouseButton.LeftButton)
    assert view.key_points.reveal_btn.isVisible() and not view.key_points.boxes[0].isVisible()
    assert earlier.revealed(theory[1].id) == frozenset()
    later = RoundState(theory[2:3])  # the next round's question, after a round that revealed some
    next_view = DiscussionRoundView(later)
    qtbot.addWidget(next_view)
    next_view.show()
    panel = next_view.key_points
    assert panel.reveal_btn.isVisible() and not any(b.isVisible() for b in panel.boxes)
    assert panel.state() == (set(), False)


def test_a_phase_change_while_typing_leaves_the_notes_where_they_are(qtbot, ctx) -> None:
    """Bug 4: the clock moves the phase marker, never the notes box under the user's fingers."""
    design = _first(ctx, "system_design")
    state = RoundState([design])
    view = DesignRoundView(state, [p.minutes for p in design.phases])
    qtbot.addWidget(view)
    view.show()
    view.follow_clock(0)
    first, second = design.phases[0].name, design.phases[1].name
    qtbot.keyClicks(view.editor, "DAU is 50")
    view.follow_clock(1)  # the clock enters phase 2 mid-sentence
    qtbot.keyClicks(view.editor, "M a day")
    assert state.phase_notes(design.id, first) == "DAU is 50M a day"
    assert state.phase_notes(design.id, second) == ""
    assert view.phase_list.item(1).text().startswith("▶") and view.phase_list.currentRow() == 0
    assert view.go_to_clock_btn.isVisible() and second in view.go_to_clock_btn.text()
    qtbot.mouseClick(view.go_to_clock_btn, Qt.MouseButton.LeftButton)
    assert view.phase_list.currentRow() == 1 and view.editor.toPlainText() == ""
    assert not view.go_to_clock_btn.isVisible()


def test_a_later_round_and_a_continued_round_open_their_key_points_unrevealed(qtbot, ctx) -> None:
    """Bug 5 at page level: round 1 revealed and ticked both its questions; round 2's questions
    open unrevealed, and still do after the loop is closed and continued in round 2."""
    from dataclasses import replace

    from test_quick_drill import leave_break, score_round

    from mockint.interview.run import practice_template

    def revealed(panel) -> bool:
        return panel.heading.isVisibleTo(panel) or any(b.isVisibleTo(panel) for b in panel.boxes)

    one = practice_template(ctx.bank, "ml_theory", questions=2)
    spec = one.rounds[0]
    ctx.bank.loops["two-theory"] = replace(
        one, id="two-theory", rounds=(spec, replace(spec, title="Theory again"))
    )
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.start_loop("two-theory")
    page = first.loop_page
    sid = page.run.session_id
    earlier = page.view
    for _ in range(2):
        qtbot.mouseClick(earlier.key_points.reveal_btn, Qt.MouseButton.LeftButton)
        earlier.key_points.boxes[0].click()
        assert revealed(earlier.key_points)
        qtbot.mouseClick(earlier.next_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 3)
    leave_break(qtbot, page)
    qtbot.waitUntil(lambda: page.run.stage == "round" and page.view is not earlier)
    assert not revealed(page.view.key_points) and page.view.key_points.reveal_btn.isVisible()
    first.close()

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    second.continue_session(sid)
    later = second.loop_page
    assert later.run.index == 1
    qtbot.mouseClick(later.pause_btn, Qt.MouseButton.LeftButton)  # resume the clock
    for _ in range(2):
        panel = later.view.key_points
        assert not revealed(panel) and panel.reveal_btn.isVisible()
        qtbot.mouseClick(later.view.next_btn, Qt.MouseButton.LeftButton)
    later.end_loop()
