"""The ``mockint restore`` command: list backups, or put one in place of the history database.

    mockint restore --latest        the newest backup that passes a health check
    mockint restore BACKUP          that backup file
    mockint restore --list          backups, newest first, each marked good or damaged

Restoring over a healthy database needs ``--force`` (it would drop newer work); either way the
replaced file is moved aside, never deleted. ``cli.py`` adds the parser with :func:`add_parser`
and calls :func:`run` with the database path. Exit status: 0 done, 1 nothing to restore, 2 error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mockint.store.backup import backup_dir_for, is_good, list_backups, newest_good_backup, restore
from mockint.store.diagnosis import examine
from mockint.store.errors import StoreError


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add ``restore`` to ``subparsers`` (from ``ArgumentParser.add_subparsers``); returns it."""
    parser = subparsers.add_parser(
        "restore",
        parents=list(parents),
        help="put a backup of the history database back in place",
        description="Put a backup of the history database in its place. The file it replaces is "
        "moved aside (renamed to *.before-restore-<time>), never deleted. Quit mockint first.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--latest", action="store_true", help="the newest backup that passes a health check")
    which.add_argument("--list", action="store_true", help="list the backups, newest first")
    which.add_argument("backup", nargs="?", type=Path, default=None, help="a backup file to restore")
    parser.add_argument(
        "--force",
        action="store_true",
        help="restore even though the current history is healthy (it is kept aside)",
    )
    return parser


def run(args: argparse.Namespace, db_path: Path) -> int:
    """Carry out ``restore`` for the database at ``db_path``; prints what it did."""
    db_path = Path(db_path)
    folder = backup_dir_for(db_path)
    if args.list:
        backups = list_backups(folder)
        for backup in backups:
            print(f"{'good   ' if is_good(backup.path) else 'DAMAGED'}  {backup.describe()}")
        if not backups:
            print(f"No backups in {folder}.", file=sys.stderr)
        return 0
    if args.latest:
        chosen = newest_good_backup(folder)
        if chosen is None:
            print(f"error: no good backup in {folder}; nothing was changed.", file=sys.stderr)
            return 1
        source = chosen.path
    else:
        source = args.backup
    state = examine(db_path)
    if state.healthy and not args.force:
        print(
            f"error: the history database {db_path} is healthy, so restoring would replace it with an "
            f"older copy. Nothing was changed. Add --force to restore {source} anyway (the current "
            "file is moved aside, not deleted).",
            file=sys.stderr,
        )
        return 2
    try:
        aside = restore(source, db_path)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Restored {source} to {db_path}.")
    if aside is not None:
        print(f"The file it replaced is kept as {aside}.")
    return 0
