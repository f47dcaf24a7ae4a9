"""A round's state as a plain evented model: what the candidate wrote, ticked, ran and was given.

One :class:`RoundState` per round holds, per question (by question id): notes, phase notes
(system-design phases and phone-screen parts, by their notes key), code, ticked key points, which
sections' key points were revealed, verdict runs, recorded takes, numbers checked against a
stats question's answer, and the interviewer's events: hints taken, follow-ups asked, and a
"done" mark. It also knows which question is on screen.

Views render it and send intents (``state.set_notes(...)``); the store is written by a subscriber
(:class:`mockint.interview.round_saver.RoundSaver`); the rubric dialog, the debrief and reports read
one :class:`mockint.interview.evidence.RoundEvidence` built from it.

Every field change is emitted once, and only when the value really changes (as napari's evented
models do): setting the same notes twice emits one change. Subscribers are plain callables; no Qt.
The values recorded per question are in :mod:`mockint.interview.round_records`, the events in
:mod:`mockint.interview.round_events` (the record types and ``Change`` stay importable from here).

Example::

    state = RoundState(questions, answer_ids)
    state.events.hints.connect(lambda change: print(change.value))
    state.take_hint("two-sum", at_s=312.5)          # -> 0, the first hint's index
    state.ask_follow_up("bias-variance", "And with 10x data?", key_point=1, at_s=600.0)
    state.mark_done("two-sum")
    state.hints_taken("two-sum")                    # -> (HintTaken(hint=0, at_s=312.5),)

Conventions: question ids are the bank's ids; key point indexes are 0-based across the whole
question (a design question's phases, a phone screen's parts, concatenated in order), as the store
keeps them; ``at_s`` is seconds since the round's clock started (its elapsed time, not wall time).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mockint.interview import numeric
from mockint.interview.round_events import Change, RoundEvents
from mockint.interview.round_records import (
    WHOLE_QUESTION,
    AnswerCheck,
    FollowUp,
    HintTaken,
    QuestionLike,
    QuestionState,
    key_point_count,
    sections,
)

log = logging.getLogger(__name__)


def _seconds(at_s: float) -> float:
    value = float(at_s)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"at_s must be a finite number of seconds >= 0, got {at_s!r}")
    return value


class RoundState:
    """The state of one round's questions; see the module docstring for the API and conventions.

    ``questions`` are bank questions in the round's order, ``answer_ids`` the store's answer id of
    each (may be empty before the round is recorded). Methods taking ``qid`` raise ``KeyError``
    for a question id not in the round.
    """

    def __init__(self, questions: Sequence[QuestionLike], answer_ids: Sequence[str] = ()) -> None:
        self.questions = list(questions)
        self.answer_ids = list(answer_ids)
        self.events = RoundEvents()
        self._by_id = {q.id: q for q in self.questions}
        self._states = {q.id: QuestionState() for q in self.questions}
        self._current = 0

    # -- lookups ---------------------------------------------------------------------------------
    def _state(self, qid: str) -> QuestionState:
        try:
            return self._states[qid]
        except KeyError:
            raise KeyError(f"question {qid!r} is not in this round") from None

    def question(self, qid: str) -> QuestionLike:
        self._state(qid)
        return self._by_id[qid]

    def answer_id(self, qid: str) -> str:
        """The store's answer id of the question ('' before the round is recorded)."""
        index = self.index_of(qid)
        return self.answer_ids[index] if index < len(self.answer_ids) else ""

    def index_of(self, qid: str) -> int:
        self._state(qid)
        return next(i for i, q in enumerate(self.questions) if q.id == qid)

    @property
    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def _emit(self, name: str, qid: str, value: Any, key: str = "") -> None:
        getattr(self.events, name).emit(Change(name, qid, value, key))

    # -- which question is on screen ---------------------------------------------------------------
    @property
    def current(self) -> int:
        """Index of the question on screen (0-based)."""
        return self._current

    @property
    def current_id(self) -> str:
        return self.questions[self._current].id if self.questions else ""

    def show(self, index: int) -> bool:
        """Put question ``index`` on screen; False (no change) when out of range or already there."""
        if not 0 <= index < len(self.questions) or index == self._current:
            return False
        self._current = index
        self._emit("current", self.questions[index].id, index)
        return True

    # -- what the candidate writes -------------------------------------------------------------------
    def notes(self, qid: str) -> str:
        return self._state(qid).notes

    def set_notes(self, qid: str, text: str) -> bool:
        """Replace the question's notes; True when they changed (and were emitted)."""
        s = self._state(qid)
        if s.notes == text:
            return False
        s.notes = text
        self._emit("notes", qid, text)
        return True

    def phase_notes(self, qid: str, key: str | None = None) -> Any:
        """Notes of one phase / part (``key``), or a copy of all of them as {key: text}."""
        s = self._state(qid)
        return dict(s.phase_notes) if key is None else s.phase_notes.get(key, "")

    def set_phase_notes(self, qid: str, key: str, text: str) -> bool:
        """Replace the notes of phase / part ``key``; True when they changed."""
        s = self._state(qid)
        if s.phase_notes.get(key, "") == text:
            return False
        s.phase_notes[key] = text
        self._emit("phase_notes", qid, text, key)
        return True

    def code(self, qid: str) -> str:
        return self._state(qid).code

    def set_code(self, qid: str, code: str) -> bool:
        s = self._state(qid)
        if s.code == code:
            return False
        s.code = code
        self._emit("code", qid, code)
        return True

    # -- key points ----------------------------------------------------------------------------------
    def ticks(self, qid: str) -> frozenset[int]:
        """Ticked key points, 0-based across the whole question."""
        return self._state(qid).ticks

    def set_ticks(self, qid: str, ticks: Iterable[int]) -> bool:
        """Replace the ticked key points; raises ``ValueError`` for an index out of range."""
        s = self._state(qid)
        new = frozenset(int(t) for t in ticks)
        count = key_point_count(self._by_id[qid])
        bad = sorted(t for t in new if not 0 <= t < count)
        if bad:
            raise ValueError(f"question {qid!r} has {count} key points; index {bad[0]} is out of range")
        if new == s.ticks:
            return False
        s.ticks = new
        self._emit("ticks", qid, new)
        return True

    def set_section_ticks(self, qid: str, section: str, ticks: Iterable[int]) -> bool:
        """Replace the ticks of one section (indexes 0-based within the section)."""
        first, count = self._section(qid, section)
        mine = {first + int(t) for t in ticks if 0 <= int(t) < count}
        others = {t for t in self.ticks(qid) if not first <= t < first + count}
        return self.set_ticks(qid, others | mine)

    def section_ticks(self, qid: str, section: str) -> frozenset[int]:
        """Ticks of one section, 0-based within the section."""
        first, count = self._section(qid, section)
        return frozenset(t - first for t in self.ticks(qid) if first <= t < first + count)

    def _section(self, qid: str, section: str) -> tuple[int, int]:
        for key, first, count in sections(self.question(qid)):
            if key == section:
                return first, count
        raise KeyError(f"question {qid!r} has no key point section {section!r}")

    def revealed(self, qid: str) -> frozenset[str]:
        """Section keys whose key points were revealed (see :func:`sections`)."""
        return self._state(qid).revealed

    def is_revealed(self, qid: str, section: str = WHOLE_QUESTION) -> bool:
        return section in self._state(qid).revealed

    def reveal(self, qid: str, section: str = WHOLE_QUESTION) -> bool:
        """Reveal one section's key points; True when it was hidden until now."""
        s = self._state(qid)
        self._section(qid, section)
        if section in s.revealed:
            return False
        s.revealed = s.revealed | {section}
        self._emit("revealed", qid, s.revealed, section)
        return True

    # -- judge runs and takes ------------------------------------------------------------------------
    def verdicts(self, qid: str) -> tuple[dict[str, Any], ...]:
        """Verdict runs of the question, oldest first (the judge's ``to_dict()`` plus ``final``,
        ``code`` and, once stored, ``created_at``)."""
        return self._state(qid).verdicts

    def add_verdict(self, qid: str, verdict: Mapping[str, Any]) -> None:
        """Append one judge run (always a change: two runs of the same code are two runs)."""
        s = self._state(qid)
        s.verdicts = (*s.verdicts, dict(verdict))
        self._emit("verdicts", qid, s.verdicts)

    def last_verdict(self, qid: str) -> dict[str, Any] | None:
        runs = self._state(qid).verdicts
        return runs[-1] if runs else None

    def takes(self, qid: str) -> dict[str, dict[str, Any]]:
        """Analysed takes of the question by take name (a copy)."""
        return dict(self._state(qid).takes)

    def set_take(self, qid: str, name: str, report: Mapping[str, Any]) -> bool:
        s = self._state(qid)
        if s.takes.get(name) == dict(report):
            return False
        s.takes[name] = dict(report)
        self._emit("takes", qid, dict(report), name)
        return True

    def all_takes(self) -> dict[str, dict[str, Any]]:
        """Every take of the round by take name."""
        return {name: report for s in self._states.values() for name, report in s.takes.items()}

    # -- the interviewer's events --------------------------------------------------------------------
    def hints_taken(self, qid: str) -> tuple[HintTaken, ...]:
        """Hints taken for the question, in the order taken."""
        return self._state(qid).hints

    def take_hint(self, qid: str, at_s: float, hint: int | None = None) -> int | None:
        """Record that hint ``hint`` (0-based; default: the next one not taken) was taken at
        ``at_s`` seconds into the round. Returns the hint's index, or None when it was already
        taken or every hint is (nothing changes then).

        Raises ``ValueError`` when the question has no hints, ``hint`` is out of range, or ``at_s``
        is negative or not finite.
        """
        s = self._state(qid)
        available = len(getattr(self._by_id[qid], "hints", ()) or ())
        if not available:
            raise ValueError(f"question {qid!r} has no hints")
        taken = {h.hint for h in s.hints}
        if hint is None:
            hint = next((i for i in range(available) if i not in taken), None)
            if hint is None:
                return None
        if not 0 <= hint < available:
            raise ValueError(f"question {qid!r} has {available} hints; hint {hint} is out of range")
        if hint in taken:
            return None
        s.hints = (*s.hints, HintTaken(hint, _seconds(at_s)))
        self._emit("hints", qid, s.hints)
        return hint

    def follow_ups(self, qid: str) -> tuple[FollowUp, ...]:
        """Follow-ups asked about the question, in the order asked."""
        return self._state(qid).follow_ups

    def ask_follow_up(self, qid: str, text: str, key_point: int | str | None, at_s: float) -> bool:
        """Record that the interviewer asked ``text`` (probing ``key_point``: a 0-based key point
        index, a phase name, or None) at ``at_s`` seconds into the round. Asking the same text
        again records nothing and returns False.

        Raises ``ValueError`` for empty text, a key point index out of range, or a bad ``at_s``.
        """
        s = self._state(qid)
        text = text.strip()
        if not text:
            raise ValueError("a follow-up needs its text")
        if isinstance(key_point, int) and not isinstance(key_point, bool):
            count = key_point_count(self._by_id[qid])
            if not 0 <= key_point < count:
                raise ValueError(
                    f"question {qid!r} has {count} key points; index {key_point} is out of range"
                )
        if any(f.text == text for f in s.follow_ups):
            return False
        s.follow_ups = (*s.follow_ups, FollowUp(text, key_point, _seconds(at_s)))
        self._emit("follow_ups", qid, s.follow_ups)
        return True

    def is_done(self, qid: str) -> bool:
        return self._state(qid).done

    def mark_done(self, qid: str, done: bool = True) -> bool:
        """Mark the question done (the candidate moved on, or submitted); True when it changed."""
        s = self._state(qid)
        if s.done == bool(done):
            return False
        s.done = bool(done)
        self._emit("done", qid, s.done)
        return True

    def time_on(self, qid: str) -> float:
        """Seconds the question has been on screen in this round (0.0 when never timed)."""
        return self._state(qid).time_s

    def add_time(self, qid: str, seconds: float) -> float:
        """Add ``seconds`` (>= 0, finite) of screen time to the question; emits the new total on
        ``events.time`` when it grew, and returns it. Raises ``ValueError`` for a bad ``seconds``."""
        s = self._state(qid)
        extra = _seconds(seconds)
        if extra > 0:
            s.time_s += extra
            self._emit("time", qid, s.time_s)
        return s.time_s

    # -- numeric answers (statistics and probability) ---------------------------------------------
    def checks(self, qid: str) -> tuple[AnswerCheck, ...]:
        """Numbers checked against the question's answer, oldest first (the last is the answer)."""
        return self._state(qid).checks

    def check_answer(self, qid: str, text: str, at_s: float) -> AnswerCheck:
        """Read the number in ``text``, compare it with the question's answer within its tolerance
        and record the check (``events.checks``; every check counts, a repeat too).

        Raises :class:`mockint.interview.numeric.NumberError` for text that is not a number
        (nothing is recorded), ``ValueError`` when the question asks for no number or ``at_s`` is
        bad.
        """
        s = self._state(qid)
        answer = getattr(self._by_id[qid], "numeric", None)
        if answer is None:
            raise ValueError(f"question {qid!r} asks for no number")
        when = _seconds(at_s)
        result = numeric.check(text, answer)
        made = AnswerCheck(result.input, result.value, result.correct, when)
        s.checks = (*s.checks, made)
        self._emit("checks", qid, s.checks)
        return made

    # -- restore -------------------------------------------------------------------------------------
    @classmethod
    def from_saved(
        cls, questions: Sequence[QuestionLike], answer_ids: Sequence[str], saved: Sequence[Mapping[str, Any]]
    ) -> RoundState:
        """The state as saved: ``saved`` are ``store.sessions.detail`` answer dicts in question
        order (may be shorter than ``questions``). Nothing is emitted. Saved values the bank no
        longer matches (a key point index past the end, an unknown section) are dropped and logged.
        """
        state = cls(questions, answer_ids)
        for q, answer in zip(questions, saved, strict=False):
            s = state._states[q.id]
            s.notes = answer.get("notes") or ""
            s.code = answer.get("code") or ""
            s.phase_notes = dict(answer.get("phase_notes") or {})
            count = key_point_count(q)
            s.ticks = frozenset(t for t in answer.get("key_points") or () if 0 <= t < count)
            keys = {key for key, _first, _count in sections(q)}
            s.revealed = frozenset(k for k in answer.get("revealed") or () if k in keys)
            s.verdicts = tuple(dict(v) for v in answer.get("verdicts") or ())
            s.hints = tuple(HintTaken(int(h["hint"]), float(h["at_s"])) for h in answer.get("hints") or ())
            s.follow_ups = tuple(
                FollowUp(f["text"], f.get("key_point"), float(f["at_s"]))
                for f in answer.get("follow_ups") or ()
            )
            s.done = bool(answer.get("done"))
            s.time_s = float(answer.get("time_s") or 0.0)
            s.checks = tuple(
                AnswerCheck(str(c["input"]), float(c["value"]), bool(c["correct"]), float(c["at_s"]))
                for c in answer.get("checks") or ()
            )
            dropped = set(answer.get("key_points") or ()) - s.ticks
            if dropped:
                log.warning(
                    "question %s: saved key points %s are past its %d points; dropped",
                    q.id,
                    sorted(dropped),
                    count,
                )
        return state
