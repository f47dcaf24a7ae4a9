"""The evented half of a round's state: one :class:`Change` per field change, one :class:`Event` per field.

Subscribers are plain callables taking a :class:`Change` (as napari's evented models do; no Qt).
:class:`mockint.interview.round_state.RoundState` owns one :class:`RoundEvents` as ``state.events``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One change of one field: which field, of which question, the new value.

    ``key`` names the phase / part (``phase_notes``), the section (``revealed``) or the take
    (``takes``); empty otherwise. ``value`` is the field's new value (immutable: str, tuple,
    frozenset, bool, dict copy), or for ``current`` the new question index.
    """

    field: str
    question_id: str
    value: Any
    key: str = ""


Callback = Callable[[Change], None]


class Event:
    """A list of callbacks for one field. ``connect`` returns the callback (usable as a decorator).

    A callback that raises is logged and the others still run: one broken view must not stop the
    store from saving.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callback] = []

    def connect(self, callback: Callback) -> Callback:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback | None = None) -> None:
        """Remove ``callback``, or every callback when it is None."""
        if callback is None:
            self._callbacks.clear()
        elif callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, change: Change) -> None:
        for callback in list(self._callbacks):
            try:
                callback(change)
            except Exception:
                log.exception("a %s subscriber failed", self.name)


#: The fields a :class:`RoundState` emits, one :class:`Event` each on ``state.events``.
FIELDS = (
    "notes",
    "phase_notes",
    "code",
    "ticks",
    "revealed",
    "verdicts",
    "takes",
    "hints",
    "follow_ups",
    "done",
    "current",
    "time",
    "checks",
)


class RoundEvents:
    """``state.events.<field>`` for each of :data:`FIELDS`; :meth:`connect` subscribes to all."""

    def __init__(self) -> None:
        for name in FIELDS:
            setattr(self, name, Event(name))

    def __getattr__(self, name: str) -> Event:  # pragma: no cover - only for type checkers
        raise AttributeError(name)

    def connect(self, callback: Callback) -> Callback:
        for name in FIELDS:
            getattr(self, name).connect(callback)
        return callback

    def disconnect(self, callback: Callback | None = None) -> None:
        for name in FIELDS:
            getattr(self, name).disconnect(callback)
