"""Interview history in SQLite: sessions, rounds, answers, notes, code, verdicts, scores, timings.

Core package: no Qt. ``Store.open(path)`` checks an existing file read-only, then migrates it
(schema version in ``PRAGMA user_version``); see :mod:`mockint.store.schema` for the tables.
Backups, thinning and restore: :mod:`mockint.store.backup`; what is wrong with a file and how to
fix it: :func:`diagnose`; the ``mockint restore`` command: :mod:`mockint.store.commands`.
"""

from __future__ import annotations

from mockint.store.backup import (
    Backup,
    backup_dir_for,
    backup_if_due,
    list_backups,
    maybe_backup,
    newest_good_backup,
    restore,
)
from mockint.store.diagnosis import Diagnosis, diagnose, examine, explain_failure
from mockint.store.errors import (
    CannotWrite,
    DatabaseDamaged,
    ForeignDatabase,
    NotFound,
    SchemaTooNew,
    StoreError,
)
from mockint.store.schema import MIGRATIONS, SCHEMA_VERSION
from mockint.store.store import END_STATUSES, SESSION_KINDS, Store

__all__ = [
    "END_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_KINDS",
    "Backup",
    "CannotWrite",
    "DatabaseDamaged",
    "Diagnosis",
    "ForeignDatabase",
    "NotFound",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "backup_dir_for",
    "backup_if_due",
    "diagnose",
    "examine",
    "explain_failure",
    "list_backups",
    "maybe_backup",
    "newest_good_backup",
    "restore",
]
