"""Drives a :class:`~mockint.interview.LoopRun` on the Qt event loop: clock ticks, breaks, saving.

The controller owns the run and the countdown and announces what happens through signals; the
views render those and send intents back (pause, finish, scores). It never touches a widget.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from mockint.bank import DESIGN_ROUND_TYPES
from mockint.interview import Countdown, CountdownEvent, LoopRun, PlannedRound, Stage, scale_phases
from mockint.interview.countdown import DEFAULT_WARNINGS_S

log = logging.getLogger(__name__)

TICK_MS = 200
SAVE_TIME_EVERY_S = 5.0


class Autosave(QObject):
    """Debounces saves: each key's latest write runs ``delay_ms`` after the last change, and at
    the latest ``max_delay_ms`` after the first change not yet saved.

    Used for notes and code. The cap matters: a pure debounce never fires while someone types
    without a pause, so a crash after a minute of steady typing lost the whole minute
    (tests/test_crash_resume.py). With it, what the user types reaches the store within 2 s.
    """

    #: A write failed; carries the error's message (a StoreError says which folder and why).
    save_failed = Signal(str)

    def __init__(self, delay_ms: int = 800, max_delay_ms: int = 2000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.max_delay_ms = max_delay_ms
        self._pending: dict[str, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self.flush)

    def schedule(self, key: str, write: Callable[[], None]) -> None:
        self._pending[key] = write
        self._timer.start(self.delay_ms)
        if not self._deadline.isActive():
            self._deadline.start(self.max_delay_ms)

    def flush(self) -> None:
        """Run every pending write now (at round end, on close)."""
        self._timer.stop()
        self._deadline.stop()
        pending, self._pending = self._pending, {}
        for write in pending.values():
            try:
                write()
            except Exception as exc:
                log.exception("autosave failed")
                self.save_failed.emit(str(exc))


class LoopController(QObject):
    """Runs rounds, breaks and scoring in order for one loop."""

    #: A round began: the planned round and its position (0-based).
    round_started = Signal(object, int)
    #: Every tick while a round runs: remaining seconds (negative in overtime), phase index.
    tick = Signal(float, int)
    #: A time warning fired: seconds remaining at the threshold.
    time_warning = Signal(float)
    #: The clock entered a new phase (index into the round's phases).
    phase_changed = Signal(int)
    #: The round's time ran out (a hard-stop round also finishes itself).
    time_up = Signal()
    #: Pause state changed: True when paused.
    paused_changed = Signal(bool)
    #: The round's clock stopped; the rubric should be shown for this planned round.
    round_will_score = Signal(object)
    #: A break began: its length in seconds and the next round.
    break_started = Signal(float, object)
    #: Every tick during a break: seconds left.
    break_tick = Signal(float)
    #: The loop is over (finished or ended early); the summary should show.
    loop_did_finish = Signal(object)

    def __init__(
        self,
        run: LoopRun,
        *,
        warnings_s=DEFAULT_WARNINGS_S,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.run = run
        self.warnings_s = tuple(warnings_s)
        self.clock = clock
        self.countdown: Countdown | None = None
        self.autosave = Autosave(parent=self)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._last_time_save = 0.0
        self._break_ends_at: float | None = None

    # -- rounds --------------------------------------------------------------------------------
    def start(self) -> None:
        """Record the session and begin the first round."""
        self.run.start()
        self._begin_round()

    def resume(self) -> None:
        """Continue a restored run at its current round, with the clock paused."""
        self.run.resume_at(self.run.session_id, self.run.index)
        self._begin_round()
        self.set_paused(True)

    def _begin_round(self) -> None:
        planned = self.run.current
        phases = []
        if planned.spec.round_type in DESIGN_ROUND_TYPES and planned.questions:
            phases = scale_phases(
                [(p.name, p.minutes) for p in planned.questions[0].phases], planned.allowed_s
            )
        self.countdown = Countdown(
            planned.allowed_s,
            phases=phases,
            warnings_s=self.warnings_s,
            stop=planned.spec.stop,
            already_used_s=planned.used_s,
            clock=self.clock,
        )
        self.countdown.start()
        self._last_time_save = self.clock()
        self.round_started.emit(planned, self.run.index)
        self._timer.start()
        self._emit_tick()

    def _emit_tick(self) -> None:
        if self.countdown is not None:
            self.tick.emit(self.countdown.remaining_s, self.countdown.phase_index())

    def _on_tick(self) -> None:
        if self.run.stage is Stage.BREAK:
            self._on_break_tick()
            return
        cd = self.countdown
        if cd is None or self.run.stage is not Stage.ROUND:
            return
        for event in cd.poll():
            self._announce(event)
        self._emit_tick()
        if self.clock() - self._last_time_save >= SAVE_TIME_EVERY_S:
            self._last_time_save = self.clock()
            self.run.save_time(cd.elapsed_s)
        if cd.is_over:
            self.finish_round()

    def _announce(self, event: CountdownEvent) -> None:
        if event.kind == "warning":
            self.time_warning.emit(event.remaining_s)
        elif event.kind == "phase":
            self.phase_changed.emit(event.phase)
        elif event.kind == "time_up":
            self.time_up.emit()

    @property
    def paused(self) -> bool:
        return self.countdown is not None and not self.countdown.running

    def set_paused(self, paused: bool) -> None:
        """Pause or resume the round's clock."""
        if self.countdown is None or self.run.stage is not Stage.ROUND or paused == self.paused:
            return
        if paused:
            self.countdown.pause()
        else:
            self.countdown.resume()
        self.paused_changed.emit(paused)
        self._emit_tick()

    def finish_round(self) -> None:
        """Stop the clock and ask for scores (the user finished early, or a hard stop hit zero)."""
        if self.run.stage is not Stage.ROUND or self.countdown is None:
            return
        self.autosave.flush()
        self.countdown.pause()
        self._timer.stop()
        self.run.finish_round(self.countdown.elapsed_s)
        self.round_will_score.emit(self.run.current)

    def save_scores(
        self, scores: dict[str, int], recommendation: str, notes: str, names: dict[str, str]
    ) -> None:
        """Record the rubric, then start the break (or show the summary after the last round)."""
        planned = self.run.current
        self.run.save_scores(scores, recommendation, notes, names)
        if self.run.stage is Stage.SUMMARY:
            self.loop_did_finish.emit(self.run)
        else:
            self._start_break(planned)

    # -- breaks --------------------------------------------------------------------------------
    def _start_break(self, previous: PlannedRound) -> None:
        length = previous.break_s
        if length <= 0:
            self.skip_break()
            return
        self._break_ends_at = self.clock() + length
        self.break_started.emit(length, self.run.rounds[self.run.index + 1])
        self._timer.start()
        self.break_tick.emit(length)

    def _on_break_tick(self) -> None:
        if self._break_ends_at is None:
            return
        left = self._break_ends_at - self.clock()
        self.break_tick.emit(max(left, 0.0))
        if left <= 0:
            self.skip_break()

    def skip_break(self) -> None:
        """End the break now and start the next round."""
        if self.run.stage is not Stage.BREAK:
            return
        self._break_ends_at = None
        self._timer.stop()
        self.run.next_round()
        self._begin_round()

    def end_loop(self) -> None:
        """The user ended the loop early: save what is typed, stop, show the summary."""
        self.autosave.flush()
        self._timer.stop()
        if self.run.stage is Stage.ROUND and self.countdown is not None:
            self.countdown.pause()
            self.run.finish_round(self.countdown.elapsed_s)
        self.run.end_early()
        self.loop_did_finish.emit(self.run)

    def stop(self) -> None:
        """Stop ticking (window closing); what is typed is flushed to the store."""
        self.autosave.flush()
        self._timer.stop()
        if self.run.stage is Stage.ROUND and self.countdown is not None:
            self.run.save_time(self.countdown.elapsed_s)
