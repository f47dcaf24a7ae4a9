"""The main window: a stack of pages (home, loop, summary, history, review) and the app's menus."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from mockint.about import APP_NAME, DESCRIPTION, DEVELOPER, HOMEPAGE, LICENSE, __version__
from mockint.bank import ROUND_TYPE_NAMES
from mockint.interview import LoopRun, PlannedRound, PlanningError, pick_questions, practice_template
from mockint.interview.resume import resume_run
from mockint.store import backup_if_due
from mockint.ui import shortcuts, theme
from mockint.ui.context import AppContext
from mockint.ui.fit import fit_to_screen
from mockint.ui.home import HomePage

if TYPE_CHECKING:  # built on first use, so imported lazily at run time
    from mockint.ui.history import HistoryPage
    from mockint.ui.loop_page import LoopPage
    from mockint.ui.review_page import ReviewPage
    from mockint.ui.summary import SummaryPage

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Switches between pages; owns at most one running loop."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        theme.install(ctx)  # the user's theme, text size and zoom (kept when the zoom changes)
        self.setWindowTitle(APP_NAME)
        fit_to_screen(self, 1280, 800)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.home = HomePage(ctx)
        self._summary: SummaryPage | None = None
        #: Built on first use, like the loop page and the review page, to keep launch fast.
        self.history: HistoryPage | None = None
        #: Built on first use: QtCharts stays off the launch path.
        self.review: ReviewPage | None = None
        self.loop_page: LoopPage | None = None
        #: The last "Report saved" notice (None until a report is written).
        self.report_notice: QMessageBox | None = None
        self.stack.addWidget(self.home)
        self.home.start_loop_requested.connect(self.start_loop)
        self.home.practice_requested.connect(self.start_practice)
        self.home.review_requested.connect(self.show_review)
        self.home.history_requested.connect(self.show_history)
        self.home.practise_due_requested.connect(self.practise_due)
        self.home.continue_requested.connect(self.continue_session)
        self.home.plan_requested.connect(self._show_plan)
        self.home.plan_item_requested.connect(self._start_plan_item)
        self.home.score_waiting_requested.connect(self.score_waiting)
        self.home.question_requested.connect(self.practise_question)
        self._menus()

    @property
    def summary(self) -> SummaryPage:
        """The session summary page, built when first shown (off the launch path)."""
        if self._summary is None:
            from mockint.ui.summary import SummaryPage

            self._summary = SummaryPage()
            self._summary.home_requested.connect(self.show_home)
            self.stack.addWidget(self._summary)
        return self._summary

    def _show_plan(self) -> None:
        from mockint.ui.plan_page import show_plan  # study plan (issue 17); QtCharts after launch

        show_plan(self)

    def _start_plan_item(self, round_type: str, ids: list[str]) -> None:
        from mockint.ui.plan_page import start_plan_item

        start_plan_item(self, round_type, ids)

    def speech_ready(self) -> None:
        """The speaker has started (or failed): refresh what shows its state."""
        self.home.refresh()
        if self.loop_page is not None:
            self.loop_page.update_speech_controls()

    def _menus(self) -> None:
        # Keys come from the one shortcut map (mockint.ui.shortcuts); navigation lives here, not on
        # the home page's buttons, so Ctrl+H works on the summary and Review on Past sessions.
        file_menu = self.menuBar().addMenu("&File")
        self.home_action = self._action("&Home", self.show_home)
        self.history_action = self._action("&Past sessions", self.show_history)
        self.review_action = self._action("&Review progress", self.show_review)
        settings = self._action("&Settings…", self.edit_settings)
        quit_action = self._action("&Quit", self.close)
        self.sheet_action = self._action("&Keyboard shortcuts", self.show_shortcuts)
        for action, action_id in (
            (self.home_action, "home"),
            (self.history_action, "history"),
            (self.review_action, "review"),
            (settings, "settings"),
            (quit_action, "quit"),
            (self.sheet_action, "sheet"),
        ):
            action.setShortcuts(shortcuts.sequences(action_id))
        #: Disabled while a loop runs (they would leave the round): finish or end the loop first.
        self.nav_actions = (self.home_action, self.history_action, self.review_action)
        file_menu.addActions([self.home_action, self.history_action, self.review_action])
        file_menu.addSeparator()
        file_menu.addActions([settings, quit_action])
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.sheet_action)
        help_menu.addAction(self._action("&About mockint", self._about))
        self.stack.currentChanged.connect(self._update_nav)
        self._update_nav()

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def loop_running(self) -> bool:
        """True while a loop is in a round, scoring or on a break."""
        return self.loop_page is not None and self.loop_page.run.stage in ("round", "scoring", "break")

    def _update_nav(self, *_: object) -> None:
        running = self.loop_running()
        for action in self.nav_actions:
            action.setEnabled(not running)
            action.setStatusTip("Finish or end the loop first" if running else "")

    def show_shortcuts(self) -> None:
        """Show the shortcut sheet (F1), generated from the shortcut map."""
        shortcuts.ShortcutSheet(self).exec()

    def edit_settings(self) -> None:
        """Edit and save the settings; speech picks up rate, volume and voice at once."""
        from mockint.settings import save
        from mockint.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        new = dialog.result_settings()
        if new is None:
            return
        try:
            save(self.ctx.data_dir, new)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Settings not saved", f"The settings could not be saved: {exc}")
            return
        self.ctx.settings = new
        theme.apply(new)  # every open window follows the theme and text size at once
        configure = getattr(self.ctx.speaker, "configure", None)
        if configure is not None:
            configure(new.rate_wpm, new.volume, new.voice)
        if not new.speech:
            self.ctx.speaker.muted = True
        self.home.refresh()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>{DESCRIPTION}.</p><p>{HOMEPAGE}</p>"
            f"<p>© {DEVELOPER} · {LICENSE} licence</p>"
            f"<p>Data folder: {self.ctx.data_dir}</p>",
        )

    # -- pages ---------------------------------------------------------------------------------
    def show_home(self) -> None:
        if self.loop_page is not None and self.loop_page.run.stage in ("round", "scoring", "break"):
            self.stack.setCurrentWidget(self.loop_page)
            return
        self.home.refresh()
        self.stack.setCurrentWidget(self.home)

    def score_waiting(self, session_id: str = "") -> int:
        """Open the rubric for each finished, unscored round (of ``session_id``, or all), newest
        session first, until one is left for later again; returns how many were scored."""
        from mockint.ui.score_later import score_round, unscored_rounds

        if self.ctx.store is None:
            return 0
        scored = 0
        for item in unscored_rounds(self.ctx.store, session_id or None):
            if not score_round(self, self.ctx.store, self.ctx.bank, item):
                break
            scored += 1
        self.home.refresh()
        if self.history is not None:
            self.history.refresh(max(0, self.history.sessions.currentRow()))
        if self.review is not None and self.stack.currentWidget() is self.review:
            self.review.refresh()
        return scored

    def show_history(self) -> None:
        if self.ctx.store is None:
            return
        if self.history is None:
            from mockint.ui.history import HistoryPage

            self.history = HistoryPage(self.ctx.store, self.ctx.data_dir, bank=self.ctx.bank)
            self.history.home_requested.connect(self.show_home)
            self.history.score_requested.connect(self.score_waiting)
            self.stack.addWidget(self.history)
        self.history.refresh()
        self.stack.setCurrentWidget(self.history)

    def show_review(self) -> None:
        if self.ctx.store is None:
            return
        if self.review is None:
            from mockint.ui.review_page import ReviewPage

            self.review = ReviewPage(self.ctx.store, self.ctx.bank)
            self.review.home_requested.connect(self.show_home)
            self.review.practise_due_requested.connect(self.practise_due)
            self.review.report_requested.connect(self.save_report)
            self.stack.addWidget(self.review)
        self.review.refresh()
        self.stack.setCurrentWidget(self.review)

    def save_report(self, session_id: str) -> None:
        from mockint.ui.report_pdf import save_report

        target = save_report(self, self.ctx.store, session_id, self.ctx.bank)
        if target is not None:
            self.show_report_saved(target)

    def show_report_saved(self, target: Path) -> None:
        """Say where the report went, with an "Open folder" button (the notice is ``report_notice``)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Report saved",
            f"The report was saved to:\n{target}",
            QMessageBox.StandardButton.Close,
            self,
        )
        open_btn = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        open_btn.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(target.parent))))
        self.report_notice = box
        box.open()

    def practise_due(self, round_type: str = "") -> None:
        """Practise the questions due for another try: of ``round_type``, or ('') of the type with
        the most due. Due questions come first; the round is filled up as a practice round is."""
        if self.ctx.store is None:
            return
        from mockint.review.schedule import due_questions

        due = [
            d
            for d in due_questions(self.ctx.open_store.review, round_type or None)
            if d.question_id in self.ctx.bank.questions
        ]
        if not due:
            QMessageBox.information(self, "Nothing due", "No questions are due for another try today.")
            return
        round_type = round_type or Counter(d.round_type for d in due).most_common(1)[0][0]
        template = practice_template(self.ctx.bank, round_type)
        template = replace(template, title=f"Due for another try: {ROUND_TYPE_NAMES[round_type]}")
        spec = replace(template.rounds[0], topics=(), difficulties=())  # due questions whatever the filters
        ids = [d.question_id for d in due if d.round_type == round_type]

        def make_run() -> LoopRun:
            picked = pick_questions(self.ctx.bank, spec, self.ctx.open_store.review.last_asked(), due=ids)
            return LoopRun(
                self.ctx.open_store,
                self.ctx.bank,
                replace(template, rounds=(spec,)),
                kind="practice",
                rounds=[PlannedRound(spec, picked)],
            )

        self._run(make_run)

    def practise_question(self, round_type: str, question_id: str) -> None:
        """Practise one round of ``round_type`` on exactly the question ``question_id``; an id not
        in the bank (or of another type) shows why and starts nothing."""
        from mockint.question_search import resolve

        try:
            question = resolve(self.ctx.bank, round_type, question_id)
        except ValueError as exc:
            QMessageBox.warning(self, "Cannot start", str(exc))
            return
        template = practice_template(self.ctx.bank, round_type, questions=1)
        template = replace(template, title=f"Practice: {question.title}")
        spec = replace(template.rounds[0], questions=1, topics=(), difficulties=())
        self._run(
            lambda: LoopRun(
                self.ctx.open_store,
                self.ctx.bank,
                replace(template, rounds=(spec,)),
                kind="practice",
                rounds=[PlannedRound(spec, [question])],
            )
        )

    def start_loop(self, template_id: str) -> None:
        template = self.ctx.bank.loops.get(template_id)
        if template is None:
            QMessageBox.warning(self, "No such loop", f"No loop template with id {template_id!r} is loaded.")
            return
        template = self._focused(template)
        self._run(lambda: LoopRun(self.ctx.open_store, self.ctx.bank, template, kind="loop"))

    def start_practice(self, round_type: str, topic: str = "", difficulty: str = "") -> None:
        template = practice_template(
            self.ctx.bank,
            round_type,
            topics=(topic,) if topic else (),
            difficulties=(difficulty,) if difficulty else (),
        )
        template = self._focused(template)
        self._run(lambda: LoopRun(self.ctx.open_store, self.ctx.bank, template, kind="practice"))

    def _focused(self, template):
        """``template`` with the chosen domain focus (the setting) when one is set and loaded; else
        as it is (a template may carry its own focus)."""
        focus = self.ctx.settings.focus
        return replace(template, focus=focus) if focus in self.ctx.bank.tracks else template

    def continue_session(self, session_id: str) -> None:
        store = self.ctx.open_store
        detail = store.sessions.detail(session_id)
        self._run(lambda: resume_run(store, self.ctx.bank, detail), resume=True)

    def _run(self, make_run, resume: bool = False) -> None:
        if self.ctx.store is None:
            return
        if self.loop_page is not None and self.loop_page.run.stage in ("round", "scoring", "break"):
            QMessageBox.information(self, "A loop is running", "Finish or end the current loop first.")
            self.stack.setCurrentWidget(self.loop_page)
            return
        try:
            run = make_run()
        except (PlanningError, KeyError, ValueError) as exc:
            QMessageBox.warning(self, "Cannot start", str(exc))
            return
        self._drop_loop_page()
        from mockint.ui.loop_page import LoopPage

        self.loop_page = LoopPage(self.ctx, run)
        self.loop_page.loop_did_finish.connect(self._loop_finished)
        self.stack.addWidget(self.loop_page)
        self.stack.setCurrentWidget(self.loop_page)
        if resume:
            self.loop_page.resume()
        else:
            self.loop_page.start()
        self._update_nav()

    def _drop_loop_page(self) -> None:
        if self.loop_page is not None:
            self.loop_page.shutdown()
            self.stack.removeWidget(self.loop_page)
            from mockint.ui.memory import release_after_delete

            self.loop_page.destroyed.connect(release_after_delete)  # its caches and heap, issue 18
            self.loop_page.deleteLater()
            self.loop_page = None

    def _loop_finished(self, run: LoopRun) -> None:
        store = self.ctx.open_store
        self.summary.show_session(store.sessions.detail(run.session_id))
        self.stack.setCurrentWidget(self.summary)
        self._update_nav()
        # The finished loop's page (its views, kernels, recorder, caches) is released once the
        # signal that called us has returned; the summary reads the store, not the page.
        finished = self.loop_page

        def drop_if_still_finished() -> None:
            if self.loop_page is finished:
                self._drop_loop_page()

        QTimer.singleShot(0, drop_if_still_finished)
        backup_if_due(store)  # a loop just ended: a natural moment, nobody is typing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.loop_page is not None:
            self.loop_page.shutdown()
        event.accept()
