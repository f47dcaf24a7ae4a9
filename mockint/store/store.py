"""``Store``: the one object the app uses to record and read interview history in SQLite.

Every write is its own short transaction, committed before the method returns, so whatever was
saved survives a crash of the app. The store belongs to the thread that opened it (the GUI's main
thread). Ids are uuid4 hex strings, times ISO-8601 UTC strings with microseconds, durations
seconds (float).
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from mockint.bank.model import RECOMMENDATIONS, ROUND_TYPES
from mockint.store import queries
from mockint.store.errors import DatabaseDamaged, NotFound, StoreError, write_failure
from mockint.store.opening import connect, integrity_problems
from mockint.store.review_state import ReviewState

log = logging.getLogger(__name__)

SESSION_KINDS: tuple[str, ...] = ("loop", "practice")
#: Statuses a session may end with; a running session is "active".
END_STATUSES: tuple[str, ...] = ("finished", "abandoned")
SCORE_RANGE = range(1, 5)
_VERDICT_KEYS = ("verdict", "passed", "total", "runtime_s")


def _new_id() -> str:
    return uuid.uuid4().hex


def _seconds(value: float, name: str) -> float:
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    return seconds


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries, where the OS allows opening folders) to the disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        if path.is_dir():
            return  # e.g. Windows cannot open a folder; its rename is durable enough there
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """Interview history in one SQLite file: sessions, rounds, answers, verdicts, scores.

    Open with :meth:`open`; close with :meth:`close` (or use it as a context manager). Write
    methods raise :class:`NotFound` for an unknown id, ``ValueError`` for an invalid argument and
    :class:`StoreError` when SQLite cannot save (``CannotWrite``: disk full, folder read-only), or
    :class:`DatabaseDamaged` when the file turns out to be damaged while saving.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        """Use :meth:`open`."""
        self._conn = conn
        self._path = path
        self._clock = clock
        #: ((total_changes, data_version), fingerprint) of the last :meth:`fingerprint` call.
        self._fingerprint: tuple[tuple[int, int], str] | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, clock: Callable[[], datetime] | None = None) -> Store:
        """Open the history database at ``path``, creating the file and its folder if missing.

        An existing file is first checked through a read-only connection; then the file is put in
        WAL mode and migrated to the current schema (see :mod:`mockint.store.schema`). ``clock``
        returns the current time as an aware datetime (tests pass a fake one).

        Raises :class:`DatabaseDamaged` (not a database, or ``quick_check`` fails),
        :class:`SchemaTooNew` (written by a newer mockint), :class:`ForeignDatabase` (another
        program's database): in these three cases the file is left byte-for-byte unchanged
        (unless a crash left a hot rollback journal, which SQLite must roll back before any check).
        Raises :class:`StoreError` when the file cannot be opened, created or upgraded.
        """
        resolved = Path(path).expanduser()
        return cls(connect(resolved), resolved, clock or (lambda: datetime.now(UTC)))

    def close(self) -> None:
        """Close the connection (checkpointing the WAL into the file); calling it twice is harmless."""
        try:
            self._conn.execute("PRAGMA optimize")
        except sqlite3.Error as exc:
            log.debug("PRAGMA optimize skipped: %s", exc)
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def quick_check(self) -> bool:
        """``True`` when ``PRAGMA quick_check`` finds the open database healthy (problems are logged)."""
        try:
            problems = integrity_problems(self._conn)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        for problem in problems:
            log.error("%s: quick_check: %s", self._path, problem)
        return not problems

    def fingerprint(self) -> str:
        """SHA-256 (hex) of everything the history holds; equal fingerprints mean equal contents.

        See :func:`mockint.store.queries.content_fingerprint`: every row of every table and the
        schema version count, SQLite's page layout and statistics do not.
        """
        # Nothing written since the last call, by this connection (total_changes) or another one
        # (data_version): the rows are the same, so the pass over them is skipped.
        key = (self._conn.total_changes, int(self._conn.execute("PRAGMA data_version").fetchone()[0]))
        if self._fingerprint is None or self._fingerprint[0] != key:
            self._fingerprint = (key, queries.content_fingerprint(self._conn))
        return self._fingerprint[1]

    def checkpoint(self) -> bool:
        """Copy everything in the WAL into the database file and empty the WAL (``TRUNCATE``).

        Returns ``True`` when the WAL is now empty, ``False`` when another connection's reader
        kept part of it (nothing is lost either way: the WAL still holds it). Raises
        :class:`StoreError` when the file cannot be written.
        """
        try:
            busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            raise write_failure(self._path, exc) from exc
        return not busy

    def backup(self, dest: str | os.PathLike[str]) -> Path:
        """Copy the whole database, consistently, to ``dest`` (replacing it); returns ``dest``.

        Uses SQLite's online backup API, so the copy is a consistent snapshot even while this
        store writes. The copy is one self-contained file (rollback-journal mode: no ``-wal``
        beside it), passes ``PRAGMA quick_check`` and is flushed to disk before it is renamed into
        place, so ``dest`` is never half written. Raises :class:`DatabaseDamaged` when the copy
        fails the check (the live database is damaged; nothing is written), :class:`StoreError`
        (:class:`~mockint.store.errors.CannotWrite`) when the copy cannot be written.
        """
        target = Path(dest).expanduser()
        partial = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                copy.execute("PRAGMA synchronous = OFF")  # flushed once below, before the rename
                self._conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                problems = integrity_problems(copy)
            finally:
                copy.close()
            if problems:
                raise DatabaseDamaged(
                    self._path, "its backup copy fails quick_check: " + "; ".join(problems[:3])
                )
            _fsync(partial)
            os.replace(partial, target)
            _fsync(target.parent)
        except sqlite3.Error as exc:
            if (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise DatabaseDamaged(self._path, f"backing it up failed: {exc}") from exc
            raise write_failure(target, exc, what="a backup of the history") from exc
        except OSError as exc:
            raise write_failure(target, exc, what="a backup of the history") from exc
        finally:
            try:
                partial.unlink(missing_ok=True)
            except OSError:  # e.g. its folder is a file: there is no partial copy to remove
                pass
        return target

    # -- plumbing --------------------------------------------------------------------------------

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="microseconds")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed on leaving; SQLite failures become :class:`StoreError`."""
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"Not saved: it would break a rule of the history database ({exc}).") from exc
        except sqlite3.Error as exc:
            if (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise DatabaseDamaged(self._path, f"found while saving: {exc}") from exc
            raise write_failure(self._path, exc) from exc

    def _update(self, kind: str, item_id: str, sql: str, params: tuple[Any, ...]) -> None:
        with self._write() as conn:
            if conn.execute(sql, params).rowcount == 0:
                raise NotFound(kind, item_id)

    @staticmethod
    def _require(conn: sqlite3.Connection, table: str, kind: str, item_id: str) -> None:
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (item_id,)).fetchone() is None:
            raise NotFound(kind, item_id)

    # -- sessions and rounds ---------------------------------------------------------------------

    def create_session(self, kind: str, template_id: str, title: str) -> str:
        """Record a new, "active" session started now; returns its id.

        ``kind`` is "loop" (``template_id`` names the loop template) or "practice" (``template_id``
        names what was practised, e.g. a round type). Raises ``ValueError`` for another kind.
        """
        if kind not in SESSION_KINDS:
            raise ValueError(f"session kind must be one of {', '.join(SESSION_KINDS)}, got {kind!r}")
        session_id = _new_id()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, kind, template_id, title, started_at, status) "
                "VALUES (?, ?, ?, ?, ?, 'active')",
                (session_id, kind, template_id, title, self._now()),
            )
        return session_id

    def finish_session(self, session_id: str, status: str = "finished") -> None:
        """End a session now with ``status`` "finished" or "abandoned" (``ValueError`` otherwise)."""
        if status not in END_STATUSES:
            raise ValueError(f"a session ends as one of {', '.join(END_STATUSES)}, got {status!r}")
        self._update(
            "session",
            session_id,
            "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
            (status, self._now(), session_id),
        )

    def add_round(self, session_id: str, position: int, round_type: str, title: str, allowed_s: float) -> str:
        """Add a "pending" round at ``position`` (unique within the session); returns its id.

        ``round_type`` is one of ``mockint.bank.ROUND_TYPES``; ``allowed_s`` the time allowed in
        seconds. Raises ``ValueError`` for a bad type or time, :class:`NotFound` for the session.
        """
        if round_type not in ROUND_TYPES:
            raise ValueError(f"round type must be one of {', '.join(ROUND_TYPES)}, got {round_type!r}")
        allowed = _seconds(allowed_s, "allowed_s")
        round_id = _new_id()
        with self._write() as conn:
            self._require(conn, "sessions", "session", session_id)
            conn.execute(
                "INSERT INTO rounds (id, session_id, position, round_type, title, allowed_s) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (round_id, session_id, int(position), round_type, title, allowed),
            )
        return round_id

    def start_round(self, round_id: str) -> None:
        """Mark the round "active"; ``started_at`` is now, or kept when the round is resumed."""
        self._update(
            "round",
            round_id,
            "UPDATE rounds SET status = 'active', started_at = COALESCE(started_at, ?) WHERE id = ?",
            (self._now(), round_id),
        )

    def update_round_time(self, round_id: str, used_s: float) -> None:
        """Record the seconds used so far (called every few seconds while the clock runs)."""
        self._update(
            "round",
            round_id,
            "UPDATE rounds SET used_s = ? WHERE id = ?",
            (_seconds(used_s, "used_s"), round_id),
        )

    def finish_round(self, round_id: str, used_s: float) -> None:
        """Mark the round "finished" now, having used ``used_s`` seconds (may exceed the allowed time)."""
        self._update(
            "round",
            round_id,
            "UPDATE rounds SET status = 'finished', ended_at = ?, used_s = ? WHERE id = ?",
            (self._now(), _seconds(used_s, "used_s"), round_id),
        )

    # -- answers ---------------------------------------------------------------------------------

    def add_answer(self, round_id: str, position: int, question_id: str, question_title: str) -> str:
        """Record that a bank question was asked (now) at ``position`` in the round; returns its id."""
        answer_id = _new_id()
        now = self._now()
        with self._write() as conn:
            self._require(conn, "rounds", "round", round_id)
            conn.execute(
                "INSERT INTO answers (id, round_id, position, question_id, question_title, asked_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, round_id, int(position), question_id, question_title, now, now),
            )
        return answer_id

    def _update_answer(self, answer_id: str, column: str, value: str) -> None:
        self._update(
            "answer",
            answer_id,
            f"UPDATE answers SET {column} = ?, updated_at = ? WHERE id = ?",
            (value, self._now(), answer_id),
        )

    def save_notes(self, answer_id: str, text: str) -> None:
        """Replace the answer's notes."""
        self._update_answer(answer_id, "notes", text)

    def save_code(self, answer_id: str, code: str) -> None:
        """Replace the answer's solution code (the editor's text)."""
        self._update_answer(answer_id, "code", code)

    def save_key_points(self, answer_id: str, ticked: list[int]) -> None:
        """Replace which key points (0-based indexes into the question's list) the candidate ticked."""
        points = sorted({int(i) for i in ticked})
        if points and points[0] < 0:
            raise ValueError(f"key point indexes start at 0, got {points[0]}")
        self._update_answer(answer_id, "key_points", json.dumps(points))

    def save_phase_notes(self, answer_id: str, phase: str, text: str) -> None:
        """Replace the notes of one system-design phase (by the phase's name) of the answer."""
        now = self._now()
        with self._write() as conn:
            self._require(conn, "answers", "answer", answer_id)
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
        verdict_id = _new_id()
        with self._write() as conn:
            self._require(conn, "answers", "answer", answer_id)
            conn.execute(
                "INSERT INTO verdicts (id, answer_id, created_at, verdict, passed, total, runtime_s, code, "
                "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    verdict_id,
                    answer_id,
                    self._now(),
                    str(verdict["verdict"]),
                    int(verdict["passed"]),
                    int(verdict["total"]),
                    float(verdict["runtime_s"]),
                    code,
                    json.dumps(dict(verdict), default=str),
                ),
            )
        return verdict_id

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
        ("Score later": only ``notes`` are kept). Raises ``ValueError`` for a score outside 1..4 or an unknown
        recommendation, :class:`NotFound` for the round.
        """
        for dimension, score in scores.items():
            if isinstance(score, bool) or not isinstance(score, int) or score not in SCORE_RANGE:
                raise ValueError(f"score for {dimension!r} must be an integer from 1 to 4, got {score!r}")
        if recommendation not in RECOMMENDATIONS and (scores or recommendation):  # '' = left unscored
            raise ValueError(
                f"recommendation must be one of {', '.join(RECOMMENDATIONS)}, got {recommendation!r}"
            )
        names = dimension_names or {}
        with self._write() as conn:
            self._require(conn, "rounds", "round", round_id)
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
                (recommendation, notes, self._now(), round_id),
            )

    # -- reading ---------------------------------------------------------------------------------

    def list_sessions(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Sessions newest first (at most ``limit``), each with its rounds in order.

        Session: ``{id, kind, template_id, title, started_at, ended_at, status, rounds}``; round:
        ``{id, position, round_type, title, allowed_s, used_s, started_at, ended_at, status,
        recommendation, scores: {dimension_id: score}}``.
        """
        return queries.list_sessions(self._conn, limit=limit)

    def session_count(self) -> int:
        """How many sessions the history holds (cheap: the home screen asks at every visit)."""
        return int(self._conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def unfinished_sessions(self) -> list[dict[str, Any]]:
        """Sessions still "active" (the app stopped mid-loop), newest first, shaped as :meth:`list_sessions`."""
        return queries.list_sessions(self._conn, status="active")

    def session_detail(self, session_id: str) -> dict[str, Any]:
        """Everything recorded about one session; raises :class:`NotFound`.

        As :meth:`list_sessions`, but each round also has ``score_notes``, ``scored_at``,
        ``scores`` as a list ``[{dimension_id, dimension_name, score}]`` in rubric order, and
        ``answers`` in order: ``{id, position, question_id, question_title, asked_at, notes,
        phase_notes: {phase: text}, code, key_points: [int], verdicts, recordings, updated_at}``.
        Each verdict is the stored verdict dict plus ``id``, ``created_at`` and ``code``, oldest
        first; recordings are as :func:`mockint.store.recordings.recordings_of` gives them;
        ``revealed``, ``hints``, ``follow_ups`` and ``done`` as :mod:`mockint.store.round_events`.
        """
        return queries.session_detail(self._conn, session_id)

    def question_history(self, question_id: str) -> list[dict[str, Any]]:
        """Each time a question was asked, newest first.

        ``{answer_id, asked_at, session_id, session_kind, session_title, session_status, round_id,
        round_type, round_title, round_status, recommendation, last_verdict}``; ``last_verdict`` is
        ``{verdict, passed, total, runtime_s}`` of the latest judge run, or ``None``.
        """
        return queries.question_history(self._conn, question_id)

    def review_state(self) -> ReviewState:
        """Whole-history reads, retry cards and merges on this store's connection (see
        :mod:`mockint.store.review_state`); writes go through this store's transactions."""
        return ReviewState(self._conn, self._write)

    def last_asked(self) -> dict[str, str]:
        """``{question_id: ISO time it was last asked}`` for every question ever asked."""
        return queries.last_asked(self._conn)
