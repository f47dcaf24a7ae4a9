"""The records the store's reads return, as :class:`typing.TypedDict` (see the package docstring).

Times are ISO-8601 UTC strings (``None`` until set), durations seconds. Keys and their order are
those of the SQL columns, so JSON output is what it always was.
"""

from __future__ import annotations

from typing import Any, TypedDict

#: A judge verdict as stored: the judge's own keys (open-ended) plus ``id``, ``created_at``,
#: ``code``, ``verdict``, ``passed``, ``total`` and ``runtime_s``.
VerdictRow = dict[str, Any]
#: A recorded take: its analysis (open-ended keys such as ``words_per_minute``) plus ``id``,
#: ``take``, ``path``, ``created_at``, ``duration_s``, ``transcript`` and ``backend``.
RecordingRow = dict[str, Any]


class _RoundFields(TypedDict):
    """A round's own columns, shared by :class:`RoundRow` and :class:`RoundDetail`."""

    id: str
    position: int
    round_type: str
    title: str
    allowed_s: float
    used_s: float
    started_at: str | None
    ended_at: str | None
    status: str
    recommendation: str | None


class RoundRow(_RoundFields):
    """A round as :meth:`Sessions.list` gives it; ``scores`` is ``{dimension_id: 1..4}``."""

    scores: dict[str, int]


class _SessionFields(TypedDict):
    """A session's own columns, shared by :class:`SessionRow` and :class:`SessionDetail`."""

    id: str
    kind: str
    template_id: str
    title: str
    started_at: str
    ended_at: str | None
    status: str


class SessionRow(_SessionFields):
    """A session with its rounds in order (:meth:`Sessions.list`, :meth:`Sessions.unfinished`)."""

    rounds: list[RoundRow]


class ScoreRow(TypedDict):
    """One rubric dimension's self-score (1..4), in rubric order."""

    dimension_id: str
    dimension_name: str
    score: int


class HintRow(TypedDict):
    """A hint taken: its 0-based index into the question's hints, seconds into the round."""

    hint: int
    at_s: float


class FollowUpRow(TypedDict):
    """A follow-up asked, the key point it probed (index, phase name or ``None``), when."""

    text: str
    key_point: int | str | None
    at_s: float


class CheckRow(TypedDict):
    """A number checked against a stats question's answer."""

    input: str
    value: float
    correct: bool
    at_s: float


class AnswerEvents(TypedDict):
    """What the interviewer did and saw for one answer (:mod:`mockint.store.round_events`)."""

    revealed: list[str]
    hints: list[HintRow]
    follow_ups: list[FollowUpRow]
    done: bool
    time_s: float | None
    checks: list[CheckRow]


class AnswerRow(AnswerEvents):
    """One asked question of a round in :meth:`Sessions.detail`."""

    id: str
    position: int
    question_id: str
    question_title: str
    asked_at: str
    notes: str
    code: str
    key_points: list[int]
    updated_at: str
    phase_notes: dict[str, str]
    verdicts: list[VerdictRow]
    recordings: list[RecordingRow]


class RoundDetail(_RoundFields):
    """A round in :meth:`Sessions.detail`: scores as a list in rubric order, and its answers."""

    score_notes: str
    scored_at: str | None
    scores: list[ScoreRow]
    answers: list[AnswerRow]


class SessionDetail(_SessionFields):
    """Everything recorded about one session (:meth:`Sessions.detail`)."""

    rounds: list[RoundDetail]


class LastVerdict(TypedDict):
    """The latest judge run of an answer, as :meth:`Answers.history` gives it."""

    verdict: str
    passed: int
    total: int
    runtime_s: float


class HistoryRow(TypedDict):
    """One time a question was asked (:meth:`Answers.history`)."""

    answer_id: str
    asked_at: str
    session_id: str
    session_kind: str
    session_title: str
    session_status: str
    round_id: str
    round_type: str
    round_title: str
    round_status: str
    recommendation: str | None
    last_verdict: LastVerdict | None
