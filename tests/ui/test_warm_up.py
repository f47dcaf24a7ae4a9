"""After the home window shows, the app imports what a loop needs one module per event-loop turn
(issue 18): the window stays responsive, and no model library (torch) comes with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
from mockint.ui.app import WARM_MODULES, warm_up
app = QApplication([])
w = QMainWindow(); w.show()
before = [m for m in WARM_MODULES if m in sys.modules]
warm_up()
first_turn = [m for m in WARM_MODULES if m in sys.modules]
deadline = time.monotonic() + 60
while not all(m in sys.modules for m in WARM_MODULES) and time.monotonic() < deadline:
    app.processEvents()
print(json.dumps({"before": before, "first_turn": first_turn,
                  "missing": [m for m in WARM_MODULES if m not in sys.modules],
                  "heavy": [m for m in ("torch", "pandas", "sklearn", "faster_whisper") if m in sys.modules]}))
"""


def test_warm_up_imports_a_loops_modules_one_per_turn_and_no_model_library() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["before"] == []  # nothing of it is imported before the warm-up
    assert found["first_turn"] == ["numpy"]  # one module, then the event loop turns
    assert found["missing"] == []
    assert found["heavy"] == []
