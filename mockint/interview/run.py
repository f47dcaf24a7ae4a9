"""A loop in progress: which round, which stage, and what has been saved.

:class:`LoopRun` is plain Python (no Qt): the UI asks it what comes next and tells it what
happened; it records everything in the store as it happens, and it is the one writer of the
session's rows (the controller's clock saves and the rubric go through it too). Stages
(:class:`Stage`) run ``round → scoring → break → round … → summary``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from mockint.bank.model import ROUND_TYPE_NAMES, Bank, LoopTemplate, Question, RoundSpec
from mockint.interview.planner import plan_loop
from mockint.store.records import AnswerRow

DEFAULT_TEMPLATE_ID = "mle-onsite"
QUICK_DRILL_ID = "quick-drill"


class Stage(StrEnum):
    """Where a run is. A ``StrEnum``: each member equals its value (``Stage.ROUND == "round"``),
    and the values are what ``mockint`` prints (the wheel test's JSON ``stage``), so keep them."""

    PLANNED = "planned"
    ROUND = "round"
    SCORING = "scoring"
    BREAK = "break"
    SUMMARY = "summary"


#: The stages while a loop is under way (leaving the page then asks first).
IN_PROGRESS = frozenset({Stage.ROUND, Stage.SCORING, Stage.BREAK})


class SessionWriter(Protocol):
    """What a run writes through ``store.sessions`` (:class:`mockint.store.Sessions`)."""

    def create(self, kind: str, template_id: str, title: str) -> str: ...
    def add_round(
        self, session_id: str, position: int, round_type: str, title: str, allowed_s: float
    ) -> str: ...
    def start_round(self, round_id: str) -> None: ...
    def update_round_time(self, round_id: str, used_s: float) -> None: ...
    def finish_round(self, round_id: str, used_s: float) -> None: ...
    def finish(self, session_id: str, status: str = "finished") -> None: ...


class QuestionWriter(Protocol):
    """What a run writes through ``store.answers`` (:class:`mockint.store.Answers`)."""

    def add(self, round_id: str, position: int, question_id: str, question_title: str) -> str: ...
    def save_scores(
        self,
        round_id: str,
        scores: Mapping[str, int],
        recommendation: str,
        notes: str,
        dimension_names: Mapping[str, str] | None = None,
    ) -> None: ...


class AskedReader(Protocol):
    """What a run reads through ``store.review`` (:class:`mockint.store.ReviewState`)."""

    def last_asked(self) -> dict[str, str]: ...


class RecordingStore(Protocol):
    """What a run needs from :class:`mockint.store.Store` (kept narrow for clarity): the session's
    rows are written only through these sub-objects, from the run (one writer per session)."""

    @property
    def sessions(self) -> SessionWriter: ...
    @property
    def answers(self) -> QuestionWriter: ...
    @property
    def review(self) -> AskedReader: ...


@dataclass
class PlannedRound:
    """One round of the run: its spec, its questions and, once started, its store ids.

    ``allowed_s`` and ``used_s`` are seconds; ``scores`` maps dimension id to 1..4.
    """

    spec: RoundSpec
    questions: list[Question]
    round_id: str = ""
    answer_ids: list[str] = field(default_factory=list)
    used_s: float = 0.0
    scores: dict[str, int] = field(default_factory=dict)
    recommendation: str = ""
    #: Answers saved before a resume (``store.sessions.detail`` answer dicts), else empty.
    saved: list[AnswerRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.spec.title or ROUND_TYPE_NAMES[self.spec.round_type]

    @property
    def allowed_s(self) -> float:
        return self.spec.minutes * 60.0

    @property
    def break_s(self) -> float:
        return self.spec.break_minutes * 60.0


def practice_template(
    bank: Bank,
    round_type: str,
    questions: int | None = None,
    topics: tuple[str, ...] = (),
    difficulties: tuple[str, ...] = (),
) -> LoopTemplate:
    """A one-round template for practising ``round_type``, optionally filtered by topic/difficulty.

    The round's length and question count come from the default loop template's round of that
    type when it has one, else from the first template (by id) that has one, else from the
    questions' own suggested minutes. Raises ``KeyError``
    for an unknown round type.
    """
    if round_type not in ROUND_TYPE_NAMES:
        raise KeyError(f"unknown round type {round_type!r}; one of {', '.join(ROUND_TYPE_NAMES)}")
    spec = None
    default = bank.loops.get(DEFAULT_TEMPLATE_ID)
    if default:
        spec = next((r for r in default.rounds if r.round_type == round_type), None)
    if spec is None:  # a round type the default loop lacks (statistics): the first template that has it
        spec = next(
            (
                r
                for _id, loop in sorted(bank.loops.items())
                for r in loop.rounds
                if r.round_type == round_type
            ),
            None,
        )
    if spec is None:
        pool = bank.by_round(round_type)
        minutes = max((q.minutes for q in pool), default=30.0)
        spec = RoundSpec(round_type=round_type, minutes=minutes)
    spec = RoundSpec(
        round_type=round_type,
        minutes=spec.minutes,
        questions=questions or spec.questions,
        title=spec.title,
        topics=topics or spec.topics,
        difficulties=difficulties or spec.difficulties,
        stop=spec.stop,
        break_minutes=0.0,
    )
    name = ROUND_TYPE_NAMES[round_type]
    return LoopTemplate(
        id=f"practice-{round_type}",
        title=f"Practice: {name}",
        description=f"One {name.lower()} round",
        rounds=(spec,),
    )


class LoopRun:
    """The state of one loop (or practice round) from planning to summary.

    Raises :class:`~mockint.interview.planner.PlanningError` at construction when a round cannot
    be filled from the bank.
    """

    def __init__(
        self,
        store: RecordingStore,
        bank: Bank,
        template: LoopTemplate,
        *,
        kind: str = "loop",
        rng: random.Random | None = None,
        rounds: list[PlannedRound] | None = None,
    ) -> None:
        self.store = store
        self.bank = bank
        self.template = template
        self.kind = kind
        if rounds is None:
            focus = bank.tracks.get(template.focus) if template.focus else None
            picked = plan_loop(bank, template.rounds, store.review.last_asked(), rng=rng, focus=focus)
            rounds = [PlannedRound(spec, qs) for spec, qs in zip(template.rounds, picked, strict=True)]
        self.rounds = rounds
        self.session_id = ""
        self.index = 0
        self.stage = Stage.PLANNED

    @property
    def current(self) -> PlannedRound:
        return self.rounds[self.index]

    @property
    def is_last_round(self) -> bool:
        return self.index >= len(self.rounds) - 1

    def rubric_for(self, planned: PlannedRound):
        return self.bank.rubric_for(planned.spec.round_type, planned.questions)

    def start(self) -> None:
        """Record the session and all its rounds, then enter the first round."""
        self.session_id = self.store.sessions.create(self.kind, self.template.id, self.template.title)
        for pos, planned in enumerate(self.rounds):
            planned.round_id = self.store.sessions.add_round(
                self.session_id, pos, planned.spec.round_type, planned.title, planned.allowed_s
            )
        self._enter_round()

    def _enter_round(self) -> None:
        planned = self.current
        self.store.sessions.start_round(planned.round_id)
        if not planned.answer_ids:
            planned.answer_ids = [
                self.store.answers.add(planned.round_id, i, q.id, q.title)
                for i, q in enumerate(planned.questions)
            ]
        self.stage = Stage.ROUND

    def resume_at(self, session_id: str, index: int) -> None:
        """Continue a saved session at round ``index`` (its clock resumes from ``used_s``)."""
        self.session_id = session_id
        self.index = index
        self._enter_round()

    def finish_round(self, used_s: float) -> None:
        """The round's clock stopped at ``used_s`` seconds; scoring comes next."""
        self.current.used_s = used_s
        self.store.sessions.finish_round(self.current.round_id, used_s)
        self.stage = Stage.SCORING

    def save_time(self, used_s: float) -> None:
        """Record that the current round's clock has run ``used_s`` seconds so far (saved every
        few seconds and on close, so a crash loses at most that much of the clock)."""
        self.store.sessions.update_round_time(self.current.round_id, used_s)

    def save_scores(
        self,
        scores: dict[str, int],
        recommendation: str,
        notes: str = "",
        dimension_names: Mapping[str, str] | None = None,
    ) -> None:
        """Record the current round's rubric (``scores``: dimension id -> 1..4; none and an empty
        ``recommendation`` leave it unscored, "score later"), then go to the break or the summary.
        Raises what ``store.answers.save_scores`` raises (``ValueError`` for a bad score) before moving on."""
        self.store.answers.save_scores(self.current.round_id, scores, recommendation, notes, dimension_names)
        self.scored(scores, recommendation)

    def scored(self, scores: dict[str, int], recommendation: str) -> None:
        """Scores are saved (by :meth:`save_scores`); go to the break or the summary."""
        self.current.scores = dict(scores)
        self.current.recommendation = recommendation
        if self.is_last_round:
            self.store.sessions.finish(self.session_id, "finished")
            self.stage = Stage.SUMMARY
        else:
            self.stage = Stage.BREAK

    def next_round(self) -> None:
        """Leave the break and start the next round."""
        if self.is_last_round:
            raise RuntimeError("there is no next round")
        self.index += 1
        self._enter_round()

    def end_early(self) -> None:
        """The user ended the loop: the session is marked abandoned and the summary shows."""
        self.store.sessions.finish(self.session_id, "abandoned")
        self.stage = Stage.SUMMARY
