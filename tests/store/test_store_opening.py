"""Opening the history file: creation, migrations, WAL, and refusing damaged or foreign files untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mockint.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseDamaged,
    ForeignDatabase,
    SchemaTooNew,
    Store,
    StoreError,
)
from mockint.store import schema as schema_module
from mockint.store.schema import APPLICATION_ID, Migration, migrate


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _filled_database(path: Path) -> None:
    """A real history several pages long (so truncating it cuts tables in half)."""
    with Store.open(path) as store:
        for n in range(20):
            sid = store.sessions.create("practice", "ml_theory", f"Practice {n}")
            rid = store.sessions.add_round(sid, 0, "ml_theory", "ML theory", 1800)
            aid = store.answers.add(rid, 0, f"theory-{n}", f"Question {n}")
            store.answers.save_notes(aid, f"notes {n} " * 400)


def test_open_creates_folder_and_file_at_current_schema(db_path: Path) -> None:
    assert not db_path.parent.exists()
    with Store.open(db_path) as store:
        assert store.path == db_path
        assert store.quick_check()
    assert db_path.is_file()
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION
    assert _pragma(db_path, "application_id") == APPLICATION_ID
    tables = {
        row[0]
        for row in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {"sessions", "rounds", "answers", "phase_notes", "verdicts", "scores"} <= tables


def test_wal_mode_and_foreign_keys_are_on(store: Store, db_path: Path) -> None:
    assert _pragma(db_path, "journal_mode") == "wal"  # persistent: any new connection sees it
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == MIGRATIONS[-1].version


def test_reopening_keeps_data_and_version(db_path: Path) -> None:
    with Store.open(db_path) as store:
        sid = store.sessions.create("loop", "standard", "Onsite")
    with Store.open(db_path) as store:
        assert [s["id"] for s in store.sessions.list()] == [sid]
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION


def test_an_empty_file_becomes_a_new_history(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with Store.open(db_path) as store:
        assert store.sessions.list() == []
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION


def test_pending_migrations_run_in_order_in_one_transaction(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    now = SCHEMA_VERSION  # two steps are added on top of whatever the schema is today

    def add_table_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        monkeypatch.setattr(schema_module, "SCHEMA_VERSION", now + 2)
        monkeypatch.setattr(
            schema_module,
            "MIGRATIONS",
            (
                *MIGRATIONS,
                Migration(now + 1, "ok", lambda c: c.execute("CREATE TABLE ok (x)")),
                Migration(now + 2, "fails", add_table_then_fail),
            ),
        )
        with pytest.raises(StoreError, match=f"schema version {now + 2}.*has not been changed"):
            migrate(conn, db_path)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "ok" not in tables and "half_done" not in tables
        assert conn.execute("PRAGMA user_version").fetchone()[0] == now

        monkeypatch.setattr(
            schema_module,
            "MIGRATIONS",
            (
                *MIGRATIONS,
                Migration(now + 1, "a", lambda c: c.execute("CREATE TABLE a (x)")),
                Migration(now + 2, "b", lambda c: c.execute("INSERT INTO a VALUES (3)")),
            ),
        )
        assert migrate(conn, db_path) == now
        assert conn.execute("PRAGMA user_version").fetchone()[0] == now + 2
        assert conn.execute("SELECT x FROM a").fetchall() == [(3,)]  # the second step ran after the first
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()


def test_newer_schema_is_refused_and_left_unchanged(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = _digest(db_path)
    files_before = sorted(os.listdir(db_path.parent))

    with pytest.raises(SchemaTooNew) as caught:
        Store.open(db_path)

    assert caught.value.found == SCHEMA_VERSION + 1
    assert caught.value.known == SCHEMA_VERSION
    message = str(caught.value)
    assert str(db_path) in message and str(SCHEMA_VERSION + 1) in message and "Update mockint" in message
    assert isinstance(caught.value, StoreError)
    assert _digest(db_path) == before
    assert sorted(os.listdir(db_path.parent)) == files_before


def test_random_bytes_are_reported_damaged_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "mockint.sqlite3"
    path.write_bytes(os.urandom(64 * 1024))
    before = _digest(path)

    with pytest.raises(DatabaseDamaged) as caught:
        Store.open(path)

    assert caught.value.path == path
    assert "SQLite file header" in caught.value.detail
    assert str(path) in str(caught.value) and "has not been changed" in str(caught.value)
    assert _digest(path) == before
    assert os.listdir(tmp_path) == ["mockint.sqlite3"]


def test_random_bytes_after_a_valid_header_are_reported_damaged(tmp_path: Path) -> None:
    path = tmp_path / "mockint.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    before = _digest(path)

    with pytest.raises(DatabaseDamaged):
        Store.open(path)

    assert _digest(path) == before
    assert os.listdir(tmp_path) == ["mockint.sqlite3"]


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.9])
def test_truncated_database_is_reported_damaged_and_left_unchanged(db_path: Path, keep: float) -> None:
    _filled_database(db_path)
    data = db_path.read_bytes()
    assert len(data) > 8 * 4096
    db_path.write_bytes(data[: int(len(data) * keep)])
    before = _digest(db_path)

    with pytest.raises(DatabaseDamaged) as caught:
        Store.open(db_path)

    assert caught.value.path == db_path
    assert _digest(db_path) == before
    assert os.listdir(db_path.parent) == [db_path.name]


def test_another_programs_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)

    with pytest.raises(ForeignDatabase, match="contacts"):
        Store.open(path)

    assert _digest(path) == before


def test_a_folder_in_place_of_the_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mockint.sqlite3").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path / "mockint.sqlite3")


def _crash(code: str) -> None:
    """Run ``code`` in a child Python that must end with ``os._exit(3)``, as a crash would."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], timeout=60, capture_output=True)
    assert done.returncode == 3, done.stderr.decode()


def test_saved_work_survives_the_app_being_killed(db_path: Path) -> None:
    _crash(
        f"""
        import os
        from mockint.store import Store
        store = Store.open({str(db_path)!r})
        sid = store.sessions.create("loop", "standard", "Onsite")
        rid = store.sessions.add_round(sid, 0, "dsa", "DSA", 2700)
        aid = store.answers.add(rid, 0, "two-sum", "Two sum")
        store.answers.save_code(aid, "def two_sum(): pass")
        os._exit(3)  # no close(): the WAL still holds the commits
        """
    )
    assert Path(f"{db_path}-wal").exists()
    with Store.open(db_path) as store:
        [session] = store.sessions.unfinished()
        detail = store.sessions.detail(session["id"])
    assert detail["rounds"][0]["answers"][0]["code"] == "def two_sum(): pass"


def test_a_hot_rollback_journal_is_recovered_before_checking(db_path: Path) -> None:
    with Store.open(db_path) as store:
        kept = store.sessions.create("practice", "dsa", "Kept")
    # A crash in the middle of a big rollback-journal transaction leaves a hot -journal file, which
    # a read-only connection cannot roll back.
    _crash(
        f"""
        import os, sqlite3
        conn = sqlite3.connect({str(db_path)!r}, isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN")
        for n in range(3000):
            conn.execute("INSERT INTO sessions VALUES (?, 'loop', 't', ?, 'x', NULL, 'active')",
                         (str(n), "x" * 300))
        os._exit(3)
        """
    )
    assert Path(f"{db_path}-journal").exists()
    with Store.open(db_path) as store:
        assert [s["id"] for s in store.sessions.list()] == [kept]
        assert store.quick_check()
    assert _pragma(db_path, "journal_mode") == "wal"


def test_backup_is_a_complete_healthy_copy(store: Store, tmp_path: Path) -> None:
    sid = store.sessions.create("loop", "standard", "Onsite")
    dest = store.backup(tmp_path / "backups" / "mockint-1.sqlite3")
    assert dest.is_file()
    assert not Path(f"{dest}.part").exists()
    with Store.open(dest) as copy:
        assert copy.quick_check()
        assert [s["id"] for s in copy.sessions.list()] == [sid]


def test_close_twice_is_harmless(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()
