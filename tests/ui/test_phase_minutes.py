"""Issue 11 bug 13: a drill's phase header gives the same minutes as the phase list."""

from __future__ import annotations

from mockint.interview.round_state import RoundState
from mockint.ui.discussion_view import DesignRoundView


def test_phase_header_minutes_match_the_list(qtbot, ctx) -> None:
    question = ctx.bank.by_round("system_design")[0]
    minutes = [0.2 + i / 10 for i in range(len(question.phases))]  # a quick drill's scaled phases
    view = DesignRoundView(RoundState([question]), minutes)
    qtbot.addWidget(view)
    for row, phase in enumerate(question.phases):
        view.phase_list.setCurrentRow(row)
        shown = f"{minutes[row]:.1f} min"
        assert shown in view.phase_list.item(row).text()
        assert view.phase_title.text() == f"{phase.name} ({shown} suggested)"
