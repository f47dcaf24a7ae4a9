"""The loop page's header: round title, phase line, the big clock, the round's buttons and a
notice banner. It renders what it is told; the page wires its buttons to the controller."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mockint.bank import ROUND_TYPE_NAMES
from mockint.interview import PlannedRound, format_clock
from mockint.store import SessionDetail


class LoopHeader(QWidget):
    """Title, phase, clock, Pause / Finish round / End loop / Mute, and one notice banner.

    A notice belongs to the state that raised it (``owner``: e.g. ``"paused"``, ``"time_up"``,
    ``"save"``): :meth:`clear_notice` with that owner removes it, and a round or a break starting
    clears every notice.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round_title = QLabel()
        self.round_title.setObjectName("roundTitle")
        self.phase_label = QLabel()
        self.phase_label.setObjectName("phase")
        self.clock = QLabel("00:00")
        self.clock.setObjectName("bigClock")
        self.clock.setAccessibleName("Time left")
        self.pause_btn = QPushButton("Pause")
        self.pause_btn.setToolTip("Pause or resume the clock (Ctrl+P)")
        self.pause_btn.setCheckable(True)
        self.finish_btn = QPushButton("Finish round")
        self.finish_btn.setToolTip("Stop the clock and score this round (Ctrl+Shift+F)")
        self.end_btn = QPushButton("End loop")
        self.end_btn.setToolTip("Stop the whole loop and see the summary")
        self.mute_btn = QPushButton("Mute")
        self.mute_btn.setCheckable(True)
        self.mute_btn.setToolTip("Silence spoken prompts and warnings (Ctrl+M)")
        #: The loop so far on one line (rounds done with time and score, this one, the ones to come).
        self.progress = QLabel()
        self.progress.setObjectName("muted")
        self.progress.setAccessibleName("Loop progress")
        self.progress.setWordWrap(True)
        self.progress.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.notice_owner = ""

        titles = QVBoxLayout()
        titles.addWidget(self.round_title)
        titles.addWidget(self.phase_label)
        row = QHBoxLayout()
        row.addLayout(titles, 1)
        row.addWidget(self.clock)
        for b in (self.pause_btn, self.finish_btn, self.end_btn, self.mute_btn):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)

    # -- what the header shows -------------------------------------------------------------------
    def show_round(self, planned: PlannedRound, index: int, total: int) -> None:
        """A round began: its title and type, the clock shown, the round's buttons enabled."""
        self.clear_notice()
        self.clock.show()
        self.pause_btn.setChecked(False)
        self.pause_btn.setEnabled(True)
        self.finish_btn.setEnabled(True)
        self.round_title.setText(f"Round {index + 1} of {total} · {planned.title}")
        self.phase_label.setText(
            ROUND_TYPE_NAMES[planned.spec.round_type] + f" · {planned.allowed_s / 60:g} min"
        )

    def show_progress(self, detail: SessionDetail | None) -> None:
        """The loop's rounds so far from ``detail`` (a ``store.sessions.detail``); None, or a loop
        of one round, hides the line."""
        from mockint.ui.loop_timeline import compact_line

        shown = detail is not None and len(detail.get("rounds") or ()) > 1
        self.progress.setText(compact_line(detail) if shown and detail is not None else "")
        self.progress.setVisible(shown)

    def show_break(self, after_index: int, total: int) -> None:
        self.clear_notice()
        self.progress.hide()  # the break screen shows the full timeline
        self.round_title.setText(f"Break after round {after_index + 1} of {total}")
        self.phase_label.setText("")
        self.clock.hide()

    def show_scoring(self) -> None:
        self.pause_btn.setEnabled(False)
        self.finish_btn.setEnabled(False)

    def set_remaining(self, remaining_s: float) -> None:
        self.clock.setText(format_clock(remaining_s))
        self.clock.setProperty("overtime", remaining_s < 0)
        self.clock.style().polish(self.clock)

    def set_phase(self, index: int, count: int, name: str) -> None:
        self.phase_label.setText(f"Phase {index + 1} of {count}: {name}")

    def set_paused(self, paused: bool) -> None:
        self.pause_btn.setText("Resume" if paused else "Pause")
        self.pause_btn.setChecked(paused)

    def set_muted(self, muted: bool) -> None:
        self.mute_btn.setText("Unmute" if muted else "Mute")

    def set_speech(self, available: bool, muted: bool, reason: str) -> None:
        """Mute is offered only when speech works; otherwise the button says why it is off."""
        self.mute_btn.setEnabled(available)
        if available:
            self.mute_btn.setChecked(muted)
            self.mute_btn.setToolTip("Silence spoken prompts and warnings (Ctrl+M)")
        else:
            self.mute_btn.setText("Speech off")
            self.mute_btn.setToolTip(reason)

    # -- the notice banner -----------------------------------------------------------------------
    def show_notice(self, text: str, owner: str = "") -> None:
        """Show ``text`` in the banner (empty text hides it); ``owner`` names what raised it."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice_owner = owner if text else ""

    def clear_notice(self, owner: str | None = None) -> None:
        """Hide the banner: any notice (``owner`` None) or only one raised by ``owner``."""
        if owner is None or self.notice_owner == owner:
            self.show_notice("")
