"""Screenshots of a general system design practice round and its rubric, under Xvfb (issue 16).

    xvfb-run -a -s "-screen 0 1366x768x24" ./py screenshots/take_general_design.py OUT_DIR [SUFFIX]

Saves ``general-system-design{SUFFIX}.png`` (the round on its Estimates phase, notes typed, key
points revealed) and ``rubric-general-system-design{SUFFIX}.png``. Like ``take.py`` it uses a fresh
temporary data folder and ImageMagick's ``import`` when present, else Qt's own screen grab.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from take import Shooter

from mockint.ui.app import application, make_context, shutdown
from mockint.ui.discussion_view import DesignRoundView
from mockint.ui.main_window import MainWindow

NOTES = (
    "100M new links/day ≈ 1,160 writes/s; reads 100:1 ≈ 116k/s, ~350k/s peak.\n"
    "10 years: 365B links × 500 B ≈ 183 TB. 62^7 ≈ 3.5e12 keys, so 7 characters.\n"
    "Hot 20% of a day: 20M × 500 B ≈ 10 GB of cache."
)


def main(out: Path, suffix: str = "") -> int:
    app = application()
    data = Path(tempfile.mkdtemp(prefix="mockint-shots-"))
    ctx = make_context(data)
    window = MainWindow(ctx)
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    shooter = Shooter(out)
    steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []
    settle = {"until": 0.0}

    def page():
        return window.loop_page

    def step(action: Callable[[], None], when: Callable[[], bool] = lambda: True) -> None:
        steps.append((when, action))

    def in_round() -> bool:
        return page() is not None and isinstance(page().view, DesignRoundView)

    def answer() -> None:
        view = page().view
        # The URL shortener, so the notes match the prompt on screen.
        view.phase_list.setCurrentRow(1)
        view.editor.setPlainText(NOTES)
        view.key_points.reveal_btn.click()
        for box in view.key_points.boxes[:3]:
            box.click()

    def score() -> None:
        d = page().rubric_dialog
        for i, dim in enumerate(d.rubric.dimensions):
            d.set_score(dim.id, 2 + i % 3)
        d.set_recommendation(2)
        d.notes.setPlainText("Sized it well; hot-key handling only when pushed.")
        d.setGeometry(190, 20, 980, 720)
        QApplication.processEvents()
        shooter.shot(f"rubric-general-system-design{suffix}")
        d.accept()

    practice = "general_system_design"
    step(lambda: window.practise_question(practice, "general-design.url-shortener"))
    step(answer, in_round)
    step(lambda: shooter.shot(f"general-system-design{suffix}"))
    step(lambda: page().controller.finish_round())
    step(score, lambda: page().rubric_dialog is not None)
    step(app.quit, lambda: page() is None or page().run.stage != "scoring")

    def advance() -> None:
        now = time.monotonic()
        if not steps or now < settle["until"]:
            return
        when, action = steps[0]
        if when():
            steps.pop(0)
            action()
            settle["until"] = now + 0.5

    timer = QTimer()
    timer.timeout.connect(advance)
    timer.start(100)
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    if window.loop_page is not None:
        window.loop_page.shutdown()
    shutdown(ctx)
    shutil.rmtree(data, ignore_errors=True)
    return 0 if not steps else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/out"), *sys.argv[2:3]))
