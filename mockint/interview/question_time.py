"""Time on each question: the round's clock, shared out to the question on screen.

A :class:`QuestionClock` watches a :class:`~mockint.interview.round_state.RoundState`: when the
question on screen changes, the clock time since the last change goes to the question that was
shown (``RoundState.add_time``, saved by the round's saver); :meth:`QuestionClock.flush` gives
the last stretch when the round ends. The clock is the round's countdown (seconds into the round,
not counting pauses), so time paused or in breaks is never counted. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable

from mockint.interview.round_state import Change, RoundState


class QuestionClock:
    """Shares a round's elapsed seconds (``elapsed()``, non-decreasing) out to its questions."""

    def __init__(self, state: RoundState, elapsed: Callable[[], float]) -> None:
        self.state = state
        self.elapsed = elapsed
        self._shown = state.current_id
        self._mark = elapsed()
        state.events.current.connect(self._on_current)

    def _on_current(self, change: Change) -> None:
        self.flush()
        self._shown = change.question_id

    def flush(self) -> float:
        """Give the seconds since the last mark to the question on screen; returns them."""
        now = self.elapsed()
        spent = max(0.0, now - self._mark)
        self._mark = max(self._mark, now)
        if spent > 0:
            self.state.add_time(self._shown, spent)
        return spent

    def stop(self) -> None:
        """Flush, and stop following the state."""
        self.flush()
        self.state.events.current.disconnect(self._on_current)
