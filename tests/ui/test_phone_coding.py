"""Bug 2: a phone screen's coding part gets the editor, console and judge on its own problem."""

from __future__ import annotations

from mockint.bank.model import RoundSpec
from mockint.interview import PlannedRound
from mockint.interview.round_state import RoundState
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.round_views import RoundViewFactory

TIMEOUT_MS = 30_000


def _shown_coding_views(view) -> list[CodingRoundView]:
    return [c for c in view.findChildren(CodingRoundView) if c.isVisible()]


def test_the_coding_part_of_a_phone_screen_is_a_coding_view_on_its_problem(qtbot, ctx) -> None:
    phone = next(
        q
        for q in ctx.bank.questions.values()
        if q.round_type == "phone_screen" and any(p.kind == "coding" and p.problem for p in q.parts)
    )
    index, part = next((i, p) for i, p in enumerate(phone.parts) if p.kind == "coding" and p.problem)
    problem = ctx.bank.questions[part.problem]
    part_states: list[RoundState] = []
    factory = RoundViewFactory(
        lambda text: None,
        None,
        lambda view: True,
        lambda view, state: None,
        problems=ctx.bank.questions,
        attach_saver=part_states.append,
    )
    planned = PlannedRound(spec=RoundSpec(round_type="phone_screen", minutes=45), questions=[phone])
    view = factory.make(planned, RoundState([phone], ["a1"]), [])
    qtbot.addWidget(view)
    view.show()
    try:
        assert not _shown_coding_views(view)  # the intro part has notes
        view.show_item(index)
        shown = _shown_coding_views(view)
        assert len(shown) == 1, "the coding part shows only a notes box"
        coding = shown[0]
        assert view.bottom.currentWidget() is coding
        assert coding.current_question_id() == problem.id
        assert problem.title in coding.problem.toPlainText()
        assert problem.starter.strip() in coding.editor.toPlainText()
        assert part_states and part_states[0].answer_id(problem.id) == "a1"  # saved with the phone answer
        coding.editor.setPlainText(problem.reference)
        coding.request_tests()
        qtbot.waitUntil(lambda: coding.tests_btn.isEnabled(), timeout=TIMEOUT_MS)
        assert coding.verdict_label.text().startswith("Accepted"), coding.verdict_label.text()
        view.show_item(index + 1)
        assert not coding.isVisible() and not _shown_coding_views(view)  # the next part is notes again
    finally:
        view.close_kernel()
