"""``store.sessions``: sessions and their rounds, written one short transaction at a time."""

from __future__ import annotations

from mockint.bank.model import ROUND_TYPES
from mockint.store import queries
from mockint.store.db import Db, new_id, seconds
from mockint.store.records import SessionDetail, SessionRow

SESSION_KINDS: tuple[str, ...] = ("loop", "practice")
#: Statuses a session may end with; a running session is "active".
END_STATUSES: tuple[str, ...] = ("finished", "abandoned")

#: What :meth:`Sessions.list` returns (an alias: ``list`` is a method name in the class body).
SessionRows = list[SessionRow]


class Sessions:
    """Sessions and rounds: create, finish and read them (``store.sessions``)."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def create(self, kind: str, template_id: str, title: str) -> str:
        """Record a new, "active" session started now; returns its id.

        ``kind`` is "loop" (``template_id`` names the loop template) or "practice" (``template_id``
        names what was practised, e.g. a round type). Raises ``ValueError`` for another kind.
        """
        if kind not in SESSION_KINDS:
            raise ValueError(f"session kind must be one of {', '.join(SESSION_KINDS)}, got {kind!r}")
        session_id = new_id()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, kind, template_id, title, started_at, status) "
                "VALUES (?, ?, ?, ?, ?, 'active')",
                (session_id, kind, template_id, title, self._db.now()),
            )
        return session_id

    def finish(self, session_id: str, status: str = "finished") -> None:
        """End a session now with ``status`` "finished" or "abandoned" (``ValueError`` otherwise)."""
        if status not in END_STATUSES:
            raise ValueError(f"a session ends as one of {', '.join(END_STATUSES)}, got {status!r}")
        self._db.update(
            "session",
            session_id,
            "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
            (status, self._db.now(), session_id),
        )

    def add_round(self, session_id: str, position: int, round_type: str, title: str, allowed_s: float) -> str:
        """Add a "pending" round at ``position`` (unique within the session); returns its id.

        ``round_type`` is one of ``mockint.bank.ROUND_TYPES``; ``allowed_s`` the time allowed in
        seconds. Raises ``ValueError`` for a bad type or time, :class:`NotFound` for the session.
        """
        if round_type not in ROUND_TYPES:
            raise ValueError(f"round type must be one of {', '.join(ROUND_TYPES)}, got {round_type!r}")
        allowed = seconds(allowed_s, "allowed_s")
        round_id = new_id()
        with self._db.write() as conn:
            self._db.require(conn, "sessions", "session", session_id)
            conn.execute(
                "INSERT INTO rounds (id, session_id, position, round_type, title, allowed_s) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (round_id, session_id, int(position), round_type, title, allowed),
            )
        return round_id

    def start_round(self, round_id: str) -> None:
        """Mark the round "active"; ``started_at`` is now, or kept when the round is resumed."""
        self._db.update(
            "round",
            round_id,
            "UPDATE rounds SET status = 'active', started_at = COALESCE(started_at, ?) WHERE id = ?",
            (self._db.now(), round_id),
        )

    def update_round_time(self, round_id: str, used_s: float) -> None:
        """Record the seconds used so far (called every few seconds while the clock runs)."""
        self._db.update(
            "round",
            round_id,
            "UPDATE rounds SET used_s = ? WHERE id = ?",
            (seconds(used_s, "used_s"), round_id),
        )

    def finish_round(self, round_id: str, used_s: float) -> None:
        """Mark the round "finished" now, having used ``used_s`` seconds (may exceed the allowed time)."""
        self._db.update(
            "round",
            round_id,
            "UPDATE rounds SET status = 'finished', ended_at = ?, used_s = ? WHERE id = ?",
            (self._db.now(), seconds(used_s, "used_s"), round_id),
        )

    # -- reading ---------------------------------------------------------------------------------

    def list(self, limit: int | None = None) -> SessionRows:
        """Sessions newest first (at most ``limit``), each with its rounds in order
        (:class:`~mockint.store.records.SessionRow`)."""
        return queries.list_sessions(self._db.conn, limit=limit)

    def count(self) -> int:
        """How many sessions the history holds (cheap: the home screen asks at every visit)."""
        return int(self._db.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def unfinished(self) -> SessionRows:
        """Sessions still "active" (the app stopped mid-loop), newest first, shaped as :meth:`list`."""
        return queries.list_sessions(self._db.conn, status="active")

    def detail(self, session_id: str) -> SessionDetail:
        """Everything recorded about one session; raises :class:`NotFound`.

        As :meth:`list`, but each round also has ``score_notes``, ``scored_at``, ``scores`` as a
        list ``[{dimension_id, dimension_name, score}]`` in rubric order, and ``answers`` in order
        (:class:`~mockint.store.records.AnswerRow`). Each verdict is the stored verdict dict plus
        ``id``, ``created_at`` and ``code``, oldest first; recordings are as
        :func:`mockint.store.recordings.recordings_of` gives them; ``revealed``, ``hints``,
        ``follow_ups`` and ``done`` as :mod:`mockint.store.round_events`.
        """
        return queries.session_detail(self._db.conn, session_id)
