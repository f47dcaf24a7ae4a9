"""What review needs from the database: whole-history reads, retry cards, raw dumps and merges.

:class:`ReviewState` works on one SQLite connection. ``store.review`` is one on the
store's own connection (GUI thread); :meth:`ReviewState.open` opens a separate connection for a
worker thread (WAL lets it read while the GUI writes; SQLite's lock orders the writes).

Shapes are plain dicts and lists; times are ISO-8601 UTC strings, durations seconds. The tables
are described in :mod:`mockint.store.schema` (``review_cards`` is migration 2).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockint.store.errors import StoreError
from mockint.store.review_tables import (
    CARD_COLS,
    DUMP_ORDER,
    HISTORY_COLUMNS,
    HISTORY_ROW_FIELDS,
    HISTORY_SQL,
    HISTORY_TABLES,
    POSITIONED,
)

__all__ = [
    "HISTORY_COLUMNS",
    "HISTORY_ROW_FIELDS",
    "HISTORY_TABLES",
    "MergeConflict",
    "MergeCounts",
    "ReviewState",
]

Writer = Callable[[], AbstractContextManager[sqlite3.Connection]]


@contextmanager
def _transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction on a state's own connection (as ``Db.write`` on the store's)."""
    try:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
    except sqlite3.Error as exc:
        raise StoreError(f"Could not save to {path} ({exc}).") from exc


class MergeConflict(StoreError):
    """A record to merge has the id of an existing record that belongs to a different parent."""


@dataclass
class MergeCounts:
    """Rows per table that a merge added, and rows it skipped because their key already existed."""

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)


class ReviewState:
    """Reads for analysis and export, the retry cards, and merging imported rows.

    ``store.review`` is one; build another with :meth:`open`; a read-only state raises
    ``RuntimeError`` on a write.
    """

    def __init__(self, conn: sqlite3.Connection, write: Writer | None = None, *, owned: bool = False) -> None:
        self._conn = conn
        self._write = write
        self._owned = owned

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> ReviewState:
        """A state on its own connection to the database at ``path``, for a worker thread.

        The database must already have been opened (and so migrated) by ``Store.open``. Use the
        state on the thread that opened it, then :meth:`close` it. SQLite's locking (and a busy
        timeout) keeps its writes and the store's from overlapping. Raises :class:`StoreError`
        when the file cannot be opened.
        """
        file = Path(path).expanduser().resolve()
        uri = file.as_uri() + ("?mode=ro" if read_only else "?mode=rw")
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the history database {file} ({exc}).") from exc
        conn.row_factory = sqlite3.Row
        state = cls(conn, None if read_only else lambda: _transaction(conn, file), owned=True)
        return state

    def close(self) -> None:
        """Close the connection when this state opened it (a store's own connection stays open)."""
        if self._owned:
            self._conn.close()

    def _writer(self) -> AbstractContextManager[sqlite3.Connection]:
        if self._write is None:
            raise RuntimeError("this review state is read-only")
        return self._write()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(row) for row in self._conn.execute(sql, tuple(params))]
        except sqlite3.Error as exc:
            raise StoreError(f"Could not read the history database ({exc}).") from exc

    # -- whole-history reads for analysis ---------------------------------------------------------

    def history_rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Everything analysis reads, as five lists of tuples (no notes or code, so it stays small).

        Each list's columns are those of :data:`HISTORY_ROW_FIELDS` under the same key:
        ``sessions`` oldest first; ``rounds`` by session and position; ``scores`` by round in
        rubric order; ``answers`` by round and position, ``ticked`` being how many key points
        were ticked; ``last_verdicts`` the latest judge run of each answer that has one.
        Tuples, not dicts: this is the one read that grows with the whole history.
        """
        cursor = self._conn.cursor()
        cursor.row_factory = None
        try:
            return {name: cursor.execute(sql).fetchall() for name, sql in HISTORY_SQL.items()}
        except sqlite3.Error as exc:
            raise StoreError(f"Could not read the history database ({exc}).") from exc
        finally:
            cursor.close()

    # -- retry cards -----------------------------------------------------------------------------

    def scored_answers(self) -> list[dict[str, Any]]:
        """Every answer of a round that has scores: what a retry card is built from.

        ``{answer_id, question_id, question_title, round_type, asked_at, mean_score}``, grouped by
        question and oldest first within it; ``mean_score`` is the mean of the round's
        dimension scores (1..4).
        """
        return self._rows(
            "SELECT a.id AS answer_id, a.question_id, a.question_title, r.round_type, a.asked_at, "
            "m.mean_score FROM answers a JOIN rounds r ON r.id = a.round_id "
            "JOIN (SELECT round_id, AVG(score) AS mean_score FROM scores GROUP BY round_id) m "
            "ON m.round_id = a.round_id WHERE 'unrated:' || a.round_id NOT IN "
            "(SELECT key FROM review_meta) ORDER BY a.question_id, a.asked_at, a.id"
        )

    def mark_unrated(self, round_id: str, unrated: bool = True) -> None:
        """Keep round ``round_id``'s scores out of the retry cards ("save without rating": the
        round is saved, its question's FSRS card stays as it was), or (``unrated=False``) let
        them count again. Stored in ``review_meta`` as ``unrated:<round id>``."""
        with self._writer() as conn:
            if unrated:
                conn.execute(
                    "INSERT OR REPLACE INTO review_meta (key, value) VALUES (?, '1')",
                    (f"unrated:{round_id}",),
                )
            else:
                conn.execute("DELETE FROM review_meta WHERE key = ?", (f"unrated:{round_id}",))

    def unrated_rounds(self) -> set[str]:
        """Ids of the rounds saved without rating (:meth:`mark_unrated`)."""
        return {
            row["key"][len("unrated:") :]
            for row in self._rows("SELECT key FROM review_meta WHERE key LIKE 'unrated:%'")
        }

    def last_asked(self) -> dict[str, str]:
        """``{question_id: ISO time it was last asked}``, scored or not (a round under way counts)."""
        return {
            row["question_id"]: row["asked"]
            for row in self._rows(
                "SELECT question_id, MAX(asked_at) AS asked FROM answers GROUP BY question_id"
            )
        }

    def cards(self) -> dict[str, dict[str, Any]]:
        """Every stored retry card by question id: ``{question_id, round_type, question_title, card
        (JSON text), due_at, last_asked, last_rating, reviews, inputs}``."""
        rows = self._rows(f"SELECT {', '.join(CARD_COLS)} FROM review_cards")
        return {row["question_id"]: row for row in rows}

    def history_token(self) -> str:
        """A cheap summary of the scored history (row counts, newest rows, score total, last scoring).

        Any change review cards depend on (an answer or score added, removed or replaced, a round
        scored or re-scored, an import, a round saved without rating) changes it; reading it
        costs a few index lookups.
        """
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM answers), (SELECT MAX(rowid) FROM answers), "
            "(SELECT COUNT(*) FROM scores), (SELECT MAX(rowid) FROM scores), (SELECT TOTAL(score) FROM scores), "
            "(SELECT COUNT(*) FROM rounds WHERE scored_at IS NOT NULL), (SELECT MAX(scored_at) FROM rounds), "
            "(SELECT group_concat(key) FROM (SELECT key FROM review_meta WHERE key LIKE 'unrated:%' ORDER BY key))"
        ).fetchone()
        return "|".join(str(value) for value in row)

    def synced_token(self) -> str | None:
        """The :meth:`history_token` saved with the cards by the last :meth:`save_cards`."""
        row = self._conn.execute("SELECT value FROM review_meta WHERE key = 'synced_token'").fetchone()
        return row[0] if row else None

    def save_cards(
        self, cards: Sequence[Mapping[str, Any]], removed: Sequence[str] = (), token: str | None = None
    ) -> None:
        """Insert or replace ``cards`` (shaped as :meth:`cards` rows), delete ``removed`` ids and
        record ``token`` (the :meth:`history_token` they were built from), in one transaction."""
        with self._writer() as conn:
            conn.executemany(
                f"INSERT OR REPLACE INTO review_cards ({', '.join(CARD_COLS)}) "
                f"VALUES ({', '.join('?' for _ in CARD_COLS)})",
                [tuple(card[c] for c in CARD_COLS) for card in cards],
            )
            conn.executemany("DELETE FROM review_cards WHERE question_id = ?", [(q,) for q in removed])
            if token is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO review_meta (key, value) VALUES ('synced_token', ?)", (token,)
                )

    # -- raw dump and merge (export / import) ----------------------------------------------------

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every history table (not the derived retry cards), in a stable order.

        Keys are the table names of :data:`HISTORY_TABLES`; rows have the columns of
        :data:`HISTORY_COLUMNS` exactly as stored (``answers.key_points``, ``verdicts.detail``
        and ``recordings.metrics`` are JSON text; ``recordings.path`` is relative to the data
        folder, and the audio files themselves are not part of the dump).
        """
        return {
            table: self._rows(
                f"SELECT {', '.join(HISTORY_COLUMNS[table])} FROM {table} ORDER BY {DUMP_ORDER[table]}"
            )
            for table, _key, _parent in HISTORY_TABLES
        }

    def merge(self, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> MergeCounts:
        """Add the rows whose primary key is new, in one transaction; keep existing rows as they are.

        ``rows`` maps table names of :data:`HISTORY_TABLES` to rows with exactly the columns of
        :data:`HISTORY_COLUMNS` (values already validated). A row whose id exists under another
        parent (a round of a different session, say), or a new recording whose id another take
        already has, raises :class:`MergeConflict`; a broken rule of the schema (two rounds at
        one position) raises :class:`StoreError`. Either way nothing is written.
        """
        counts = MergeCounts()
        with self._writer() as conn:
            for table, key, parent in HISTORY_TABLES:
                added = present = 0
                columns = HISTORY_COLUMNS[table]
                insert = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
                )
                select = f"SELECT {parent or key[0]} FROM {table} WHERE " + " AND ".join(
                    f"{k} = ?" for k in key
                )
                for row in rows.get(table, ()):
                    found = conn.execute(select, tuple(row[k] for k in key)).fetchone()
                    if found is None:
                        if table in POSITIONED:
                            self._check_position(conn, table, parent, row)
                        if key != ("id",) and "id" in columns:
                            self._check_id(conn, table, row)
                        conn.execute(insert, tuple(row[c] for c in columns))
                        added += 1
                        continue
                    if parent and found[0] != row[parent]:
                        raise MergeConflict(
                            f"The {table[:-1]} {row['id']} is already in the history under another "
                            f"{parent.removesuffix('_id')} ({found[0]}, not {row[parent]})."
                        )
                    present += 1
                counts.added[table] = added
                counts.present[table] = present
        return counts

    @staticmethod
    def _check_id(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> None:
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone() is not None:
            raise MergeConflict(f"The {table[:-1]} {row['id']} is already in the history as another record.")

    @staticmethod
    def _check_position(conn: sqlite3.Connection, table: str, parent: str, row: Mapping[str, Any]) -> None:
        taken = conn.execute(
            f"SELECT id FROM {table} WHERE {parent} = ? AND position = ?", (row[parent], row["position"])
        ).fetchone()
        if taken is not None:
            raise MergeConflict(
                f"The {table[:-1]} {row['id']} would take position {row['position']} of "
                f"{parent.removesuffix('_id')} {row[parent]}, which holds {table[:-1]} {taken[0]} already."
            )
