"""``Db``: the store's connection with its write transaction and clock, shared by the sub-objects.

Package-private: :class:`~mockint.store.Store` builds one and hands it to ``store.sessions``,
``store.answers``, ``store.recordings`` and ``store.review``, so none of them reaches into the
store's own members (and none imports :mod:`mockint.store.store`).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mockint.store.errors import DatabaseDamaged, NotFound, StoreError, write_failure


def new_id() -> str:
    """A new row id: uuid4 hex."""
    import uuid  # here, not at the top: uuid imports platform, off the app's launch path

    return uuid.uuid4().hex


def seconds(value: float, name: str) -> float:
    """``value`` as seconds; ``ValueError`` when it is negative or not finite."""
    result = float(value)
    if not math.isfinite(result) or result < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    return result


class Db:
    """One SQLite connection (rows as :class:`sqlite3.Row`), its file and the clock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]) -> None:
        self.conn = conn
        self.path = path
        self._clock = clock

    def now(self) -> str:
        """The clock's time as ISO-8601 UTC with microseconds."""
        return self._clock().astimezone(UTC).isoformat(timespec="microseconds")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed on leaving; SQLite failures become :class:`StoreError`."""
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"Not saved: it would break a rule of the history database ({exc}).") from exc
        except sqlite3.Error as exc:
            if (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise DatabaseDamaged(self.path, f"found while saving: {exc}") from exc
            raise write_failure(self.path, exc) from exc

    def update(self, kind: str, item_id: str, sql: str, params: tuple[Any, ...]) -> None:
        """Run one UPDATE in its own transaction; :class:`NotFound` when it changed no row."""
        with self.write() as conn:
            if conn.execute(sql, params).rowcount == 0:
                raise NotFound(kind, item_id)

    @staticmethod
    def require(conn: sqlite3.Connection, table: str, kind: str, item_id: str) -> None:
        """:class:`NotFound` unless ``table`` has a row with id ``item_id``."""
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (item_id,)).fetchone() is None:
            raise NotFound(kind, item_id)
