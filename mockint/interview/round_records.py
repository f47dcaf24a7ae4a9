"""What a round records per question, as plain frozen values, and how a question's key points split.

:class:`mockint.interview.round_state.RoundState` keeps one :class:`QuestionState` per question and
hands these values out; the interviewer, the evidence and the views read them. Key point indexes
are 0-based across the whole question (see :func:`sections`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

from mockint.bank.model import Question

#: The section key of a question's own key points (a question without phases or parts).
WHOLE_QUESTION = ""


#: What the model reads: a bank question (``id``, ``key_points``, ``phases``, ``parts``; views read
#: the rest). Tests may pass any object with those four attributes.
QuestionLike: TypeAlias = Question


@dataclass(frozen=True)
class HintTaken:
    """A hint the candidate asked for: its 0-based index into the question's ``hints`` and when
    (seconds into the round)."""

    hint: int
    at_s: float


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the interviewer asked: its text, what it probes and when (seconds into the round).

    ``key_point`` is a 0-based key point index of the question (see the module's conventions),
    a phase name (system design), or ``None`` when it probes nothing in particular.
    """

    text: str
    key_point: int | str | None
    at_s: float


@dataclass(frozen=True)
class AnswerCheck:
    """A number the candidate checked against a stats question's answer: the text typed, the
    number read from it, whether it was within the tolerance, and when (seconds into the round)."""

    input: str
    value: float
    correct: bool
    at_s: float


@dataclass
class QuestionState:
    """Everything recorded for one question of the round. Read it through :class:`RoundState`."""

    notes: str = ""
    phase_notes: dict[str, str] = field(default_factory=dict)
    code: str = ""
    ticks: frozenset[int] = frozenset()
    revealed: frozenset[str] = frozenset()
    verdicts: tuple[dict[str, Any], ...] = ()
    takes: dict[str, dict[str, Any]] = field(default_factory=dict)
    hints: tuple[HintTaken, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    done: bool = False
    time_s: float = 0.0
    checks: tuple[AnswerCheck, ...] = ()


def key_point_count(question: QuestionLike) -> int:
    """How many key points the question has in all (its own, or its phases' or parts')."""
    if question.phases:
        return sum(len(p.key_points) for p in question.phases)
    if question.parts:
        return sum(len(p.key_points) for p in question.parts)
    return len(question.key_points)


def sections(question: QuestionLike) -> list[tuple[str, int, int]]:
    """The question's key point sections as (section key, first index, count), in order.

    A design question has one per phase (key: the phase name), a phone screen one per part (key:
    ``"part N: title"``, the notes key of the part), any other question one (key ``""``).
    """
    out: list[tuple[str, int, int]] = []
    if question.phases:
        groups = [(p.name, p.key_points) for p in question.phases]
    elif question.parts:
        groups = [(part_key(i, p), p.key_points) for i, p in enumerate(question.parts)]
    else:
        groups = [(WHOLE_QUESTION, question.key_points)]
    offset = 0
    for key, points in groups:
        out.append((key, offset, len(points)))
        offset += len(points)
    return out


def part_key(index: int, part: Any) -> str:
    """The notes key of a phone-screen part (0-based ``index``), e.g. ``"part 2: Coding"``."""
    return f"part {index + 1}: {part.title}"
