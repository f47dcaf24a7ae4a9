"""The interviewer's moves on real bank questions: next hint, follow-up choice, when, policy."""

from __future__ import annotations

import pytest

from mockint import paths
from mockint.bank import load_bank
from mockint.interview.interviewer import (
    Policy,
    choose_follow_up,
    follow_up_due,
    follow_up_evidence,
    hint_evidence,
    hint_penalty,
    next_hint,
    share_window,
    written_follow_ups,
)
from mockint.interview.round_state import RoundState
from mockint.settings import Settings, load


@pytest.fixture(scope="module")
def bank():
    return load_bank([paths.rounds_dir()])


def test_hint_ladder_in_order_then_none(bank) -> None:
    q = bank.questions["dsa.bst-common-ancestor"]
    state = RoundState([q])
    offer = next_hint(state, q.id)
    assert (offer.index, offer.text, offer.label) == (0, q.hints[0], "Hint (1 of 3)")
    state.take_hint(q.id, 760.0)
    state.take_hint(q.id, 900.0)
    assert next_hint(state, q.id).label == "Hint (3 of 3)"
    assert hint_evidence(state.hints_taken(q.id), 3) == "2 of 3 hints, first at 12:40"
    state.take_hint(q.id, 950.0)
    assert next_hint(state, q.id) is None


def test_hint_evidence_and_penalty_edges() -> None:
    assert hint_evidence((), 3) == "no hints taken (3 available)"
    assert hint_evidence((), 0) == ""
    assert hint_penalty(2, 3) == pytest.approx(2 / 3)
    assert hint_penalty(5, 3) == 1.0
    assert hint_penalty(1, 0) == 0.0


def test_theory_follow_up_skips_ticked_covered_and_asked(bank) -> None:
    q = bank.questions["theory.bias-variance-derivation"]
    state = RoundState([q])
    first = q.follow_ups[0]  # probes key point 3 (1-based)
    choice = choose_follow_up(state, q.id)
    assert (choice.text, choice.key_point) == (first.text, first.key_point - 1)
    state.set_ticks(q.id, {first.key_point - 1})
    assert choose_follow_up(state, q.id).text == q.follow_ups[1].text
    assert choose_follow_up(state, q.id, covered={q.follow_ups[1].key_point - 1}).text == q.follow_ups[2].text
    state.ask_follow_up(q.id, q.follow_ups[1].text, q.follow_ups[1].key_point - 1, 200.0)
    assert choose_follow_up(state, q.id).text == q.follow_ups[2].text
    state.set_ticks(q.id, {fu.key_point - 1 for fu in q.follow_ups})
    assert choose_follow_up(state, q.id) is None
    assert follow_up_evidence(state, q.id) == [
        f"03:20 follow-up (key point {q.follow_ups[1].key_point}): {q.follow_ups[1].text}"
    ]


def test_behavioral_follow_ups_probe_nothing_and_run_out(bank) -> None:
    q = bank.questions["behavioral.pm-metric-disagreement"]
    state = RoundState([q])
    for fu in q.follow_ups:
        choice = choose_follow_up(state, q.id)
        assert (choice.text, choice.key_point) == (fu.text, None)
        state.ask_follow_up(q.id, choice.text, choice.key_point, 10.0)
    assert choose_follow_up(state, q.id) is None


def test_phone_theory_part_key_points_are_offset_across_parts(bank) -> None:
    q = bank.questions["phone.set-01"]
    state = RoundState([q])
    section = "part 3: Bias and variance"
    offset = sum(len(p.key_points) for p in q.parts[:2])
    choices = written_follow_ups(q, section)
    assert [c.key_point for c in choices] == [offset + fu.key_point - 1 for fu in q.parts[2].follow_ups]
    assert choose_follow_up(state, q.id, section).text == q.parts[2].follow_ups[0].text
    assert choose_follow_up(state, q.id, "part 1: Tell me about yourself") is None
    with pytest.raises(KeyError):
        written_follow_ups(q, "part 9: nothing")


def test_design_phase_follow_ups_name_their_phase(bank) -> None:
    q = bank.questions["design.ads-click-prediction"]
    state = RoundState([q])
    phase = q.phases[0]
    choice = choose_follow_up(state, q.id, phase.name)
    assert (choice.text, choice.key_point) == (phase.follow_ups[0], phase.name)


def test_due_on_done_or_after_the_share(bank) -> None:
    a, b = (
        bank.questions["theory.bias-variance-derivation"],
        bank.questions["behavioral.pm-metric-disagreement"],
    )
    state = RoundState([a, b])
    assert share_window(state, b.id, "", 1200.0) == (600.0, 1200.0)
    assert not follow_up_due(state, a.id, "", 599.0, 1200.0)
    assert follow_up_due(state, a.id, "", 599.0, 1200.0, done=True)
    assert follow_up_due(state, a.id, "", 600.0, 1200.0)
    state.ask_follow_up(a.id, a.follow_ups[0].text, a.follow_ups[0].key_point - 1, 600.0)
    assert not follow_up_due(state, a.id, "", 700.0, 1200.0)  # the share asks once; Done asks more


def test_due_by_phase_minutes(bank) -> None:
    q = bank.questions["design.ads-click-prediction"]
    state = RoundState([q])
    end_of_second = (q.phases[0].minutes + q.phases[1].minutes) * 60
    assert share_window(state, q.id, q.phases[1].name, 2700.0) == (q.phases[0].minutes * 60, end_of_second)
    assert not follow_up_due(state, q.id, q.phases[1].name, end_of_second - 1, 2700.0)
    assert follow_up_due(state, q.id, q.phases[1].name, end_of_second, 2700.0)


def test_policy_from_settings(tmp_path) -> None:
    s = Settings()
    assert Policy.for_round(s, "dsa") == Policy(hints=True, follow_ups=False)
    assert Policy.for_round(s, "ml_theory") == Policy(hints=False, follow_ups=True)
    s.strict_interviewer = True
    assert not Policy.for_round(s, "dsa").gives_hints
    (tmp_path / "settings.json").write_text(
        '{"hints_in": ["dsa", "nope"], "follow_ups_in": ["behavioral"], "strict_interviewer": false}'
    )
    loaded = load(tmp_path)
    assert loaded.hints_in == ["dsa", "ml_coding", "phone_screen"]  # the bad list gives the default
    assert any("hints_in" in p for p in loaded.problems)
    assert loaded.follow_ups_in == ["behavioral"]
    assert not Policy.for_round(loaded, "ml_theory").follow_ups


def test_rubric_evidence_lines_show_hints_and_follow_ups(bank) -> None:
    from mockint.interview.evidence import RoundEvidence

    code = bank.questions["dsa.bst-common-ancestor"]
    state = RoundState([code])
    assert "Hints: no hints taken (3 available)" in RoundEvidence.from_state(state, "dsa", 60, 900).lines()
    state.take_hint(code.id, 760.0)
    state.take_hint(code.id, 900.0)
    assert "Hints: 2 of 3 hints, first at 12:40" in RoundEvidence.from_state(state, "dsa", 960, 900).lines()
    theory = bank.questions["theory.bias-variance-derivation"]
    state = RoundState([theory])
    state.ask_follow_up(theory.id, theory.follow_ups[0].text, 2, 100.0)
    lines = RoundEvidence.from_state(state, "ml_theory", 300, 360).lines()
    assert "1 follow-up asked (probing key point 3)" in lines


def test_a_point_already_made_in_the_notes_or_a_take_gets_no_follow_up() -> None:
    """Issue 14: the follow-up probes what the answer has not covered yet (word overlap on the
    notes and the transcripts), not only what is unticked."""
    from mockint.bank import load_bank
    from mockint.interview.interviewer import covered_in_answer
    from mockint.paths import rounds_dir

    q = load_bank([rounds_dir()]).find("theory.bias-variance-derivation")
    state = RoundState([q], ["a"])
    assert covered_in_answer(state, q.id) == set()
    first = choose_follow_up(state, q.id)
    assert first is not None and first.key_point == 2  # its first follow-up probes key point 3
    state.set_take(
        q.id,
        "take 1",
        {
            "transcript": (
                "I write y minus f-hat as epsilon plus the bias piece plus the variance piece; the cross terms "
                "vanish because E of epsilon is zero, epsilon is independent of f-hat, and the deviation of f-hat "
                "from its mean averages to zero."
            )
        },
    )
    covered = covered_in_answer(state, q.id)
    assert 2 in covered and 0 not in covered
    nxt = choose_follow_up(state, q.id, covered=covered)
    assert nxt is not None and nxt.key_point != 2 and nxt.text != first.text
