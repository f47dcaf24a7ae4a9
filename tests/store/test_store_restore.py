"""Diagnosing a bad history file, restoring a backup over it (nothing deleted), `mockint restore`."""

from __future__ import annotations

import argparse
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mockint.store import (
    SCHEMA_VERSION,
    DatabaseDamaged,
    Store,
    StoreError,
    backup_dir_for,
    commands,
    diagnose,
    examine,
    list_backups,
    maybe_backup,
    restore,
)

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def _history_with_backup(db_path: Path) -> tuple[str, Path]:
    """A history with one session, backed up; then a second session that only the live file has."""
    with Store.open(db_path) as store:
        kept = store.sessions.create("loop", "mle-onsite", "In the backup")
        backup = maybe_backup(store, backup_dir_for(db_path), T0)
        store.sessions.create("practice", "dsa", "Only in the live file")
    assert backup is not None
    return kept, backup


def _damage(db_path: Path) -> None:
    """Overwrite the middle of the file, as a failing disk would (the header stays)."""
    data = bytearray(db_path.read_bytes())
    data[4096:8192] = os.urandom(4096)
    db_path.write_bytes(bytes(data))


def _damaged_with_sidecars(db_path: Path) -> dict[str, bytes]:
    _damage(db_path)
    Path(f"{db_path}-wal").write_bytes(b"old wal frames")
    Path(f"{db_path}-shm").write_bytes(b"old shm")
    return {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}


def test_diagnose_names_file_problem_backup_and_command(db_path: Path) -> None:
    _, backup = _history_with_backup(db_path)
    _damage(db_path)
    with pytest.raises(DatabaseDamaged):
        Store.open(db_path)
    text = diagnose(db_path)
    lines = text.splitlines()
    assert len(lines) == 5, text  # SQLite's multi-line reports are folded into one line
    assert lines[0] == f"File: {db_path}"
    assert lines[1].startswith(f"Problem: The history database {db_path} is damaged")
    assert lines[2].startswith(f"Newest good backup: {backup}, taken 2024-05-01 09:00 UTC")
    assert lines[-1].strip() == f"mockint restore --latest --data-dir {db_path.parent}"
    assert examine(db_path).restorable


def test_diagnose_a_healthy_file_and_one_without_backups(db_path: Path) -> None:
    Store.open(db_path).close()
    state = examine(db_path)
    assert state.healthy and not state.restorable
    assert (
        "It is healthy" in state.text()
        and f"There are no backups in {db_path.parent / 'backups'}" in state.text()
    )
    assert "mockint restore" not in state.text()


def test_diagnose_does_not_offer_a_restore_for_a_newer_schema(db_path: Path) -> None:
    _history_with_backup(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    state = examine(db_path)
    assert not state.restorable and "newer mockint" in state.text()
    assert "mockint restore" not in state.text()


def test_diagnose_writes_nothing(db_path: Path) -> None:
    _history_with_backup(db_path)
    _damage(db_path)
    before = {p: p.read_bytes() for p in db_path.parent.rglob("*") if p.is_file()}
    diagnose(db_path)
    assert {p: p.read_bytes() for p in db_path.parent.rglob("*") if p.is_file()} == before


def test_restore_moves_the_damaged_file_and_its_wal_aside_and_puts_the_backup_in(db_path: Path) -> None:
    kept, backup = _history_with_backup(db_path)
    before = _damaged_with_sidecars(db_path)
    aside = restore(backup, db_path, now=T0 + timedelta(days=1))
    assert aside == db_path.with_name("mockint.sqlite3.before-restore-20240502-090000")
    assert aside.read_bytes() == before["mockint.sqlite3"]  # kept, byte for byte
    assert Path(f"{aside}-wal").read_bytes() == b"old wal frames"
    assert Path(f"{aside}-shm").read_bytes() == b"old shm"
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    assert not any(p.name.endswith(".restoring") for p in db_path.parent.iterdir())
    with Store.open(db_path) as store:
        assert store.quick_check()
        assert [s["id"] for s in store.sessions.list()] == [kept]
    assert backup.exists()  # the backup itself stays


def test_restoring_twice_keeps_both_earlier_files(db_path: Path) -> None:
    _, backup = _history_with_backup(db_path)
    _damage(db_path)
    first = restore(backup, db_path, now=T0)
    second = restore(backup, db_path, now=T0)
    assert first != second and first.exists() and second.exists()


def test_restore_into_an_empty_folder(tmp_path: Path, db_path: Path) -> None:
    kept, backup = _history_with_backup(db_path)
    target = tmp_path / "new" / "mockint.sqlite3"
    assert restore(backup, target) is None
    with Store.open(target) as store:
        assert [s["id"] for s in store.sessions.list()] == [kept]


def test_a_damaged_backup_is_refused_and_nothing_changes(db_path: Path) -> None:
    _, backup = _history_with_backup(db_path)
    _damage(backup)
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    with pytest.raises(StoreError, match=f"The backup {backup} cannot be restored"):
        restore(backup, db_path)
    with pytest.raises(StoreError, match="no backup file"):
        restore(db_path.parent / "missing.sqlite3", db_path)
    assert {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()} == before


# -- the command ----------------------------------------------------------------------------------


def _run(argv: list[str], db_path: Path) -> int:
    parser = argparse.ArgumentParser(prog="mockint")
    commands.add_parser(parser.add_subparsers(dest="command"))
    return commands.run(parser.parse_args(argv), db_path)


def test_restore_latest_command(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept, backup = _history_with_backup(db_path)
    _damage(db_path)
    assert _run(["restore", "--latest"], db_path) == 0
    out = capsys.readouterr().out
    assert f"Restored {backup} to {db_path}." in out and "before-restore-" in out
    with Store.open(db_path) as store:
        assert [s["id"] for s in store.sessions.list()] == [kept]


def test_restore_refuses_to_replace_a_healthy_history_without_force(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, backup = _history_with_backup(db_path)
    before = db_path.read_bytes()
    assert _run(["restore", str(backup)], db_path) == 2
    assert "is healthy" in capsys.readouterr().err and db_path.read_bytes() == before
    assert _run(["restore", str(backup), "--force"], db_path) == 0
    with Store.open(db_path) as store:
        assert [s["title"] for s in store.sessions.list()] == ["In the backup"]


def test_restore_list_and_nothing_to_restore(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(db_path).close()
    _damage(db_path)
    assert _run(["restore", "--latest"], db_path) == 1
    assert "no good backup" in capsys.readouterr().err
    backups = backup_dir_for(db_path)
    backups.mkdir()
    (backups / "mockint-20240501-090000-0123456789ab.sqlite3").write_bytes(b"garbage")
    assert _run(["restore", "--list"], db_path) == 0
    assert capsys.readouterr().out.startswith("DAMAGED  ")
    assert len(list_backups(backups)) == 1


def test_restore_needs_exactly_one_choice(db_path: Path) -> None:
    with pytest.raises(SystemExit):
        _run(["restore"], db_path)
    with pytest.raises(SystemExit):
        _run(["restore", "--latest", "some.sqlite3"], db_path)
