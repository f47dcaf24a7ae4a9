"""A day-by-day study plan from today to the interview date; Qt-free and pure.

A plan is a function of the scored history, the due retries, the bank, today and the budget, so
re-planning after a missed day or a new score is recomputing :func:`build_plan`. Rules and their
source (issue 17): each day holds, in this order, the retries due (FSRS, :mod:`.schedule`; the
weakest round types' first, at most :data:`RETRY_SHARE` of the day while other work waits), then
questions of the weakest dimensions' round types, then questions never practised, then more
retries if minutes are left; a full mock
loop weekly and two days before the date (a common prep rhythm: rehearse the real format, then
rest); the day before the date is light (at most a third of the budget). Every minute figure is
in minutes; no day goes over ``minutes_per_day``; no question appears twice on one day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockint.bank import Bank
    from mockint.store.review_state import ReviewState

#: Minutes of a full mock loop in the plan (a typical onsite of four rounds, shortened).
LOOP_MINUTES = 180.0

#: Share of a day's budget that retries take while other work (weak round types, new questions)
#: is waiting; the rest of the day is filled with retries again once those are placed. Without it a
#: backlog of retries (after a break) crowds out the weakest round types for a week.
RETRY_SHARE = 0.6

#: Never-practised questions per day at most (a daily limit on new items, as Anki's default 20
#: cards scaled to interview questions of 5-45 minutes).
NEW_PER_DAY = 4


@dataclass(frozen=True)
class BankQuestion:
    """A question the plan may place: its id, round type and suggested minutes."""

    question_id: str
    round_type: str
    minutes: float


@dataclass(frozen=True)
class PlanItem:
    """One thing to do: ``kind`` is "retry", "weak", "new" or "loop"; ``minutes`` in minutes."""

    kind: str
    round_type: str
    question_id: str | None
    minutes: float
    reason: str


@dataclass(frozen=True)
class PlanDay:
    """A day of the plan; ``minutes`` is the sum of its items' minutes."""

    date: date
    items: tuple[PlanItem, ...]

    @property
    def minutes(self) -> float:
        return sum(i.minutes for i in self.items)

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "minutes": self.minutes,
            "items": [asdict(i) for i in self.items],
        }


class _Fill:
    """A day being filled: what it holds and the minutes left."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.items: list[PlanItem] = []
        self.taken: set[str] = set()

    def add(self, item: PlanItem) -> bool:
        """Add ``item`` when it fits the minutes left and its question is not on the day yet."""
        if item.minutes > self.budget or (item.question_id and item.question_id in self.taken):
            return False
        self.items.append(item)
        self.budget -= item.minutes
        if item.question_id:
            self.taken.add(item.question_id)
        return True


def build_plan(
    today: date,
    interview_date: date,
    minutes_per_day: float,
    questions: Sequence[BankQuestion],
    *,
    due: Sequence[str] = (),
    weak_round_types: Sequence[str] = (),
    practised: set[str] | frozenset[str] = frozenset(),
    new_per_day: int = NEW_PER_DAY,
    paused_until: date | None = None,
    asked_today: set[str] | frozenset[str] = frozenset(),
) -> list[PlanDay]:
    """One :class:`PlanDay` per day from ``today`` to the day before ``interview_date``.

    ``due`` are question ids due for a retry now, most overdue first; ``weak_round_types`` the
    round types of the weakest dimensions, weakest first; ``practised`` the ids ever asked;
    ``new_per_day`` caps the never-practised questions a day gets (the spaced-repetition habit
    of a daily limit on new items, so retries do not pile up later); days before
    ``paused_until`` (a week off) are left empty and the work moves to the days after;
    ``asked_today`` (ids already asked on ``today``) are kept off today (no same-day repeat).
    Raises ``ValueError`` when the date is not after today or the budget is not positive.
    """
    if interview_date <= today:
        raise ValueError(f"the interview date {interview_date} must be after today ({today})")
    if minutes_per_day <= 0:
        raise ValueError(f"minutes per day must be positive, got {minutes_per_day}")
    by_id = {q.question_id: q for q in questions}
    days = (interview_date - today).days
    rank = {rt: n for n, rt in enumerate(weak_round_types)}
    retries = sorted((q for q in due if q in by_id), key=lambda q: rank.get(by_id[q].round_type, len(rank)))
    weak = [q for rt in weak_round_types for q in questions if q.round_type == rt]
    new = _round_robin([q for q in questions if q.question_id not in practised])
    used_weak: set[str] = set()
    used_new: set[str] = set()
    plan = []
    for n in range(days):
        day = today + timedelta(days=n)
        left_days = (interview_date - day).days
        budget = minutes_per_day / 3 if left_days == 1 else minutes_per_day
        fill = _Fill(0.0 if paused_until is not None and day < paused_until else budget)
        add = fill.add
        if n == 0:
            fill.taken |= set(asked_today)

        loop_day = fill.budget > 0 and (
            left_days == 3 or (left_days > 3 and n % 7 == 6)
        )  # not on a paused day
        if loop_day:
            length = min(LOOP_MINUTES, fill.budget)
            add(
                PlanItem(
                    "loop",
                    "loop",
                    None,
                    length,
                    "full mock loop: weekly, and two days before the date"
                    + ("" if length == LOOP_MINUTES else f" (shortened to {length:.0f} min)"),
                )
            )
        _place_retries(fill, retries, by_id, keep=fill.budget * (1 - RETRY_SHARE))
        for q in weak:
            if q.question_id not in used_weak and add(
                PlanItem(
                    "weak",
                    q.round_type,
                    q.question_id,
                    q.minutes,
                    f"weakest dimension's round type: {q.round_type}",
                )
            ):
                used_weak.add(q.question_id)
                break
        fresh = 0
        for q in new:
            if fresh >= new_per_day:
                break
            if (
                q.question_id not in used_new
                and q.question_id not in used_weak
                and add(PlanItem("new", q.round_type, q.question_id, q.minutes, "never practised"))
            ):
                used_new.add(q.question_id)
                fresh += 1
        _place_retries(fill, retries, by_id, keep=0.0)
        plan.append(PlanDay(day, tuple(fill.items)))
    return plan


def _place_retries(fill: _Fill, retries: list[str], by_id: Mapping[str, BankQuestion], keep: float) -> None:
    """Move due ``retries`` onto ``fill`` while ``keep`` minutes stay free; what does not fit
    stays in ``retries`` for the next day."""
    for qid in list(retries):
        q = by_id[qid]
        if q.minutes <= fill.budget - keep and fill.add(
            PlanItem("retry", q.round_type, qid, q.minutes, "due for a retry (FSRS)")
        ):
            retries.remove(qid)


def _round_robin(questions: Sequence[BankQuestion]) -> list[BankQuestion]:
    """``questions`` interleaved by round type (first of each type, then the second...), so
    coverage spreads over every round type instead of draining one."""
    rank: dict[str, int] = {}
    keyed = []
    for q in questions:
        rank[q.round_type] = rank.get(q.round_type, -1) + 1
        keyed.append((rank[q.round_type], q.round_type, q))
    return [q for *_key, q in sorted(keyed, key=lambda k: (k[0], k[1]))]


def plan_json(plan: Sequence[PlanDay]) -> list[dict]:
    """The plan as JSON: a list of ``{date, items: [{kind, round_type, question_id, minutes, reason}], minutes}``."""
    return [d.to_json() for d in plan]


def weak_round_types(weak: Sequence[object]) -> list[str]:
    """Round types of :func:`mockint.review.analysis.weakest_dimensions`, weakest first, each once."""
    seen: dict[str, None] = {}
    for w in weak:
        seen.setdefault(w.round_type, None)  # type: ignore[attr-defined]
    return list(seen)


def done_by_day(history_rows: Mapping[date, set[str]], plan: Sequence[PlanDay]) -> dict[date, bool]:
    """For each planned day before the last, whether any question it held was asked that day."""
    return {d.date: bool({i.question_id for i in d.items} & history_rows.get(d.date, set())) for d in plan}


def plan_for(
    state: ReviewState,
    bank: Bank,
    today: date,
    interview_date: date,
    minutes_per_day: float,
    *,
    paused_until: date | None = None,
    new_per_day: int = NEW_PER_DAY,
) -> list[PlanDay]:
    """:func:`build_plan` from a :class:`mockint.store.review_state.ReviewState` and a bank:
    due retries (:func:`.schedule.due_questions`), weakest dimensions
    (:func:`.analysis.weakest_dimensions`) and every question ever asked; ``paused_until`` and
    ``new_per_day`` as :func:`build_plan`. Raises ``ValueError``
    as :func:`build_plan` and :class:`mockint.store.StoreError` when the store cannot be read."""
    from datetime import datetime

    from mockint.review.analysis import weakest_dimensions
    from mockint.review.history import load_history
    from mockint.review.schedule import due_questions

    history = load_history(state)
    now = datetime.combine(today, datetime.min.time()).astimezone().replace(hour=23, minute=59)
    due = [d.question_id for d in due_questions(state, now=now)]
    practised = {a.question_id for r in history.rounds() for a in r.answers}
    asked_today = {
        q for q, at in state.last_asked().items() if datetime.fromisoformat(at).astimezone().date() == today
    }
    questions = [
        BankQuestion(q.id, q.round_type, float(q.minutes))
        for q in sorted(bank.questions.values(), key=lambda q: q.id)
    ]
    weak = weak_round_types(weakest_dimensions(history, limit=3))
    return build_plan(
        today,
        interview_date,
        minutes_per_day,
        questions,
        due=due,
        weak_round_types=weak,
        practised=practised,
        paused_until=paused_until,
        new_per_day=new_per_day,
        asked_today=asked_today,
    )
