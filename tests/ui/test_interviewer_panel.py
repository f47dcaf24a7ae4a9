"""The interviewer panel: hints revealed in order and noted, Done asks a follow-up, time asks once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mockint import paths
from mockint.bank import load_bank
from mockint.interview.interviewer import Policy
from mockint.interview.round_state import RoundState
from mockint.settings import Settings
from mockint.ui.interviewer_panel import Clock, InterviewerPanel, InterviewerSettingsBox
from mockint.ui.settings_dialog import SettingsDialog


@pytest.fixture(scope="module")
def bank():
    return load_bank([paths.rounds_dir()])


def make(qtbot, state, round_type, policy=None, now=(0.0,), where=None):
    spoken: list[str] = []
    clock = Clock(lambda: now[0], 600.0)
    policy = policy or Policy()
    panel = InterviewerPanel(
        state, round_type, policy, clock, where or (lambda: (state.current_id, "")), spoken.append
    )
    qtbot.addWidget(panel)
    panel.show()
    return panel, spoken


def test_hints_in_order_noted_and_spoken(qtbot, bank) -> None:
    q = bank.questions["dsa.bst-common-ancestor"]
    state = RoundState([q])
    now = [760.0]
    panel, spoken = make(qtbot, state, "dsa", now=now)
    assert panel.hint_btn.text() == "Hint (1 of 3)" and not panel.done_btn.isVisible()
    qtbot.mouseClick(panel.hint_btn, Qt.MouseButton.LeftButton)
    assert q.hints[0] in panel.card.text() and spoken[-1] == f"Hint 1. {q.hints[0]}"
    now[0] = 800.0
    qtbot.mouseClick(panel.hint_btn, Qt.MouseButton.LeftButton)
    assert [(h.hint, h.at_s) for h in state.hints_taken(q.id)] == [(0, 760.0), (1, 800.0)]
    assert panel.hint_btn.text() == "Hint (3 of 3)"
    assert panel.status.text() == "2 of 3 hints, first at 12:40"
    panel.take_hint()
    assert not panel.hint_btn.isEnabled() and panel.hint_btn.text() == "No hints left (3 of 3)"


def test_strict_mode_hides_hints(qtbot, bank) -> None:
    q = bank.questions["dsa.bst-common-ancestor"]
    state = RoundState([q])
    panel, _ = make(qtbot, state, "dsa", Policy(strict=True))
    assert not panel.hint_btn.isVisible()
    panel.take_hint()
    assert state.hints_taken(q.id) == ()


def test_done_asks_a_follow_up_for_an_unticked_point(qtbot, bank) -> None:
    q = bank.questions["theory.bias-variance-derivation"]
    state = RoundState([q])
    state.set_ticks(q.id, {q.follow_ups[0].key_point - 1})
    panel, spoken = make(qtbot, state, "ml_theory", now=[200.0])
    assert not panel.hint_btn.isVisible() and panel.done_btn.isVisible()
    qtbot.mouseClick(panel.done_btn, Qt.MouseButton.LeftButton)
    assert state.is_done(q.id)
    asked = state.follow_ups(q.id)
    assert [(f.text, f.key_point, f.at_s) for f in asked] == [
        (q.follow_ups[1].text, q.follow_ups[1].key_point - 1, 200.0)
    ]
    assert "The interviewer asks" in panel.card.text() and spoken == [q.follow_ups[1].text]
    panel.mark_done()
    panel.mark_done()  # the third is ticked, nothing is left
    assert len(state.follow_ups(q.id)) == 2 and "No follow-up left" in panel.card.text()


def test_share_of_time_asks_once(qtbot, bank) -> None:
    q = bank.questions["theory.bias-variance-derivation"]
    state = RoundState([q])
    now = [599.0]
    panel, _ = make(qtbot, state, "ml_theory", now=now)
    panel.check_time()
    assert state.follow_ups(q.id) == ()
    now[0] = 600.0
    panel.check_time()
    panel.check_time()
    assert len(state.follow_ups(q.id)) == 1


def test_follow_ups_off_still_marks_done(qtbot, bank) -> None:
    q = bank.questions["behavioral.pm-metric-disagreement"]
    state = RoundState([q])
    panel, spoken = make(qtbot, state, "behavioral", Policy(follow_ups=False), now=[900.0])
    panel.mark_done()
    panel.check_time()
    assert state.is_done(q.id) and state.follow_ups(q.id) == () and spoken == []


def test_settings_dialog_saves_interviewer_choices(qtbot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    box: InterviewerSettingsBox = dialog.interviewer
    box.boxes["hints_in"]["ml_coding"].setChecked(False)
    box.boxes["follow_ups_in"]["behavioral"].setChecked(False)
    box.strict.setChecked(True)
    dialog._accept()
    result = dialog.result_settings()
    assert result.hints_in == ["dsa", "phone_screen"]
    assert result.follow_ups_in == [
        "ml_theory",
        "system_design",
        "general_system_design",
        "phone_screen",
        "project_deep_dive",
        "hiring_manager",
    ]
    assert result.strict_interviewer
