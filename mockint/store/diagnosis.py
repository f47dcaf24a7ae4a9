"""What is wrong with a history database, in words, and what to do about it.

:func:`examine` checks the file read-only (the same check ``Store.open`` makes first, so it never
writes) and finds the newest good backup; :func:`diagnose` is its text, shown by the command line
and the damaged-database dialog. Core package: no Qt.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from mockint.store.backup import Backup, backup_dir_for, list_backups, newest_good_backup
from mockint.store.errors import DatabaseDamaged, StoreError
from mockint.store.opening import check_existing


def restore_command(db_path: Path, backup: Path | None = None) -> str:
    """The command that restores the newest good backup (or ``backup``) of ``db_path``."""
    which = shlex.quote(str(backup)) if backup is not None else "--latest"
    return f"mockint restore {which} --data-dir {shlex.quote(str(Path(db_path).parent))}"


@dataclass(frozen=True)
class Diagnosis:
    """The state of one database file.

    ``problem`` is the error ``Store.open`` would raise (``None``: healthy, or missing, see
    ``exists``); ``backup`` the newest good backup (``None``: none); ``backups`` how many backup
    files there are, good or not.
    """

    path: Path
    exists: bool
    problem: StoreError | None
    backup: Backup | None
    backups: int

    @property
    def healthy(self) -> bool:
        return self.exists and self.problem is None

    @property
    def restorable(self) -> bool:
        """A good backup exists and restoring is the fix: the file is damaged or missing.

        Not for a file written by a newer mockint (update instead: restoring would drop newer
        work) or another program's database (choose another data folder).
        """
        damaged = isinstance(self.problem, DatabaseDamaged) or not self.exists
        return self.backup is not None and damaged

    @property
    def command(self) -> str:
        return restore_command(self.path)

    def text(self) -> str:
        """Which file, what is wrong, the newest good backup and the command that restores it."""
        folder = backup_dir_for(self.path)
        if self.problem is not None:
            lines = [f"File: {self.path}", f"Problem: {self.problem}"]
        elif not self.exists:
            lines = [f"File: {self.path}", "Problem: it does not exist (mockint creates an empty one)."]
        else:
            lines = [
                f"File: {self.path}",
                "It is healthy: PRAGMA quick_check passes and this mockint can read it.",
            ]
        if self.backup is not None:
            lines.append(f"Newest good backup: {self.backup.describe()}.")
        elif self.backups:
            lines.append(f"None of the {self.backups} backups in {folder} passes a health check.")
        else:
            lines.append(f"There are no backups in {folder}.")
        if self.restorable:
            lines.append(
                "To put it in place (the current file is moved aside, never deleted), quit mockint and "
                f"run:\n    {self.command}"
            )
        return "\n".join(lines)


def examine(db_path: Path) -> Diagnosis:
    """Check ``db_path`` and its backups read-only; see :class:`Diagnosis`. Never raises StoreError."""
    path = Path(db_path)
    exists = path.exists()
    problem: StoreError | None = None
    if path.is_dir():
        problem = StoreError(f"The history database path {path} is a folder; it must be a file.")
    elif exists and path.stat().st_size > 0:
        try:
            check_existing(path)
        except StoreError as exc:
            problem = exc
    folder = backup_dir_for(path)
    return Diagnosis(path, exists, problem, newest_good_backup(folder), len(list_backups(folder)))


def diagnose(db_path: Path) -> str:
    """:meth:`Diagnosis.text` of :func:`examine` ``(db_path)``."""
    return examine(db_path).text()


def explain_failure(db_path: Path, exc: Exception) -> str:
    """The error, plus how to restore the newest good backup when that would fix it.

    Used by every command-line verb that opens the history, so each says which file is damaged
    and what to run.
    """
    text = f"error: {exc}"
    try:
        found = examine(db_path)
    except Exception:  # diagnosing must never hide the original error
        return text
    if found.restorable and found.backup is not None:
        text += (
            f"\nNewest good backup: {found.backup.describe()}.\n"
            "To put it in place (the damaged file is moved aside, never deleted), run:\n"
            f"    {found.command}"
        )
    return text
