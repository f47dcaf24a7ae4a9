"""Everything the review page shows, computed in one call from the history and the retry queue.

:func:`load_snapshot` reads (the slow part: one pass over the database, safe on a worker thread
with a read-only :class:`~mockint.store.review_state.ReviewState`); :func:`build_overview` then
filters and analyses in memory, fast enough to rerun on every filter change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from mockint.bank.model import ROUND_TYPES, Bank
from mockint.review.analysis import (
    Calibration,
    TimeUse,
    Trend,
    WeakDimension,
    calibration,
    dimension_trends,
    overall_band,
    time_use,
    weakest_dimensions,
)
from mockint.review.history import History, key_point_texts, load_history
from mockint.review.schedule import DueQuestion, due_questions
from mockint.store.review_state import ReviewState


@dataclass(frozen=True)
class SessionRow:
    """One line of the sessions table; ``band`` is :func:`~mockint.review.analysis.overall_band`."""

    id: str
    started_at: str
    title: str
    kind: str
    status: str
    rounds: int
    scored: int
    round_types: tuple[str, ...]
    band: str | None


@dataclass(frozen=True)
class Snapshot:
    """The whole history and the due questions as of ``now``; ``token`` is the store's
    ``history_token`` when the history was read."""

    history: History
    due: tuple[DueQuestion, ...]
    now: datetime
    token: str = ""


@dataclass(frozen=True)
class Overview:
    """What the review page shows for one choice of filters (``round_type`` ``None``: all)."""

    round_type: str | None
    sessions: tuple[SessionRow, ...]
    trends: tuple[Trend, ...]
    weakest: tuple[WeakDimension, ...]
    calibration: Calibration
    time_use: tuple[TimeUse, ...]
    due: tuple[DueQuestion, ...]

    @property
    def due_by_type(self) -> dict[str, int]:
        counts = Counter(d.round_type for d in self.due)
        return {t: counts[t] for t in ROUND_TYPES if counts[t]}


def key_point_totals(bank: Bank | None) -> dict[str, int]:
    """Question id → how many key points it has (0 for questions without any)."""
    if bank is None:
        return {}
    return {qid: len(key_point_texts(q)) for qid, q in bank.questions.items()}


def load_snapshot(
    state: ReviewState, now: datetime | None = None, *, sync: bool = True, previous: Snapshot | None = None
) -> Snapshot:
    """Read the history and the due questions (syncing the retry cards first when ``sync``).

    When ``previous`` was read from the same, unchanged history (its token matches), its
    history is reused and only the due questions are read again: a re-open costs milliseconds.
    """
    now = now or datetime.now().astimezone()
    due = tuple(due_questions(state, None, now, sync=sync))
    token = state.history_token()
    if previous is not None and previous.token == token:
        return replace(previous, due=due, now=now)
    return Snapshot(load_history(state), due, now, token)


def build_overview(
    snapshot: Snapshot,
    key_points: Mapping[str, int],
    round_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    tz: tzinfo | None = None,
    last_n: int = 5,
) -> Overview:
    """Filter the snapshot (round type, inclusive local days) and compute every view's numbers."""
    history = snapshot.history.filtered(round_type, since, until, tz)
    # The table lists the sessions the filters select, each described whole.
    whole = {s.id: s for s in snapshot.history.sessions} if round_type else {}
    rows = tuple(
        SessionRow(
            s.id,
            s.started_at,
            s.title,
            s.kind,
            s.status,
            len(s.rounds),
            sum(1 for r in s.rounds if r.scores),
            tuple(dict.fromkeys(r.round_type for r in s.rounds)),
            overall_band(s),
        )
        for s in (whole.get(f.id, f) for f in reversed(history.sessions))
    )
    due = tuple(d for d in snapshot.due if round_type in (None, d.round_type))
    trends = dimension_trends(history)
    return Overview(
        round_type=round_type,
        sessions=rows,
        trends=tuple(trends),
        weakest=tuple(weakest_dimensions(history, last_n=last_n, limit=8, trends=trends)),
        calibration=calibration(history, key_points),
        time_use=tuple(time_use(history)),
        due=due,
    )
