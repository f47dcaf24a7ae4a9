"""Read-only queries behind ``store.sessions`` and ``store.answers``; each returns plain dicts and lists.

Shapes are the TypedDicts of :mod:`mockint.store.records`. Times are ISO-8601 UTC strings,
durations seconds. Lists of sessions and question histories are newest first.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, cast

from mockint.store.errors import NotFound
from mockint.store.recordings import recordings_of
from mockint.store.records import AnswerRow, HistoryRow, RoundRow, SessionDetail, SessionRow
from mockint.store.round_events import events_of

_SESSION_COLS = "id, kind, template_id, title, started_at, ended_at, status"
_ROUND_COLS = (
    "id, session_id, position, round_type, title, allowed_s, used_s, started_at, ended_at, status, "
    "recommendation, score_notes, scored_at"
)
_NEWEST_FIRST = "ORDER BY started_at DESC, rowid DESC"


def _session_dicts(rows: list[sqlite3.Row]) -> list[SessionRow]:
    return [cast(SessionRow, dict(row) | {"rounds": []}) for row in rows]


def _rounds_by_session(
    conn: sqlite3.Connection, session_filter: str, params: tuple[Any, ...]
) -> dict[str, list[RoundRow]]:
    """Rounds (with ``scores`` as {dimension_id: score}) of the sessions that ``session_filter`` selects."""
    rounds = conn.execute(
        f"SELECT {_ROUND_COLS} FROM rounds WHERE session_id IN ({session_filter}) ORDER BY position",
        params,
    ).fetchall()
    scores: dict[str, dict[str, int]] = defaultdict(dict)
    for row in conn.execute(
        "SELECT round_id, dimension_id, score FROM scores WHERE round_id IN "
        f"(SELECT id FROM rounds WHERE session_id IN ({session_filter})) ORDER BY round_id, position",
        params,
    ):
        scores[row["round_id"]][row["dimension_id"]] = row["score"]
    grouped: dict[str, list[RoundRow]] = defaultdict(list)
    for row in rounds:
        item = dict(row)
        session_id = item.pop("session_id")
        del item["score_notes"], item["scored_at"]
        item["scores"] = scores.get(item["id"], {})
        grouped[session_id].append(cast(RoundRow, item))
    return grouped


def list_sessions(
    conn: sqlite3.Connection, status: str | None = None, limit: int | None = None
) -> list[SessionRow]:
    """Sessions newest first, optionally only those with ``status``, at most ``limit`` of them."""
    where = "WHERE status = ?" if status is not None else ""
    params: tuple[Any, ...] = (status,) if status is not None else ()
    limit_sql = ""
    if limit is not None:
        limit_sql = " LIMIT ?"
        params += (int(limit),)
    session_filter = f"SELECT id FROM sessions {where} {_NEWEST_FIRST}{limit_sql}"
    sessions = _session_dicts(
        conn.execute(
            f"SELECT {_SESSION_COLS} FROM sessions {where} {_NEWEST_FIRST}{limit_sql}", params
        ).fetchall()
    )
    rounds = _rounds_by_session(conn, session_filter, params)
    for session in sessions:
        session["rounds"] = rounds.get(session["id"], [])
    return sessions


def _verdict(row: sqlite3.Row) -> dict[str, Any]:
    stored = json.loads(row["detail"])
    detail = stored if isinstance(stored, dict) else {"detail": stored}
    return detail | {
        "id": row["id"],
        "created_at": row["created_at"],
        "code": row["code"],
        "verdict": row["verdict"],
        "passed": row["passed"],
        "total": row["total"],
        "runtime_s": row["runtime_s"],
    }


def _answers_by_round(conn: sqlite3.Connection, session_id: str) -> dict[str, list[AnswerRow]]:
    in_session = "SELECT id FROM answers WHERE round_id IN (SELECT id FROM rounds WHERE session_id = ?)"
    phase_notes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in conn.execute(
        f"SELECT answer_id, phase, text FROM phase_notes WHERE answer_id IN ({in_session}) ORDER BY rowid",
        (session_id,),
    ):
        phase_notes[row["answer_id"]][row["phase"]] = row["text"]
    verdicts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
        f"SELECT * FROM verdicts WHERE answer_id IN ({in_session}) ORDER BY created_at, rowid",
        (session_id,),
    ):
        verdicts[row["answer_id"]].append(_verdict(row))
    recordings = recordings_of(conn, session_id)
    events = events_of(conn, session_id)
    grouped: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, round_id, position, question_id, question_title, asked_at, notes, code, key_points, "
        "updated_at FROM answers WHERE round_id IN (SELECT id FROM rounds WHERE session_id = ?) "
        "ORDER BY position",
        (session_id,),
    ):
        item = dict(row)
        round_id = item.pop("round_id")
        item["key_points"] = json.loads(item["key_points"])
        item["phase_notes"] = phase_notes.get(item["id"], {})
        item["verdicts"] = verdicts.get(item["id"], [])
        item["recordings"] = recordings.get(item["id"], [])
        item.update(
            events.get(item["id"])
            or {"revealed": [], "hints": [], "follow_ups": [], "done": False, "time_s": None, "checks": []}
        )
        grouped[round_id].append(cast(AnswerRow, item))
    return grouped


def session_detail(conn: sqlite3.Connection, session_id: str) -> SessionDetail:
    """One session with its rounds, answers (with verdicts and recordings) and scores; raises
    :class:`NotFound`."""
    row = conn.execute(f"SELECT {_SESSION_COLS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise NotFound("session", session_id)
    session = dict(row)
    scores: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for score in conn.execute(
        "SELECT round_id, dimension_id, dimension_name, score FROM scores "
        "WHERE round_id IN (SELECT id FROM rounds WHERE session_id = ?) ORDER BY round_id, position",
        (session_id,),
    ):
        scores[score["round_id"]].append(
            {
                "dimension_id": score["dimension_id"],
                "dimension_name": score["dimension_name"],
                "score": score["score"],
            }
        )
    answers = _answers_by_round(conn, session_id)
    rounds = []
    for round_row in conn.execute(
        f"SELECT {_ROUND_COLS} FROM rounds WHERE session_id = ? ORDER BY position", (session_id,)
    ):
        item = dict(round_row)
        del item["session_id"]
        item["scores"] = scores.get(item["id"], [])
        item["answers"] = answers.get(item["id"], [])
        rounds.append(item)
    session["rounds"] = rounds
    return cast(SessionDetail, session)


def question_history(conn: sqlite3.Connection, question_id: str) -> list[HistoryRow]:
    """Every time ``question_id`` was asked, newest first, with its session, round and last verdict."""
    rows = conn.execute(
        """
        SELECT a.id AS answer_id, a.asked_at, s.id AS session_id, s.kind AS session_kind,
               s.title AS session_title, s.status AS session_status, r.id AS round_id,
               r.round_type, r.title AS round_title, r.status AS round_status, r.recommendation,
               (SELECT v.id FROM verdicts v WHERE v.answer_id = a.id
                ORDER BY v.created_at DESC, v.rowid DESC LIMIT 1) AS last_verdict_id
        FROM answers a JOIN rounds r ON r.id = a.round_id JOIN sessions s ON s.id = r.session_id
        WHERE a.question_id = ?
        ORDER BY a.asked_at DESC, a.rowid DESC
        """,
        (question_id,),
    ).fetchall()
    history: list[HistoryRow] = []
    for row in rows:
        item = dict(row)
        verdict_id = item.pop("last_verdict_id")
        item["last_verdict"] = None
        if verdict_id is not None:
            verdict = conn.execute(
                "SELECT verdict, passed, total, runtime_s FROM verdicts WHERE id = ?", (verdict_id,)
            ).fetchone()
            item["last_verdict"] = dict(verdict)
        history.append(cast(HistoryRow, item))
    return history


def content_fingerprint(conn: sqlite3.Connection) -> str:
    """SHA-256 (hex) of everything the database holds: its schema version and every row of every
    table (by table name, rows in rowid order). SQLite's own bookkeeping is left out: the page
    layout, and ``sqlite_stat1``, which ``PRAGMA optimize`` rewrites without any change to the
    history. Reads about 1 MB of rows in 10 ms."""
    import hashlib  # here, not at the top: hashlib's OpenSSL start-up stays off the app's launch

    digest = hashlib.sha256()
    digest.update(repr(conn.execute("PRAGMA user_version").fetchone()[0]).encode())
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY name"
        )
    ]
    for table in tables:
        digest.update(f"\0table {table}\0".encode())
        try:
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        except sqlite3.OperationalError:  # a WITHOUT ROWID table: its own key order
            rows = conn.execute(f'SELECT * FROM "{table}"')
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
