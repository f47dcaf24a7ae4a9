"""`mockint` pauses Python's cycle collector while it launches and resumes it once the window is
shown (issue 18: launch time), so the app never runs for long without it; and nothing heavy is
imported on the way to the window (the coverage verb's parser once brought numpy)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_LAUNCH = """
import gc, json, sys, time
from PySide6.QtWidgets import QApplication

seen = {}

def _watch():
    # called once the event loop runs; the window is shown by then
    app = QApplication.instance()
    end = time.time() + 5
    while time.time() < end and not gc.isenabled():
        app.processEvents()
    seen["enabled_after_show"] = gc.isenabled()
    seen["window_shown"] = any(w.isVisible() for w in app.topLevelWidgets())

_real_show = None

def _show(self):
    seen["enabled_at_show"] = gc.isenabled()
    seen["heavy_at_show"] = [m for m in ("numpy", "qtconsole", "torch", "pyttsx3") if m in sys.modules]
    return _real_show(self)

def _exec(self=None):
    _watch()
    return 0

QApplication.exec = _exec
from mockint.ui import main_window
_real_show = main_window.MainWindow.show
main_window.MainWindow.show = _show
from mockint.cli import main
code = main(["--data-dir", sys.argv[1]])
print(json.dumps(seen))
sys.exit(code)
"""


def test_launch_pauses_the_collector_until_the_window_shows_and_imports_nothing_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MOCKINT_SPEECH": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCH, str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen == {
        "enabled_at_show": False,
        "heavy_at_show": [],
        "enabled_after_show": True,
        "window_shown": True,
    }
