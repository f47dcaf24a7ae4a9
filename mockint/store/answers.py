"""``store.answers``: what was asked in a round and what happened to it: notes, code, key points,
verdicts, the interviewer's events, and the round's self-scores."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mockint.bank.model import RECOMMENDATIONS
from mockint.store import queries, round_events
from mockint.store.db import Db, new_id
from mockint.store.records import HistoryRow

SCORE_RANGE = range(1, 5)
_VERDICT_KEYS = ("verdict", "passed", "total", "runtime_s")


class Answers:
    """Answers of rounds and their scores (``store.answers``); each write is one transaction."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def add(self, round_id: str, position: int, question_id: str, question_title: str) -> str:
        """Record that a bank question was asked (now) at ``position`` in the round; returns its id."""
        answer_id = new_id()
        now = self._db.now()
        with self._db.write() as conn:
            self._db.require(conn, "rounds", "round", round_id)
            conn.execute(
                "INSERT INTO answers (id, round_id, position, question_id, question_title, asked_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, round_id, int(position), question_id, question_title, now, now),
            )
        return answer_id

    def _update(self, answer_id: str, column: str, value: str) -> None:
        self._db.update(
            "answer",
            answer_id,
            f"UPDATE answers SET {column} = ?, updated_at = ? WHERE id = ?",
            (value, self._db.now(), answer_id),
        )

    def save_notes(self, answer_id: str, text: str) -> None:
        """Replace the answer's notes."""
        self._update(answer_id, "notes", text)

    def save_code(self, answer_id: str, code: str) -> None:
        """Replace the answer's solution code (the editor's text)."""
        self._update(answer_id, "code", code)

    def save_key_points(self, answer_id: str, ticked: list[int]) -> None:
        """Replace which key points (0-based indexes into the question's list) the candidate ticked."""
        points = sorted({int(i) for i in ticked})
        if points and points[0] < 0:
            raise ValueError(f"key point indexes start at 0, got {points[0]}")
        self._update(answer_id, "key_points", json.dumps(points))

    def save_phase_notes(self, answer_id: str, phase: str, text: str) -> None:
        """Replace the notes of one system-design phase (by the phase's name) of the answer."""
        now = self._db.now()
        with self._db.write() as conn:
            self._db.require(conn, "answers", "answer", answer_id)
            conn.execute(
                "INSERT INTO phase_notes (answer_id, phase, text, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, phase) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at",
                (answer_id, phase, text, now),
            )
            conn.execute("UPDATE answers SET updated_at = ? WHERE id = ?", (now, answer_id))

    def add_verdict(self, answer_id: str, verdict: Mapping[str, Any], code: str) -> str:
        """Record a judge verdict for ``code``; returns its id.

        ``verdict`` needs at least ``verdict`` (str), ``passed`` and ``total`` (test counts) and
        ``runtime_s`` (seconds); the whole mapping is kept as JSON (values JSON cannot hold are
        kept as their ``str()``). Raises ``ValueError`` when a required key is missing.
        """
        missing = [key for key in _VERDICT_KEYS if key not in verdict]
        if missing:
            raise ValueError(f"verdict lacks {', '.join(missing)}")
        verdict_id = new_id()
        with self._db.write() as conn:
            self._db.require(conn, "answers", "answer", answer_id)
            conn.execute(
                "INSERT INTO verdicts (id, answer_id, created_at, verdict, passed, total, runtime_s, code, "
                "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    verdict_id,
                    answer_id,
                    self._db.now(),
                    str(verdict["verdict"]),
                    int(verdict["passed"]),
                    int(verdict["total"]),
                    float(verdict["runtime_s"]),
                    code,
                    json.dumps(dict(verdict), default=str),
                ),
            )
        return verdict_id

    # -- what the interviewer did (mockint.store.round_events) -----------------------------------

    def save_revealed(self, answer_id: str, section: str = "", at_s: float = 0.0) -> None:
        """Record that the key points of ``section`` were revealed (once per section)."""
        round_events.save_revealed(self._db, answer_id, section, at_s)

    def add_hint(self, answer_id: str, hint: int, at_s: float) -> None:
        """Record that hint ``hint`` (0-based) was taken ``at_s`` seconds into the round."""
        round_events.add_hint(self._db, answer_id, hint, at_s)

    def add_follow_up(self, answer_id: str, text: str, key_point: int | str | None, at_s: float) -> None:
        """Record a follow-up asked ``at_s`` seconds into the round, probing ``key_point``."""
        round_events.add_follow_up(self._db, answer_id, text, key_point, at_s)

    def save_done(self, answer_id: str, done: bool) -> None:
        """Mark the answer done, or not done any more."""
        round_events.save_done(self._db, answer_id, done)

    def save_time_on(self, answer_id: str, seconds: float) -> None:
        """Record that the question was on screen for ``seconds`` in total (replaces the last total)."""
        round_events.save_time_on(self._db, answer_id, seconds)

    def add_check(self, answer_id: str, text: str, value: float, correct: bool, at_s: float) -> None:
        """Record a number checked against a stats question's answer (see :mod:`round_events`)."""
        round_events.add_check(self._db, answer_id, text, value, correct, at_s)

    def replace_event(self, answer_id: str, kind: str, section: str, text: str) -> None:
        """Replace the answer's ``answer_events`` row of ``kind`` and ``section`` with one holding
        ``text`` (kinds other modules own, such as coverage: readers of the other kinds skip them)."""
        round_events._insert(self._db, answer_id, kind, section=section, replace=True, text=text)

    def event_texts(self, answer_id: str, kind: str) -> list[tuple[str, str]]:
        """``[(section, text)]`` of the answer's ``answer_events`` rows of ``kind``, oldest first."""
        rows = self._db.conn.execute(
            "SELECT section, text FROM answer_events WHERE answer_id = ? AND kind = ? ORDER BY rowid",
            (answer_id, kind),
        )
        return [(row[0], row[1]) for row in rows]

    # -- scores ----------------------------------------------------------------------------------

    def save_scores(
        self,
        round_id: str,
        scores: Mapping[str, int],
        recommendation: str,
        notes: str,
        dimension_names: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the round's rubric self-scores, overall recommendation and notes.

        ``scores`` maps dimension id to a score 1..4 (in the rubric's order); ``recommendation`` is
        one of ``mockint.bank.RECOMMENDATIONS``; ``dimension_names`` gives the names to show
        (default: the ids). No scores and an empty recommendation keep the round unscored
        ("Score later": only ``notes`` are kept). Raises ``ValueError`` for a score outside 1..4 or
        an unknown recommendation, :class:`NotFound` for the round.
        """
        for dimension, score in scores.items():
            if isinstance(score, bool) or not isinstance(score, int) or score not in SCORE_RANGE:
                raise ValueError(f"score for {dimension!r} must be an integer from 1 to 4, got {score!r}")
        if recommendation not in RECOMMENDATIONS and (scores or recommendation):  # '' = left unscored
            raise ValueError(
                f"recommendation must be one of {', '.join(RECOMMENDATIONS)}, got {recommendation!r}"
            )
        names = dimension_names or {}
        with self._db.write() as conn:
            self._db.require(conn, "rounds", "round", round_id)
            conn.execute("DELETE FROM scores WHERE round_id = ?", (round_id,))
            conn.executemany(
                "INSERT INTO scores (round_id, dimension_id, dimension_name, score, position) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (round_id, dimension, names.get(dimension, dimension), score, position)
                    for position, (dimension, score) in enumerate(scores.items())
                ],
            )
            conn.execute(
                "UPDATE rounds SET recommendation = ?, score_notes = ?, scored_at = ? WHERE id = ?",
                (recommendation, notes, self._db.now(), round_id),
            )

    # -- reading ---------------------------------------------------------------------------------

    def history(self, question_id: str) -> list[HistoryRow]:
        """Each time a question was asked, newest first (:class:`~mockint.store.records.HistoryRow`);
        ``last_verdict`` is ``{verdict, passed, total, runtime_s}`` of the latest judge run, or
        ``None``."""
        return queries.question_history(self._db.conn, question_id)
