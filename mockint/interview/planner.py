"""Pick questions for a round from the bank.

Rules, in order: honour the round's topic and difficulty filters; ask due questions first when the
caller passes them (the retry queue); then, when the loop has a domain focus
(:mod:`mockint.bank.tracks`), questions on that track; then questions never asked; then the least
recently asked, so nothing repeats across sessions until its pool is used up. Ties are broken at
random.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from mockint.bank.model import Bank, Question, RoundSpec
from mockint.bank.tracks import Track


class PlanningError(Exception):
    """No question matches a round's filters; the message names the round type and filters."""


def candidates(bank: Bank, spec: RoundSpec) -> list[Question]:
    """Questions of the round's type that pass its topic and difficulty filters."""
    pool = bank.by_round(spec.round_type)
    if spec.difficulties:
        pool = [q for q in pool if q.difficulty in spec.difficulties]
    if spec.topics:
        wanted = {t.lower() for t in spec.topics}
        pool = [q for q in pool if wanted & {t.lower() for t in q.topics}]
    return pool


def pick_questions(
    bank: Bank,
    spec: RoundSpec,
    last_asked: Mapping[str, str],
    *,
    due: Iterable[str] = (),
    exclude: Iterable[str] = (),
    rng: random.Random | None = None,
    focus: Track | None = None,
) -> list[Question]:
    """Choose ``spec.questions`` questions for one round.

    ``last_asked`` maps question id to the ISO time it was last asked (from the store); ``due``
    lists question ids to ask first; ``exclude`` ids already picked elsewhere in the same loop;
    ``focus`` a domain track whose questions come next (it orders, it never filters).
    Returns fewer questions than asked for only when the pool is smaller. Raises
    :class:`PlanningError` when nothing matches.
    """
    rng = rng or random.Random()
    excluded = set(exclude)
    pool = [q for q in candidates(bank, spec) if q.id not in excluded]
    if not pool:
        filters = ", ".join(
            f
            for f in (
                f"topics {list(spec.topics)}" if spec.topics else "",
                f"difficulties {list(spec.difficulties)}" if spec.difficulties else "",
            )
            if f
        )
        raise PlanningError(
            f"no {spec.round_type} questions in the bank" + (f" match {filters}" if filters else "")
        )
    due_ids = [d for d in due if d not in excluded]
    due_rank = {qid: i for i, qid in enumerate(due_ids)}

    def key(q: Question) -> tuple[int, int, str, float]:
        if q.id in due_rank:
            return (0, due_rank[q.id], "", 0.0)
        seen = last_asked.get(q.id)
        off_track = 0 if focus is None or focus.covers(q.topics) else 1
        # Never asked sorts before any date; older dates before newer ones.
        return (1, off_track, seen or "", rng.random())

    ordered = sorted(pool, key=key)
    return ordered[: spec.questions]


def plan_loop(
    bank: Bank,
    specs: Sequence[RoundSpec],
    last_asked: Mapping[str, str],
    rng: random.Random | None = None,
    focus: Track | None = None,
) -> list[list[Question]]:
    """Questions for every round of a loop, never the same question twice in one loop; ``focus``
    as in :func:`pick_questions`."""
    rng = rng or random.Random()
    chosen: list[list[Question]] = []
    used: set[str] = set()
    for spec in specs:
        picked = pick_questions(bank, spec, last_asked, exclude=used, rng=rng, focus=focus)
        used.update(q.id for q in picked)
        chosen.append(picked)
    return chosen
