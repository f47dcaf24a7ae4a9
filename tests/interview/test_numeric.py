"""Reading a candidate's number and checking it within a stats question's tolerance (issue 16)."""

from __future__ import annotations

import math

import pytest

from mockint.bank.model import NumericAnswer
from mockint.interview.numeric import NumberError, check, describe, parse_number, within
from mockint.interview.round_state import RoundState


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.0833", 0.0833),
        ("  .5 ", 0.5),
        ("-2", -2.0),
        ("−3", -3.0),  # a typographic minus
        ("1e-3", 0.001),
        ("1/12", 1 / 12),
        ("-3 / 4", -0.75),
        ("8.33%", 0.0833),
        ("1/4%", 0.0025),
        ("≈ 0.18", 0.18),
        ("~14.7", 14.7),
        ("= 6", 6.0),
        ("34,650", 34650.0),
        ("1_000", 1000.0),
    ],
)
def test_parses_decimals_fractions_and_percentages(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "enter a number"),
        ("abc", "is not a number"),
        ("0,5", "use a dot for decimals"),
        ("1/0", "divides by zero"),
        ("1/2/3", "more than one '/'"),
        ("1e999", "too large"),
        ("%", "enter a number"),
        ("nan", "is not a number"),
    ],
)
def test_unreadable_text_says_why(text: str, message: str) -> None:
    with pytest.raises(NumberError, match=message):
        parse_number(text)


def test_absolute_tolerance_is_inclusive_and_symmetric() -> None:
    answer = NumericAnswer(value=0.5, tolerance=0.01)
    assert within(0.51, answer) and within(0.49, answer)
    assert not within(0.5101, answer) and not within(0.4899, answer)
    assert not within(math.nan, answer) and not within(math.inf, answer)


def test_relative_tolerance_scales_with_the_answer() -> None:
    answer = NumericAnswer(value=-200.0, tolerance=0.05, kind="relative")
    assert within(-210, answer) and within(-190, answer)
    assert not within(-211, answer) and not within(210, answer)


def test_check_reads_a_fraction_against_its_decimal_answer() -> None:
    answer = NumericAnswer(value=0.181818, tolerance=0.001)
    assert check(" 2/11 ", answer).correct
    result = check("1/6", answer)
    assert (result.input, result.correct) == ("1/6", False)
    assert result.value == pytest.approx(1 / 6)


def test_describe_shows_the_band() -> None:
    assert (
        describe(NumericAnswer(0.0833333333, 0.001, unit="probability")) == "0.0833333 probability (± 0.001)"
    )
    assert describe(NumericAnswer(14749, 0.03, kind="relative")) == "14749 (± 3%)"


class _Q:
    def __init__(self, qid: str, numeric: NumericAnswer | None) -> None:
        self.id, self.numeric = qid, numeric
        self.key_points, self.phases, self.parts, self.hints = ("a", "b", "c"), (), (), ()


def test_round_state_records_checks_and_restores_them() -> None:
    questions = [_Q("q1", NumericAnswer(6.0, 0.01)), _Q("q2", None)]
    state = RoundState(questions, ["a1", "a2"])
    seen = []
    state.events.checks.connect(lambda change: seen.append(change.value))
    with pytest.raises(NumberError):
        state.check_answer("q1", "six", at_s=3)
    assert state.checks("q1") == () and seen == []  # nothing recorded for unreadable text
    wrong = state.check_answer("q1", "5", at_s=10)
    right = state.check_answer("q1", "12/2", at_s=20)
    assert (wrong.correct, right.correct, right.value) == (False, True, 6.0)
    assert len(seen) == 2 and seen[-1] == (wrong, right)
    with pytest.raises(ValueError, match="asks for no number"):
        state.check_answer("q2", "1", at_s=1)
    saved = [
        {
            "checks": [
                {"input": c.input, "value": c.value, "correct": c.correct, "at_s": c.at_s}
                for c in state.checks("q1")
            ]
        }
    ]
    restored = RoundState.from_saved(questions, ["a1", "a2"], saved)
    assert restored.checks("q1") == (wrong, right)
