"""Backups of the history database: taken when something changed, thinned over time, restorable.

Backups live in ``<data dir>/backups/`` (:func:`backup_dir_for`), one self-contained SQLite file
each, named ``mockint-YYYYMMDD-HHMMSS-<fingerprint>.sqlite3`` (UTC time; the fingerprint is the
first 12 hex digits of :meth:`Store.fingerprint`, a SHA-256 of every row the copy holds).

When (:func:`maybe_backup`): at most every :data:`BACKUP_EVERY` (30 minutes) and only when the
history changed since the newest backup: its fingerprint differs from the one in the newest
backup's name. The fingerprint counts rows, not bytes, so ``PRAGMA optimize`` rewriting SQLite's
statistics at close is not a change, and a launch that only reads costs one pass over the rows
(about 10 ms per MB) and no copy. Deleting the newest backup by hand makes the next call take one.

Retention (:func:`thin`), the scheme restic and borg call "keep daily/weekly/monthly": keep the
newest backup of each UTC day for the last :data:`KEEP_DAYS` (7) days, of each ISO week for the
last :data:`KEEP_WEEKS` (5) weeks, of each month for the last :data:`KEEP_MONTHS` (12) months,
and always the newest backup of all. At about one backup per day of use that is at most
7 + 5 + 12 = 24 files. Every backup passed ``quick_check`` when it was taken, so thinning never
swaps a good copy for a damaged one.

:func:`restore` puts a backup in place of the database, moving the file it replaces (with its
``-wal`` and ``-shm``) aside, never deleting it. Core package: no Qt.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mockint.store.errors import StoreError, write_failure
from mockint.store.opening import check_existing
from mockint.store.store import Store

log = logging.getLogger(__name__)

#: The least time between two backups.
BACKUP_EVERY = timedelta(minutes=30)
#: Retention: the newest backup per UTC day for this many days, per ISO week for this many
#: weeks, per month for this many months.
KEEP_DAYS = 7
KEEP_WEEKS = 5
KEEP_MONTHS = 12

BACKUP_FOLDER = "backups"
_NAME = re.compile(r"^mockint-(\d{8})-(\d{6})-([0-9a-f]{12})\.sqlite3$")
#: What the database's sibling files are called; they belong to it and move with it.
_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Backup:
    """One backup file: ``taken_at`` (aware, UTC), ``fingerprint`` of the database it copies."""

    path: Path
    taken_at: datetime
    fingerprint: str

    @property
    def size(self) -> int:
        """Bytes on disk (0 if the file has gone)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def describe(self) -> str:
        """``<path>, taken 2024-05-01 09:00 UTC, 96 KB`` for messages."""
        return f"{self.path}, taken {self.taken_at:%Y-%m-%d %H:%M} UTC, {self.size / 1024:.0f} KB"


def backup_dir_for(db_path: Path) -> Path:
    """Where the backups of the database at ``db_path`` go: ``backups/`` beside it."""
    return Path(db_path).parent / BACKUP_FOLDER


def backup_name(taken_at: datetime, fingerprint: str) -> str:
    return f"mockint-{taken_at.astimezone(UTC):%Y%m%d-%H%M%S}-{fingerprint[:12]}.sqlite3"


def parse_backup(path: Path) -> Backup | None:
    """The :class:`Backup` a file name describes, or ``None`` for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Backup(path, taken, match[3])


def list_backups(backup_dir: Path) -> list[Backup]:
    """Backups in ``backup_dir``, newest first (``[]`` when the folder is missing or unreadable)."""
    try:
        entries = list(Path(backup_dir).iterdir())
    except OSError:
        return []
    found = [b for b in map(parse_backup, entries) if b is not None and b.path.is_file()]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def is_good(path: Path) -> bool:
    """Does ``path`` hold a healthy mockint history this build can read? Reads only; never raises."""
    try:
        return check_existing(Path(path))
    except StoreError as exc:
        log.warning("backup %s is not usable: %s", path, exc)
        return False


def newest_good_backup(backup_dir: Path) -> Backup | None:
    """The newest backup that passes ``quick_check`` and this build can read, or ``None``."""
    return next((b for b in list_backups(backup_dir) if is_good(b.path)), None)


def maybe_backup(
    store: Store, backup_dir: Path, now: datetime, *, every: timedelta = BACKUP_EVERY
) -> Path | None:
    """Back the store up into ``backup_dir`` if it is due and changed; returns the new file or ``None``.

    Due: the newest backup is at least ``every`` old (or there is none, or the clock went back).
    Changed: :meth:`Store.fingerprint` differs from the newest backup's. Then the WAL is
    checkpointed into the file (``PRAGMA wal_checkpoint(TRUNCATE)``), the database copied with
    SQLite's backup API (:meth:`Store.backup`: checked with ``quick_check``, flushed, renamed into
    place) and old backups thinned (:func:`thin`). ``now`` is an aware datetime. Call it on the
    thread that owns the store.

    Raises :class:`~mockint.store.errors.CannotWrite` when the copy cannot be written (nothing
    half-written is left) and :class:`~mockint.store.errors.DatabaseDamaged` when the live
    database fails the check; in both cases the older backups are left as they were.
    """
    now = now.astimezone(UTC)
    backups = list_backups(backup_dir)
    newest = backups[0] if backups else None
    if newest is not None and timedelta(0) <= now - newest.taken_at < every:
        return None
    current = store.fingerprint()
    if newest is not None and newest.fingerprint == current[:12]:
        log.debug("no backup: %s has not changed since %s", store.path, newest.path.name)
        return None
    target = Path(backup_dir) / backup_name(now, current)
    if target.exists():
        return None
    store.checkpoint()
    store.backup(target)
    log.info("backed up %s to %s", store.path, target)
    thin(backup_dir, now)
    return target


def keep_set(backups: list[Backup], now: datetime) -> set[Path]:
    """The backups the retention scheme keeps (see the module docstring); pure, for testing."""
    now = now.astimezone(UTC)
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = {ordered[0].path} if ordered else set()
    seen: set[tuple[object, ...]] = set()
    for backup in ordered:
        age = now - backup.taken_at
        taken = backup.taken_at
        year, week, _ = taken.isocalendar()
        buckets: list[tuple[object, ...]] = []
        if age < timedelta(days=KEEP_DAYS):
            buckets.append(("day", taken.date()))
        if age < timedelta(weeks=KEEP_WEEKS):
            buckets.append(("week", year, week))
        months_ago = (now.year - taken.year) * 12 + now.month - taken.month
        if months_ago < KEEP_MONTHS:
            buckets.append(("month", taken.year, taken.month))
        for bucket in buckets:
            if bucket not in seen:  # newest first: the first backup met in a bucket is its newest
                seen.add(bucket)
                keep.add(backup.path)
    return keep


def thin(backup_dir: Path, now: datetime) -> list[Path]:
    """Delete the backups :func:`keep_set` does not keep, and stale ``.part`` files; returns them.

    A file that cannot be deleted is logged and left.
    """
    backups = list_backups(backup_dir)
    keep = keep_set(backups, now)
    doomed = [b.path for b in backups if b.path not in keep]
    try:
        doomed += [p for p in Path(backup_dir).glob("mockint-*.sqlite3.part") if p.is_file()]
    except OSError:
        pass
    removed = []
    for path in doomed:
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:
            log.warning("could not delete old backup %s: %s", path, exc)
    return removed


def _aside_name(db_path: Path, now: datetime) -> Path:
    stem = f"{db_path.name}.before-restore-{now.astimezone(UTC):%Y%m%d-%H%M%S}"
    candidate, n = db_path.with_name(stem), 1
    while any(Path(f"{candidate}{s}").exists() for s in ("", *_SIDECARS)):
        n += 1
        candidate = db_path.with_name(f"{stem}-{n}")
    return candidate


def _copy_durably(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # folders cannot be opened everywhere (Windows); the renames are done regardless
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(backup: Path, db_path: Path, now: datetime | None = None) -> Path | None:
    """Put ``backup`` in place of the database at ``db_path``; returns where the old file went.

    The backup is checked first (read-only): it must pass ``quick_check`` and be a mockint
    history this build can read. Then, in an order where a crash at any step loses nothing: the
    backup is copied beside the database and flushed; the old file is linked (or copied) to
    ``<name>.before-restore-<UTC time>`` and its ``-wal``, ``-shm`` and ``-journal`` are renamed to
    match (a stale WAL must never meet the restored file); the copy is renamed over ``db_path``.
    Nothing is deleted. Returns ``None`` when there was no old file.

    Run it while no mockint has the database open. Raises :class:`StoreError` naming the backup
    when it is not usable, and :class:`~mockint.store.errors.CannotWrite` when the folder cannot
    be written (the database is then left as it was).
    """
    backup, db_path = Path(backup), Path(db_path)
    now = now or datetime.now(UTC)
    if not backup.is_file():
        raise StoreError(f"There is no backup file {backup}.")
    try:
        usable = check_existing(backup)
    except StoreError as exc:
        raise StoreError(f"The backup {backup} cannot be restored: {exc}") from exc
    if not usable:
        raise StoreError(
            f"The backup {backup} cannot be restored: it has unfinished changes in a -wal or -journal "
            "file beside it. Open it with sqlite3 once to recover them, or pick another backup."
        )
    folder = db_path.parent
    partial = folder / f".{db_path.name}.restoring"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_durably(backup, partial)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise write_failure(partial, exc, what="the restored history") from exc
    aside = None
    if any(Path(f"{db_path}{s}").exists() for s in ("", *_SIDECARS)):
        aside = _aside_name(db_path, now)
    try:
        if aside is not None:
            if db_path.exists():
                try:
                    os.link(db_path, aside)
                except OSError:  # a file system without hard links: a copy keeps it just as well
                    _copy_durably(db_path, aside)
            for suffix in _SIDECARS:
                old = Path(f"{db_path}{suffix}")
                if old.exists():
                    os.rename(old, f"{aside}{suffix}")
        os.replace(partial, db_path)
        _sync_folder(folder)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise write_failure(db_path, exc, what="the restored history") from exc
    log.info("restored %s from %s; the previous file is now %s", db_path, backup, aside)
    return aside


def backup_if_due(store: Store, now: datetime | None = None) -> Path | None:
    """:func:`maybe_backup` into the store's own ``backups/`` folder; logs a failure, never raises.

    For the app's natural moments (launch, the end of a loop, exit): when a backup cannot be
    taken the history itself is still fine, so this must not stop the app. Returns the new
    backup, or ``None`` (not due, unchanged, or failed).
    """
    try:
        return maybe_backup(store, backup_dir_for(store.path), now or datetime.now(UTC))
    except StoreError as exc:
        log.warning("no backup taken: %s", exc)
        return None
