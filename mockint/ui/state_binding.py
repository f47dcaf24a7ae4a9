"""Subscribe a view to a Qt-free :class:`~mockint.interview.round_state.RoundState` for as long
as the view lives: the model must never call into a deleted widget."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mockint.interview.round_events import Callback, Event


class Bindings:
    """The (event, callback) pairs one widget subscribed; all dropped by :meth:`release` or when
    the widget is destroyed, whichever comes first."""

    def __init__(self, widget: QWidget) -> None:
        self._pairs: list[tuple[Event, Callback]] = []
        pairs = self._pairs  # the slot below must not hold the widget (it runs after its C++ side is gone)
        widget.destroyed.connect(lambda *_: Bindings._drop(pairs))

    def bind(self, event: Event, callback: Callback) -> None:
        event.connect(callback)
        self._pairs.append((event, callback))

    def release(self) -> None:
        """Disconnect every callback now (the round closed; the view is about to be deleted)."""
        self._drop(self._pairs)

    @staticmethod
    def _drop(pairs: list[tuple[Event, Callback]]) -> None:
        for event, callback in pairs:
            event.disconnect(callback)
        pairs.clear()
