"""Issue 11 bug 3: every window and dialog fits a 1366x768 screen (content scrolls inside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog

from mockint.ui.fit import FRAME_ALLOWANCE, fit_to_screen

DRIVER = Path(__file__).with_name("fit_driver.py")


def _screen_config(tmp_path: Path, width: int, height: int) -> Path:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    return config


def test_every_window_and_dialog_fits_a_1366x768_screen(tmp_path: Path) -> None:
    config = _screen_config(tmp_path, 1366, 768)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "MOCKINT_SPEECH": "0"}
    proc = subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    screen = QRect(*result["screen"])
    assert (screen.width(), screen.height()) == (1366, 768)
    assert {"main window", "rubric dialog system_design", "settings dialog"} <= set(result["windows"])
    too_big = {name: geom for name, geom in result["windows"].items() if not screen.contains(QRect(*geom))}
    assert not too_big, f"past the edge of a 1366x768 screen: {too_big}"


def test_fit_to_screen_clamps_and_centres(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    area = dialog.screen().availableGeometry()
    size = fit_to_screen(dialog, area.width() * 2, 300, cap=True)
    assert size.width() == area.width() - FRAME_ALLOWANCE.width()
    assert size.height() == 300
    assert dialog.maximumWidth() == size.width()
    assert area.contains(dialog.geometry())
