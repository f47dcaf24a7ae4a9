"""Screenshots of the project deep dive, the hiring-manager round and the settings tab for the
candidate's own material (issue 16), under Xvfb:

    xvfb-run -a -s "-screen 0 1366x768x24" ./py screenshots/take_candidate.py OUT_DIR

Files are named ``NAME-WIDTHxHEIGHT.png`` after the screen. A fresh temporary data folder is used.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from mockint import settings
from mockint.ui.app import application, make_context, shutdown
from mockint.ui.main_window import MainWindow

PROJECT = {
    "problem": "Paying users of a music app cancelled without warning; the retention team wanted a weekly list of users at risk.",
    "data": "18 months of listening and billing logs for 2.1 M users; label = cancelled within 30 days of the scoring date (4.2 % positive).",
    "model": "Gradient-boosted trees on 140 behavioural features, against a logistic-regression baseline.",
    "metrics": "PR-AUC 0.41 vs 0.29 for the baseline; a 6-week A/B test of retention offers kept 1.8 points more users.",
    "role": "I owned the features, the time-based split and the experiment design; two engineers built the pipeline.",
}
QUESTIONS = [
    "How will you judge my first six months?",
    "What is the hardest ML problem the team has not solved yet?",
    "How do model changes get from an experiment to production here?",
]


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    app = application()
    geo = app.primaryScreen().geometry()
    size = f"{geo.width()}x{geo.height()}"
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="mockint-shots-"))
    settings.save(data, replace(settings.load(data), speech=False, recording=False))
    ctx = make_context(data)
    window = MainWindow(ctx)
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    settle()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}-{size}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print("saved", path)

    from mockint.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx.settings, window)
    dialog.show()
    shot("settings-general")
    for name, text in PROJECT.items():
        dialog.candidate.project.edits[name].setPlainText(text)
    dialog.candidate.questions.setPlainText("\n".join(QUESTIONS))
    dialog.tabs.setCurrentWidget(dialog.candidate)
    dialog.show()
    shot("settings-candidate")
    dialog.hide()

    window.start_practice("project_deep_dive")  # no project yet: it is entered in the round
    shot("project-deep-dive-empty")
    window.loop_page.end_loop()
    settle()
    dialog._accept()
    settings.save(ctx.data_dir, dialog.result_settings())
    ctx.settings = dialog.result_settings()

    window.start_practice("project_deep_dive")
    settle()
    window.loop_page.view.editor.setPlainText("Why trees: tabular features, mixed scales, missing values.")
    shot("project-deep-dive")
    window.loop_page.end_loop()
    settle()

    window.start_practice("hiring_manager")
    view = window.loop_page.view
    view.show_item(len(view.items) - 1)
    shot("hiring-manager-questions")
    window.loop_page.end_loop()
    settle()
    window.close()
    shutdown(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
