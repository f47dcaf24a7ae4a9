"""Interview history in SQLite: sessions, rounds, answers, notes, code, verdicts, scores, timings.

Core package: no Qt. ``Store.open(path)`` checks an existing file read-only, then migrates it
(schema version in ``PRAGMA user_version``); see :mod:`mockint.store.schema` for the tables.
Backups, thinning and restore: :mod:`mockint.store.backup`; what is wrong with a file and how to
fix it: :func:`diagnose`; the ``mockint restore`` command: :mod:`mockint.store.commands`.

A ``Store`` keeps only the file's lifecycle (open, check, fingerprint, checkpoint, backup, close);
records go through its sub-objects, which share one package-private ``Db`` (connection, write
transaction, clock: :mod:`mockint.store.db`):

- ``store.sessions`` (:class:`Sessions`): ``create``, ``finish``, ``add_round``, ``start_round``,
  ``update_round_time``, ``finish_round``, ``list``, ``count``, ``unfinished``, ``detail``;
- ``store.answers`` (:class:`Answers`): ``add``, ``save_notes``, ``save_code``,
  ``save_key_points``, ``save_phase_notes``, ``add_verdict``, the interviewer's events
  (``save_revealed``, ``add_hint``, ...), ``save_scores`` and ``history`` (of one question);
- ``store.recordings`` (:class:`Recordings`): ``save``, ``of``, ``delete_session``;
- ``store.review`` (:class:`ReviewState`): whole-history reads, ``last_asked``, retry cards,
  dumps and merges.

Reads return the :class:`typing.TypedDict` records of :mod:`mockint.store.records`
(``SessionRow``, ``SessionDetail``, ``RoundRow``, ``AnswerRow``, ...), not dataclasses: a
TypedDict is the plain dict it always was, so ``json.dumps`` of a read, every ``mockint ...
--json`` output and the export/import files keep their exact shape and key order, and callers go
on indexing by key (``session["rounds"]``), while mypy now checks each key and its type.
"""

from __future__ import annotations

from mockint.store.answers import Answers
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
from mockint.store.recordings import Recordings
from mockint.store.records import (
    AnswerRow,
    HistoryRow,
    RoundDetail,
    RoundRow,
    ScoreRow,
    SessionDetail,
    SessionRow,
)
from mockint.store.review_state import ReviewState
from mockint.store.schema import MIGRATIONS, SCHEMA_VERSION
from mockint.store.sessions import END_STATUSES, SESSION_KINDS, Sessions
from mockint.store.store import Store

__all__ = [
    "END_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SESSION_KINDS",
    "AnswerRow",
    "Answers",
    "Backup",
    "CannotWrite",
    "DatabaseDamaged",
    "Diagnosis",
    "ForeignDatabase",
    "HistoryRow",
    "NotFound",
    "Recordings",
    "ReviewState",
    "RoundDetail",
    "RoundRow",
    "SchemaTooNew",
    "ScoreRow",
    "SessionDetail",
    "SessionRow",
    "Sessions",
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
