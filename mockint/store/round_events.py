"""What the interviewer did and saw in a round, per answer (table ``answer_events``, migration 4).

Six kinds of rows: ``revealed`` (the key points of one section were shown: ``section`` is ``""``
for a whole question, a phase name, or a phone-screen part's notes key), ``hint`` (``hint`` is the
0-based index into the question's hints), ``follow_up`` (``text`` asked, ``key_point`` probed: a
0-based key point index, a phase name or null), ``done`` and ``time`` (one row per answer: its
``at_s`` is the seconds the question was on screen, in total). ``at_s`` is otherwise seconds into
the round. ``check`` (no migration: one row per number checked against a stats question's answer;
``text`` is what was typed, ``key_point`` JSON ``{"value": number read, "correct": bool}``).

:func:`events_of` reads them back for ``store.sessions.detail``: each answer dict gets
``revealed`` (list of section keys), ``hints`` ([{hint, at_s}]), ``follow_ups``
([{text, key_point, at_s}]), ``done`` (bool), ``time_s`` (seconds on screen, or None) and
``checks`` ([{input, value, correct, at_s}], oldest first). Part of the store package: ``store.answers``
calls these with the store's shared :class:`~mockint.store.db.Db` (its transaction and clock).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from typing import Any

from mockint.store.db import Db, new_id
from mockint.store.records import AnswerEvents

_COLS = "id, answer_id, kind, section, hint, text, key_point, at_s, created_at"


def _at(at_s: float) -> float:
    value = float(at_s)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"at_s must be a finite number of seconds >= 0, got {at_s!r}")
    return value


def _insert(
    db: Db,
    answer_id: str,
    kind: str,
    *,
    section: str = "",
    hint: int | None = None,
    text: str = "",
    key_point: Any = None,
    at_s: float = 0.0,
    replace: bool = False,
) -> None:
    now = db.now()
    with db.write() as conn:
        db.require(conn, "answers", "answer", answer_id)
        if replace:
            conn.execute(
                "DELETE FROM answer_events WHERE answer_id = ? AND kind = ? AND section = ?",
                (answer_id, kind, section),
            )
        conn.execute(
            f"INSERT INTO answer_events ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(),
                answer_id,
                kind,
                section,
                hint,
                text,
                None if key_point is None else json.dumps(key_point),
                _at(at_s),
                now,
            ),
        )


def save_revealed(db: Db, answer_id: str, section: str = "", at_s: float = 0.0) -> None:
    """Record that the key points of ``section`` were revealed (once per section).

    Raises :class:`~mockint.store.NotFound` for the answer, ``ValueError`` for a bad ``at_s``,
    :class:`~mockint.store.StoreError` when not saved."""
    _insert(db, answer_id, "revealed", section=section, at_s=at_s, replace=True)


def add_hint(db: Db, answer_id: str, hint: int, at_s: float) -> None:
    """Record that hint ``hint`` (0-based) was taken ``at_s`` seconds into the round."""
    if int(hint) < 0:
        raise ValueError(f"hint indexes start at 0, got {hint}")
    _insert(db, answer_id, "hint", hint=int(hint), at_s=at_s)


def add_follow_up(db: Db, answer_id: str, text: str, key_point: int | str | None, at_s: float) -> None:
    """Record a follow-up asked ``at_s`` seconds into the round, probing ``key_point``."""
    _insert(db, answer_id, "follow_up", text=text, key_point=key_point, at_s=at_s)


def save_done(db: Db, answer_id: str, done: bool) -> None:
    """Mark the answer done, or not done any more."""
    with db.write() as conn:
        db.require(conn, "answers", "answer", answer_id)
        conn.execute("DELETE FROM answer_events WHERE answer_id = ? AND kind = 'done'", (answer_id,))
    if done:
        _insert(db, answer_id, "done")


def save_time_on(db: Db, answer_id: str, seconds: float) -> None:
    """Record that the question was on screen for ``seconds`` in total (replaces the last total).

    Raises :class:`~mockint.store.NotFound` for the answer, ``ValueError`` for a negative or
    non-finite ``seconds``, :class:`~mockint.store.StoreError` when not saved."""
    _insert(db, answer_id, "time", at_s=seconds, replace=True)


def add_check(db: Db, answer_id: str, text: str, value: float, correct: bool, at_s: float) -> None:
    """Record that the candidate checked ``value`` (read from ``text``) against the question's
    answer ``at_s`` seconds into the round, and whether it was within the tolerance.

    Raises :class:`~mockint.store.NotFound` for the answer, ``ValueError`` for a bad ``at_s`` or a
    non-finite ``value``, :class:`~mockint.store.StoreError` when not saved."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a checked value must be a finite number, got {value!r}")
    _insert(
        db,
        answer_id,
        "check",
        text=text,
        key_point={"value": number, "correct": bool(correct)},
        at_s=at_s,
    )


def events_of(conn: sqlite3.Connection, session_id: str) -> dict[str, AnswerEvents]:
    """``{answer_id: {revealed, hints, follow_ups, done}}`` for the answers of one session (every
    answer of the session has an entry only when it has events; see the module docstring)."""
    grouped: dict[str, AnswerEvents] = defaultdict(
        lambda: {"revealed": [], "hints": [], "follow_ups": [], "done": False, "time_s": None, "checks": []}
    )
    for row in conn.execute(
        f"SELECT {_COLS} FROM answer_events WHERE answer_id IN (SELECT id FROM answers WHERE round_id IN "
        "(SELECT id FROM rounds WHERE session_id = ?)) ORDER BY answer_id, at_s, rowid",
        (session_id,),
    ):
        item = grouped[row["answer_id"]]
        if row["kind"] == "revealed":
            item["revealed"].append(row["section"])
        elif row["kind"] == "hint":
            item["hints"].append({"hint": row["hint"], "at_s": row["at_s"]})
        elif row["kind"] == "follow_up":
            key_point = json.loads(row["key_point"]) if row["key_point"] is not None else None
            item["follow_ups"].append({"text": row["text"], "key_point": key_point, "at_s": row["at_s"]})
        elif row["kind"] == "done":
            item["done"] = True
        elif row["kind"] == "time":
            item["time_s"] = row["at_s"]
        elif row["kind"] == "check":
            read = json.loads(row["key_point"])
            item["checks"].append(
                {
                    "input": row["text"],
                    "value": read["value"],
                    "correct": read["correct"],
                    "at_s": row["at_s"],
                }
            )
    return dict(grouped)
