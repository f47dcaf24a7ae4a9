"""Screenshots of one practice round of a given round type, under Xvfb.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python screenshots/take_round.py \
        ROUND_TYPE OUT_DIR [light|dark]

Takes ``ROUND_TYPE-round.png`` (the round as it opens), ``ROUND_TYPE-answered.png`` (after an
answer: for a question with a numeric answer, a wrong number checked, so the result and the
worked solution show) and ``ROUND_TYPE-rubric.png`` (the rubric dialog). Used for round types that
the quick drill of ``take.py`` does not reach. The data folder is a fresh temporary one.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer

from mockint.ui.app import application, make_context, shutdown
from mockint.ui.main_window import MainWindow
from mockint.ui.numeric_answer import NumericAnswerPanel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from take import Shooter  # noqa: E402


def main(round_type: str, out: Path, theme_name: str = "light") -> int:
    from dataclasses import replace

    from mockint import settings

    app = application()
    data = Path(tempfile.mkdtemp(prefix="mockint-shots-"))
    settings.save(data, replace(settings.load(data), theme=theme_name))
    ctx = make_context(data)
    window = MainWindow(ctx)
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    shooter = Shooter(out)
    page = lambda: window.loop_page  # noqa: E731
    steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []

    def step(action: Callable[[], None], when: Callable[[], bool] = lambda: True) -> None:
        steps.append((when, action))

    def answer() -> None:
        view = page().view
        if hasattr(view, "editor"):
            view.editor.setPlainText("First I'd define the events, then condition on what we know.")
        panel = view.findChild(NumericAnswerPanel)
        questions = page().run.current.questions
        numeric = [i for i, q in enumerate(questions) if q.numeric is not None]
        if panel is not None and numeric:
            view.show_item(numeric[0])
            value = questions[numeric[0]].numeric.value
            panel.field.setText(f"{value * 1.5 + 0.1:.4g}")
            panel.check_btn.click()

    def dialog_open() -> bool:
        return page() is not None and page().rubric_dialog is not None

    step(lambda: window.start_practice(round_type))
    step(lambda: shooter.shot(f"{round_type}-round"), lambda: page() is not None and page().view is not None)
    step(answer)
    step(lambda: shooter.shot(f"{round_type}-answered"))
    step(lambda: page().controller.finish_round())
    step(lambda: shooter.shot(f"{round_type}-rubric"), dialog_open)
    step(lambda: page().rubric_dialog.accept())

    index = [0]

    def tick() -> None:
        if index[0] >= len(steps):
            timer.stop()
            app.quit()
            return
        when, action = steps[index[0]]
        if when():
            action()
            index[0] += 1

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(700)
    QTimer.singleShot(120_000, app.quit)  # never hang a screenshot run
    app.exec()
    if window.loop_page is not None:
        window.loop_page.shutdown()
    shutdown(ctx)
    return 0 if index[0] >= len(steps) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), *(sys.argv[3:4] or ["light"])))
