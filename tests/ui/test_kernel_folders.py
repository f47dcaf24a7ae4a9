"""Issue 11 bug 9: kernel folders left by a killed mockint are removed at start; live ones stay."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from mockint.ui.kernel import UNOWNED_STALE_AFTER_S, WORKDIR_PREFIX, clean_stale_workdirs


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "kernel.json").write_text("{}")
    (folder / "kernel-1").write_text("")  # an ipc socket's stand-in
    return folder


def test_stale_folders_go_live_ones_stay(tmp_path: Path) -> None:
    stale = _folder(tmp_path, f"{WORKDIR_PREFIX}{_dead_pid()}-abc123")
    live = _folder(tmp_path, f"{WORKDIR_PREFIX}{os.getpid()}-def456")
    old_unowned = _folder(tmp_path, f"{WORKDIR_PREFIX}q1w2e3")
    new_unowned = _folder(tmp_path, f"{WORKDIR_PREFIX}r4t5y6")
    past = time.time() - UNOWNED_STALE_AFTER_S - 60
    os.utime(old_unowned, (past, past))
    other = _folder(tmp_path, "someone-elses-folder")

    removed = clean_stale_workdirs(tmp_path)

    assert sorted(removed) == sorted([stale, old_unowned])
    assert not stale.exists() and not old_unowned.exists()
    assert live.exists() and new_unowned.exists() and other.exists()


def test_a_kernel_folder_names_its_owner(monkeypatch, tmp_path: Path) -> None:
    """New folders carry this process's pid, so a later start can tell whether their owner is gone."""
    import mockint.ui.kernel as kernel

    made = []
    monkeypatch.setattr(kernel.tempfile, "mkdtemp", lambda prefix: made.append(prefix) or str(tmp_path))
    handler = kernel.KernelHandler()
    assert made == [f"{WORKDIR_PREFIX}{os.getpid()}-"]
    handler.deleteLater()


_LAUNCH = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication

def _run_briefly(self):  # the app's event loop, for one second, instead of until the window closes
    end = time.time() + 1.0
    while time.time() < end:
        QApplication.processEvents()
    return 0

QApplication.exec = _run_briefly
from mockint.ui.app import run_app
sys.exit(run_app(Path(sys.argv[1])))
"""


def test_starting_the_app_removes_a_killed_runs_kernel_folder(tmp_path: Path) -> None:
    """The bug as a user meets it: a kill -9 left a kernel folder; the next start removes it."""
    temp = tmp_path / "temp"
    temp.mkdir()
    left_over = _folder(temp, f"mockint-kernel-{_dead_pid()}-abc123")
    env = {**os.environ, "TMPDIR": str(temp), "QT_QPA_PLATFORM": "offscreen", "MOCKINT_SPEECH": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCH, str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert not left_over.exists()
