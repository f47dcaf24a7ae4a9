"""Migration 4: revealed key points, hints taken, follow-ups asked and done marks are saved as
a round's state changes, read back by store.sessions.detail, and restored into a RoundState."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from mockint.interview.round_saver import RoundSaver
from mockint.interview.round_state import FollowUp, HintTaken, RoundState
from mockint.store import MIGRATIONS, NotFound, Store


@dataclass(frozen=True)
class Q:
    id: str
    key_points: tuple[str, ...] = ("a", "b", "c")
    phases: tuple = ()
    parts: tuple = ()
    hints: tuple[str, ...] = ("h1", "h2", "h3")


def _answers(store: Store) -> tuple[str, list[str]]:
    sid = store.sessions.create("practice", "ml_theory", "Practice")
    rid = store.sessions.add_round(sid, 0, "ml_theory", "ML theory", 600)
    return sid, [store.answers.add(rid, i, f"q{i}", f"Q{i}") for i in range(2)]


def test_changes_are_saved_and_restored_on_resume(store: Store) -> None:
    sid, aids = _answers(store)
    questions = [Q("q0"), Q("q1")]
    state = RoundState(questions, aids)
    RoundSaver(state, store)
    state.set_notes("q0", "typed")
    state.set_ticks("q0", [1])
    state.reveal("q0")
    state.take_hint("q1", at_s=42.5)
    state.ask_follow_up("q0", "What if the data doubles?", key_point=2, at_s=61.0)
    state.ask_follow_up("q1", "Which phase breaks?", key_point=None, at_s=70.0)
    state.mark_done("q0")
    state.add_verdict("q1", {"verdict": "Accepted", "passed": 2, "total": 2, "runtime_s": 0.1, "code": "x=1"})

    answers = store.sessions.detail(sid)["rounds"][0]["answers"]
    assert answers[0]["revealed"] == [""] and answers[0]["done"] is True
    assert answers[0]["follow_ups"] == [{"text": "What if the data doubles?", "key_point": 2, "at_s": 61.0}]
    assert answers[1]["hints"] == [{"hint": 0, "at_s": 42.5}] and answers[1]["revealed"] == []
    assert answers[1]["verdicts"][0]["code"] == "x=1"

    restored = RoundState.from_saved(questions, aids, answers)
    assert restored.notes("q0") == "typed" and restored.ticks("q0") == {1}
    assert restored.is_revealed("q0") and not restored.is_revealed("q1")
    assert restored.hints_taken("q1") == (HintTaken(0, 42.5),)
    assert restored.follow_ups("q0") == (FollowUp("What if the data doubles?", 2, 61.0),)
    assert restored.is_done("q0") and not restored.is_done("q1")
    # Restored verdicts carry their store id: a saver on the restored state does not save them again.
    RoundSaver(restored, store)
    restored.mark_done("q0", False)
    assert store.sessions.detail(sid)["rounds"][0]["answers"][0]["done"] is False
    assert len(store.sessions.detail(sid)["rounds"][0]["answers"][1]["verdicts"]) == 1


def test_an_unknown_answer_is_named_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(NotFound):
        store.answers.add_hint("0" * 32, 0, 1.0)
    with pytest.raises(ValueError, match="at_s"):
        _sid, aids = _answers(store)
        store.answers.add_hint(aids[0], 0, float("nan"))


def test_a_version_3_history_is_upgraded_to_4_with_its_answers_kept(db_path: Path) -> None:
    assert MIGRATIONS[3].version == 4
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    for step in MIGRATIONS[:3]:
        step.apply(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO sessions VALUES ('s', 'practice', 'behavioral', 'Old', "
        "'2024-01-01T09:00:00.000000+00:00', NULL, 'active')"
    )
    conn.execute(
        "INSERT INTO rounds (id, session_id, position, round_type, title, allowed_s) "
        "VALUES ('r', 's', 0, 'behavioral', 'Behavioral', 1800)"
    )
    conn.execute(
        "INSERT INTO answers (id, round_id, position, question_id, question_title, asked_at, notes, "
        "updated_at) VALUES ('a', 'r', 0, 'q', 'Q', '2024-01-01T09:00:01', 'old', '2024-01-01T09:00:01')"
    )
    conn.close()
    with Store.open(db_path) as store:
        [answer] = store.sessions.detail("s")["rounds"][0]["answers"]
        assert answer["notes"] == "old" and answer["revealed"] == [] and answer["hints"] == []
        store.answers.add_hint("a", 1, 3.0)
        assert store.sessions.detail("s")["rounds"][0]["answers"][0]["hints"] == [{"hint": 1, "at_s": 3.0}]


def test_time_on_each_question_is_saved_once_and_restored(store: Store) -> None:
    sid, aids = _answers(store)
    questions = [Q("q0"), Q("q1")]
    state = RoundState(questions, aids)
    RoundSaver(state, store)
    state.add_time("q0", 40.0)
    state.add_time("q0", 20.5)  # the total replaces the last row
    answers = store.sessions.detail(sid)["rounds"][0]["answers"]
    assert [a["time_s"] for a in answers] == [60.5, None]
    rows = store._conn.execute("SELECT COUNT(*) FROM answer_events WHERE kind = 'time'").fetchone()[0]
    assert rows == 1
    restored = RoundState.from_saved(questions, aids, answers)
    assert restored.time_on("q0") == 60.5 and restored.time_on("q1") == 0.0
