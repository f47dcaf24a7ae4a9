"""Guards against a Qt binding that corrupts the interpreter (seen with PySide6 6.12.0 on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qapp) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("tick")  # the countdown does this several times a second
    # A binding that drops a reference per call would be 1000 short; allow a little noise.
    assert abs(sys.getrefcount(None) - before) < 50
