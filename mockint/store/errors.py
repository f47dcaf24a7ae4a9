"""The store's exceptions: each message says what happened to which file and what to do next.

Every error the store raises on purpose is a :class:`StoreError`; the UI shows ``str(error)`` and
the log keeps the traceback. Caller mistakes (a score of 7, an unknown session kind) raise
``ValueError`` instead, because no user action can cause them.
"""

from __future__ import annotations

import errno
import os
import shutil
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


def _free_space(folder: Path) -> str:
    """Free space on the disk holding ``folder`` (or its nearest existing parent), for messages."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free: float = shutil.disk_usage(probe).free
    except OSError:
        return "free space unknown"
    for unit in ("bytes", "KB", "MB", "GB"):
        if free < 1024 or unit == "GB":
            return f"{free:.0f} {unit} free" if unit == "bytes" else f"{free:.1f} {unit} free"
        free /= 1024
    return "free space unknown"  # pragma: no cover


class CannotWrite(StoreError):
    """The history could not be written: its folder or file is read-only, the disk is full, or the
    write failed (an I/O error; a file size limit shows up as one).

    Nothing is half-written: SQLite rolled the failed transaction back whole, so everything saved
    earlier is intact. ``path`` is the file being written, ``folder`` its folder, ``reason`` one of
    ``"read-only"`` (``folder`` cannot be written), ``"read-only file"`` (``path`` cannot),
    ``"full"``, ``"io"``; ``detail`` is what SQLite or the OS reported.
    """

    def __init__(self, path: Path, reason: str, detail: str, *, what: str = "the interview history") -> None:
        self.path = Path(path)
        self.folder = self.path.parent
        self.reason = reason
        self.detail = detail
        elsewhere = "or choose another data folder with --data-dir or MOCKINT_DATA_DIR"
        if reason == "read-only":
            message = (
                f"Cannot save {what}: the folder {self.folder} is read-only for mockint ({detail}). "
                f"Nothing was half-written. Make the folder writable, {elsewhere}."
            )
        elif reason == "read-only file":
            message = (
                f"Cannot save {what}: the file {self.path} (in the folder {self.folder}) is read-only "
                f"for mockint ({detail}). Nothing was half-written. Make the file writable, {elsewhere}."
            )
        elif reason == "full":
            message = (
                f"Cannot save {what} to {self.path}: the disk holding the folder {self.folder} is full "
                f"({_free_space(self.folder)}). Nothing was half-written: everything saved earlier is "
                "safe. Free some space and saving works again."
            )
        else:
            message = (
                f"Cannot save {what} to {self.path}: writing in the folder {self.folder} failed "
                f"({detail}; {_free_space(self.folder)}). Nothing was half-written: everything saved "
                "earlier is safe. Check free disk space, file size limits and the disk itself."
            )
        super().__init__(message)


def write_failure(path: Path, exc: BaseException, *, what: str = "the interview history") -> StoreError:
    """The :class:`CannotWrite` (or plain :class:`StoreError`) explaining why writing ``path`` failed.

    ``exc`` is the ``sqlite3.Error`` or ``OSError`` raised. Whether the folder or file is read-only
    is asked of the OS, since SQLite reports a read-only folder only as "unable to open database
    file" or "attempt to write a readonly database". SQLite reports a file size limit (``EFBIG``)
    as a plain I/O error, so it shows as ``"io"`` with the free space named.
    """
    path = Path(path)
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    code = getattr(exc, "errno", None)
    detail = getattr(exc, "strerror", None) or str(exc)
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return StoreError(
            f"Cannot save {what}: {folder} is a file where a folder is needed. Move that file "
            "away; everything saved earlier is safe."
        )
    if name.startswith("SQLITE_FULL") or code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return CannotWrite(path, "full", detail, what=what)
    if folder.exists() and not os.access(folder, os.W_OK):
        return CannotWrite(path, "read-only", detail, what=what)
    if path.exists() and not os.access(path, os.W_OK):
        return CannotWrite(path, "read-only file", detail, what=what)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or name.startswith("SQLITE_READONLY"):
        return CannotWrite(path, "read-only", detail, what=what)
    if name.startswith("SQLITE_IOERR") or isinstance(exc, OSError):
        return CannotWrite(path, "io", detail, what=what)
    return StoreError(
        f"Cannot save {what} to {path} ({detail}). Check that the file and its folder {folder} exist, "
        "that you may write them, and that there is free disk space; everything saved earlier is safe."
    )
