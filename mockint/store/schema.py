"""The database schema as an ordered list of migrations, and the code that applies them.

The schema version lives in ``PRAGMA user_version``: 0 is an empty file, N means migrations 1..N
have been applied. :func:`migrate` applies every pending step in one ``BEGIN IMMEDIATE``
transaction, so a failed upgrade leaves the file exactly as it was (and still readable by the
mockint that wrote it). Never edit a released migration: append a new one.

Conventions: ids are uuid4 hex strings; times are ISO-8601 UTC strings with microseconds (so they
sort as text); durations are seconds (REAL). Enumerated values (session kind, statuses) are checked
in Python, not by CHECK constraints, because SQLite can only change a constraint by rebuilding the
table.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mockint.store.errors import SchemaTooNew, StoreError

log = logging.getLogger(__name__)

#: ``PRAGMA application_id`` of a mockint history ("mInt"), so a foreign database is recognised.
APPLICATION_ID = 0x6D496E74


@dataclass(frozen=True)
class Migration:
    """One schema step: after ``apply`` runs, the file is at ``version``.

    ``apply`` runs inside the migration transaction with foreign keys off (so a step may rebuild a
    table the way https://sqlite.org/lang_altertable.html describes); it must not commit.
    """

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _statements(*sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in sql:
            conn.execute(statement)

    return apply


_V1 = _statements(
    f"PRAGMA application_id = {APPLICATION_ID}",
    """
    CREATE TABLE sessions (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,               -- 'loop' | 'practice'
        template_id TEXT NOT NULL,               -- loop template id, or the practised round type
        title       TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        status      TEXT NOT NULL DEFAULT 'active'  -- 'active' | 'finished' | 'abandoned'
    )
    """,
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    """
    CREATE TABLE rounds (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,
        round_type     TEXT NOT NULL,
        title          TEXT NOT NULL,
        allowed_s      REAL NOT NULL,
        used_s         REAL NOT NULL DEFAULT 0,
        started_at     TEXT,
        ended_at       TEXT,
        status         TEXT NOT NULL DEFAULT 'pending',  -- 'pending' | 'active' | 'finished'
        recommendation TEXT,
        score_notes    TEXT NOT NULL DEFAULT '',
        scored_at      TEXT,
        UNIQUE (session_id, position)
    )
    """,
    """
    CREATE TABLE answers (
        id             TEXT PRIMARY KEY,
        round_id       TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,
        question_id    TEXT NOT NULL,
        question_title TEXT NOT NULL,
        asked_at       TEXT NOT NULL,
        notes          TEXT NOT NULL DEFAULT '',
        code           TEXT NOT NULL DEFAULT '',
        key_points     TEXT NOT NULL DEFAULT '[]',  -- JSON list of ticked key point indexes
        updated_at     TEXT NOT NULL,
        UNIQUE (round_id, position)
    )
    """,
    "CREATE INDEX answers_by_question ON answers (question_id, asked_at)",
    """
    CREATE TABLE phase_notes (
        answer_id  TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        phase      TEXT NOT NULL,
        text       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, phase)
    )
    """,
    """
    CREATE TABLE verdicts (
        id         TEXT PRIMARY KEY,
        answer_id  TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        verdict    TEXT NOT NULL,
        passed     INTEGER NOT NULL,
        total      INTEGER NOT NULL,
        runtime_s  REAL NOT NULL,
        code       TEXT NOT NULL,
        detail     TEXT NOT NULL  -- the whole verdict dict as JSON
    )
    """,
    "CREATE INDEX verdicts_by_answer ON verdicts (answer_id, created_at)",
    """
    CREATE TABLE scores (
        round_id       TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        dimension_id   TEXT NOT NULL,
        dimension_name TEXT NOT NULL,
        score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
        position       INTEGER NOT NULL,  -- the rubric's order of dimensions
        PRIMARY KEY (round_id, dimension_id)
    )
    """,
)

_V2 = _statements(
    # One retry card per question asked in a scored round, for mockint.review.schedule. The card
    # is derived data: ``inputs`` fingerprints the reviews it was built from, so a re-scored or
    # imported round is noticed and the card rebuilt from the history.
    """
    CREATE TABLE review_cards (
        question_id    TEXT PRIMARY KEY,
        round_type     TEXT NOT NULL,
        question_title TEXT NOT NULL,
        card           TEXT NOT NULL,     -- the fsrs Card as JSON (Card.to_json())
        due_at         TEXT NOT NULL,     -- the card's due time (ISO UTC), kept here to index it
        last_asked     TEXT NOT NULL,
        last_rating    INTEGER NOT NULL,  -- fsrs Rating of the latest review, 1..4
        reviews        INTEGER NOT NULL,
        inputs         TEXT NOT NULL      -- sha256 of the reviews the card was built from
    )
    """,
    "CREATE INDEX review_cards_by_due ON review_cards (due_at)",
    # Small facts about the cards as a whole, such as the history token of the last sync.
    "CREATE TABLE review_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_V3 = _statements(
    # One row per recorded take of an answer (mockint.store.recordings). The audio stays a WAV
    # file in the data folder; ``path`` is relative to that folder (POSIX separators) so the
    # folder can move. A re-recorded take replaces its row: (answer_id, take) is unique.
    """
    CREATE TABLE recordings (
        id         TEXT PRIMARY KEY,
        answer_id  TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        take       TEXT NOT NULL,  -- the take's name, as the recorder named the file
        path       TEXT NOT NULL,  -- e.g. 'recordings/<session id>/<take>.wav'
        created_at TEXT NOT NULL,
        duration_s REAL NOT NULL,
        transcript TEXT NOT NULL DEFAULT '',
        backend    TEXT NOT NULL DEFAULT '',  -- the speech-to-text engine, 'none' without one
        metrics    TEXT NOT NULL DEFAULT '{}',  -- the rest of the take's analysis as JSON
        UNIQUE (answer_id, take)
    )
    """,
)

_V4 = _statements(
    # What the interviewer did and saw in a round, per answer (mockint.store.round_events): the
    # sections whose key points were revealed, hints taken, follow-ups asked and the "done" mark.
    # Kept apart from ``answers`` so exports and imports of older versions keep their columns.
    """
    CREATE TABLE answer_events (
        id         TEXT PRIMARY KEY,
        answer_id  TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,  -- 'revealed' | 'hint' | 'follow_up' | 'done' (| 'time', 'coverage': no migration)
        section    TEXT NOT NULL DEFAULT '',  -- revealed: '' (whole question), a phase or part key
        hint       INTEGER,        -- hint: 0-based index into the question's hints
        text       TEXT NOT NULL DEFAULT '',  -- follow_up: what was asked
        key_point  TEXT,           -- follow_up: JSON, a 0-based key point index, a phase name or null
        at_s       REAL NOT NULL DEFAULT 0,   -- seconds into the round
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX answer_events_by_answer ON answer_events (answer_id, kind)",
)

#: Every migration, oldest first; ``MIGRATIONS[i].version == i + 1``.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions, rounds, answers, phase notes, verdicts, scores", _V1),
    Migration(2, "retry cards for the review schedule", _V2),
    Migration(3, "recorded takes with their transcripts and speaking metrics", _V3),
    Migration(4, "revealed key points, hints taken, follow-ups asked, done marks", _V4),
)

#: The schema version this build writes and the newest it can read.
SCHEMA_VERSION: int = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the open database up to :data:`SCHEMA_VERSION`; returns the version found before.

    ``conn`` must be in autocommit mode (``isolation_level=None``) with no transaction open.
    Raises :class:`SchemaTooNew` (nothing written) when the file is newer than this build, and
    :class:`StoreError` when a step fails or leaves a broken foreign key (the file is rolled back).
    """
    # foreign_keys cannot change inside a transaction; steps may rebuild tables with it off.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            found = user_version(conn)  # read under the write lock: another process may migrate
            if found > SCHEMA_VERSION:
                raise SchemaTooNew(path, found, SCHEMA_VERSION)
            for step in MIGRATIONS[found:]:
                log.info("Migrating %s to schema version %d: %s", path, step.version, step.description)
                step.apply(conn)
            if found < SCHEMA_VERSION:
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"Upgrading the history database {path} to schema version {SCHEMA_VERSION} "
                        f"would break {len(broken)} links between records, so it was not upgraded "
                        "and has not been changed. Please report this as a bug."
                    )
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        raise StoreError(
            f"Could not upgrade the history database {path} to schema version {SCHEMA_VERSION} "
            f"({exc}). It has not been changed. Check free disk space and that the file is writable."
        ) from exc
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return found
