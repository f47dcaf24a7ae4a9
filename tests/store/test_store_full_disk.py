"""A read-only data folder or a full disk: a StoreError that names the folder, nothing half-written.

Each case runs in a child Python: the read-only cases need a process that file permissions apply
to (as root, one without CAP_DAC_OVERRIDE, via capsh); the full-disk cases set RLIMIT_FSIZE, which
makes any write past the limit fail with EFBIG (SIGXFSZ is ignored so the write returns an error
instead of killing the process), as a full disk would.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mockint.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and rlimits")

_PRELUDE = """
import json, os, resource, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from mockint.store import CannotWrite, Store, StoreError, maybe_backup

def report(**fields):
    print("RESULT " + json.dumps(fields))

def limit_file_size(nbytes):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, resource.RLIM_INFINITY))
"""


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions hold, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    capsh = shutil.which("capsh")
    if capsh is None:  # make system-deps installs it (Debian: libcap2-bin)
        pytest.fail("running as root needs capsh (libcap2-bin) so that read-only folders stop writes")
    return [capsh, "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--", "-c", 'exec "$0" "$@"']


def _child(code: str, *, unprivileged: bool = False) -> dict:
    prefix = _unprivileged() if unprivileged else []
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and results, done.stdout + done.stderr
    return json.loads(results[-1].removeprefix("RESULT "))


def _filled(db_path: Path) -> str:
    with Store.open(db_path) as store:
        sid = store.sessions.create("loop", "mle-onsite", "Kept")
        rid = store.sessions.add_round(sid, 0, "ml_theory", "ML theory", 1800)
        store.answers.save_notes(store.answers.add(rid, 0, "theory.bias", "Bias"), "saved before")
    return sid


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def read_only(tmp_path: Path):
    """Make folders read-only for the test; restores their mode afterwards so tmp_path can go."""
    changed: list[tuple[Path, int]] = []

    def make(path: Path, mode: int = 0o555) -> Path:
        changed.append((path, path.stat().st_mode))
        path.chmod(mode)
        return path

    yield make
    for path, mode in reversed(changed):
        path.chmod(mode)


def test_a_new_history_in_a_read_only_folder_is_refused_naming_the_folder(tmp_path: Path, read_only) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    read_only(folder)
    result = _child(
        f"""
        try:
            Store.open({str(folder / "mockint.sqlite3")!r})
            report(opened=True)
        except CannotWrite as exc:
            report(opened=False, reason=exc.reason, folder=str(exc.folder), message=str(exc))
        """,
        unprivileged=True,
    )
    assert result["opened"] is False and result["reason"] == "read-only"
    assert result["folder"] == str(folder)
    assert f"the folder {folder} is read-only" in result["message"]
    assert "--data-dir" in result["message"]
    assert list(folder.iterdir()) == []  # not even an empty file


def test_an_existing_history_in_a_read_only_folder_is_refused_and_left_unchanged(
    tmp_path: Path, read_only
) -> None:
    db = tmp_path / "data" / "mockint.sqlite3"
    _filled(db)
    before = _snapshot(db.parent)
    read_only(db.parent)
    result = _child(
        f"""
        try:
            Store.open({str(db)!r})
            report(opened=True)
        except CannotWrite as exc:
            report(opened=False, reason=exc.reason, message=str(exc))
        """,
        unprivileged=True,
    )
    assert result == {"opened": False, "reason": "read-only", "message": result["message"]}
    assert str(db.parent) in result["message"]
    assert _snapshot(db.parent) == before


def test_a_read_only_file_is_refused_when_opened_not_at_the_first_save(tmp_path: Path) -> None:
    db = tmp_path / "data" / "mockint.sqlite3"
    _filled(db)
    db.chmod(0o444)
    before = db.read_bytes()
    result = _child(
        f"""
        try:
            Store.open({str(db)!r})
            report(opened=True)
        except CannotWrite as exc:
            report(opened=False, reason=exc.reason, message=str(exc))
        """,
        unprivileged=True,
    )
    assert result["opened"] is False and result["reason"] == "read-only file"
    assert f"the file {db} (in the folder {db.parent}) is read-only" in result["message"]
    assert db.read_bytes() == before


def test_backups_into_a_read_only_folder_fail_clearly_and_leave_no_part_file(
    tmp_path: Path, read_only
) -> None:
    db = tmp_path / "data" / "mockint.sqlite3"
    _filled(db)
    backups = db.parent / "backups"
    backups.mkdir()
    read_only(backups)
    result = _child(
        f"""
        store = Store.open({str(db)!r})
        try:
            maybe_backup(store, Path({str(backups)!r}), datetime.now(UTC))
            report(backed_up=True)
        except CannotWrite as exc:
            report(backed_up=False, reason=exc.reason, message=str(exc))
        finally:
            store.close()
        """,
        unprivileged=True,
    )
    assert result["backed_up"] is False and result["reason"] == "read-only"
    assert f"the folder {backups} is read-only" in result["message"]
    assert list(backups.iterdir()) == []


def test_a_full_disk_mid_session_names_the_folder_and_keeps_every_earlier_save(db_path: Path) -> None:
    sid = _filled(db_path)
    result = _child(
        f"""
        store = Store.open({str(db_path)!r})
        answer = store.sessions.detail({sid!r})["rounds"][0]["answers"][0]["id"]
        store.answers.save_notes(answer, "saved before the disk filled")
        limit_file_size(os.path.getsize({str(db_path)!r}) + 8192)
        outcomes = []
        for size in (200_000, 400_000):
            try:
                store.answers.save_notes(answer, "x" * size)
                outcomes.append("saved")
            except CannotWrite as exc:
                outcomes.append([exc.reason, str(exc)])
        try:
            store.answers.save_notes(answer, "small edit after the failure")
            outcomes.append("saved")
        except CannotWrite as exc:
            outcomes.append([exc.reason, str(exc)])
        report(outcomes=outcomes)
        os._exit(0)  # as a crash would: no close, no checkpoint
        """
    )
    big_1, big_2, small = result["outcomes"]
    for reason, message in (big_1, big_2):
        assert reason in ("full", "io")
        assert f"the folder {db_path.parent}" in message and "free" in message
        assert "Nothing was half-written" in message
    assert small == "saved"  # a write that fits still goes through
    with Store.open(db_path) as store:
        assert store.quick_check()
        notes = store.sessions.detail(sid)["rounds"][0]["answers"][0]["notes"]
    assert notes == "small edit after the failure"


def test_a_full_disk_while_creating_the_history_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "data" / "mockint.sqlite3"
    db.parent.mkdir()
    result = _child(
        f"""
        limit_file_size(0)
        try:
            Store.open({str(db)!r})
            report(opened=True)
        except StoreError as exc:
            report(opened=False, kind=type(exc).__name__, message=str(exc))
        """
    )
    assert result["opened"] is False and str(db.parent) in result["message"], result
    # Whatever SQLite left is empty (a new history next time), and the next launch works.
    assert all(p.stat().st_size == 0 for p in db.parent.iterdir())
    with Store.open(db) as store:
        assert store.sessions.list() == []


def test_a_full_disk_during_a_backup_leaves_no_partial_backup(db_path: Path) -> None:
    _filled(db_path)
    backups = db_path.parent / "backups"
    result = _child(
        f"""
        store = Store.open({str(db_path)!r})
        limit_file_size(4096)
        try:
            maybe_backup(store, Path({str(backups)!r}), datetime.now(UTC))
            report(backed_up=True)
        except CannotWrite as exc:
            report(backed_up=False, reason=exc.reason, message=str(exc))
        """
    )
    assert result["backed_up"] is False and str(backups) in result["message"]
    assert list(backups.iterdir()) == []
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()
