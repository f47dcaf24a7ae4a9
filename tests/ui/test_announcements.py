"""The loop's spoken lines are plain text, made without Qt."""

from __future__ import annotations

import subprocess
import sys

from mockint.interview import HALF_TIME
from mockint.ui.announcements import break_words, next_phase, warning_words


def test_warning_words() -> None:
    assert warning_words(HALF_TIME, 1800) == "Half time."
    assert warning_words(900, 1800) == "Half time."
    assert warning_words(300, 1800) == "5 minutes left."
    assert warning_words(60, 1800) == "1 minute left."
    assert warning_words(30, 1800) == "30 seconds left."
    assert (
        next_phase("Scale") == "Next phase: Scale."
        and break_words("ML coding") == "Break. Next up: ML coding."
    )


def test_announcements_import_no_qt() -> None:
    code = "import sys, mockint.ui.announcements; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"
