"""Backups: taken only when due and changed, self-contained and healthy, thinned daily/weekly/monthly."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mockint.store import (
    DatabaseDamaged,
    Store,
    backup_dir_for,
    list_backups,
    maybe_backup,
    newest_good_backup,
)
from mockint.store import backup as backup_module
from mockint.store import store as store_module
from mockint.store.backup import KEEP_DAYS, KEEP_MONTHS, KEEP_WEEKS, Backup, keep_set, thin

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def _session(store: Store, title: str = "Onsite") -> str:
    sid = store.sessions.create("loop", "mle-onsite", title)
    rid = store.sessions.add_round(sid, 0, "ml_theory", "ML theory", 1800)
    store.answers.save_notes(store.answers.add(rid, 0, "theory.bias", "Bias"), f"notes for {title}")
    return sid


def test_first_backup_is_a_healthy_self_contained_copy(store: Store, db_path: Path) -> None:
    sid = _session(store)
    folder = backup_dir_for(db_path)
    made = maybe_backup(store, folder, T0)
    assert made is not None and made.parent == folder
    assert made.name.startswith("mockint-20240501-090000-") and made.suffix == ".sqlite3"
    assert sorted(p.name for p in folder.iterdir()) == [made.name]  # no -wal, -shm or .part beside it
    assert Path(f"{db_path}-wal").stat().st_size == 0  # checkpointed (TRUNCATE) before copying
    conn = sqlite3.connect(made.as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT id FROM sessions").fetchall() == [(sid,)]
    finally:
        conn.close()
    [listed] = list_backups(folder)
    assert listed.path == made and listed.taken_at == T0
    assert newest_good_backup(folder) == listed


def test_a_backup_is_taken_only_when_due_and_changed(store: Store, db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    _session(store, "first")
    first = maybe_backup(store, folder, T0)
    assert first is not None
    _session(store, "second")
    assert maybe_backup(store, folder, T0 + timedelta(minutes=29)) is None  # changed, but not due
    second = maybe_backup(store, folder, T0 + timedelta(minutes=30))
    assert second is not None and second != first
    assert maybe_backup(store, folder, T0 + timedelta(hours=5)) is None  # due, but nothing changed
    store.sessions.update_round_time(store.sessions.list()[0]["rounds"][0]["id"], 61.5)  # any write counts
    third = maybe_backup(store, folder, T0 + timedelta(hours=6))
    assert third is not None
    # All three are from one day, and retention keeps the newest backup of a day.
    assert [b.path for b in list_backups(folder)] == [third]


def test_reopening_without_changes_takes_no_new_backup(db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    with Store.open(db_path) as store:
        _session(store)
        assert maybe_backup(store, folder, T0) is not None
    for hours in (1, 2):  # a launch that only reads, then closes
        with Store.open(db_path) as store:
            store.sessions.list()
            assert maybe_backup(store, folder, T0 + timedelta(hours=hours)) is None
    assert len(list_backups(folder)) == 1


def test_deleting_the_newest_backup_by_hand_makes_the_next_call_take_one(store: Store, db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    _session(store)
    first = maybe_backup(store, folder, T0)
    _session(store, "later")
    second = maybe_backup(store, folder, T0 + timedelta(hours=1))
    assert first and second
    second.unlink()
    assert maybe_backup(store, folder, T0 + timedelta(hours=2)) is not None


def test_a_clock_that_went_back_does_not_stop_backups(store: Store, db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    _session(store)
    assert maybe_backup(store, folder, T0 + timedelta(days=3)) is not None
    _session(store, "after the clock was reset")
    assert maybe_backup(store, folder, T0) is not None


def test_a_damaged_database_is_not_backed_up_and_older_backups_stay(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = backup_dir_for(db_path)
    _session(store)
    good = maybe_backup(store, folder, T0)
    _session(store, "later")
    # Real damage cannot get past Store.open's own check, so the copy's check is made to fail.
    monkeypatch.setattr(store_module, "integrity_problems", lambda conn: ["row 3 missing from index"])
    with pytest.raises(DatabaseDamaged, match="row 3 missing from index"):
        maybe_backup(store, folder, T0 + timedelta(days=40))
    assert [b.path for b in list_backups(folder)] == [good]
    assert sorted(p.name for p in folder.iterdir()) == [good.name]


def test_newest_good_backup_skips_a_damaged_one(store: Store, db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    _session(store)
    good = maybe_backup(store, folder, T0)
    damaged = folder / "mockint-20240502-090000-0123456789ab.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    (folder / "notes.txt").write_text("not a backup")
    (folder / "mockint-yesterday.sqlite3").write_bytes(b"")
    assert [b.path for b in list_backups(folder)] == [damaged, good]
    best = newest_good_backup(folder)
    assert best is not None and best.path == good
    assert newest_good_backup(folder / "missing") is None


# -- retention ------------------------------------------------------------------------------------


def _fake(taken_at: datetime) -> Backup:
    return Backup(Path(f"/b/{taken_at:%Y%m%d-%H%M%S}"), taken_at, "0" * 12)


def test_retention_keeps_newest_per_day_week_and_month() -> None:
    now = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)  # a Sunday
    hourly = [_fake(now - timedelta(hours=h)) for h in range(0, 24 * 500)]
    kept = keep_set(hourly, now)
    kept_times = sorted((b.taken_at for b in hourly if b.path in kept), reverse=True)

    newest: dict[tuple[object, ...], datetime] = {}
    for b in hourly:  # newest first
        t = b.taken_at
        for key in (("day", t.date()), ("week", *t.isocalendar()[:2]), ("month", t.year, t.month)):
            newest.setdefault(key, t)
    expected = {now}
    for b in hourly:
        age, t = now - b.taken_at, b.taken_at
        if age < timedelta(days=KEEP_DAYS):
            expected.add(newest[("day", t.date())])
        if age < timedelta(weeks=KEEP_WEEKS):
            expected.add(newest[("week", *t.isocalendar()[:2])])
        if (now.year - t.year) * 12 + now.month - t.month < KEEP_MONTHS:
            expected.add(newest[("month", t.year, t.month)])
    assert set(kept_times) == expected
    # Each kept copy is the last one of its day (23:00) except today's newest, and the oldest kept
    # is the end of the month eleven months back.
    assert all(t.hour == 23 for t in kept_times[1:])
    assert kept_times[-1] == datetime(2024, 7, 31, 23, 0, tzinfo=UTC)
    assert len(kept) <= 1 + KEEP_DAYS + KEEP_WEEKS + KEEP_MONTHS


def test_retention_in_numbers_for_a_year_of_daily_use() -> None:
    now = datetime(2025, 6, 15, 20, 0, tzinfo=UTC)
    daily = [_fake(now - timedelta(days=d)) for d in range(365 * 2)]
    keep = keep_set(daily, now)
    kept = sorted((b.taken_at.date() for b in daily if b.path in keep), reverse=True)
    assert kept[:7] == [(now - timedelta(days=d)).date() for d in range(7)]  # every day of the last week
    # ... then the Sundays ending the four older ISO weeks of the last five, and eleven month-ends.
    weeks = ["2025-06-08", "2025-06-01", "2025-05-25", "2025-05-18"]
    months = [
        "2025-05-31",
        "2025-04-30",
        "2025-03-31",
        "2025-02-28",
        "2025-01-31",
        "2024-12-31",
        "2024-11-30",
        "2024-10-31",
        "2024-09-30",
        "2024-08-31",
        "2024-07-31",
    ]
    assert sorted(str(d) for d in kept[7:]) == sorted(weeks + months)
    assert len(kept) == 7 + 4 + 11


def test_thin_deletes_only_what_retention_drops(store: Store, db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    now = datetime(2025, 6, 15, 20, 0, tzinfo=UTC)
    folder.mkdir()
    for d in range(60):
        (folder / backup_module.backup_name(now - timedelta(days=d), f"{d:012x}")).write_bytes(b"x")
    (folder / "mine.txt").write_text("kept: not a backup")
    stale_part = folder / "mockint-20250101-000000-000000000000.sqlite3.part"
    stale_part.write_bytes(b"half")
    before = {b.path for b in list_backups(folder)}
    removed = set(thin(folder, now))
    after = {b.path for b in list_backups(folder)}
    assert after == keep_set([b for b in map(backup_module.parse_backup, before) if b], now)
    assert removed == (before - after) | {stale_part}
    assert (folder / "mine.txt").exists()


def test_backups_over_a_year_stay_bounded(db_path: Path) -> None:
    """Real backups through maybe_backup, one day of use a week for a year."""
    folder = backup_dir_for(db_path)
    with Store.open(db_path) as store:
        for day in range(0, 365, 7):
            _session(store, f"day {day}")
            assert maybe_backup(store, folder, T0 + timedelta(days=day)) is not None
    backups = list_backups(folder)
    assert 12 <= len(backups) <= 1 + KEEP_DAYS + KEEP_WEEKS + KEEP_MONTHS
    assert backups[0].taken_at == T0 + timedelta(days=364)
    assert len(backups) == 1 + 4 + 12 - 1  # this week's; 4 older weeks; 12 months, one shared
    with Store.open(backups[-1].path) as oldest:
        assert oldest.quick_check()


def test_backup_if_due_logs_a_failure_instead_of_raising(
    store: Store, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mockint.store import backup_if_due

    _session(store)
    backup_dir_for(db_path).write_text("a file where the backups folder should be")
    assert backup_if_due(store, T0) is None
    assert "no backup taken" in caplog.text and str(backup_dir_for(db_path)) in caplog.text
    backup_dir_for(db_path).unlink()
    made = backup_if_due(store, T0)
    assert made is not None and made.parent == backup_dir_for(db_path)
