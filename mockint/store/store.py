"""``Store``: the one object the app uses to record and read interview history in SQLite.

``Store`` itself only opens, checks, fingerprints, checkpoints, backs up and closes the file;
records are written and read through its sub-objects: ``store.sessions``
(:class:`~mockint.store.sessions.Sessions`), ``store.answers``
(:class:`~mockint.store.answers.Answers`), ``store.recordings``
(:class:`~mockint.store.recordings.Recordings`) and ``store.review``
(:class:`~mockint.store.review_state.ReviewState`). All of them share one
:class:`~mockint.store.db.Db` (the connection, its write transaction and the clock). Every write is its own short transaction, committed before the method returns, so whatever was
saved survives a crash of the app. The store belongs to the thread that opened it (the GUI's main
thread). Ids are uuid4 hex strings, times ISO-8601 UTC strings with microseconds, durations
seconds (float).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from mockint.store import queries
from mockint.store.answers import Answers
from mockint.store.db import Db
from mockint.store.errors import DatabaseDamaged, write_failure
from mockint.store.opening import connect, integrity_problems
from mockint.store.recordings import Recordings
from mockint.store.review_state import ReviewState
from mockint.store.sessions import END_STATUSES, SESSION_KINDS, Sessions

__all__ = ["END_STATUSES", "SESSION_KINDS", "Store"]

log = logging.getLogger(__name__)


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

    Open with :meth:`open`; close with :meth:`close` (or use it as a context manager). Records go
    through :attr:`sessions`, :attr:`answers`, :attr:`recordings` and :attr:`review`; their write
    methods raise :class:`NotFound` for an unknown id, ``ValueError`` for an invalid argument and
    :class:`StoreError` when SQLite cannot save (``CannotWrite``: disk full, folder read-only), or
    :class:`DatabaseDamaged` when the file turns out to be damaged while saving.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        """Use :meth:`open`."""
        self._conn = conn
        self._path = path
        db = Db(conn, path, clock)
        #: Sessions and rounds: create, finish, list, detail.
        self.sessions = Sessions(db)
        #: Answers, their notes, code, verdicts and events, and the rounds' self-scores.
        self.answers = Answers(db)
        #: Recorded takes of spoken answers; deleting a session with its audio.
        self.recordings = Recordings(db)
        #: Whole-history reads, retry cards, dumps and merges, on this store's connection.
        self.review = ReviewState(conn, db.write)
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
