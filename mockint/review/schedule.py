"""The retry queue: one FSRS card per question, rated by the rubric outcome of its round.

Every question asked in a round that has rubric scores gets a card of the ``fsrs`` library
(Free Spaced Repetition Scheduler, https://github.com/open-spaced-repetition/py-fsrs). Each time
it was asked is one review, at the time it was asked, rated from its round's mean self-score by
:func:`rating_for`. Cards are derived data: :func:`sync_cards` rebuilds a question's card from its
reviews whenever those change (a round scored later, re-scored or imported) and stores the card
JSON in the ``review_cards`` table, so opening the review page only replays what is new.

The scheduler runs without learning steps and without fuzz: a question is never due again within
minutes (FSRS's learning steps suit flash cards, not 45-minute interview questions), every
interval is at least one day, and rebuilding a card from the same reviews gives the same card.
On top of that, :func:`due_questions` never offers a question asked earlier the same calendar day.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from mockint.store.review_state import ReviewState

#: The scheduler every card is built with; see the module docstring for why these settings.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(mean_score: float) -> Rating:
    """The FSRS rating of a question from its round's mean rubric score (1..4).

    ======================  =========  =================================================
    mean score              rating     why
    ======================  =========  =================================================
    below 2.5               Again      nearer "leaning no hire": a lapse, retry soon
    2.5 up to (not incl.) 3 Hard       borderline pass
    3 up to (not incl.) 3.5 Good       "leaning hire"
    3.5 and above           Easy       "strong hire" on most dimensions
    ======================  =========  =================================================

    The lapse boundary sits at 2.5, halfway between the rubric's "leaning no hire" (2) and
    "leaning hire" (3), so a round that would not pass is one FSRS treats as forgotten.
    Raises ``ValueError`` outside 1..4.
    """
    if not 1.0 <= mean_score <= 4.0:
        raise ValueError(f"a mean rubric score runs from 1 to 4, got {mean_score!r}")
    if mean_score < 2.5:
        return Rating.Again
    if mean_score < 3.0:
        return Rating.Hard
    if mean_score < 3.5:
        return Rating.Good
    return Rating.Easy


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _card_id(question_id: str) -> int:
    """A stable card id from the question id (FSRS defaults to the creation time in ms)."""
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:6], "big")


def build_card(question_id: str, reviews: Iterable[tuple[str, Rating]]) -> Card:
    """The card of ``question_id`` after ``reviews`` (ISO time, rating), replayed oldest first."""
    ordered = sorted(reviews, key=lambda review: review[0])
    first = _utc(ordered[0][0]) if ordered else datetime.now(UTC)
    card = Card(card_id=_card_id(question_id), due=first)
    for when, rating in ordered:
        card, _log = SCHEDULER.review_card(card, rating, _utc(when))
    return card


@dataclass(frozen=True)
class SyncResult:
    """How many cards :func:`sync_cards` rebuilt and removed, and how many it left as they were."""

    rebuilt: int
    removed: int
    unchanged: int


def sync_cards(state: ReviewState) -> SyncResult:
    """Bring the stored cards in line with the scored history; returns what changed.

    When the history's token (``ReviewState.history_token``) is the one of the last sync, nothing
    is read further. Otherwise only questions whose reviews changed since their card was built
    are replayed (about 20 µs per review), and cards of questions no longer in any scored round
    are removed. Raises :class:`mockint.store.StoreError` when the store cannot save.
    """
    token = state.history_token()
    if token == state.synced_token():
        return SyncResult(0, 0, len(state.cards()))
    reviews: dict[str, list[dict]] = defaultdict(list)
    for row in state.scored_answers():
        reviews[row["question_id"]].append(row)
    stored = state.cards()
    changed = []
    for question_id, rows in reviews.items():
        inputs = [(r["answer_id"], r["asked_at"], int(rating_for(r["mean_score"]))) for r in rows]
        fingerprint = hashlib.sha256(json.dumps(inputs).encode("utf-8")).hexdigest()
        if stored.get(question_id, {}).get("inputs") == fingerprint:
            continue
        card = build_card(question_id, [(when, Rating(rating)) for _id, when, rating in inputs])
        latest = max(rows, key=lambda r: (r["asked_at"], r["answer_id"]))
        changed.append(
            {
                "question_id": question_id,
                "round_type": latest["round_type"],
                "question_title": latest["question_title"],
                "card": card.to_json(),
                "due_at": _iso(card.due),
                "last_asked": latest["asked_at"],
                "last_rating": int(rating_for(latest["mean_score"])),
                "reviews": len(rows),
                "inputs": fingerprint,
            }
        )
    removed = [q for q in stored if q not in reviews]
    state.save_cards(changed, removed, token)
    return SyncResult(len(changed), len(removed), len(reviews) - len(changed))


@dataclass(frozen=True)
class DueQuestion:
    """A question due for another try: when it became due, when it was last asked, its latest rating."""

    question_id: str
    question_title: str
    round_type: str
    due_at: datetime
    last_asked: datetime
    last_rating: Rating
    reviews: int


def _asked_today(last_asked: datetime, now: datetime) -> bool:
    return last_asked.astimezone(now.tzinfo).date() == now.date()


def due_questions(
    state: ReviewState, round_type: str | None = None, now: datetime | None = None, *, sync: bool = True
) -> list[DueQuestion]:
    """Questions due at ``now`` (of ``round_type`` when given), most overdue first.

    ``now`` is an aware datetime (default: now in this machine's time zone); a question asked
    earlier on ``now``'s calendar day, in ``now``'s time zone, is never due, even when the round
    it was asked in is not scored yet. ``sync`` first
    brings the cards up to date (:func:`sync_cards`); pass ``False`` on a read-only state.
    Raises ``ValueError`` for a naive ``now``.
    """
    now = now or datetime.now().astimezone()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if sync:
        sync_cards(state)
    asked = state.last_asked()
    due = []
    for card in state.cards().values():
        if round_type is not None and card["round_type"] != round_type:
            continue
        due_at, last_asked = _utc(card["due_at"]), _utc(card["last_asked"])
        latest = _utc(asked.get(card["question_id"], card["last_asked"]))
        if due_at <= now and not _asked_today(max(last_asked, latest), now):
            due.append(
                DueQuestion(
                    card["question_id"],
                    card["question_title"],
                    card["round_type"],
                    due_at,
                    last_asked,
                    Rating(card["last_rating"]),
                    card["reviews"],
                )
            )
    due.sort(key=lambda d: (d.due_at, d.question_id))
    return due


def due_counts(state: ReviewState, now: datetime | None = None, *, sync: bool = True) -> dict[str, int]:
    """How many questions are due per round type (types with none are left out)."""
    counts: dict[str, int] = defaultdict(int)
    for question in due_questions(state, None, now, sync=sync):
        counts[question.round_type] += 1
    return dict(counts)


def next_due(state: ReviewState, question_id: str) -> datetime | None:
    """When ``question_id`` is next due (as stored; run :func:`sync_cards` first), or ``None``."""
    card = state.cards().get(question_id)
    return _utc(card["due_at"]) if card else None


def due_counts_in(db_path: str | os.PathLike[str], now: datetime | None = None) -> dict[str, int]:
    """:func:`due_counts` on a connection of its own to the database at ``db_path``, for a worker
    thread (the home screen's count). Raises :class:`mockint.store.StoreError`."""
    state = ReviewState.open(db_path)
    try:
        return due_counts(state, now)
    finally:
        state.close()


def preview_next_due(
    state: ReviewState, question_id: str, mean_score: float, now: datetime | None = None
) -> datetime:
    """When ``question_id`` would come back if its round were scored ``mean_score`` (1..4) at
    ``now`` (aware; default now): the FSRS card of its stored reviews plus this one, not saved.
    For the rubric dialog's "next try in N days". Raises ``ValueError`` as :func:`rating_for`."""
    now = now or datetime.now().astimezone()
    reviews = [
        (r["asked_at"], rating_for(r["mean_score"]))
        for r in state.scored_answers()
        if r["question_id"] == question_id and _utc(r["asked_at"]) < now
    ]
    card = build_card(question_id, reviews) if reviews else Card(card_id=_card_id(question_id), due=now)
    card, _log = SCHEDULER.review_card(card, rating_for(mean_score), now.astimezone(UTC))
    return card.due


def due_calendar(
    state: ReviewState, today: date, days: int = 42, paused_until: date | None = None
) -> dict[date, int]:
    """How many retry cards fall due on each of the ``days`` calendar days from ``today`` (local
    dates): ``{date: count}``, days with none left out. Cards already overdue count on ``today``;
    with ``paused_until`` (a week off) everything due before it counts on that day instead, when
    the queue resumes. Reads the stored cards (run :func:`sync_cards` first)."""
    start = today if paused_until is None or paused_until <= today else paused_until
    end = today + timedelta(days=days)
    counts: dict[date, int] = defaultdict(int)
    for card in state.cards().values():
        day = max(_utc(card["due_at"]).astimezone().date(), start)
        if day < end:
            counts[day] += 1
    return dict(counts)
