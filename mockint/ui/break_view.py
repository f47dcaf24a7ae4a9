"""The break between rounds: a countdown and a button to skip it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from mockint.interview import PlannedRound, format_clock
from mockint.ui.loop_timeline import LoopTimeline


class BreakView(QWidget):
    """A break between rounds: a countdown, what comes next, and a button to skip it."""

    #: The user wants the next round now.
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Break")
        self.title.setObjectName("pageTitle")
        self.clock = QLabel("00:00")
        self.clock.setObjectName("bigClock")
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setMinimumWidth(520)
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skip_btn = QPushButton("Skip break and start the next round")
        self.skip_btn.setObjectName("primary")
        self.skip_btn.clicked.connect(self.skip_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.clock, self.next_label):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.skip_btn, 0, Qt.AlignmentFlag.AlignHCenter)
        self.timeline = LoopTimeline()  # the rounds so far: time used and scores
        layout.addWidget(self.timeline, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_next(self, next_round: PlannedRound) -> None:
        """Say what the next round is."""
        self.next_label.setText(
            f"Next: {next_round.title}, {next_round.allowed_s / 60:g} minutes. Stretch, drink some water."
        )

    def set_left(self, seconds: float) -> None:
        self.clock.setText(format_clock(seconds))
