"""The page a loop runs on: a header with the big countdown, and the current round's view.

It wires a :class:`LoopController` to the round views, the judge (off the GUI thread), the
speaker and the store's autosave, and shows the rubric dialog when a round ends.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mockint import paths
from mockint.bank import CODING_ROUND_TYPES, ROUND_TYPE_NAMES
from mockint.interview import HALF_TIME, LoopRun, PlannedRound, format_clock
from mockint.store import StoreError
from mockint.store.recordings import relative_path, save_recording
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.context import AppContext
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView, items_for
from mockint.ui.loop_controller import LoopController
from mockint.ui.loop_timeline import LoopTimeline
from mockint.ui.render import spoken_text
from mockint.ui.rubric_dialog import RubricDialog
from mockint.ui.workers import run_in_background

if TYPE_CHECKING:  # imported on first use: it pulls in numpy, which launch does not need
    from mockint.ui.recorder_widget import RecorderWidget

log = logging.getLogger(__name__)


def warning_words(threshold_s: float, allowed_s: float) -> str:
    """What is said at a time warning, e.g. 'Five minutes left.'"""
    if threshold_s == HALF_TIME or abs(threshold_s - allowed_s / 2) < 0.5:
        return "Half time."
    minutes = round(threshold_s / 60)
    if threshold_s >= 60 and abs(threshold_s - minutes * 60) < 1:
        return f"{minutes} minute{'s' if minutes != 1 else ''} left."
    return f"{int(threshold_s)} seconds left."


class BreakView(QWidget):
    """A break between rounds: a countdown and a button to skip it."""

    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Break")
        self.title.setObjectName("pageTitle")
        self.clock = QLabel("00:00")
        self.clock.setObjectName("bigClock")
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setMinimumWidth(520)
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skip_btn = QPushButton("Skip break and start the next round")
        self.skip_btn.setObjectName("primary")
        self.skip_btn.clicked.connect(self.skip_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.clock, self.next_label):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.skip_btn, 0, Qt.AlignmentFlag.AlignHCenter)
        self.timeline = LoopTimeline()  # rounds so far: time used, scores (polish)
        layout.addWidget(self.timeline, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class LoopPage(QWidget):
    """Runs one loop from its first round to its summary."""

    #: The loop is over; carries the run for the summary page.
    loop_did_finish = Signal(object)

    def __init__(self, ctx: AppContext, run: LoopRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run = run
        self.controller = LoopController(run, warnings_s=ctx.settings.warnings_with_time_up(), parent=self)
        self.view: QWidget | None = None
        self.last_verdict: dict | None = None
        self.rubric_dialog: RubricDialog | None = None
        self.rubric_dialog_evidence: list[str] = []
        #: The current discussion or design round's recorder (None in coding rounds and breaks).
        self.recorder_widget: RecorderWidget | None = None
        #: Analyses of this round's takes by take name (see RecorderWidget.analysed).
        self.takes: dict[str, dict] = {}
        #: The answer id of every take named so far in this loop, by take name.
        self.take_answers: dict[str, str] = {}
        self.kernels = None  # a KernelPool once the loop has a coding round (qtconsole loads then)
        if any(r.spec.round_type in CODING_ROUND_TYPES for r in run.rounds):
            from mockint.ui.kernel import KernelPool

            self.kernels = KernelPool(parent=self)

        self.round_title = QLabel()
        self.round_title.setObjectName("roundTitle")
        self.phase_label = QLabel()
        self.phase_label.setObjectName("phase")
        self.clock = QLabel("00:00")
        self.clock.setObjectName("bigClock")
        self.clock.setAccessibleName("Time left")
        self.pause_btn = QPushButton("Pause")
        self.pause_btn.setToolTip("Pause or resume the clock (Ctrl+P)")
        self.pause_btn.setCheckable(True)
        self.finish_btn = QPushButton("Finish round")
        self.finish_btn.setToolTip("Stop the clock and score this round (Ctrl+Shift+F)")
        self.end_btn = QPushButton("End loop")
        self.end_btn.setToolTip("Stop the whole loop and see the summary")
        self.mute_btn = QPushButton("Mute")
        self.mute_btn.setCheckable(True)
        self.mute_btn.setToolTip("Silence spoken prompts and warnings (Ctrl+M)")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        titles = QVBoxLayout()
        titles.addWidget(self.round_title)
        titles.addWidget(self.phase_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.clock)
        for b in (self.pause_btn, self.finish_btn, self.end_btn, self.mute_btn):
            header.addWidget(b)
        self.stack = QStackedWidget()
        self.break_view = BreakView()
        self.stack.addWidget(self.break_view)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.notice)
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
        c.break_tick.connect(lambda s: self.break_view.clock.setText(format_clock(s)))
        c.loop_did_finish.connect(self._on_finished)
        c.autosave.save_failed.connect(lambda message: self.show_notice(f"Not saved: {message}"))
        self.update_speech_controls()

    def update_speech_controls(self) -> None:
        """Mute is offered only when speech works; otherwise the button says why it is off."""
        status = self.ctx.speaker.status
        self.mute_btn.setEnabled(status.available)
        if status.available:
            self.mute_btn.setChecked(self.ctx.speaker.muted)
            self.mute_btn.setToolTip("Silence spoken prompts and warnings (Ctrl+M)")
        else:
            self.mute_btn.setText("Speech off")
            self.mute_btn.setToolTip(f"Speech is unavailable: {status.reason}" if self.ctx.speech_started
                                     else "Speech is starting…")

    def start(self) -> None:
        self.controller.start()

    def resume(self) -> None:
        """Continue a restored run; the clock stays paused until the user resumes it."""
        self.controller.resume()
        self.show_notice("Continuing where you left off. The clock is paused: press Resume (Ctrl+P).")

    # -- header --------------------------------------------------------------------------------
    def _on_tick(self, remaining: float, phase: int) -> None:
        self.clock.setText(format_clock(remaining))
        self.clock.setProperty("overtime", remaining < 0)
        self.clock.style().polish(self.clock)
        planned = self.run.current
        if phase >= 0 and planned.questions:
            phases = planned.questions[0].phases
            self.phase_label.setText(f"Phase {phase + 1} of {len(phases)}: {phases[phase].name}")

    def _on_paused(self, paused: bool) -> None:
        self.pause_btn.setText("Resume" if paused else "Pause")
        self.pause_btn.setChecked(paused)
        if self.view is not None:
            self.view.setEnabled(not paused)

    def _set_muted(self, muted: bool) -> None:
        if not self.ctx.speaker.status.available:
            return
        self.ctx.speaker.muted = muted
        if muted:
            self.ctx.speaker.stop()
        self.mute_btn.setText("Unmute" if muted else "Mute")

    def say(self, text: str) -> None:
        self.ctx.speaker.speak(text)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_warning(self, threshold: float) -> None:
        chime = paths.assets_dir() / "sounds" / "chime.wav" if self.ctx.settings.chime else None
        self.ctx.speaker.speak(warning_words(threshold, self.run.current.allowed_s), chime=chime)

    def _on_time_up(self) -> None:
        self.say("Time is up.")
        if self.run.current.spec.stop == "soft":
            self.show_notice("Time is up. Finish your thought, then press Finish round.")

    def _on_phase(self, phase: int) -> None:
        if isinstance(self.view, DesignRoundView):
            self.view.follow_clock(phase)
            self.say(f"Next phase: {self.view.question.phases[phase].name}.")

    def _confirm_end(self) -> None:
        answer = QMessageBox.question(
            self, "End the loop?",
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
        self.show_notice("")
        self.clock.show()
        self.pause_btn.setChecked(False)
        self.pause_btn.setEnabled(True)
        self.finish_btn.setEnabled(True)
        total = len(self.run.rounds)
        self.round_title.setText(f"Round {index + 1} of {total} · {planned.title}")
        self.phase_label.setText(ROUND_TYPE_NAMES[planned.spec.round_type]
                                 + f" · {planned.allowed_s / 60:g} min")
        kind = planned.spec.round_type
        if kind in ("dsa", "ml_coding"):
            self.view = self._coding_view(planned)
        elif kind == "system_design":
            self.view = self._design_view(planned)
        else:
            self.view = self._discussion_view(planned)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        if kind not in CODING_ROUND_TYPES:
            self._prestart_kernel()

    def _prestart_kernel(self) -> None:
        """Start the next coding round's kernel ahead, while this round or the break runs."""
        later = self.run.rounds[self.run.index + 1:]
        if self.kernels is not None and any(r.spec.round_type in CODING_ROUND_TYPES for r in later):
            self.kernels.prestart()

    def _close_view(self) -> None:
        if self.recorder_widget is not None:
            self.recorder_box.removeWidget(self.recorder_widget)
            self.recorder_widget.close_when_done()  # its last analysis still reaches _take_analysed
            self.recorder_widget = None
        if isinstance(self.view, CodingRoundView):
            self.view.close_kernel()
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None

    def _coding_view(self, planned: PlannedRound) -> CodingRoundView:
        q = planned.questions[0]
        aid = planned.answer_ids[0]
        saved_code = planned.saved[0].get("code") if planned.saved else ""
        view = CodingRoundView(q, saved_code or "")
        store, autosave = self.ctx.store, self.controller.autosave
        store.save_code(aid, view.editor.toPlainText())
        view.code_changed.connect(lambda code: autosave.schedule(f"code:{aid}", lambda: store.save_code(aid, code)))
        view.run_tests_requested.connect(lambda code: self._judge(view, q, aid, code))
        view.submit_requested.connect(lambda code: self._judge(view, q, aid, code, final=True))
        if planned.saved:
            view.load_runs(planned.saved[0].get("verdicts") or [])
        self.last_verdict = None
        from mockint.judge import warm_up

        # Reference outputs and a spare judge process are ready before the first "Run tests".
        run_in_background(warm_up, q, on_done=lambda _r: view.refresh_statement())  # examples' outputs
        self.say(f"{planned.title}. {q.title}. " + spoken_text(q.prompt))
        view.start_console(self.kernels.take() if self.kernels is not None else None)
        return view

    def _judge(self, view: CodingRoundView, question, aid: str, code: str, final: bool = False) -> None:
        from mockint.judge import judge

        def done(verdict) -> None:
            data = {**verdict.to_dict(), "final": final}
            self.ctx.store.add_verdict(aid, data, code)
            self.last_verdict = data
            if self.view is view:
                view.show_verdict(data)
                if final:
                    self.controller.finish_round()

        def failed(exc: BaseException, tb: str) -> None:
            if self.view is view:
                view.show_judge_error(str(exc))

        run_in_background(judge, question, code, on_done=done, on_error=failed)

    # -- recording ------------------------------------------------------------------------------
    def _recorder(self, planned: PlannedRound, take: str, answer_id: str,
                  allowed_s: float) -> RecorderWidget | None:
        """A recorder under the round view; takes go to <data>/recordings/<session>/<take>.wav.

        The takes saved before a resume (``planned.saved[i]["recordings"]``) count as this
        round's takes, and the first question's is shown."""
        self.takes = self._saved_takes(planned)
        if os.environ.get("MOCKINT_RECORDING", "1") == "0" or not self.ctx.settings.recording:
            return None
        from mockint.speech import Recorder, make_transcriber
        from mockint.ui.recorder_widget import RecorderWidget

        if self.ctx.transcriber is None:  # made once; pocketsphinx loads its model on first use
            self.ctx.transcriber = make_transcriber()
        out = self.ctx.data_dir / "recordings" / (self.run.session_id or "unsaved")
        self.take_answers[take] = answer_id
        widget = RecorderWidget(Recorder(), self.ctx.transcriber, out, take_name=take, allowed_s=allowed_s)
        if take in self.takes:
            widget.set_take(take, allowed_s, self.takes[take])
        widget.analysed.connect(lambda report: self._take_analysed(planned, report))
        self.recorder_box.addWidget(widget)
        self.recorder_widget = widget
        return widget

    def _saved_takes(self, planned: PlannedRound) -> dict[str, dict]:
        """The round's stored takes by take name, shaped as RecorderWidget reports: ``path`` is
        the WAV's full path, or None when the file is gone (an imported history has no audio)."""
        takes: dict[str, dict] = {}
        for aid, answer in zip(planned.answer_ids, planned.saved, strict=False):
            for saved in answer.get("recordings") or []:
                wav = self.ctx.data_dir / saved["path"]
                takes[saved["take"]] = saved | {"path": str(wav) if wav.is_file() else None}
                self.take_answers[saved["take"]] = aid
        return takes

    def _take_analysed(self, planned: PlannedRound, report: dict) -> None:
        take = report["take"]
        if planned is self.run.current:
            self.takes[take] = report
        answer_id = self.take_answers.get(take)
        if answer_id is None or self.ctx.store is None:
            log.warning("take %s belongs to no answer; not stored", take)
            return
        try:
            path = relative_path(self.ctx.data_dir, report["path"])
            save_recording(self.ctx.store, answer_id, take, path, report)
        except (StoreError, ValueError) as exc:
            log.exception("the take %s was not stored", take)
            self.show_notice(f"The recording's transcript and metrics were not saved: {exc}")

    def _discussion_view(self, planned: PlannedRound) -> DiscussionRoundView:
        notes: dict[int, str] = {}
        for i, item in enumerate(items_for(planned.questions)):
            if item.answer_index < len(planned.saved):
                answer = planned.saved[item.answer_index]
                text = (answer.get("phase_notes") or {}).get(item.key, "") if item.key else answer.get("notes")
                if text:
                    notes[i] = text
        ticked: dict[int, set[int]] = {}
        for i, item in enumerate(items_for(planned.questions)):
            if item.answer_index < len(planned.saved):
                saved_ticks = planned.saved[item.answer_index].get("key_points") or []
                mine = {t - item.offset for t in saved_ticks if item.offset <= t < item.offset + len(item.key_points)}
                if mine:
                    ticked[i] = mine
        view = DiscussionRoundView(planned.questions, notes, ticked)
        store, autosave = self.ctx.store, self.controller.autosave

        def save(index: int, text: str) -> None:
            item = view.items[index]
            aid = planned.answer_ids[item.answer_index]
            if item.key:
                write = lambda: store.save_phase_notes(aid, item.key, text)  # noqa: E731
            else:
                write = lambda: store.save_notes(aid, text)  # noqa: E731
            autosave.schedule(f"{aid}:{item.key}", write)

        view.notes_changed.connect(save)

        def save_ticks(index: int, _ticks: list) -> None:
            answer = view.items[index].answer_index
            store.save_key_points(planned.answer_ids[answer], view.answer_ticks(answer))

        view.key_points_ticked.connect(save_ticks)
        view.item_shown.connect(lambda i: self.say(view.items[i].spoken))

        def take_of(i: int) -> tuple[str, float]:
            item = view.items[i]
            q = planned.questions[item.answer_index]
            part = sum(1 for it in view.items[:i] if it.answer_index == item.answer_index)
            minutes = q.parts[part].minutes if q.parts else q.minutes
            aid = planned.answer_ids[item.answer_index]
            name = f"{aid}-{i}"
            self.take_answers[name] = aid
            return name, aid, minutes * 60.0

        rec = self._recorder(planned, *take_of(0))
        if rec is not None:
            def follow(i: int) -> None:
                name, _aid, allowed = take_of(i)
                rec.set_take(name, allowed, self.takes.get(name))

            view.item_shown.connect(follow)
        first = view.items[0]
        self.say(f"{planned.title}. {first.spoken}")
        return view

    def _design_view(self, planned: PlannedRound) -> DesignRoundView:
        q = planned.questions[0]
        aid = planned.answer_ids[0]
        spans = self.controller.countdown.phases if self.controller.countdown else []
        minutes = [(s.end_s - s.start_s) / 60 for s in spans] or [p.minutes for p in q.phases]
        saved = (planned.saved[0].get("phase_notes") or {}) if planned.saved else {}
        saved_ticks = (planned.saved[0].get("key_points") or []) if planned.saved else []
        view = DesignRoundView(q, minutes, saved, saved_ticks)
        view.key_points_ticked.connect(lambda ticks: self.ctx.store.save_key_points(aid, ticks))
        store, autosave = self.ctx.store, self.controller.autosave
        view.phase_notes_changed.connect(
            lambda name, text: autosave.schedule(f"{aid}:{name}", lambda: store.save_phase_notes(aid, name, text))
        )
        view.follow_clock(0)
        self._recorder(planned, aid, aid, planned.allowed_s)
        self.say(f"{planned.title}. {spoken_text(q.prompt)}")
        return view

    # -- scoring, breaks, end --------------------------------------------------------------------
    def evidence(self, planned: PlannedRound) -> list[str]:
        """Facts gathered during the round, shown beside the self-score."""
        lines = [f"Time used: {format_clock(planned.used_s).lstrip('-')} of "
                 f"{format_clock(planned.allowed_s)} allowed"]
        view = self.view
        if isinstance(view, CodingRoundView):
            v = self.last_verdict or (view.run_history[-1] if view.run_history else None)
            label = "Submitted" if v and v.get("final") else "Last run"
            lines.append(f"{label}: {v['verdict']}, {v['passed']}/{v['total']} tests passed"
                         + (f"; growth ≈ {v['complexity']['candidate']}" if v.get("complexity") else "")
                         + f"; {len(view.run_history)} runs in this round"
                         if v else "The tests were never run.")
        elif isinstance(view, DesignRoundView):
            covered = [p.name for p in view.question.phases if view.notes.get(p.name, "").strip()]
            lines.append(f"Phases with notes: {len(covered)} of {len(view.question.phases)}"
                         + (f" ({', '.join(covered)})" if covered else ""))
        elif isinstance(view, DiscussionRoundView):
            answered = sum(1 for i in range(len(view.items)) if view.notes.get(i, "").strip())
            lines.append(f"Questions with notes: {answered} of {len(view.items)}")
        if self.takes:
            words = sum(r["words"] for r in self.takes.values())
            talk = sum(r["talk_time_s"] for r in self.takes.values())
            fillers = sum(sum(r["filler_counts"].values()) for r in self.takes.values())
            pause = max(r["longest_pause_s"] for r in self.takes.values())
            pace = f"{words / (talk / 60):.0f} words/min" if talk else "no speech found"
            lines.append(f"Speaking ({len(self.takes)} take{'s' if len(self.takes) != 1 else ''}): {pace}, "
                         f"{100 * fillers / words if words else 0:.1f} fillers per 100 words, "
                         f"longest pause {pause:.1f} s, talked {format_clock(talk)}")
        if isinstance(view, DiscussionRoundView | DesignRoundView):
            hit, shown, revealed = view.key_point_counts()
            lines.append(f"Key points ticked: {hit} of {shown} revealed" if revealed
                         else "Key points were not revealed.")
        return lines

    def _on_score(self, planned: PlannedRound) -> None:
        self.pause_btn.setEnabled(False)
        self.finish_btn.setEnabled(False)
        if self.recorder_widget is not None:
            self.recorder_widget.shutdown()  # a take still recording is saved and analysed
        if isinstance(self.view, CodingRoundView):
            self.view.close_kernel()
            self._prestart_kernel()
        rubric = self.run.rubric_for(planned)
        if rubric is None:
            self.show_notice(f"No rubric is loaded for {planned.title}; the round is saved unscored.")
            self.controller.save_scores({}, "", "", {})
            return
        self.say("Time to score this round.")
        self.rubric_dialog_evidence = self.evidence(planned)
        dialog = RubricDialog(rubric, planned.title, self.rubric_dialog_evidence, self)
        self.rubric_dialog = dialog
        dialog.accepted.connect(lambda: self._scored(dialog))
        dialog.score_later_requested.connect(  # kept unscored; scored later from Past sessions
            lambda: self.controller.save_scores({}, "", dialog.notes.toPlainText(), {}))
        dialog.open()

    def _scored(self, dialog: RubricDialog) -> None:
        self.rubric_dialog = None
        self.controller.save_scores(dialog.scores, dialog.recommendation,
                                    dialog.notes.toPlainText(), dialog.dimension_names)

    def _on_break(self, length_s: float, next_round: PlannedRound) -> None:
        self._close_view()
        self.round_title.setText(f"Break after round {self.run.index + 1} of {len(self.run.rounds)}")
        self.phase_label.setText("")
        self.clock.hide()
        self.break_view.next_label.setText(
            f"Next: {next_round.title}, {next_round.allowed_s / 60:g} minutes. Stretch, drink some water.")
        self.break_view.timeline.show_run(self.run)
        self.stack.setCurrentWidget(self.break_view)
        self.say(f"Break. Next up: {next_round.title}.")

    def _on_finished(self, run: LoopRun) -> None:
        self._close_view()
        if self.kernels is not None:
            self.kernels.shutdown()
        self.say("The loop is over. Here is your summary.")
        self.loop_did_finish.emit(run)

    def shutdown(self) -> None:
        """Window closing: stop the clock, save what is typed, stop the kernel."""
        self.controller.stop()
        if self.recorder_widget is not None:
            self.recorder_widget.shutdown()
        if isinstance(self.view, CodingRoundView):
            self.view.close_kernel()
        if self.kernels is not None:
            self.kernels.shutdown()
