"""Open every top-level window and dialog of mockint on the current (offscreen) screen and print,
as JSON, each one's frame geometry and the screen's available geometry. Run by tests/ui/test_fit.py
in a child process whose offscreen screen is 1366x768.

Usage: python fit_driver.py DATA_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(data_dir: str) -> int:
    from PySide6.QtWidgets import QApplication

    from mockint.ui.app import application, make_context, shutdown

    app = application()
    ctx = make_context(Path(data_dir))
    out: dict[str, list[int]] = {}

    def measure(name: str, widget) -> None:
        widget.show()
        for _ in range(3):
            app.processEvents()
        g = widget.frameGeometry()
        out[name] = [g.x(), g.y(), g.width(), g.height()]
        widget.close()

    from mockint.ui.main_window import MainWindow
    from mockint.ui.rubric_dialog import RubricDialog
    from mockint.ui.settings_dialog import SettingsDialog

    window = MainWindow(ctx)
    measure("main window", window)
    window.show()
    for rubric_id, rubric in sorted(ctx.bank.rubrics.items()):
        evidence = ["Time used: 44:10 of 45:00 allowed", "Phases with notes: 5 of 5 (" + "x, " * 30 + ")"]
        measure(
            f"rubric dialog {rubric_id}", RubricDialog(rubric, "A long round title " * 4, evidence, window)
        )
    measure("settings dialog", SettingsDialog(ctx.settings, window))
    try:
        from mockint.ui.shortcuts import ShortcutSheet
    except ImportError:
        pass
    else:
        measure("shortcut sheet", ShortcutSheet(window))
    try:
        from mockint.ui.question_picker import QuestionPicker
    except ImportError:
        pass
    else:
        measure("question picker", QuestionPicker(ctx.bank, "dsa", window))
    screen = app.primaryScreen().availableGeometry()
    print(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()], "windows": out}))
    window.close()
    shutdown(ctx)
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
