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
