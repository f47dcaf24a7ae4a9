"""Recording a loop and reading it back: sessions, rounds, answers, verdicts, scores, history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mockint.bank.model import RECOMMENDATIONS
from mockint.store import NotFound, Store, StoreError

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
HEX_ID = re.compile(r"^[0-9a-f]{32}$")

VERDICT = {"verdict": "wrong_answer", "passed": 7, "total": 10, "runtime_s": 0.42, "failed": [{"case": 3}]}


def _loop(store: Store) -> dict[str, str]:
    """A two-round loop with a coding and a system-design answer; returns the ids."""
    sid = store.sessions.create("loop", "standard-onsite", "Standard onsite")
    dsa = store.sessions.add_round(sid, 0, "dsa", "DSA coding", 2700)
    design = store.sessions.add_round(sid, 1, "system_design", "ML system design", 3600)
    store.sessions.start_round(dsa)
    code_answer = store.answers.add(dsa, 0, "dsa-two-sum", "Two sum")
    store.answers.save_code(code_answer, "def two_sum(nums, target):\n    return []\n")
    store.answers.add_verdict(code_answer, VERDICT, "def two_sum(nums, target):\n    return []\n")
    store.sessions.update_round_time(dsa, 61.5)
    store.sessions.finish_round(dsa, 2712.25)
    store.answers.save_scores(
        dsa,
        {"problem_solving": 3, "coding": 2},
        "Leaning hire",
        "Missed the empty input.",
        {"problem_solving": "Problem solving", "coding": "Coding"},
    )
    store.sessions.start_round(design)
    design_answer = store.answers.add(design, 0, "sd-feed-ranking", "Feed ranking")
    store.answers.save_phase_notes(design_answer, "Requirements", "DAU 100M")
    store.answers.save_phase_notes(design_answer, "Modeling", "two tower")
    store.answers.save_phase_notes(design_answer, "Requirements", "DAU 100M, p99 200 ms")
    store.answers.save_key_points(design_answer, [2, 0, 2])
    store.answers.save_notes(design_answer, "overall notes")
    return {"session": sid, "dsa": dsa, "design": design, "code": code_answer, "design_answer": design_answer}


def test_round_trip_survives_close_and_reopen(db_path: Path) -> None:
    with Store.open(db_path) as store:
        ids = _loop(store)
        store.sessions.finish(ids["session"])

    with Store.open(db_path) as store:
        [session] = store.sessions.list()
        detail = store.sessions.detail(ids["session"])

    assert session["status"] == "finished" and session["ended_at"] is not None
    dsa = session["rounds"][0]
    assert dsa["scores"] == {"problem_solving": 3, "coding": 2}
    assert dsa["recommendation"] == "Leaning hire"
    assert dsa["used_s"] == 2712.25 and dsa["allowed_s"] == 2700.0
    assert detail["rounds"][0]["scores"] == [
        {"dimension_id": "problem_solving", "dimension_name": "Problem solving", "score": 3},
        {"dimension_id": "coding", "dimension_name": "Coding", "score": 2},
    ]
    assert detail["rounds"][0]["score_notes"] == "Missed the empty input."
    assert detail["rounds"][1]["answers"][0]["notes"] == "overall notes"


def test_ids_are_uuid_hex_and_times_iso_utc(store: Store) -> None:
    ids = _loop(store)
    assert all(HEX_ID.match(value) for value in ids.values())
    detail = store.sessions.detail(ids["session"])
    dsa = detail["rounds"][0]
    answer = dsa["answers"][0]
    for stamp in (
        detail["started_at"],
        dsa["started_at"],
        dsa["ended_at"],
        dsa["scored_at"],
        answer["asked_at"],
        answer["updated_at"],
        answer["verdicts"][0]["created_at"],
    ):
        assert ISO_UTC.match(stamp), stamp


def test_session_detail_shape(store: Store) -> None:
    ids = _loop(store)
    detail = store.sessions.detail(ids["session"])

    assert {k: detail[k] for k in ("id", "kind", "template_id", "title", "status", "ended_at")} == {
        "id": ids["session"],
        "kind": "loop",
        "template_id": "standard-onsite",
        "title": "Standard onsite",
        "status": "active",
        "ended_at": None,
    }
    dsa, design = detail["rounds"]
    assert (dsa["position"], dsa["round_type"], dsa["status"]) == (0, "dsa", "finished")
    assert (design["position"], design["round_type"], design["status"]) == (1, "system_design", "active")
    assert design["scores"] == [] and design["recommendation"] is None and design["ended_at"] is None

    [coding] = dsa["answers"]
    assert coding["question_id"] == "dsa-two-sum" and coding["question_title"] == "Two sum"
    assert coding["code"].startswith("def two_sum")
    [verdict] = coding["verdicts"]
    assert verdict["verdict"] == "wrong_answer" and (verdict["passed"], verdict["total"]) == (7, 10)
    assert verdict["runtime_s"] == 0.42
    assert verdict["failed"] == [{"case": 3}]  # the whole verdict dict is kept
    assert HEX_ID.match(verdict["id"]) and verdict["code"].startswith("def two_sum")
    assert coding["phase_notes"] == {} and coding["key_points"] == []

    [talk] = design["answers"]
    assert talk["phase_notes"] == {"Requirements": "DAU 100M, p99 200 ms", "Modeling": "two tower"}
    assert list(talk["phase_notes"]) == ["Requirements", "Modeling"]  # first-saved order kept
    assert talk["key_points"] == [0, 2]
    assert talk["verdicts"] == [] and talk["code"] == ""


def test_verdicts_are_kept_oldest_first(store: Store) -> None:
    ids = _loop(store)
    store.answers.add_verdict(
        ids["code"], {"verdict": "accepted", "passed": 10, "total": 10, "runtime_s": 0.3}, "v2"
    )
    verdicts = store.sessions.detail(ids["session"])["rounds"][0]["answers"][0]["verdicts"]
    assert [v["verdict"] for v in verdicts] == ["wrong_answer", "accepted"]
    assert [v["code"] for v in verdicts][1] == "v2"


def test_list_sessions_is_newest_first_with_rounds_in_order(store: Store) -> None:
    first = store.sessions.create("practice", "dsa", "First")
    second = store.sessions.create("loop", "standard-onsite", "Second")
    third = store.sessions.create("practice", "behavioral", "Third")
    store.sessions.add_round(second, 1, "ml_theory", "Theory", 1800)
    store.sessions.add_round(second, 0, "phone_screen", "Phone", 2700)

    sessions = store.sessions.list()

    assert [s["id"] for s in sessions] == [third, second, first]
    assert [r["round_type"] for r in sessions[1]["rounds"]] == ["phone_screen", "ml_theory"]
    assert sessions[0]["rounds"] == []
    assert set(sessions[1]["rounds"][0]) == {
        "id",
        "position",
        "round_type",
        "title",
        "allowed_s",
        "used_s",
        "started_at",
        "ended_at",
        "status",
        "recommendation",
        "scores",
    }
    assert [s["id"] for s in store.sessions.list(limit=2)] == [third, second]


def test_list_sessions_breaks_same_instant_ties_by_creation_order(db_path: Path) -> None:
    from datetime import UTC, datetime

    frozen = datetime(2024, 1, 1, tzinfo=UTC)
    with Store.open(db_path, clock=lambda: frozen) as store:
        made = [store.sessions.create("practice", "dsa", str(n)) for n in range(3)]
        assert [s["id"] for s in store.sessions.list()] == made[::-1]


def test_unfinished_sessions_are_only_the_active_ones(store: Store) -> None:
    done = store.sessions.create("loop", "standard-onsite", "Done")
    dropped = store.sessions.create("practice", "dsa", "Dropped")
    open_old = store.sessions.create("practice", "ml_coding", "Open old")
    open_new = store.sessions.create("loop", "standard-onsite", "Open new")
    store.sessions.add_round(open_new, 0, "dsa", "DSA", 2700)
    store.sessions.finish(done)
    store.sessions.finish(dropped, "abandoned")

    unfinished = store.sessions.unfinished()

    assert [s["id"] for s in unfinished] == [open_new, open_old]
    assert unfinished[0]["rounds"][0]["round_type"] == "dsa"
    assert {s["id"]: s["status"] for s in store.sessions.list()}[dropped] == "abandoned"


def test_save_scores_replaces_earlier_scores(store: Store) -> None:
    ids = _loop(store)
    store.answers.save_scores(ids["dsa"], {"coding": 4}, "Strong hire", "Better on reflection.")
    dsa = store.sessions.detail(ids["session"])["rounds"][0]
    assert dsa["scores"] == [{"dimension_id": "coding", "dimension_name": "coding", "score": 4}]
    assert (dsa["recommendation"], dsa["score_notes"]) == ("Strong hire", "Better on reflection.")


@pytest.mark.parametrize("bad", [0, 5, -1, 2.5, "3", True, None])
def test_invalid_score_raises_and_keeps_earlier_scores(store: Store, bad: object) -> None:
    ids = _loop(store)
    with pytest.raises(ValueError, match="coding"):
        store.answers.save_scores(ids["dsa"], {"problem_solving": 4, "coding": bad}, "Strong hire", "")  # type: ignore[dict-item]
    assert store.sessions.list()[0]["rounds"][0]["scores"] == {"problem_solving": 3, "coding": 2}


def test_unknown_recommendation_raises(store: Store) -> None:
    ids = _loop(store)
    with pytest.raises(ValueError, match="recommendation"):
        store.answers.save_scores(ids["dsa"], {"coding": 3}, "Hire!", "")
    assert "Leaning hire" in RECOMMENDATIONS


def test_resumed_round_keeps_its_first_start(store: Store) -> None:
    ids = _loop(store)
    started = store.sessions.detail(ids["session"])["rounds"][1]["started_at"]
    store.sessions.start_round(ids["design"])
    assert store.sessions.detail(ids["session"])["rounds"][1]["started_at"] == started


def test_question_history_and_last_asked(store: Store) -> None:
    ids = _loop(store)
    again = store.sessions.create("practice", "dsa", "Retry two sum")
    rid = store.sessions.add_round(again, 0, "dsa", "DSA", 1800)
    retry = store.answers.add(rid, 0, "dsa-two-sum", "Two sum")
    store.answers.add_verdict(
        retry, {"verdict": "accepted", "passed": 10, "total": 10, "runtime_s": 0.2}, "ok"
    )

    history = store.answers.history("dsa-two-sum")

    assert [h["session_id"] for h in history] == [again, ids["session"]]
    assert history[0]["last_verdict"] == {"verdict": "accepted", "passed": 10, "total": 10, "runtime_s": 0.2}
    assert history[1]["recommendation"] == "Leaning hire"
    assert history[1]["round_type"] == "dsa" and history[1]["session_kind"] == "loop"
    assert store.answers.history("never-asked") == []

    last = store.review.last_asked()
    assert set(last) == {"dsa-two-sum", "sd-feed-ranking"}
    assert last["dsa-two-sum"] == history[0]["asked_at"]


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="session"):
        store.sessions.add_round("nope", 0, "dsa", "DSA", 60)
    with pytest.raises(NotFound, match="round"):
        store.sessions.update_round_time("nope", 1.0)
    with pytest.raises(NotFound, match="answer"):
        store.answers.save_notes("nope", "text")
    with pytest.raises(NotFound, match="answer"):
        store.answers.save_phase_notes("nope", "Requirements", "text")
    with pytest.raises(NotFound, match="session"):
        store.sessions.detail("nope")
    assert isinstance(NotFound("round", "x"), LookupError)


def test_invalid_arguments_raise_value_error(store: Store) -> None:
    sid = store.sessions.create("practice", "dsa", "P")
    rid = store.sessions.add_round(sid, 0, "dsa", "DSA", 60)
    aid = store.answers.add(rid, 0, "q", "Q")
    with pytest.raises(ValueError, match="kind"):
        store.sessions.create("marathon", "x", "X")
    with pytest.raises(ValueError, match="round type"):
        store.sessions.add_round(sid, 1, "pairing", "P", 60)
    with pytest.raises(ValueError, match="seconds"):
        store.sessions.update_round_time(rid, float("nan"))
    with pytest.raises(ValueError, match="finished, abandoned"):
        store.sessions.finish(sid, "paused")
    with pytest.raises(ValueError, match="runtime_s"):
        store.answers.add_verdict(aid, {"verdict": "accepted", "passed": 1, "total": 1}, "")
    with pytest.raises(ValueError, match="start at 0"):
        store.answers.save_key_points(aid, [-1])


def test_a_taken_position_is_refused_with_a_store_error(store: Store) -> None:
    sid = store.sessions.create("practice", "dsa", "P")
    store.sessions.add_round(sid, 0, "dsa", "DSA", 60)
    with pytest.raises(StoreError, match="UNIQUE"):
        store.sessions.add_round(sid, 0, "dsa", "DSA again", 60)
    assert len(store.sessions.detail(sid)["rounds"]) == 1


def test_session_count_counts_every_session(store) -> None:
    assert store.sessions.count() == 0
    store.sessions.create("loop", "quick-drill", "Quick drill")
    store.sessions.create("practice", "practice-dsa", "Practice: DSA coding")
    assert store.sessions.count() == len(store.sessions.list()) == 2
