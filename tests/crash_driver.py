"""Drive the real app headless, typing at a steady pace, for tests/test_crash_resume.py to kill.

    python tests/crash_driver.py --data-dir DIR --log FILE --scenario {phone,coding,break,resume}

It starts the app as a user would (``mockint loop quick-drill --data-dir DIR``, through
``mockint.cli.main``) and, from a timer on the Qt event loop, acts on the window the app shows:

* ``phone``: types notes into the phone-screen round, one character every ``--pace`` seconds;
* ``coding``: finishes and scores the phone screen, skips the break, then types code at the end of
  the DSA round's editor at the same pace;
* ``break``: finishes and scores the phone screen and waits in the 15-second break;
* ``resume``: presses "Continue" on the home screen, reports what the resumed round shows, quits.

Everything it does goes to ``--log`` as JSON lines (``{"t": unix time, "event": ...}``), each
written with one ``os.write`` so a kill never leaves half a line. ``text`` events carry the whole
editor text after each keystroke; ``clock`` events the round's used seconds. It never exits by
itself except in ``resume``: the test kills it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

TYPED = "Two years ranking at a fintech; led the feature store migration; on call for the model API. " * 5
CODE = "    # a first idea: sort, then two pointers over the sorted copy\n" * 6


class Robot:
    """Acts on the app's main window from a timer tick, one small step per tick."""

    def __init__(self, scenario: str, log_path: Path, pace_s: float) -> None:
        self.scenario = scenario
        self.fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.pace_s = pace_s
        self.window = None
        self.typed = 0
        self.step = "find-window"

    def log(self, event: str, **fields: object) -> None:
        os.write(self.fd, (json.dumps({"t": time.time(), "event": event, **fields}) + "\n").encode())

    # -- helpers ------------------------------------------------------------------------------
    def page(self):
        return self.window.loop_page if self.window is not None else None

    def log_clock(self) -> None:
        page = self.page()
        if page is not None and page.run.stage == "round" and page.controller.countdown is not None:
            self.log("clock", round=page.run.index, used_s=page.controller.countdown.elapsed_s)

    def type_one(self, editor, text: str) -> None:
        from PySide6.QtGui import QTextCursor
        from PySide6.QtTest import QTest

        editor.moveCursor(QTextCursor.MoveOperation.End)
        char = text[self.typed % len(text)]
        if char == "\n":
            editor.insertPlainText("\n")  # no auto-indent: the logged text stays predictable
        else:
            QTest.keyClicks(editor, char)
        self.typed += 1
        self.log("text", round=self.page().run.index, typed=self.typed, text=editor.toPlainText())

    def score_current_round(self) -> bool:
        page = self.page()
        dialog = page.rubric_dialog
        if dialog is None or not dialog.isVisible():
            return False
        for dim in dialog.rubric.dimensions:
            dialog.set_score(dim.id, 3)
        dialog.set_recommendation(2)
        dialog.buttons.buttons()[0].click()
        return True

    # -- the state machine ------------------------------------------------------------------------
    def tick(self) -> None:  # noqa: C901 - the driver's state machine: one short branch per step, in order
        from PySide6.QtWidgets import QApplication

        from mockint.ui.coding_view import CodingRoundView
        from mockint.ui.discussion_view import DiscussionRoundView
        from mockint.ui.main_window import MainWindow

        if self.step == "find-window":
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            if windows:
                self.window = windows[0]
                self.step = "continue" if self.scenario == "resume" else "wait-round"
                self.log("window")
            return
        page = self.page()
        if self.step == "continue":
            if not self.window.home.continue_btn.isVisible():
                self.log("nothing-to-continue")
                QApplication.quit()
                return
            self.window.home.continue_btn.click()
            page = self.page()
            view = page.view
            shown = view.editor.toPlainText() if view is not None else ""
            self.log(
                "resumed",
                round=page.run.index,
                session=page.run.session_id,
                view=type(view).__name__,
                text=shown,
                paused=page.controller.paused,
            )
            self.step = "quit"
            return
        if self.step == "quit":
            QApplication.quit()
            return
        if page is None:
            return
        self.log_clock()
        if self.step == "wait-round":
            if page.run.stage == "round" and isinstance(page.view, DiscussionRoundView):
                self.log("round", round=page.run.index, session=page.run.session_id)
                self.step = "type-notes" if self.scenario == "phone" else "finish-phone"
            return
        if self.step == "type-notes":
            self.type_one(page.view.editor, TYPED)
            return
        if self.step == "finish-phone":
            page.finish_btn.click()
            self.step = "score-phone"
            return
        if self.step == "score-phone":
            if self.score_current_round():
                self.log("scored", round=0)
                self.step = "in-break" if self.scenario == "break" else "skip-break"
            return
        if self.step == "in-break":
            if page.run.stage == "break":
                self.log("break", round=page.run.index)
            return
        if self.step == "skip-break":
            if page.run.stage == "break":
                page.break_view.skip_btn.click()
            elif page.run.stage == "round" and isinstance(page.view, CodingRoundView):
                self.log("round", round=page.run.index, session=page.run.session_id)
                self.step = "type-code"
            return
        if self.step == "type-code":
            self.type_one(page.view.editor, CODE)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--log", required=True, type=Path)
    parser.add_argument("--scenario", required=True, choices=("phone", "coding", "break", "resume"))
    parser.add_argument("--pace", type=float, default=0.2, help="seconds between keystrokes")
    args = parser.parse_args()

    from PySide6.QtCore import QTimer

    from mockint import cli
    from mockint.ui.app import application

    application()  # the app's own QApplication, created first so the robot's timer can exist
    robot = Robot(args.scenario, args.log, args.pace)
    timer = QTimer()
    timer.setInterval(int(args.pace * 1000))
    timer.timeout.connect(robot.tick)
    timer.start()
    robot.log("start", pid=os.getpid())
    argv = (
        ["--data-dir", args.data_dir]
        if args.scenario == "resume"
        else ["loop", "quick-drill", "--data-dir", args.data_dir]
    )
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
