"""Helpers for the review tests: a settable clock and a recorder that saves rounds through the real
store the way a loop does (session, round, answers, notes, code, verdicts, ticks, scores)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mockint.store import Store


class Clock:
    """A settable clock; each reading is one second after the previous one, so order is certain."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def set(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class Answer:
    """What was recorded for one question: ticked key points, judge runs (passed, total), text."""

    question_id: str
    title: str = ""
    ticks: Sequence[int] = ()
    verdicts: Sequence[tuple[int, int]] = ()
    notes: str = ""
    code: str = ""
    phase_notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorder:
    store: Store
    clock: Clock
    #: Dimension names by round type, then by id, as the rubric dialog passes them (ids repeat
    #: across rubrics: "depth" is ML theory's and the project deep dive's).
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    def session(
        self,
        when: datetime,
        rounds: Sequence[dict],
        kind: str = "loop",
        title: str = "Onsite",
        status: str = "finished",
    ) -> str:
        """Record a session at ``when``; each round dict: type, scores, recommendation, answers, used_s,
        allowed_s (default 2700), notes. A round without ``scores`` is left unscored."""
        self.clock.set(when)
        sid = self.store.sessions.create(kind, "mle-onsite" if kind == "loop" else rounds[0]["type"], title)
        for pos, spec in enumerate(rounds):
            rid = self.store.sessions.add_round(
                sid, pos, spec["type"], spec.get("title", spec["type"]), spec.get("allowed_s", 2700.0)
            )
            self.store.sessions.start_round(rid)
            for i, answer in enumerate(spec.get("answers", ())):
                aid = self.store.answers.add(rid, i, answer.question_id, answer.title or answer.question_id)
                if answer.notes:
                    self.store.answers.save_notes(aid, answer.notes)
                if answer.code:
                    self.store.answers.save_code(aid, answer.code)
                for phase, text in answer.phase_notes.items():
                    self.store.answers.save_phase_notes(aid, phase, text)
                if answer.ticks:
                    self.store.answers.save_key_points(aid, list(answer.ticks))
                for passed, total in answer.verdicts:
                    verdict = "Accepted" if passed == total else "Wrong answer"
                    self.store.answers.add_verdict(
                        aid,
                        {"verdict": verdict, "passed": passed, "total": total, "runtime_s": 0.5},
                        answer.code or "def f(): pass\n",
                    )
            self.store.sessions.finish_round(rid, spec.get("used_s", 2600.0))
            if spec.get("scores"):
                self.store.answers.save_scores(
                    rid,
                    spec["scores"],
                    spec.get("recommendation", "Leaning hire"),
                    spec.get("notes", ""),
                    self.names.get(spec["type"], {}),
                )
        if status != "active":
            self.store.sessions.finish(sid, status)
        return sid
