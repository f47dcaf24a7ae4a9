from __future__ import annotations

import pytest

from mockint.interview import HALF_TIME, Countdown, format_clock, scale_phases


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_counts_down_only_while_running() -> None:
    clock = FakeClock()
    cd = Countdown(120, clock=clock, warnings_s=())
    assert cd.remaining_s == 120
    cd.start()
    clock.t += 30
    assert cd.remaining_s == pytest.approx(90)
    cd.pause()
    clock.t += 500
    assert cd.remaining_s == pytest.approx(90)
    cd.resume()
    clock.t += 10
    assert cd.elapsed_s == pytest.approx(40)


def test_warnings_fire_once_in_order_then_time_up() -> None:
    clock = FakeClock()
    cd = Countdown(600, clock=clock, warnings_s=(HALF_TIME, 300, 60, 0))
    cd.start()
    clock.t += 299
    assert cd.poll() == []
    clock.t += 1  # 300 s left: half time and the 5-minute warning coincide
    assert [e.remaining_s for e in cd.poll()] == [300.0]
    clock.t += 250
    assert [(e.kind, e.remaining_s) for e in cd.poll()] == [("warning", 60.0)]
    clock.t += 100
    kinds = [e.kind for e in cd.poll()]
    assert kinds == ["time_up"]
    clock.t += 100
    assert cd.poll() == []
    assert cd.remaining_s == pytest.approx(-150)  # soft stop runs into overtime


def test_hard_stop_is_over_at_zero() -> None:
    clock = FakeClock()
    cd = Countdown(10, clock=clock, stop="hard", warnings_s=())
    cd.start()
    clock.t += 9.5
    assert not cd.is_over
    clock.t += 1
    assert cd.is_over and cd.remaining_s == 0


def test_phases_follow_the_clock_scaled_to_the_round() -> None:
    clock = FakeClock()
    spans = scale_phases([("clarify", 5), ("metrics", 5), ("model", 10)], 120)
    assert [(s.start_s, s.end_s) for s in spans] == [(0, 30), (30, 60), (60, 120)]
    cd = Countdown(120, phases=spans, clock=clock, warnings_s=())
    cd.start()
    assert cd.phase_index() == 0
    clock.t += 31
    assert [(e.kind, e.phase) for e in cd.poll()] == [("phase", 1)]
    clock.t += 200
    assert cd.phase_index() == 2  # overtime stays in the last phase


def test_resumed_clock_does_not_replay_past_warnings() -> None:
    clock = FakeClock()
    cd = Countdown(600, clock=clock, warnings_s=(HALF_TIME, 60), already_used_s=400)
    cd.start()
    clock.t += 150
    assert [e.remaining_s for e in cd.poll()] == [60.0]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(120, "02:00"), (59.2, "01:00"), (0.4, "00:01"), (0, "00:00"), (-0.5, "00:00"), (-61, "-01:01")],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        Countdown(0)
    with pytest.raises(ValueError):
        Countdown(10, stop="sometimes")
