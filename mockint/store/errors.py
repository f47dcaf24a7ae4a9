"""The store's exceptions: each message says what happened to which file and what to do next.

Every error the store raises on purpose is a :class:`StoreError`; the UI shows ``str(error)`` and
the log keeps the traceback. Caller mistakes (a score of 7, an unknown session kind) raise
``ValueError`` instead, because no user action can cause them.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of every store error; ``str()`` is a message a person can act on."""


class DatabaseDamaged(StoreError):
    """The file is not a SQLite database, or ``PRAGMA quick_check`` found damage.

    The file was opened read-only to find this out and has not been changed.
    ``path`` is the database file; ``detail`` what SQLite reported.
    """

    def __init__(self, path: Path, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(
            f"The history database {self.path} is damaged or is not a database ({detail}). "
            "It has not been changed. Move it aside or restore a backup in its place, then start "
            "mockint again; a new, empty history is created when no file is there."
        )


class SchemaTooNew(StoreError):
    """The file was written by a newer mockint (its ``user_version`` is higher than this one knows).

    Nothing was written to it. ``found`` is the file's schema version, ``known`` this build's.
    """

    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = Path(path)
        self.found = found
        self.known = known
        super().__init__(
            f"The history database {self.path} has schema version {found}, but this mockint only "
            f"knows versions up to {known}: it was written by a newer mockint. It has not been "
            "changed. Update mockint, or choose another data directory with --data-dir."
        )


class ForeignDatabase(StoreError):
    """The file is a healthy SQLite database that belongs to some other program.

    Nothing was written to it. ``reason`` says what gave it away.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            f"{self.path} is a SQLite database, but not a mockint history ({reason}). It has not "
            "been changed. Choose another data directory with --data-dir or MOCKINT_DATA_DIR."
        )


class NotFound(StoreError, LookupError):
    """No row with this id (``kind`` is "session", "round" or "answer")."""

    def __init__(self, kind: str, item_id: str) -> None:
        self.kind = kind
        self.item_id = item_id
        super().__init__(f"No {kind} with id {item_id!r} in the history database.")
