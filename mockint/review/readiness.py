"""Readiness at a glance, Qt-free: per round type, the trend of its scores, questions practised
against the bank and the retries due; the practice streak; a weekly summary.

Scores are rubric means (1..4); a trend is the mean of the last 3 scored rounds minus the mean of
the 3 before (positive: improving). The streak counts consecutive calendar days with a session,
ending today or yesterday (so a day not yet practised does not break it: no nagging).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from mockint.review.history import History


@dataclass(frozen=True)
class Readiness:
    """One round type: mean of recent scores (1..4 or None), trend, practised/bank counts, due."""

    round_type: str
    recent_mean: float | None
    trend: float | None
    practised: int
    bank: int
    due: int


def readiness(history: History, bank_counts: Mapping[str, int], due: Mapping[str, int]) -> list[Readiness]:
    """A :class:`Readiness` per round type in ``bank_counts`` (round type -> questions in the bank)."""
    out = []
    for rt, total in bank_counts.items():
        means = [m for r in history.scored_rounds(rt) if (m := r.mean_score) is not None]
        asked = {a.question_id for r in history.rounds() if r.round_type == rt for a in r.answers}
        recent = fmean(means[-3:]) if means else None
        trend = recent - fmean(means[-6:-3]) if recent is not None and len(means) >= 4 else None
        out.append(Readiness(rt, recent, trend, len(asked), total, due.get(rt, 0)))
    return out


def streak(days: Sequence[date], today: date) -> int:
    """Consecutive practice days ending today or yesterday (``days``: dates with a session)."""
    have = set(days)
    day = today if today in have else today - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


def weekly_summary(history: History, today: date) -> dict[str, object]:
    """This week (the 7 days to ``today``) against the 7 before: sessions, days practised, and the
    round types whose mean score rose or fell (``improved`` / ``not_improved`` lists)."""

    def window(start: date, end: date) -> list:
        return [s for s in history.sessions if start <= s.local_date() <= end]

    this = window(today - timedelta(days=6), today)
    last = window(today - timedelta(days=13), today - timedelta(days=7))

    def means(sessions: list) -> dict[str, float]:
        by: dict[str, list[float]] = {}
        for s in sessions:
            for r in s.rounds:
                if r.mean_score is not None:
                    by.setdefault(r.round_type, []).append(r.mean_score)
        return {k: fmean(v) for k, v in by.items()}

    now, before = means(this), means(last)
    common = sorted(set(now) & set(before))
    return {
        "sessions": len(this),
        "days": len({s.local_date() for s in this}),
        "improved": [t for t in common if now[t] > before[t]],
        "not_improved": [t for t in common if now[t] <= before[t]],
    }


def practised_days(days: Sequence[date], today: date, window: int = 7) -> int:
    """On how many of the ``window`` days ending ``today`` there was a session (``days``: session
    dates): "practised 4 of the last 7 days", a consistency figure that a day off does not reset."""
    start = today - timedelta(days=window - 1)
    return len({d for d in days if start <= d <= today})
