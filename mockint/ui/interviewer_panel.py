"""The interviewer's panel in a round view: a Hint button, a Done button and the card that shows
the hint or the follow-up question the interviewer asks.

Everything goes through the round's :class:`~mockint.interview.round_state.RoundState`
(``take_hint``, ``ask_follow_up``, ``mark_done``), whose saver stores it; the choice of hint and
follow-up and when to ask is :mod:`mockint.interview.interviewer` (Qt-free). Put one in a view with
:func:`attach_interviewer`; :class:`InterviewerSettingsBox` is the settings dialog's part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import CODING_ROUND_TYPES, ROUND_TYPE_NAMES
from mockint.interview.interviewer import (
    FOLLOW_UP_ROUND_TYPES,
    HINT_ROUND_TYPES,
    Policy,
    choose_follow_up,
    covered_in_answer,
    follow_up_due,
    hint_evidence,
    hints_of,
    next_hint,
)
from mockint.interview.round_state import WHOLE_QUESTION, RoundState

HINT_SHORTCUT = "Ctrl+Alt+H"
DONE_SHORTCUT = "Ctrl+Alt+Return"


def current_section(view: Any) -> str:
    """The key point section on screen in a round view: a phone-screen part's notes key (the
    discussion view's ``items[index].key``), a design phase's name (its ``phase_list`` row), or
    ``""``."""
    items, index = getattr(view, "items", None), getattr(view, "index", None)
    if items and isinstance(index, int) and 0 <= index < len(items):
        return items[index].key
    phase_list = getattr(view, "phase_list", None)
    question: Any = getattr(view, "question", None)
    if phase_list is not None and question is not None and question.phases:
        row = phase_list.currentRow()
        return question.phases[row].name if 0 <= row < len(question.phases) else question.phases[0].name
    return WHOLE_QUESTION


@dataclass
class Clock:
    """The round's clock as the panel reads it: ``elapsed()`` seconds since the round started
    and the round's allowed seconds."""

    elapsed: Callable[[], float]
    round_s: float


class InterviewerPanel(QFrame):
    """Hint (n of 3) and Done, with the card under them. ``where()`` gives the (question id,
    section) on screen; ``say`` speaks a line (the app's speaker: silent when speech is off or
    muted). A follow-up is also asked, once per section, when the section's share of the round
    has passed (checked every second while the panel is shown)."""

    #: A hint was revealed: its text.
    hint_shown = Signal(str)
    #: The interviewer asked a follow-up: its text.
    follow_up_asked = Signal(str)

    def __init__(
        self,
        state: RoundState,
        round_type: str,
        policy: Policy,
        clock: Clock,
        where: Callable[[], tuple[str, str]],
        say: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interviewerPanel")
        self.state, self.round_type, self.policy, self.clock = state, round_type, policy, clock
        self.where = where
        self.say = say or (lambda _text: None)
        self.coding = round_type in CODING_ROUND_TYPES
        self.hint_btn = QPushButton("Hint")
        self.hint_btn.setToolTip(f"Ask the interviewer for the next hint ({HINT_SHORTCUT}); hints are noted")
        self.done_btn = QPushButton("Done")
        self.done_btn.setToolTip(f"Mark this answer done; the interviewer may follow up ({DONE_SHORTCUT})")
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.card = QLabel()
        self.card.setObjectName("evidence")
        self.card.setWordWrap(True)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hint_btn)
        row.addWidget(self.done_btn)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.card)
        self.hint_btn.clicked.connect(self.take_hint)
        self.done_btn.clicked.connect(self.mark_done)
        QShortcut(QKeySequence(HINT_SHORTCUT), self, self.take_hint)
        QShortcut(QKeySequence(DONE_SHORTCUT), self, self.mark_done)
        self._shown_for: tuple[str, str] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.check_time)
        self.timer.start()
        events = (state.events.hints, state.events.follow_ups, state.events.current, state.events.ticks)
        pairs = [(e, self._on_state) for e in events]
        for event, callback in pairs:
            event.connect(callback)
        # Drop the subscriptions with the widget (the slot must not hold self: it runs after deletion).
        self.destroyed.connect(lambda *_: _disconnect_all(pairs))
        self.refresh()

    # -- what the buttons show -------------------------------------------------------------------------
    def _on_state(self, _change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw the buttons for the question and section on screen; a new one clears the card."""
        qid, section = self.where()
        if (qid, section) != self._shown_for:
            self._shown_for = (qid, section)
            self.card.hide()
        total = len(hints_of(self.state.question(qid))) if qid else 0
        offer = next_hint(self.state, qid) if total else None
        self.hint_btn.setVisible(self.policy.gives_hints and total > 0)
        self.hint_btn.setEnabled(offer is not None)
        self.hint_btn.setText(offer.label if offer else f"No hints left ({total} of {total})")
        self.done_btn.setVisible(not self.coding)
        self.done_btn.setEnabled(bool(qid))
        self.status.setText(
            hint_evidence(self.state.hints_taken(qid), total) if total and self.policy.gives_hints else ""
        )

    def _show_card(self, title: str, text: str) -> None:
        self.card.setText(f"<b>{title}</b><br>{_escape(text)}")
        self.card.show()

    # -- intents -----------------------------------------------------------------------------------------
    def take_hint(self) -> None:
        """Reveal the next hint of the question on screen (noted with its time) and speak it."""
        qid, _section = self.where()
        if not self.policy.gives_hints or not qid:
            return
        offer = next_hint(self.state, qid)
        if offer is None:
            return
        self.state.take_hint(qid, self.clock.elapsed(), offer.index)
        self._show_card(f"Hint {offer.index + 1} of {offer.total}", offer.text)
        self.say(f"Hint {offer.index + 1}. {offer.text}")
        self.hint_shown.emit(offer.text)
        self.refresh()

    def mark_done(self) -> None:
        """Mark the answer on screen done; the interviewer asks one follow-up if one is left."""
        qid, section = self.where()
        if self.coding or not qid:
            return
        self.state.mark_done(qid)
        if not self.policy.follow_ups:
            self._show_card("Noted as done", "Follow-ups are off for this round type (Settings).")
            return
        if not self.ask(qid, section):
            self._show_card("Noted as done", "No follow-up left: the points it would probe are covered.")

    def ask(self, qid: str, section: str) -> bool:
        """Ask a follow-up about ``section``; False when none is left."""
        choice = choose_follow_up(self.state, qid, section, covered_in_answer(self.state, qid))
        if choice is None:
            return False
        self.state.ask_follow_up(qid, choice.text, choice.key_point, self.clock.elapsed())
        self._show_card("The interviewer asks", choice.text)
        self.say(choice.text)
        self.follow_up_asked.emit(choice.text)
        return True

    def check_time(self) -> None:
        """Ask a follow-up when the share of the section on screen has passed."""
        qid, section = self.where()
        if (qid, section) != self._shown_for:
            self.refresh()
        if self.coding or not qid or not self.policy.follow_ups or not self.isVisible():
            return
        if follow_up_due(self.state, qid, section, self.clock.elapsed(), self.clock.round_s):
            self.ask(qid, section)


def _disconnect_all(pairs: list[tuple[Any, Callable[..., None]]]) -> None:
    for event, callback in pairs:
        event.disconnect(callback)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attach_interviewer(
    view: Any, round_type: str, settings, clock: Clock, say: Callable[[str], None] | None = None
) -> InterviewerPanel | None:
    """Put an interviewer panel in ``view`` (a round view with ``state``, ``current_question_id()``
    and ``set_interviewer_panel()``) as ``settings`` allow for ``round_type``; None when the
    policy gives neither hints nor follow-ups there. A phone screen's coding part views
    (``view.part_views``) get a hint panel each."""
    policy = Policy.for_round(settings, round_type)
    if not (policy.gives_hints or policy.follow_ups) or not hasattr(view, "set_interviewer_panel"):
        return None
    panel = InterviewerPanel(
        view.state,
        round_type,
        policy,
        clock,
        lambda: (view.current_question_id(), current_section(view)),
        say,
    )
    view.set_interviewer_panel(panel)
    for part in getattr(view, "part_views", {}).values():
        if policy.gives_hints and hasattr(part, "set_interviewer_panel"):
            part.set_interviewer_panel(
                InterviewerPanel(part.state, "dsa", policy, clock, _where_in(part), say)
            )
    return panel


def _where_in(part: Any) -> Callable[[], tuple[str, str]]:
    """Where a phone screen's coding part is: its problem, no section."""
    return lambda: (part.current_question_id(), "")


def interviewer_for(
    view: Any, planned, settings, controller, say: Callable[[str], None]
) -> InterviewerPanel | None:
    """:func:`attach_interviewer` for a loop's round: ``planned`` a PlannedRound, the clock read
    from ``controller.countdown`` (its ``elapsed_s``)."""

    def elapsed() -> float:
        return controller.countdown.elapsed_s if controller.countdown is not None else 0.0

    return attach_interviewer(view, planned.spec.round_type, settings, Clock(elapsed, planned.allowed_s), say)


class InterviewerSettingsBox(QWidget):
    """The settings dialog's rows: hints and follow-ups on or off per round type, strict mode."""

    def __init__(self, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, dict[str, QCheckBox]] = {}
        # Two boxes a row under each label: the dialog stays narrow at any text size.
        row = 0
        for key, label, kinds in (
            ("hints_in", "Hints in", HINT_ROUND_TYPES),
            ("follow_ups_in", "Follow-ups in", FOLLOW_UP_ROUND_TYPES),
        ):
            grid.addWidget(QLabel(label), row, 0, 1, 2)
            row += 1
            chosen = getattr(settings, key)
            self.boxes[key] = {}
            for i, kind in enumerate(kinds):
                box = QCheckBox(ROUND_TYPE_NAMES[kind])
                box.setChecked(kind in chosen)
                grid.addWidget(box, row + i // 2, i % 2)
                self.boxes[key][kind] = box
            row += (len(kinds) + 1) // 2
        self.strict = QCheckBox("Strict interviewer: no hints at all")
        self.strict.setChecked(settings.strict_interviewer)
        grid.addWidget(self.strict, row, 0, 1, 2)

    def values(self) -> dict:
        """``hints_in``, ``follow_ups_in`` and ``strict_interviewer`` as the boxes say."""
        out: dict = {
            key: [kind for kind, box in boxes.items() if box.isChecked()] for key, boxes in self.boxes.items()
        }
        out["strict_interviewer"] = self.strict.isChecked()
        return out
