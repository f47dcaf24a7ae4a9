"""Take real screenshots of every screen by driving the quick drill, under Xvfb.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python screenshots/take.py OUT_DIR [light|dark]

The main window fills the screen, so the same command at ``-screen 0 1920x1080x24`` shows the
larger layout.

Uses ImageMagick's ``import -window root`` when present (a real X screenshot), else Qt's own grab
of the screen. The data folder is a fresh temporary one, so nothing of yours is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mockint.ui.app import application, make_context, shutdown
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView
from mockint.ui.main_window import MainWindow


class Shooter:
    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> None:
        QApplication.processEvents()
        path = self.out / f"{name}.png"
        if shutil.which("import") and os.environ.get("DISPLAY"):
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:
            QApplication.primaryScreen().grabWindow(0).save(str(path))
        print("saved", path)


def main(out: Path, theme_name: str = "light") -> int:
    from dataclasses import replace

    from mockint import settings

    app = application()
    data = Path(tempfile.mkdtemp(prefix="mockint-shots-"))
    settings.save(data, replace(settings.load(data), theme=theme_name))
    ctx = make_context(data)
    window = MainWindow(ctx)
    window.setGeometry(app.primaryScreen().availableGeometry())  # the whole screen, as maximised
    window.show()
    shooter = Shooter(out)
    page = lambda: window.loop_page  # noqa: E731
    state: dict = {"settle_until": 0.0}
    # Each step waits for its condition, runs, then the next step starts after a short settle.
    steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []

    def step(action: Callable[[], None], when: Callable[[], bool] = lambda: True) -> None:
        steps.append((when, action))

    def view_is(kind: type) -> Callable[[], bool]:
        return lambda: page() is not None and page().run.stage == "round" and isinstance(page().view, kind)

    def dialog_open() -> bool:
        return page() is not None and page().rubric_dialog is not None

    def score(name: str | None = None) -> None:
        d = page().rubric_dialog
        for i, dim in enumerate(d.rubric.dimensions):
            d.set_score(dim.id, 2 + i % 3)
        d.set_recommendation(2)
        d.notes.setPlainText("Explained the approach well; forgot an edge case at first.")
        if name:
            d.setGeometry(190, 20, 980, 720)
            QApplication.processEvents()
            shooter.shot(name)
        d.accept()

    def type_notes(text: str) -> None:
        page().view.editor.setPlainText(text)

    def console_ready() -> bool:
        view = page().view
        return (
            isinstance(view, CodingRoundView)
            and view.kernel is not None
            and view.kernel.state == "ready"
            and "In [1]" in view.console._control.toPlainText()
        )

    def solve() -> None:
        view = page().view
        view.editor.setPlainText(view.question.reference.strip() + "\n")
        view.console.execute("import numpy as np\nnp.arange(6).reshape(2, 3).sum(axis=0)")
        view.request_tests()

    def judged() -> bool:
        view = page().view
        return (
            isinstance(view, CodingRoundView)
            and view.tests_btn.isEnabled()
            and "Out[1]" in view.console._control.toPlainText()
        )

    def round_shot(
        kind: type,
        name: str,
        before: Callable[[], None] | None = None,
        ready: Callable[[], bool] = lambda: True,
        rubric: str | None = None,
    ) -> None:
        if before:
            step(before, view_is(kind))
        step(lambda: shooter.shot(name), lambda: view_is(kind)() and ready())
        step(page_finish)
        step(lambda: score(rubric), dialog_open)
        # After the last round the page is dropped once the summary shows.
        step(lambda: None, lambda: page() is None or page().run.stage != "scoring")
        if name != "behavioral":
            step(
                lambda: shooter.shot("break") if name == "phone-screen" else None,
                lambda: page().run.stage == "break",
            )
            step(lambda: page().controller.skip_break())

    def page_finish() -> None:
        page().controller.finish_round()

    step(lambda: shooter.shot("home"))
    step(lambda: window.start_loop("quick-drill"))
    round_shot(
        DiscussionRoundView,
        "phone-screen",
        lambda: type_notes("Ranking engineer, 4 years; moved from analytics; want to own models."),
        rubric="rubric",
    )
    step(lambda: None, console_ready)
    round_shot(CodingRoundView, "dsa", solve, judged)
    round_shot(
        CodingRoundView,
        "ml-coding",
        None,
        lambda: page().view.kernel is not None and page().view.kernel.state == "ready",
    )

    def theory_answer() -> None:
        type_notes("Bias: a model too simple for the signal. Variance: sensitivity to the sample.")
        panel = page().view.key_points
        panel.reveal_btn.click()
        for box in panel.boxes[:2]:
            box.click()

    round_shot(DiscussionRoundView, "ml-theory", theory_answer)

    def design_answer() -> None:
        type_notes("200M DAU, ~20 feed loads a day: ~50k QPS at peak. Optimise watch time.")
        page().view.key_points.reveal_btn.click()
        page().view.key_points.boxes[0].click()

    round_shot(DesignRoundView, "system-design", design_answer)
    round_shot(
        DiscussionRoundView,
        "behavioral",
        lambda: type_notes("Situation: launch week, recall fell 8%. Action: I bisected the pipeline."),
    )
    step(lambda: shooter.shot("summary"), lambda: window.stack.currentWidget() is window.summary)
    step(window.show_history)
    step(lambda: shooter.shot("history"))

    def add_history() -> None:
        # Six weeks of synthetic sessions, so the review page has trends to draw.
        from datetime import UTC, datetime, timedelta

        from mockint.review.exchange import import_json
        from mockint.review.sample import synthetic_export

        start = datetime.now(UTC) - timedelta(days=42)
        import_json(ctx.store, synthetic_export(ctx.bank, 60, seed=7, start=start))

    step(add_history)
    step(window.show_review)
    step(
        lambda: shooter.shot("review"),
        lambda: (
            window.review is not None
            and window.review.isVisible()
            and not window.review.status.text().startswith("Loading")
        ),
    )
    for tab, name in ((1, "review-weakest"), (2, "review-calibration"), (3, "review-time")):
        step(lambda tab=tab: window.review.tabs.setCurrentIndex(tab))
        step(lambda name=name: shooter.shot(name))
    step(window.show_home)
    step(lambda: shooter.shot("home-after"))

    def open_settings() -> None:
        from mockint.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(ctx.settings, window)
        dialog.setGeometry(450, 180, 470, 380)
        dialog.show()
        state["dialog"] = dialog

    step(open_settings)
    step(lambda: shooter.shot("settings"))
    step(lambda: state["dialog"].close())
    step(app.quit)

    timer = QTimer()

    def advance() -> None:
        now = time.monotonic()
        if not steps or now < state["settle_until"]:
            return
        when, action = steps[0]
        if not when():
            return
        steps.pop(0)
        action()
        state["settle_until"] = now + 0.4

    timer.timeout.connect(advance)
    timer.start(100)
    QTimer.singleShot(180_000, app.quit)  # never hang a CI job
    app.exec()
    if window.loop_page is not None:
        window.loop_page.shutdown()
    shutdown(ctx)
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    # take.py [OUT_DIR [light|dark]]
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/out"), *sys.argv[2:3]))
