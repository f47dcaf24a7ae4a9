"""Everything the plan screen and home's Today box show, computed in one pass, Qt-free.

:func:`plan_overview` reads a :class:`mockint.store.review_state.ReviewState` (safe on a worker
thread with a state of its own) and returns plain data: the plan, the due calendar, readiness per
round type, the streak, practice days of the last week and the weekly summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mockint.review.plan import PlanDay

#: Days planned when no interview date is set.
DEFAULT_HORIZON_DAYS = 14
#: Days of the due calendar (six weeks).
CALENDAR_DAYS = 42


@dataclass(frozen=True)
class PlanOverview:
    """``plan``: one :class:`PlanDay` per day to the interview (empty when the date has passed);
    ``target``: the interview date used; ``dated``: whether the user set it; ``calendar``: retries
    due per day (:func:`mockint.review.schedule.due_calendar`); ``ready``: a
    :class:`mockint.review.readiness.Readiness` per round type; ``streak`` and ``practised_days``
    (of the last 7) in days; ``week``: :func:`mockint.review.readiness.weekly_summary`."""

    today: date
    target: date
    dated: bool
    minutes_per_day: float
    paused_until: date | None
    plan: list[PlanDay]
    calendar: dict[date, int]
    ready: list[Any]
    streak: int
    practised_days: int
    week: dict[str, Any]

    @property
    def days_left(self) -> int:
        return (self.target - self.today).days


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def plan_overview(
    state: Any,
    bank: Any,
    today: date,
    interview_date: str,
    minutes_per_day: float,
    paused_until: str = "",
    new_per_day: int = 4,
) -> PlanOverview:
    """The :class:`PlanOverview` of ``state`` and ``bank`` on ``today``; dates are ISO text as in
    the settings ('' = none; no interview date plans :data:`DEFAULT_HORIZON_DAYS`). Raises
    ``ValueError`` for a date that is not ISO (``new_per_day``: :func:`mockint.review.plan.build_plan`) and :class:`mockint.store.StoreError`."""
    from mockint.bank import ROUND_TYPES
    from mockint.review.history import load_history
    from mockint.review.plan import plan_for
    from mockint.review.readiness import practised_days, readiness, streak, weekly_summary
    from mockint.review.schedule import due_calendar, due_counts

    target = _date(interview_date) or today + timedelta(days=DEFAULT_HORIZON_DAYS)
    pause = _date(paused_until)
    pause = pause if pause and pause > today else None
    plan = (
        plan_for(state, bank, today, target, minutes_per_day, paused_until=pause, new_per_day=new_per_day)
        if target > today
        else []
    )
    history = load_history(state)
    due = {} if pause else due_counts(state, sync=False)
    counts = {rt: len(bank.by_round(rt)) for rt in ROUND_TYPES if bank.by_round(rt)}
    days = [s.local_date() for s in history.sessions]
    return PlanOverview(
        today,
        target,
        bool(interview_date),
        minutes_per_day,
        pause,
        plan,
        due_calendar(state, today, CALENDAR_DAYS, pause),
        readiness(history, counts, due),
        streak(days, today),
        practised_days(days, today),
        weekly_summary(history, today),
    )


def overview_in(
    db_path: Any,
    bank: Any,
    today: date,
    interview_date: str,
    minutes_per_day: float,
    paused_until: str = "",
    new_per_day: int = 4,
) -> PlanOverview:
    """:func:`plan_overview` on a connection of its own to ``db_path`` (for a worker thread)."""
    from mockint.store.review_state import ReviewState

    state = ReviewState.open(db_path)
    try:
        return plan_overview(state, bank, today, interview_date, minutes_per_day, paused_until, new_per_day)
    finally:
        state.close()


def pause_text(paused_until: str, today: date | None = None) -> str:
    """ "The retry queue is paused until Mon 08 Dec." while the settings' pause (ISO text) is on
    at ``today`` (default today), else ''."""
    until = _date(paused_until)
    if until is None or until <= (today or date.today()):
        return ""
    return f"The retry queue is paused until {until:%a %d %b}."


def consistency_text(overview: PlanOverview) -> str:
    """A line without nagging: "Practised 4 of the last 7 days (a 3-day streak)."; nothing about
    missed days."""
    n = overview.practised_days
    if not n:
        return "No practice in the last 7 days yet; today's plan is a good start."
    streak = f" (a {overview.streak}-day streak)" if overview.streak > 1 else ""
    return f"Practised {n} of the last 7 days{streak}."


def week_text(overview: PlanOverview, names: dict[str, str]) -> str:
    """The weekly summary as a sentence: sessions, days, round types that improved and did not."""
    w = overview.week
    better = ", ".join(names.get(t, t) for t in w["improved"]) or "none yet"
    flat = ", ".join(names.get(t, t) for t in w["not_improved"]) or "none"
    return (
        f"This week: {w['sessions']} session{'s' if w['sessions'] != 1 else ''} on {w['days']} "
        f"day{'s' if w['days'] != 1 else ''}. Improved on last week: {better}. Not improved: {flat}."
    )
