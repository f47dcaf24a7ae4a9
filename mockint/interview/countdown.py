"""A round's countdown on a monotonic clock, with phases, warnings and a soft or hard stop.

The countdown holds no thread and no timer: the UI polls it (a few times a second) and renders
:meth:`Countdown.remaining_s`; :meth:`Countdown.poll` returns what happened since the last poll.
All times are seconds. The clock is injectable so tests can drive it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Default time warnings, as seconds remaining; ``-1`` stands for "half time".
HALF_TIME = -1.0
DEFAULT_WARNINGS_S: tuple[float, ...] = (HALF_TIME, 300.0, 60.0, 0.0)


@dataclass(frozen=True)
class PhaseSpan:
    """A phase of a round: ``name`` runs from ``start_s`` to ``end_s`` seconds after the start."""

    name: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class CountdownEvent:
    """Something that happened: ``kind`` is ``"warning"``, ``"phase"`` or ``"time_up"``.

    For a warning, ``remaining_s`` is the threshold crossed (``HALF_TIME`` for half time); for a
    phase, ``phase`` is the index of the phase just entered.
    """

    kind: str
    remaining_s: float = 0.0
    phase: int = -1


def scale_phases(phases: Sequence[tuple[str, float]], allowed_s: float) -> list[PhaseSpan]:
    """Lay suggested phase lengths (any unit) end to end, scaled to fill ``allowed_s`` seconds."""
    total = sum(length for _, length in phases)
    if not phases or total <= 0:
        return []
    spans, start = [], 0.0
    for name, length in phases:
        end = start + allowed_s * length / total
        spans.append(PhaseSpan(name, start, end))
        start = end
    return spans


def format_clock(seconds: float) -> str:
    """``mm:ss`` for a remaining time; negative times (overtime) get a leading minus."""
    sign = "-" if seconds <= -1 else ""
    # Round up while counting down (59.2 s left reads 01:00), down in overtime, like a kitchen timer.
    whole = int(-(-seconds // 1)) if seconds >= 0 else int(-seconds)
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


class Countdown:
    """Counts ``allowed_s`` seconds down while running; can pause and resume.

    ``warnings_s`` are thresholds of remaining time (``HALF_TIME`` = half of ``allowed_s``) that
    each fire once; thresholds not below ``allowed_s`` are ignored. ``stop`` is ``"soft"`` (time
    runs on past zero, shown negative) or ``"hard"`` (``is_over`` turns true at zero).
    ``already_used_s`` starts the clock part-way (for a resumed round).
    """

    def __init__(
        self,
        allowed_s: float,
        *,
        phases: Sequence[PhaseSpan] = (),
        warnings_s: Sequence[float] = DEFAULT_WARNINGS_S,
        stop: str = "soft",
        already_used_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if allowed_s <= 0:
            raise ValueError(f"allowed_s must be positive, got {allowed_s}")
        if stop not in ("soft", "hard"):
            raise ValueError(f"stop must be 'soft' or 'hard', got {stop!r}")
        self.allowed_s = float(allowed_s)
        self.phases = list(phases)
        self.stop = stop
        self._clock = clock
        self._used_before = float(already_used_s)
        self._started_at: float | None = None
        thresholds = {allowed_s / 2 if w == HALF_TIME else float(w) for w in warnings_s}
        # Zero is the time-up event; a resumed clock does not replay warnings already passed.
        self._pending = sorted(
            (t for t in thresholds if 0 < t < self.allowed_s - already_used_s), reverse=True
        )
        self._phase = self.phase_index()
        self._time_up_sent = self.remaining_s <= 0

    # -- state ---------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def elapsed_s(self) -> float:
        """Seconds used so far, pauses excluded."""
        running = self._clock() - self._started_at if self._started_at is not None else 0.0
        return self._used_before + running

    @property
    def remaining_s(self) -> float:
        """Seconds left; negative in overtime on a soft stop, never below 0 on a hard stop."""
        left = self.allowed_s - self.elapsed_s
        return max(left, 0.0) if self.stop == "hard" else left

    @property
    def is_over(self) -> bool:
        """True once a hard-stop round reaches zero (a soft round is never over by itself)."""
        return self.stop == "hard" and self.elapsed_s >= self.allowed_s

    def phase_index(self) -> int:
        """Index of the phase the clock is in (the last phase in overtime); -1 with no phases."""
        if not self.phases:
            return -1
        t = self.elapsed_s
        for i, span in enumerate(self.phases):
            if t < span.end_s:
                return i
        return len(self.phases) - 1

    # -- control -------------------------------------------------------------------------------
    def start(self) -> None:
        """Start or resume; does nothing when already running."""
        if self._started_at is None:
            self._started_at = self._clock()

    resume = start

    def pause(self) -> None:
        """Stop the clock, keeping the time used."""
        if self._started_at is not None:
            self._used_before += self._clock() - self._started_at
            self._started_at = None

    def poll(self) -> list[CountdownEvent]:
        """Events since the last poll, in the order they happened."""
        events: list[CountdownEvent] = []
        remaining = self.allowed_s - self.elapsed_s
        while self._pending and remaining <= self._pending[0]:
            events.append(CountdownEvent("warning", remaining_s=self._pending.pop(0)))
        phase = self.phase_index()
        if phase != self._phase:
            self._phase = phase
            events.append(CountdownEvent("phase", phase=phase))
        if remaining <= 0 and not self._time_up_sent:
            self._time_up_sent = True
            self._pending = []
            events.append(CountdownEvent("time_up"))
        return events
