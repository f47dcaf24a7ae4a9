"""The leak check (tests/leaks.py) notices each kind of leftover, and forgives what shuts down in time."""

from __future__ import annotations

import gc
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from leaks import leaked, snapshot, wait_for_no_leaks

from mockint.store import Store


def test_each_kind_of_leftover_is_reported(tmp_path: Path) -> None:
    before = snapshot()
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="forgotten-worker")
    thread.start()
    folder = Path(tempfile.mkdtemp(prefix="mockint-kernel-"))
    store = Store.open(tmp_path / "mockint.sqlite3")
    try:
        found = wait_for_no_leaks(before, grace_s=0.2)
        text = "\n".join(found)
        assert f"child process {proc.pid}: " in text and "time.sleep(60)" in text
        assert "thread 'forgotten-worker' (non-daemon)" in text
        assert f"temporary folder {folder}" in text
        assert f"open database file {tmp_path / 'mockint.sqlite3'}" in text
    finally:
        proc.kill()
        proc.wait()
        stop.set()
        thread.join()
        folder.rmdir()
        store.close()
    assert wait_for_no_leaks(before, grace_s=5) == []


def test_what_shuts_down_within_the_grace_period_is_not_a_leak(tmp_path: Path) -> None:
    before = snapshot()
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    del conn  # unreachable: garbage collection closes it
    assert wait_for_no_leaks(before, grace_s=10) == []
    assert proc.wait() == 0


def test_a_database_only_an_unreachable_cycle_holds_is_collected_not_reported(tmp_path: Path) -> None:
    """The check collects cycles itself once something looks left over (it no longer collects
    after every test), so a connection kept only by a cycle is closed and not called a leak."""
    before = snapshot()
    gc.disable()
    try:
        holder: dict = {"conn": sqlite3.connect(tmp_path / "cycle.sqlite3")}
        holder["conn"].execute("CREATE TABLE t (x)")
        holder["self"] = holder  # a cycle: reference counting alone never frees it
        del holder
        assert any("cycle.sqlite3" in line for line in leaked(before, snapshot()))
        assert wait_for_no_leaks(before, grace_s=0.2) == []
    finally:
        gc.enable()
