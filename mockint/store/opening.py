"""Opening the database file safely: check it read-only first, then connect, configure, migrate.

A file that is damaged, too new or someone else's is found out through a read-only connection and
reported without a single byte written to it (see :func:`check_existing`). Only then is it opened
for writing, switched to WAL mode and migrated.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from mockint.store.errors import DatabaseDamaged, ForeignDatabase, SchemaTooNew, StoreError, write_failure
from mockint.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, user_version

log = logging.getLogger(__name__)

_HEADER = b"SQLite format 3\x00"
#: SQLite result codes that mean the bytes of the file are wrong, not that it could not be read.
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
#: Milliseconds to wait for another mockint process holding the write lock.
BUSY_TIMEOUT_MS = 5000


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` reports, or ``[]`` when the database is healthy.

    Raises ``sqlite3.DatabaseError`` when the file is too broken to check at all.
    """
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    # SQLite puts line breaks inside some reports; messages stay one line each.
    return [] if rows == ["ok"] else [" ".join(row.split()) for row in rows]


def validate(conn: sqlite3.Connection, path: Path) -> None:
    """Raise unless ``conn`` holds a healthy mockint history this build can read.

    Raises :class:`DatabaseDamaged`, :class:`ForeignDatabase` or :class:`SchemaTooNew`; lets
    ``sqlite3.Error`` through for the caller to classify. Reads only.
    """
    problems = integrity_problems(conn)
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise DatabaseDamaged(path, f"quick_check: {shown}")
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id not in (0, APPLICATION_ID):
        raise ForeignDatabase(path, f"its application id is {app_id:#x}")
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(path, version, SCHEMA_VERSION)
    if version == 0:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:
            raise ForeignDatabase(
                path, f"it has tables {', '.join(sorted(tables)[:5])} but no mockint schema"
            )


def _classify(path: Path, exc: sqlite3.Error, writing: bool = False) -> StoreError:
    """The store error for ``exc``; ``writing`` when it came from the writable connection."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(_DAMAGE_CODES):
        return DatabaseDamaged(path, str(exc))
    if writing:
        return write_failure(path, exc)
    return StoreError(
        f"Cannot open the history database {path} ({exc}). Check that the file and its folder "
        "exist, that you may read and write them, and that there is free disk space."
    )


def _probe_writable(conn: sqlite3.Connection) -> None:
    """Raise ``sqlite3.Error`` unless SQLite can write this database; writes nothing.

    SQLite opens a read-only file read-only without a word and fails only at the first write,
    which would be minutes into an interview. Rewriting ``user_version`` with its own value inside
    a transaction that is rolled back finds that out now.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {user_version(conn)}")
    finally:
        conn.execute("ROLLBACK")


def check_existing(path: Path) -> bool:
    """Check an existing, non-empty database file without changing it.

    Returns ``True`` when checked, ``False`` when SQLite needs a writable connection first (a hot
    rollback journal left by a crash must be rolled back before the file can be read); the caller
    then runs :func:`validate` on its writable connection. Raises :class:`DatabaseDamaged`,
    :class:`ForeignDatabase`, :class:`SchemaTooNew` or :class:`StoreError`.
    """
    try:
        with path.open("rb") as file:
            header = file.read(len(_HEADER))
    except OSError as exc:
        raise StoreError(f"Cannot read the history database {path} ({exc.strerror or exc}).") from exc
    if header != _HEADER:
        raise DatabaseDamaged(path, "it does not start with the SQLite file header")
    # With no -wal or -journal beside it the file alone is the whole database: "immutable" reads
    # it without creating -wal/-shm files next to a file that may turn out to be damaged.
    pending = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    uri = path.resolve().as_uri() + ("?mode=ro" if pending else "?mode=ro&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise _classify(path, exc) from exc
    try:
        validate(conn, path)
    except sqlite3.Error as exc:
        if (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_READONLY"):
            log.info("%s needs recovery before it can be checked: %s", path, exc)
            return False
        raise _classify(path, exc) from exc
    finally:
        conn.close()
    return True


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if missing) and migrate the database at ``path``; see ``Store.open``.

    The connection is in autocommit mode (``isolation_level=None``), with foreign keys on, WAL
    journaling where the file system allows it, and rows as :class:`sqlite3.Row`.
    """
    if path.is_dir():
        raise StoreError(f"The history database path {path} is a folder; it must be a file.")
    checked = True
    if path.exists() and path.stat().st_size > 0:
        checked = check_existing(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {path.parent} for the history database ({exc.strerror or exc}). "
                "Choose another data folder with --data-dir or MOCKINT_DATA_DIR."
            ) from exc
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise _classify(path, exc, writing=True) from exc
    try:
        if not checked:
            validate(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("%s: WAL journaling unavailable here, using %s", path, mode)
        _probe_writable(conn)
        migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(path, exc, writing=True) from exc
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn
