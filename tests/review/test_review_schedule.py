"""The retry queue on a real store: cards per answered question, due dates that follow the ratings,
no repeat on the same day, cards rebuilt when a round is re-scored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating
from review_helpers import Answer

from mockint.review.schedule import build_card, due_counts, due_questions, next_due, rating_for, sync_cards

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
ALL = {"problem_solving": 1, "coding": 1, "verification": 1, "communication": 1}


def scores(value: int) -> dict[str, int]:
    return {k: value for k in ALL}


def practice(record, when, qid, score, round_type="dsa"):
    spec = {"type": round_type, "answers": [Answer(qid)]}
    if score is not None:
        spec["scores"] = scores(score) if round_type == "dsa" else {"correctness": score, "depth": score}
    return record.session(when, [spec], kind="practice")


def test_rating_comes_from_the_rounds_mean_score() -> None:
    assert [rating_for(x) for x in (1, 2, 2.49, 2.5, 2.99, 3, 3.49, 3.5, 4)] == [
        Rating.Again,
        Rating.Again,
        Rating.Again,
        Rating.Hard,
        Rating.Hard,
        Rating.Good,
        Rating.Good,
        Rating.Easy,
        Rating.Easy,
    ]
    for bad in (0.5, 4.5):
        with pytest.raises(ValueError):
            rating_for(bad)


def test_every_question_of_a_scored_round_gets_a_stored_card(record, store) -> None:
    practice(record, DAY0, "dsa.best-single-trade", 3)
    practice(record, DAY0, "dsa.broadcast-time", None)  # not scored: no card yet
    state = store.review
    result = sync_cards(state)
    assert (result.rebuilt, result.removed, result.unchanged) == (1, 0, 0)
    cards = state.cards()
    assert list(cards) == ["dsa.best-single-trade"]
    row = cards["dsa.best-single-trade"]
    card = Card.from_json(row["card"])
    assert card.last_review == datetime.fromisoformat(row["last_asked"])
    assert (row["round_type"], row["reviews"], row["last_rating"]) == ("dsa", 1, int(Rating.Good))
    assert json.loads(row["card"])["card_id"] == card.card_id
    assert sync_cards(state).unchanged == 1  # nothing new: nothing replayed


def test_due_dates_move_with_the_ratings(record, store) -> None:
    practice(record, DAY0, "dsa.best-single-trade", 1)  # Again
    practice(record, DAY0, "dsa.broadcast-time", 3)  # Good
    practice(record, DAY0, "dsa.autocomplete-three", 4)  # Easy
    state = store.review
    sync_cards(state)
    again, good, easy = (
        next_due(state, q) for q in ("dsa.best-single-trade", "dsa.broadcast-time", "dsa.autocomplete-three")
    )
    assert again < good < easy
    assert again - DAY0 >= timedelta(days=1)  # never due again the same day
    # Answered well when it came due, the next interval is longer than the first.
    practice(record, good, "dsa.broadcast-time", 3)
    sync_cards(state)
    second = next_due(state, "dsa.broadcast-time")
    assert second - good > good - DAY0
    # Answered badly, it comes back sooner than it would have.
    practice(record, second, "dsa.broadcast-time", 1)
    sync_cards(state)
    assert next_due(state, "dsa.broadcast-time") - second < second - good


def test_due_questions_skip_what_was_asked_the_same_day(record, store) -> None:
    practice(record, DAY0, "dsa.best-single-trade", 1)
    state = store.review
    same_evening = DAY0.replace(hour=23, minute=59)
    assert due_questions(state, now=same_evening) == []
    due_at = next_due(state, "dsa.best-single-trade")
    next_day = due_at + timedelta(minutes=1)
    [due] = due_questions(state, now=next_day)
    assert (due.question_id, due.round_type, due.last_rating, due.reviews) == (
        "dsa.best-single-trade",
        "dsa",
        Rating.Again,
        1,
    )
    # Asked again today in a round not scored yet: not offered again today.
    practice(record, next_day + timedelta(minutes=5), "dsa.best-single-trade", None)
    assert due_questions(state, now=next_day + timedelta(hours=1)) == []
    with pytest.raises(ValueError):
        due_questions(state, now=datetime(2024, 6, 1))


def test_the_same_day_is_the_calendar_day_of_nows_time_zone(record, store) -> None:
    practice(record, DAY0, "dsa.best-single-trade", 1)  # Again: due 2024-05-02 09:00 UTC
    practice(
        record, DAY0 + timedelta(days=1, minutes=30), "dsa.best-single-trade", None
    )  # 09:30 UTC, unscored
    state = store.review
    now = DAY0 + timedelta(days=1, hours=1, minutes=30)  # 10:30 UTC on May 2
    assert due_questions(state, now=now) == []  # asked an hour ago, the same UTC day
    hawaii = timezone(timedelta(hours=-10))  # asked 23:30 on May 1 there; now is 00:30 on May 2
    assert [d.question_id for d in due_questions(state, now=now.astimezone(hawaii))] == [
        "dsa.best-single-trade"
    ]


def test_due_questions_filter_by_round_type_and_count_per_type(record, store) -> None:
    practice(record, DAY0, "dsa.best-single-trade", 1)
    practice(record, DAY0, "dsa.broadcast-time", 2)
    practice(record, DAY0, "theory.adaboost", 1, round_type="ml_theory")
    state = store.review
    later = DAY0 + timedelta(days=30)
    assert [d.question_id for d in due_questions(state, "ml_theory", later)] == ["theory.adaboost"]
    assert {d.question_id for d in due_questions(state, "dsa", later)} == {
        "dsa.best-single-trade",
        "dsa.broadcast-time",
    }
    assert due_counts(state, later) == {"dsa": 2, "ml_theory": 1}
    ordered = due_questions(state, None, later)
    assert [d.due_at for d in ordered] == sorted(d.due_at for d in ordered)  # most overdue first


def test_rescoring_a_round_rebuilds_its_card(record, store) -> None:
    sid = practice(record, DAY0, "dsa.best-single-trade", 1)
    state = store.review
    sync_cards(state)
    before = next_due(state, "dsa.best-single-trade")
    round_id = store.sessions.detail(sid)["rounds"][0]["id"]
    store.answers.save_scores(round_id, scores(4), "Strong hire", "on reflection it went well")
    assert sync_cards(state).rebuilt == 1
    assert next_due(state, "dsa.best-single-trade") > before
    assert state.cards()["dsa.best-single-trade"]["last_rating"] == int(Rating.Easy)


def test_a_card_replayed_from_the_same_reviews_is_the_same_card() -> None:
    reviews = [
        ("2024-05-01T09:00:00.000000+00:00", Rating.Good),
        ("2024-05-04T10:00:00.000000+00:00", Rating.Hard),
    ]
    assert build_card("q", reviews) == build_card("q", list(reversed(reviews)))
    assert build_card("q", reviews).card_id != build_card("r", reviews).card_id


def test_the_next_interval_is_previewed_without_saving(record, store) -> None:
    from mockint.review.schedule import preview_next_due

    practice(record, DAY0, "dsa.best-single-trade", 3)
    state = store.review
    later = DAY0 + timedelta(days=5)
    weak, strong = (
        preview_next_due(state, "dsa.best-single-trade", 1, later),
        preview_next_due(state, "dsa.best-single-trade", 4, later),
    )
    assert later < weak < strong
    assert preview_next_due(state, "dsa.never-asked", 3, later) > later
    assert state.cards() == {} or "dsa.never-asked" not in state.cards()


def test_a_round_saved_without_rating_leaves_the_card_as_it_was(record, store) -> None:
    qid = "dsa.best-single-trade"
    practice(record, DAY0, qid, 3)
    state = store.review
    sync_cards(state)
    before = state.cards()[qid]
    sid = practice(record, DAY0 + timedelta(days=3), qid, 1)  # a bad day, saved without rating
    round_id = store.sessions.detail(sid)["rounds"][0]["id"]
    state.mark_unrated(round_id)
    sync_cards(state)
    after = state.cards()[qid]
    assert (after["due_at"], after["reviews"], after["card"]) == (before["due_at"], 1, before["card"])
    assert state.unrated_rounds() == {round_id}
    # no same-day repeat still holds: it was asked that day
    assert qid not in {d.question_id for d in due_questions(state, now=DAY0 + timedelta(days=3, hours=5))}
    state.mark_unrated(round_id, False)  # counted again: the lapse moves the card
    sync_cards(state)
    assert state.cards()[qid]["reviews"] == 2 and state.cards()[qid]["due_at"] != before["due_at"]


def test_the_rubric_preview_says_when_the_question_comes_back(record, store) -> None:
    from mockint.review.plan_preview import comes_back_text, preview_for

    practice(record, DAY0, "dsa.best-single-trade", 3)
    later = DAY0 + timedelta(days=5)
    weak = comes_back_text(store.review, ["dsa.best-single-trade"], scores(1), later)
    strong = comes_back_text(store.review, ["dsa.best-single-trade"], scores(4), later)
    assert weak.startswith("Comes back for a retry ") and weak != strong
    days = [int(t.split(" in ")[1].split()[0]) if " in " in t else 1 for t in (weak, strong)]
    assert 1 <= days[0] < days[1]
    assert comes_back_text(store.review, ["dsa.best-single-trade"], {}, later) == ""
    assert preview_for(store, ["dsa.best-single-trade"])(scores(3)).startswith("Comes back")
