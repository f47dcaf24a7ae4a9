"""Rebuild a :class:`LoopRun` from a saved, unfinished session so the user can continue it."""

from __future__ import annotations

from mockint.bank.model import Bank, LoopTemplate
from mockint.interview.planner import pick_questions
from mockint.interview.run import LoopRun, PlannedRound, RecordingStore, practice_template
from mockint.store.records import SessionDetail


class ResumeError(ValueError):
    """The saved session cannot be continued (its template or questions are gone); says which."""


def _template(bank: Bank, template_id: str) -> LoopTemplate:
    if template_id in bank.loops:
        return bank.loops[template_id]
    if template_id.startswith("practice-"):
        return practice_template(bank, template_id.removeprefix("practice-"))
    raise ResumeError(f"the loop template {template_id!r} is no longer in the bank")


def resume_run(store: RecordingStore, bank: Bank, detail: SessionDetail) -> LoopRun:
    """A run positioned at the session's first unscored round, with its saved answers attached.

    ``detail`` is ``store.sessions.detail(...)``. Rounds that never started get their questions
    picked now. Raises :class:`ResumeError` when the template or a question has left the bank, or
    when every round is already scored, and ``PlanningError`` when a round cannot be filled.
    """
    template = _template(bank, detail["template_id"])
    rounds: list[PlannedRound] = []
    for saved, spec in zip(detail["rounds"], template.rounds, strict=False):
        questions = []
        for answer in saved["answers"]:
            if answer["question_id"] not in bank.questions:
                raise ResumeError(f"question {answer['question_id']!r} is no longer in the bank")
            questions.append(bank.questions[answer["question_id"]])
        planned = PlannedRound(
            spec=spec,
            questions=questions,
            round_id=saved["id"],
            answer_ids=[a["id"] for a in saved["answers"]],
            used_s=saved.get("used_s") or 0.0,
            saved=list(saved["answers"]),
        )
        planned.scores = {s["dimension_id"]: s["score"] for s in saved["scores"]}
        planned.recommendation = saved.get("recommendation") or ""
        rounds.append(planned)
    if len(rounds) != len(template.rounds):
        raise ResumeError("the loop template has changed since this session started")
    # A round that never started (the app stopped before it, e.g. in the break) has no questions
    # on record: they are picked now, as a new loop would, never repeating one from this session.
    unstarted = [r for r in rounds if not r.questions]
    if unstarted:
        used = {q.id for r in rounds for q in r.questions}
        last_asked = store.review.last_asked()
        for planned in unstarted:
            planned.questions = pick_questions(bank, planned.spec, last_asked, exclude=used)
            used.update(q.id for q in planned.questions)
    index = next((i for i, r in enumerate(rounds) if not r.scores), None)
    if index is None:
        raise ResumeError("every round of this session is already scored")
    run = LoopRun(store, bank, template, kind=detail["kind"], rounds=rounds)
    run.session_id = detail["id"]
    run.index = index
    return run
