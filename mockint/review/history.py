"""The interview history as immutable records, read in one go for analysis (no Qt, no SQL here).

:func:`load_history` turns :meth:`mockint.store.review_state.ReviewState.history_rows` into
:class:`History`: sessions oldest first, each with its rounds in order, each round with its
rubric scores and its answers (question, key points ticked, last judge verdict). Notes and code
are left out: analysis never needs them and the reports read ``store.sessions.detail`` instead.
Times are ISO-8601 UTC strings (they sort as text); durations are seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from mockint.bank.model import Question
from mockint.store.review_state import ReviewState


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A self-score of one rubric dimension, 1..4."""

    dimension_id: str
    name: str
    score: int


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One question asked in a round: how many key points were ticked and the latest verdict.

    ``passed`` / ``total`` count hidden tests of the latest judge run; all three verdict fields
    are ``None`` when the code was never judged.
    """

    answer_id: str
    question_id: str
    question_title: str
    asked_at: str
    ticked: int
    verdict: str | None = None
    passed: int | None = None
    total: int | None = None
    #: Hints the candidate took on this question (coding problems; issue 13).
    hints: int = 0


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """A round of a session with its scores (rubric order) and answers (asked order).

    ``when`` is the round's start, or the session's when the round never started.
    """

    id: str
    session_id: str
    position: int
    round_type: str
    title: str
    allowed_s: float
    used_s: float
    when: str
    status: str
    recommendation: str | None
    scored_at: str | None
    scores: tuple[DimensionScore, ...]
    answers: tuple[AnswerRecord, ...]

    @property
    def mean_score(self) -> float | None:
        """Mean of the dimension scores (1..4), or ``None`` when the round is not scored."""
        if not self.scores:
            return None
        return sum(s.score for s in self.scores) / len(self.scores)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A loop or practice session and its rounds."""

    id: str
    kind: str
    template_id: str
    title: str
    started_at: str
    ended_at: str | None
    status: str
    rounds: tuple[RoundRecord, ...]

    def local_date(self, tz: tzinfo | None = None) -> date:
        """The calendar day the session started, in ``tz`` (default: this machine's zone)."""
        return datetime.fromisoformat(self.started_at).astimezone(tz).date()


@dataclass(frozen=True)
class History:
    """Every session, oldest first."""

    sessions: tuple[SessionRecord, ...]

    def rounds(self) -> Iterator[RoundRecord]:
        """Every round, session by session (oldest first), in position order."""
        for session in self.sessions:
            yield from session.rounds

    def scored_rounds(self, round_type: str | None = None) -> list[RoundRecord]:
        """Rounds with scores (of ``round_type`` when given), oldest first by ``when``."""
        rounds = [r for r in self.rounds() if r.scores and round_type in (None, r.round_type)]
        return sorted(rounds, key=lambda r: (r.when, r.session_id, r.position))

    def filtered(
        self,
        round_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        tz: tzinfo | None = None,
    ) -> History:
        """Sessions started from ``since`` to ``until`` (inclusive local days), keeping only rounds
        of ``round_type`` when given, and only sessions that still have a round then."""
        kept = []
        for session in self.sessions:
            if since is not None or until is not None:
                day = session.local_date(tz)
                if (since is not None and day < since) or (until is not None and day > until):
                    continue
            if round_type is not None:
                rounds = tuple(r for r in session.rounds if r.round_type == round_type)
                if not rounds:
                    continue
                session = replace(session, rounds=rounds)
            kept.append(session)
        return History(tuple(kept))


def history_from_rows(rows: Mapping[str, Sequence[Sequence[Any]]]) -> History:
    """Build a :class:`History` from ``ReviewState.history_rows()`` (tuples in the column order of
    ``HISTORY_ROW_FIELDS``)."""
    verdicts = {
        answer_id: (verdict, passed, total) for answer_id, verdict, passed, total in rows["last_verdicts"]
    }
    answers: dict[str, list[AnswerRecord]] = defaultdict(list)
    for answer_id, round_id, _position, question_id, title, asked_at, ticked, *more in rows["answers"]:
        v = verdicts.get(answer_id)
        hints = int(more[0] or 0) if more else 0  # hints taken (issue 13)
        answers[round_id].append(
            AnswerRecord(answer_id, question_id, title, asked_at, ticked or 0, *v, hints=hints)
            if v
            else AnswerRecord(answer_id, question_id, title, asked_at, ticked or 0, hints=hints)
        )
    scores: dict[str, list[DimensionScore]] = defaultdict(list)
    for round_id, dimension_id, name, score in rows["scores"]:
        scores[round_id].append(DimensionScore(dimension_id, name or dimension_id, score))
    session_start = {row[0]: row[4] for row in rows["sessions"]}
    rounds: dict[str, list[RoundRecord]] = defaultdict(list)
    for (
        round_id,
        session_id,
        position,
        round_type,
        title,
        allowed_s,
        used_s,
        started_at,
        _ended_at,
        status,
        recommendation,
        scored_at,
    ) in rows["rounds"]:
        rounds[session_id].append(
            RoundRecord(
                round_id,
                session_id,
                position,
                round_type,
                title,
                allowed_s,
                used_s or 0.0,
                started_at or session_start.get(session_id, ""),
                status,
                recommendation or None,
                scored_at,
                tuple(scores.get(round_id, ())),
                tuple(answers.get(round_id, ())),
            )
        )
    sessions = tuple(
        SessionRecord(
            session_id,
            kind,
            template_id,
            title,
            started_at,
            ended_at,
            status,
            tuple(rounds.get(session_id, ())),
        )
        for session_id, kind, template_id, title, started_at, ended_at, status in rows["sessions"]
    )
    return History(sessions)


def load_history(state: ReviewState) -> History:
    """Read the whole history through ``state`` (a few flat queries; milliseconds per thousand
    sessions). Raises :class:`mockint.store.StoreError` when the database cannot be read."""
    return history_from_rows(state.history_rows())


def key_point_texts(question: Question) -> tuple[str, ...]:
    """A question's key points in the order the app numbers them when ticked.

    Phone-screen parts and system-design phases each carry their own points; the app ticks
    them as one list, part after part (phase after phase), so they are flattened the same way.
    """
    if question.parts:
        return tuple(p for part in question.parts for p in part.key_points)
    if question.phases:
        return tuple(p for phase in question.phases for p in phase.key_points)
    return question.key_points
