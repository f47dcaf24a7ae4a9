"""Writes a :class:`~mockint.interview.round_state.RoundState`'s changes to the store as they happen.

Typing (notes, phase notes, code) goes through ``schedule(key, write)`` so a debouncer can batch
it (the UI passes its ``Autosave.schedule``; without one, writes run at once). Ticks, reveals,
verdicts, hints, follow-ups, done marks and checked numbers are written at once: they are rare and must survive a
crash. Takes are stored by whoever knows the audio file's place (the recording session).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from mockint.interview.round_state import Change, RoundState

log = logging.getLogger(__name__)

Schedule = Callable[[str, Callable[[], None]], None]


class AnswerWriter(Protocol):
    """What the saver writes through ``store.answers`` (:class:`mockint.store.Answers`)."""

    def save_notes(self, answer_id: str, text: str) -> None: ...
    def save_code(self, answer_id: str, code: str) -> None: ...
    def save_key_points(self, answer_id: str, ticked: list[int]) -> None: ...
    def save_phase_notes(self, answer_id: str, phase: str, text: str) -> None: ...
    def add_verdict(self, answer_id: str, verdict: Mapping[str, Any], code: str) -> str: ...
    def save_revealed(self, answer_id: str, section: str = "", at_s: float = 0.0) -> None: ...
    def add_hint(self, answer_id: str, hint: int, at_s: float) -> None: ...
    def add_follow_up(self, answer_id: str, text: str, key_point: int | str | None, at_s: float) -> None: ...
    def save_done(self, answer_id: str, done: bool) -> None: ...
    def save_time_on(self, answer_id: str, seconds: float) -> None: ...
    def add_check(self, answer_id: str, text: str, value: float, correct: bool, at_s: float) -> None: ...


class AnswerStore(Protocol):
    """What the saver needs from :class:`mockint.store.Store`: its answers, one writer per session."""

    @property
    def answers(self) -> AnswerWriter: ...


def _now(key: str, write: Callable[[], None]) -> None:
    write()


class RoundSaver:
    """Subscribes to ``state`` and saves each change under the question's answer id.

    Errors of immediate writes propagate to :attr:`on_error` (default: logged) so one failed
    write never stops the model; scheduled writes report through the scheduler.
    """

    def __init__(
        self,
        state: RoundState,
        store: AnswerStore,
        schedule: Schedule | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.state = state
        self.store = store
        self.schedule = schedule or _now
        self.on_error = on_error or (lambda exc: log.error("not saved: %s", exc))
        e = state.events
        e.notes.connect(self._notes)
        e.phase_notes.connect(self._phase_notes)
        e.code.connect(self._code)
        e.ticks.connect(self._ticks)
        e.revealed.connect(self._revealed)
        e.verdicts.connect(self._verdict)
        e.hints.connect(self._hint)
        e.follow_ups.connect(self._follow_up)
        e.done.connect(self._done)
        e.time.connect(self._time)
        e.checks.connect(self._check)

    def disconnect(self) -> None:
        e = self.state.events
        for event, cb in (
            (e.notes, self._notes),
            (e.phase_notes, self._phase_notes),
            (e.code, self._code),
            (e.ticks, self._ticks),
            (e.revealed, self._revealed),
            (e.verdicts, self._verdict),
            (e.hints, self._hint),
            (e.follow_ups, self._follow_up),
            (e.done, self._done),
            (e.time, self._time),
            (e.checks, self._check),
        ):
            event.disconnect(cb)

    def _aid(self, change: Change) -> str:
        return self.state.answer_id(change.question_id)

    def _run(self, write: Callable[[], object]) -> None:
        try:
            write()
        except Exception as exc:  # a StoreError names the folder and why; the view shows it
            log.exception("a round change was not saved")
            self.on_error(exc)

    def _notes(self, c: Change) -> None:
        aid, text = self._aid(c), c.value
        if aid:
            self.schedule(f"notes:{aid}", lambda: self.store.answers.save_notes(aid, text))

    def _phase_notes(self, c: Change) -> None:
        aid, key, text = self._aid(c), c.key, c.value
        if aid:
            self.schedule(f"{aid}:{key}", lambda: self.store.answers.save_phase_notes(aid, key, text))

    def _code(self, c: Change) -> None:
        aid, code = self._aid(c), c.value
        if aid:
            self.schedule(f"code:{aid}", lambda: self.store.answers.save_code(aid, code))

    def _ticks(self, c: Change) -> None:
        aid = self._aid(c)
        if aid:
            self._run(lambda: self.store.answers.save_key_points(aid, sorted(c.value)))

    def _revealed(self, c: Change) -> None:

        aid = self._aid(c)
        if aid:
            self._run(lambda: self.store.answers.save_revealed(aid, c.key))

    def _verdict(self, c: Change) -> None:
        aid = self._aid(c)
        if not aid or not c.value:
            return
        latest = c.value[-1]
        if latest.get("id"):  # restored from the store: already there
            return
        data = {k: v for k, v in latest.items() if k != "code"}
        self._run(lambda: self.store.answers.add_verdict(aid, data, latest.get("code", "")))

    def _hint(self, c: Change) -> None:

        aid = self._aid(c)
        if aid and c.value:
            h = c.value[-1]
            self._run(lambda: self.store.answers.add_hint(aid, h.hint, h.at_s))

    def _follow_up(self, c: Change) -> None:

        aid = self._aid(c)
        if aid and c.value:
            f = c.value[-1]
            self._run(lambda: self.store.answers.add_follow_up(aid, f.text, f.key_point, f.at_s))

    def _done(self, c: Change) -> None:

        aid = self._aid(c)
        if aid:
            self._run(lambda: self.store.answers.save_done(aid, c.value))

    def _time(self, c: Change) -> None:

        aid = self._aid(c)
        if aid:
            self._run(lambda: self.store.answers.save_time_on(aid, c.value))

    def _check(self, c: Change) -> None:

        aid = self._aid(c)
        if aid and c.value:
            made = c.value[-1]
            self._run(
                lambda: self.store.answers.add_check(aid, made.input, made.value, made.correct, made.at_s)
            )
