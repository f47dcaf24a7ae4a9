"""The page a loop runs on: the header with the big countdown, and the current round's view.

It only wires: a :class:`LoopController` (clock, breaks, saving) to the :class:`LoopHeader`, the
round views made by :class:`RoundViewFactory` from one :class:`RoundState` per round (saved by a
:class:`RoundSaver`), the round's :class:`RecordingSession`, the speaker (lines from
:mod:`mockint.ui.announcements`) and the rubric dialog, which shows one :class:`RoundEvidence`.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from mockint import paths
from mockint.bank import CODING_ROUND_TYPES
from mockint.interview import LoopRun, PlannedRound
from mockint.interview.evidence import RoundEvidence
from mockint.interview.question_time import QuestionClock
from mockint.interview.round_saver import RoundSaver
from mockint.interview.round_state import RoundState
from mockint.store import SessionDetail, StoreError
from mockint.ui import announcements
from mockint.ui.announcements import warning_words  # noqa: F401  (kept importable from here)
from mockint.ui.break_view import BreakView
from mockint.ui.candidate_panel import CandidateMaterial
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.context import AppContext
from mockint.ui.debrief_view import add_debrief_button, live_debrief
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView
from mockint.ui.interviewer_panel import interviewer_for
from mockint.ui.loop_controller import LoopController
from mockint.ui.loop_header import LoopHeader
from mockint.ui.recording_session import RecordingSession
from mockint.ui.round_views import RoundView, RoundViewFactory
from mockint.ui.rubric_dialog import RubricDialog

log = logging.getLogger(__name__)


class LoopPage(QWidget):
    """Runs one loop from its first round to its summary."""

    #: The loop is over; carries the run for the summary page.
    loop_did_finish = Signal(object)

    def __init__(self, ctx: AppContext, run: LoopRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run = run
        self.controller = LoopController(run, warnings_s=ctx.settings.warnings_with_time_up(), parent=self)
        self.view: RoundView | None = None
        #: The current round's state (None before the first round); views render it.
        self.state: RoundState | None = None
        self.saver: RoundSaver | None = None
        #: The evidence shown in the last rubric dialog (one object: dialog, debrief, reports).
        self.round_evidence: RoundEvidence | None = None
        self.rubric_dialog: RubricDialog | None = None
        self.rubric_dialog_evidence: list[str] = []
        #: The current discussion or design round's recording (None in coding rounds and breaks).
        self.recording: RecordingSession | None = None
        #: Shares the round's clock out to the question on screen (None between rounds).
        self.question_clock: QuestionClock | None = None
        self.kernels = None  # a KernelPool once the loop has a coding round (qtconsole loads then)
        if any(r.spec.round_type in CODING_ROUND_TYPES for r in run.rounds):
            from mockint.ui.kernel import KernelPool

            self.kernels = KernelPool(parent=self)
        self.views = RoundViewFactory(
            self.say,
            self.kernels,
            lambda view: view is self.view,
            self._submitted,
            problems=ctx.bank.questions,
            attach_saver=self._saver_for,
            elapsed=self._round_elapsed,
            material=CandidateMaterial(ctx, self),
        )

        self.header = LoopHeader()
        h = self.header
        # The header's parts, by their old names (tests and the main window use them).
        self.round_title, self.phase_label, self.clock, self.notice = (
            h.round_title,
            h.phase_label,
            h.clock,
            h.notice,
        )
        self.pause_btn, self.finish_btn, self.end_btn, self.mute_btn = (
            h.pause_btn,
            h.finish_btn,
            h.end_btn,
            h.mute_btn,
        )
        self.stack = QStackedWidget()
        self.break_view = BreakView()
        self.stack.addWidget(self.break_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.recorder_box = QVBoxLayout()  # the recorder sits under the round view
        layout.addLayout(self.recorder_box)

        self.pause_btn.toggled.connect(self.controller.set_paused)
        self.finish_btn.clicked.connect(self.controller.finish_round)
        self.end_btn.clicked.connect(self._confirm_end)
        self.mute_btn.toggled.connect(self._set_muted)
        self.break_view.skip_requested.connect(self.controller.skip_break)
        QShortcut(QKeySequence("Ctrl+P"), self, self.pause_btn.toggle)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.controller.finish_round)
        QShortcut(QKeySequence("Ctrl+M"), self, self.mute_btn.toggle)

        c = self.controller
        c.round_started.connect(self._on_round_started)
        c.tick.connect(self._on_tick)
        c.paused_changed.connect(self._on_paused)
        c.time_warning.connect(self._on_warning)
        c.phase_changed.connect(self._on_phase)
        c.time_up.connect(self._on_time_up)
        c.round_will_score.connect(self._on_score)
        c.break_started.connect(self._on_break)
        c.break_tick.connect(self.break_view.set_left)
        c.loop_did_finish.connect(self._on_finished)
        c.autosave.save_failed.connect(lambda message: self.show_notice(f"Not saved: {message}", "save"))
        self.update_speech_controls()

    @property
    def recorder_widget(self):
        """The recorder under the current round view, or None."""
        return self.recording.widget if self.recording is not None else None

    def update_speech_controls(self) -> None:
        """Mute is offered only when speech works; otherwise the button says why it is off."""
        status = self.ctx.speaker.status
        reason = (
            f"Speech is unavailable: {status.reason}" if self.ctx.speech_started else "Speech is starting…"
        )
        self.header.set_speech(status.available, self.ctx.speaker.muted, reason)

    def start(self) -> None:
        self.controller.start()

    def resume(self) -> None:
        """Continue a restored run; the clock stays paused until the user resumes it."""
        self.controller.resume()
        self.show_notice(
            "Continuing where you left off. The clock is paused: press Resume (Ctrl+P).", "paused"
        )

    def say(self, text: str) -> None:
        self.ctx.speaker.speak(text)

    def show_notice(self, text: str, owner: str = "") -> None:
        self.header.show_notice(text, owner)

    # -- the clock -------------------------------------------------------------------------------
    def _on_tick(self, remaining: float, phase: int) -> None:
        self.header.set_remaining(remaining)
        planned = self.run.current
        if phase >= 0 and planned.questions:
            phases = planned.questions[0].phases
            self.header.set_phase(phase, len(phases), phases[phase].name)

    def _on_paused(self, paused: bool) -> None:
        self.header.set_paused(paused)
        if not paused:
            self.header.clear_notice("paused")  # the banner belongs to the pause that raised it
        if self.view is not None:
            self.view.setEnabled(not paused)

    def _set_muted(self, muted: bool) -> None:
        if not self.ctx.speaker.status.available:
            return
        self.ctx.speaker.muted = muted
        if muted:
            self.ctx.speaker.stop()
        self.header.set_muted(muted)

    def _on_warning(self, threshold: float) -> None:
        chime = paths.assets_dir() / "sounds" / "chime.wav" if self.ctx.settings.chime else None
        self.ctx.speaker.speak(warning_words(threshold, self.run.current.allowed_s), chime=chime)

    def _on_time_up(self) -> None:
        self.say(announcements.TIME_UP)
        if self.run.current.spec.stop == "soft":
            self.show_notice("Time is up. Finish your thought, then press Finish round.", "time_up")

    def _on_phase(self, phase: int) -> None:
        if isinstance(self.view, DesignRoundView):
            self.view.follow_clock(phase)
            self.say(announcements.next_phase(self.run.current.questions[0].phases[phase].name))

    def _confirm_end(self) -> None:
        answer = QMessageBox.question(
            self,
            "End the loop?",
            "End the loop now? What you typed is saved; unscored rounds stay unscored.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.end_loop()

    def end_loop(self) -> None:
        self._close_view()
        self.controller.end_loop()

    # -- rounds --------------------------------------------------------------------------------
    def _on_round_started(self, planned: PlannedRound, index: int) -> None:
        self._close_view()
        self.header.show_round(planned, index, len(self.run.rounds))
        self.header.show_progress(self._session_detail())
        self.view = view = self._make_view(planned)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        if planned.spec.round_type not in CODING_ROUND_TYPES:
            self._prestart_kernel()

    def _make_view(self, planned: PlannedRound) -> RoundView:
        """The round's state (restored from the store on resume), its saver, its view and recorder.

        Every round view has ``state``, ``current_question_id()`` and ``set_interviewer_panel()``.
        """
        state = RoundState.from_saved(planned.questions, planned.answer_ids, planned.saved)
        self.state = state
        self.saver = self._saver_for(state)
        if self.question_clock is not None:
            self.question_clock.stop()
        self.question_clock = QuestionClock(state, self._round_elapsed)  # time on each question
        spans = self.controller.countdown.phases if self.controller.countdown else []
        view = self.views.make(planned, state, [(s.end_s - s.start_s) / 60 for s in spans])
        if planned.spec.round_type not in CODING_ROUND_TYPES:
            self.recording = RecordingSession(
                self.ctx, self.run.session_id, planned, state, self.recorder_box, self
            )
            self.recording.not_saved.connect(lambda message: self.show_notice(message, "save"))
            if hasattr(view, "item_shown"):
                view.item_shown.connect(self.recording.follow_item)
        interviewer_for(view, planned, self.ctx.settings, self.controller, self.say)  # hints, follow-ups
        return view

    def _saver_for(self, state: RoundState) -> RoundSaver:
        return RoundSaver(
            state,
            self.ctx.open_store,
            self.controller.autosave.schedule,
            on_error=lambda exc: self.show_notice(f"Not saved: {exc}", "save"),
        )

    def _submitted(self, view: QWidget, state: RoundState) -> None:
        """A final submission's verdict is in: on to the next problem not submitted, or, after
        the last, the round ends."""
        waiting = [i for i, q in enumerate(state.questions) if not state.is_done(q.id)]
        if not waiting:
            self.controller.finish_round()
            return
        after = [i for i in waiting if i > state.current] or waiting
        state.show(after[0])
        self.say(announcements.problem_intro(state.questions[after[0]]))

    def _prestart_kernel(self) -> None:
        """Start the next coding round's kernel ahead, while this round or the break runs."""
        later = self.run.rounds[self.run.index + 1 :]
        if self.kernels is not None and any(r.spec.round_type in CODING_ROUND_TYPES for r in later):
            self.kernels.prestart()

    def _round_elapsed(self) -> float:
        countdown = self.controller.countdown
        return countdown.elapsed_s if countdown is not None else 0.0

    def _close_view(self) -> None:
        if self.question_clock is not None:
            self.question_clock.stop()
            self.question_clock = None
        if self.recording is not None:
            self.recording.close()  # its last analysis is still stored
            self.recording = None
        if isinstance(
            self.view, CodingRoundView | DiscussionRoundView
        ):  # a coding round, or a phone screen's coding parts
            self.view.close_kernel()
        if self.view is not None:
            self.view.release_state()
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None

    # -- scoring, breaks, end --------------------------------------------------------------------
    def evidence(self, planned: PlannedRound) -> RoundEvidence:
        """Facts gathered during the round, built once from its state (shown beside the self-score)."""
        state = self.state if self.state is not None else RoundState(planned.questions, planned.answer_ids)
        return RoundEvidence.from_state(state, planned.spec.round_type, planned.used_s, planned.allowed_s)

    def _on_score(self, planned: PlannedRound) -> None:
        self.header.show_scoring()
        if self.question_clock is not None:
            self.question_clock.flush()  # the last question's time, before evidence and debrief
        if self.recording is not None:
            self.recording.shutdown()  # a take still recording is saved and analysed
        if isinstance(self.view, CodingRoundView | DiscussionRoundView):
            self.view.close_kernel()
            self._prestart_kernel()
        rubric = self.run.rubric_for(planned)
        if rubric is None:
            self.show_notice(f"No rubric is loaded for {planned.title}; the round is saved unscored.")
            self.controller.save_scores({}, "", "", {})
            return
        self.say(announcements.SCORE)
        self.round_evidence = self.evidence(planned)
        self.rubric_dialog_evidence = self.round_evidence.lines()
        from mockint.review.plan_preview import preview_for  # retry queue preview (issue 17)
        from mockint.ui.evidence_panel import state_inputs  # suggested key-point ticks, STAR

        state = getattr(self.view, "state", None)
        coverage = (
            state_inputs(state)
            if state is not None and os.environ.get("MOCKINT_COVERAGE", "1") != "0"
            else []
        )
        dialog = RubricDialog(
            rubric,
            planned.title,
            self.rubric_dialog_evidence,
            self,
            coverage=coverage,
            preview=preview_for(self.run.store, [q.id for q in planned.questions]),
        )
        self.rubric_dialog = dialog
        state = self.state
        add_debrief_button(
            dialog, lambda: live_debrief(planned, state, self.ctx.bank), planned.title
        )  # issue 13
        dialog.accepted.connect(lambda: self._scored(dialog))
        dialog.score_later_requested.connect(  # kept unscored; scored later from Past sessions
            lambda: self.controller.save_scores({}, "", dialog.notes.toPlainText(), {})
        )
        dialog.open()

    def _session_detail(self) -> SessionDetail | None:
        """The running session as the store has it (None when it cannot be read: the header then
        simply shows no progress line)."""
        try:
            return self.ctx.open_store.sessions.detail(self.run.session_id)
        except StoreError:  # a store error must not stop a round from starting
            log.warning("could not read the session for the progress line", exc_info=True)
            return None

    def _scored(self, dialog: RubricDialog) -> None:
        self.rubric_dialog = None
        if dialog.without_rating.isChecked():  # saved, but the question's FSRS card is left as it was
            self.ctx.open_store.review.mark_unrated(self.run.current.round_id)
        from mockint.ui.evidence_panel import save_results  # suggested and final key-point ticks

        save_results(
            self.ctx.store, self.run.current.questions, self.run.current.answer_ids, dialog.coverage_results
        )
        self.controller.save_scores(
            dialog.scores, dialog.recommendation, dialog.notes.toPlainText(), dialog.dimension_names
        )

    def _on_break(self, length_s: float, next_round: PlannedRound) -> None:
        self._close_view()
        self.header.show_break(self.run.index, len(self.run.rounds))
        self.break_view.show_next(next_round)
        self.break_view.timeline.show_run(self.run)
        self.stack.setCurrentWidget(self.break_view)
        self.say(announcements.break_words(next_round.title))

    def _on_finished(self, run: LoopRun) -> None:
        self._close_view()
        if self.kernels is not None:
            self.kernels.shutdown()
        self.say(announcements.LOOP_OVER)
        self.loop_did_finish.emit(run)

    def shutdown(self) -> None:
        """Window closing: stop the clock, save what is typed, stop the kernel."""
        self.controller.stop()
        if self.recording is not None:
            self.recording.shutdown()
        if isinstance(self.view, CodingRoundView | DiscussionRoundView):
            self.view.close_kernel()
        if self.kernels is not None:
            self.kernels.shutdown()
