"""Time on each question: the round's clock shared out to the question on screen, saved, restored."""

from __future__ import annotations

from types import SimpleNamespace

from mockint.interview.question_time import QuestionClock
from mockint.interview.round_state import RoundState


def _questions(n: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=f"q{i}", key_points=(), phases=(), parts=()) for i in range(n)]


def test_each_stretch_goes_to_the_question_that_was_on_screen() -> None:
    now = [0.0]
    state = RoundState(_questions(3), ["a0", "a1", "a2"])
    clock = QuestionClock(state, lambda: now[0])
    now[0] = 30.0
    state.show(1)  # 30 s on q0
    now[0] = 75.0
    state.show(0)  # 45 s on q1
    now[0] = 80.0
    state.show(2)  # 5 more on q0
    now[0] = 100.0
    clock.stop()  # the round ends: 20 s on q2
    assert [state.time_on(f"q{i}") for i in range(3)] == [35.0, 45.0, 20.0]
    now[0] = 500.0
    state.show(1)  # stopped: nothing more is counted
    assert state.time_on("q2") == 20.0 and state.time_on("q1") == 45.0


def test_totals_are_emitted_for_the_saver_and_restored_from_a_saved_answer() -> None:
    now = [0.0]
    state = RoundState(_questions(2), ["a0", "a1"])
    seen = []
    state.events.time.connect(lambda c: seen.append((c.question_id, c.value)))
    clock = QuestionClock(state, lambda: now[0])
    now[0] = 12.5
    clock.flush()
    clock.flush()  # no time passed: nothing emitted
    assert seen == [("q0", 12.5)]
    restored = RoundState.from_saved(_questions(2), ["a0", "a1"], [{"time_s": 12.5}, {"time_s": None}])
    assert restored.time_on("q0") == 12.5 and restored.time_on("q1") == 0.0
