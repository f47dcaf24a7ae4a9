"""Interview history in SQLite: sessions, rounds, answers, notes, code, verdicts, scores, timings.

Core package: no Qt. ``Store.open(path)`` checks an existing file read-only, then migrates it
(schema version in ``PRAGMA user_version``); see :mod:`mockint.store.schema` for the tables.
"""

from __future__ import annotations

from mockint.store.errors import DatabaseDamaged, ForeignDatabase, NotFound, SchemaTooNew, StoreError
from mockint.store.schema import MIGRATIONS, SCHEMA_VERSION
from mockint.store.store import END_STATUSES, SESSION_KINDS, Store

__all__ = [
    "END_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_KINDS",
    "DatabaseDamaged",
    "ForeignDatabase",
    "NotFound",
    "SchemaTooNew",
    "Store",
    "StoreError",
]
