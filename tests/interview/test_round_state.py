"""The round-state model: each real change emitted once, the interviewer's events, restore."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mockint.interview.evidence import RoundEvidence
from mockint.interview.round_state import FollowUp, HintTaken, RoundState, sections


@dataclass(frozen=True)
class Phase:
    name: str
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class Q:
    """A stand-in for a bank question with the interviewer fields (hints) the bank is gaining."""

    id: str
    key_points: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    parts: tuple = ()
    hints: tuple[str, ...] = ()
    title: str = ""


CODING = Q("two-sum", hints=("notice pairs", "a hash map", "store complements"), title="Two sum")
THEORY = Q("bias-variance", key_points=("bias", "variance", "trade-off"), title="Bias and variance")
DESIGN = Q("feed", phases=(Phase("Requirements", ("latency", "scale")), Phase("Model", ("features",))))


def recorder(state: RoundState) -> list:
    seen: list = []
    state.events.connect(seen.append)
    return seen


def test_each_change_is_emitted_once_and_only_when_the_value_changes() -> None:
    state = RoundState([CODING, THEORY], ["a1", "a2"])
    seen = recorder(state)
    assert state.set_notes("bias-variance", "bias is...") is True
    assert state.set_notes("bias-variance", "bias is...") is False
    assert state.set_ticks("bias-variance", [2, 0]) and not state.set_ticks("bias-variance", {0, 2})
    assert state.reveal("bias-variance") and not state.reveal("bias-variance")
    assert state.mark_done("two-sum") and not state.mark_done("two-sum")
    assert state.show(1) and not state.show(1) and not state.show(5)
    assert [(c.field, c.question_id) for c in seen] == [
        ("notes", "bias-variance"),
        ("ticks", "bias-variance"),
        ("revealed", "bias-variance"),
        ("done", "two-sum"),
        ("current", "bias-variance"),
    ]
    assert seen[1].value == frozenset({0, 2}) and seen[4].value == 1


def test_hints_are_taken_in_order_once_each_with_their_time() -> None:
    state = RoundState([CODING, THEORY])
    hints = []
    state.events.hints.connect(hints.append)
    assert state.take_hint("two-sum", at_s=30.0) == 0
    assert state.take_hint("two-sum", at_s=95.5, hint=2) == 2
    assert state.take_hint("two-sum", at_s=99.0, hint=2) is None  # taken already: no change
    assert state.take_hint("two-sum", at_s=120.0) == 1
    assert state.take_hint("two-sum", at_s=130.0) is None  # all three taken
    assert state.hints_taken("two-sum") == (HintTaken(0, 30.0), HintTaken(2, 95.5), HintTaken(1, 120.0))
    assert len(hints) == 3
    with pytest.raises(ValueError, match="has no hints"):
        state.take_hint("bias-variance", at_s=1.0)
    with pytest.raises(ValueError, match="out of range"):
        RoundState([CODING]).take_hint("two-sum", at_s=1.0, hint=3)
    with pytest.raises(ValueError, match="at_s"):
        RoundState([CODING]).take_hint("two-sum", at_s=-1.0)
    with pytest.raises(KeyError, match="not in this round"):
        state.take_hint("nope", at_s=1.0)


def test_follow_ups_record_what_they_probe_and_ignore_repeats() -> None:
    state = RoundState([THEORY, DESIGN])
    assert state.ask_follow_up("bias-variance", "And with 10x data?", key_point=1, at_s=600.0)
    assert not state.ask_follow_up("bias-variance", " And with 10x data? ", key_point=1, at_s=610.0)
    assert state.ask_follow_up("feed", "Traffic grows 10x: what breaks?", key_point="Requirements", at_s=5.0)
    assert state.follow_ups("bias-variance") == (FollowUp("And with 10x data?", 1, 600.0),)
    assert state.follow_ups("feed")[0].key_point == "Requirements"
    with pytest.raises(ValueError, match="out of range"):
        state.ask_follow_up("bias-variance", "?", key_point=3, at_s=1.0)
    with pytest.raises(ValueError, match="needs its text"):
        state.ask_follow_up("bias-variance", "  ", key_point=None, at_s=1.0)


def test_design_sections_tick_and_reveal_per_phase() -> None:
    state = RoundState([DESIGN])
    assert sections(DESIGN) == [("Requirements", 0, 2), ("Model", 2, 1)]
    state.set_section_ticks("feed", "Model", [0])
    state.set_section_ticks("feed", "Requirements", [1])
    assert state.ticks("feed") == {1, 2} and state.section_ticks("feed", "Model") == {0}
    state.reveal("feed", "Model")
    assert state.is_revealed("feed", "Model") and not state.is_revealed("feed", "Requirements")
    with pytest.raises(KeyError, match="no key point section"):
        state.reveal("feed", "Deployment")
    with pytest.raises(ValueError, match="out of range"):
        state.set_ticks("feed", [3])


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    state = RoundState([THEORY])
    seen = []
    state.events.notes.connect(lambda _c: 1 / 0)
    state.events.notes.connect(seen.append)
    state.set_notes("bias-variance", "x")
    assert [c.value for c in seen] == ["x"]


def test_from_saved_restores_everything_without_emitting() -> None:
    saved = [
        {
            "notes": "n",
            "phase_notes": {},
            "key_points": [0, 2, 9],
            "revealed": ["", "bogus"],
            "verdicts": [{"verdict": "Accepted", "passed": 3, "total": 3, "id": "v1"}],
            "hints": [{"hint": 1, "at_s": 12.0}],
            "follow_ups": [{"text": "why?", "key_point": 0, "at_s": 40.0}],
            "done": True,
        }
    ]
    state = RoundState.from_saved([THEORY], ["a1"], saved)
    assert state.notes("bias-variance") == "n" and state.ticks("bias-variance") == {0, 2}
    assert state.revealed("bias-variance") == {""} and state.is_done("bias-variance")
    assert state.hints_taken("bias-variance") == (HintTaken(1, 12.0),)
    assert state.follow_ups("bias-variance") == (FollowUp("why?", 0, 40.0),)
    assert state.answer_id("bias-variance") == "a1"


def test_evidence_counts_only_revealed_key_points_and_the_final_verdict() -> None:
    state = RoundState([THEORY, DESIGN])
    state.set_ticks("bias-variance", [0, 1])
    state.set_section_ticks("feed", "Model", [0])
    state.reveal("feed", "Model")
    evidence = RoundEvidence.from_state(state, "ml_theory", 300.0, 600.0)
    assert evidence.fraction == 1.0  # only the Model phase was revealed, and its one point is ticked
    assert "Key points ticked: 1 of 1 revealed" in evidence.lines()
    coding = RoundState([CODING])
    coding.add_verdict("two-sum", {"verdict": "Wrong Answer", "passed": 1, "total": 4, "final": True})
    coding.add_verdict("two-sum", {"verdict": "Accepted", "passed": 4, "total": 4})
    coding.take_hint("two-sum", 10.0)
    lines = RoundEvidence.from_state(coding, "dsa", 60.0, 600.0).lines()
    assert "Submitted: Wrong Answer, 1/4 tests passed; 2 runs" in lines
    assert "Hints: 1 of 3 hints, first at 00:10" in lines
