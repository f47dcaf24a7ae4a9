"""The rubric dialog's preview of the retry queue: when a question comes back if the round is
saved with the scores ticked so far, and "save without rating". Qt-free."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from statistics import fmean
from typing import Any


def comes_back_text(
    state: Any, question_ids: Sequence[str], scores: Mapping[str, int], now: datetime | None = None
) -> str:
    """ "Comes back for a retry in N days (Mon 08 Dec)." for the round's questions scored
    ``scores`` (dimension id -> 1..4) at ``now`` (aware; default now); the soonest question when
    there are several; '' when nothing is scored or there is no question. Uses
    :func:`mockint.review.schedule.preview_next_due` (nothing is saved)."""
    from mockint.review.schedule import preview_next_due

    if not scores or not question_ids:
        return ""
    now = now or datetime.now().astimezone()
    mean = fmean(scores.values())
    due = min(preview_next_due(state, q, mean, now) for q in question_ids).astimezone(now.tzinfo)
    days = (due.date() - now.date()).days
    when = "later today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"Comes back for a retry {when} ({due:%a %d %b})."


def preview_for(store: Any, question_ids: Sequence[str]) -> Callable[[Mapping[str, int]], str]:
    """A callable for :class:`mockint.ui.rubric_dialog.RubricDialog`'s ``preview``: scores ->
    :func:`comes_back_text` on ``store``'s review state; a store error gives ''."""
    from mockint.store import StoreError

    def preview(scores: Mapping[str, int]) -> str:
        try:
            return comes_back_text(store.review, list(question_ids), scores)
        except (StoreError, ValueError):
            return ""

    return preview
