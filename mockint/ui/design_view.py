"""The system-design round view: the prompt, its phases (the clock's phase marked) and notes per phase."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.interview.round_state import Change, RoundState
from mockint.ui.key_points import KeyPointsPanel
from mockint.ui.notes_widgets import InterviewerSlot, notes_editor, set_text
from mockint.ui.render import question_markdown
from mockint.ui.state_binding import Bindings


class DesignRoundView(QWidget):
    """The design prompt, its phases (the clock's phase highlighted) and notes per phase.

    Renders the round's :class:`RoundState` (phase notes, per-phase ticks and reveals) and sends
    the user's edits to it.
    """

    def __init__(self, state: RoundState, phase_minutes: list[float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.question = state.questions[0]
        question = self.question
        self._bindings = Bindings(self)
        self.phase_minutes = list(phase_minutes)  # the loop's (a drill scales them), not the bank's
        self.key_points = KeyPointsPanel()
        self.key_points.revealed.connect(
            lambda: self._phase() and self.state.reveal(self.question.id, self._phase())
        )
        self.key_points.ticked_changed.connect(self._on_ticked)
        self.prompt = QTextBrowser()
        self.prompt.setMarkdown(question_markdown(question, 0, 1))
        self.prompt.setAccessibleName("Design prompt")
        self.phase_list = QListWidget()
        self.phase_list.setAccessibleName("Phases")
        for phase, minutes in zip(question.phases, phase_minutes, strict=True):
            QListWidgetItem(f"{phase.name}  ·  {minutes:.1f} min", self.phase_list)
        self.phase_title = QLabel()
        self.phase_title.setObjectName("phaseTitle")
        self.editor = notes_editor("Notes for this phase")
        self.interviewer_slot = InterviewerSlot()
        #: Shown when the clock has moved on past the phase whose notes are on screen.
        self.go_to_clock_btn = QPushButton()
        self.go_to_clock_btn.setToolTip("Move the notes to the phase the clock is in")
        self.go_to_clock_btn.hide()
        self.clock_phase = -1
        self.go_to_clock_btn.clicked.connect(lambda: self.phase_list.setCurrentRow(self.clock_phase))
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.prompt)
        left.addWidget(self.phase_list)
        left.setSizes([300, 260])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.phase_title, 1)
        title_row.addWidget(self.go_to_clock_btn)
        rl.addLayout(title_row)
        rl.addWidget(self.editor, 1)
        rl.addLayout(self.interviewer_slot)
        rl.addWidget(self.key_points)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 680])
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        left.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._loading = False
        self.phase_list.currentRowChanged.connect(self._show_phase)
        self.editor.textChanged.connect(self._on_text)
        for event in (state.events.phase_notes, state.events.ticks, state.events.revealed):
            self._bindings.bind(event, self._on_state)
        self.phase_list.setCurrentRow(0)

    def current_question_id(self) -> str:
        return self.question.id

    def set_interviewer_panel(self, widget: QWidget) -> None:
        """Put ``widget`` in the interviewer's slot, under the notes box (replaces any)."""
        self.interviewer_slot.put(widget)

    def release_state(self) -> None:
        """Stop rendering the state (the round closed)."""
        self._bindings.release()

    def _phase(self) -> str:
        """The name of the phase whose notes are on screen ('' before one is)."""
        row = self.phase_list.currentRow()
        return self.question.phases[row].name if 0 <= row < len(self.question.phases) else ""

    def follow_clock(self, phase: int) -> None:
        """Mark the clock's phase in the list. The notes stay on the phase the user is in (a
        sentence being typed must not land in the next phase); "Go to current phase" moves them."""
        if phase == self.clock_phase or not 0 <= phase < self.phase_list.count():
            return
        for i in range(self.phase_list.count()):
            item = self.phase_list.item(i)
            font = item.font()
            font.setBold(i == phase)
            item.setFont(font)
            item.setText(item.text().removeprefix("▶ "))
            if i == phase:
                item.setText("▶ " + item.text())
        self.clock_phase = phase
        if self.phase_list.currentRow() < 0:
            self.phase_list.setCurrentRow(phase)
        self._offer_clock_phase()

    def _offer_clock_phase(self) -> None:
        away = 0 <= self.clock_phase != self.phase_list.currentRow()
        if away:
            self.go_to_clock_btn.setText(
                f"Go to current phase: {self.question.phases[self.clock_phase].name}"
            )
        self.go_to_clock_btn.setVisible(away)

    def _show_phase(self, row: int) -> None:
        if row < 0:
            return
        self._offer_clock_phase()
        phase = self.question.phases[row]
        self.phase_title.setText(f"{phase.name} ({self.phase_minutes[row]:.1f} min suggested)")
        self._render()

    def _render(self) -> None:
        name, qid = self._phase(), self.question.id
        phase = self.question.phases[self.phase_list.currentRow()]
        self._loading = True
        set_text(self.editor, self.state.phase_notes(qid, name))
        self.key_points.show_points(
            phase.key_points, set(self.state.section_ticks(qid, name)), self.state.is_revealed(qid, name), ""
        )
        self._loading = False

    def _on_state(self, change: Change) -> None:
        name = self._phase()
        if self._loading or not name or change.question_id != self.question.id:
            return
        if change.field == "phase_notes":
            if change.key == name:
                self._loading = True
                set_text(self.editor, change.value)
                self._loading = False
        elif self.key_points.state() != (
            set(self.state.section_ticks(self.question.id, name)),
            self.state.is_revealed(self.question.id, name),
        ):
            self._render()

    def _on_ticked(self, ticks: list) -> None:
        if self._phase():
            self.state.set_section_ticks(self.question.id, self._phase(), ticks)

    def _on_text(self) -> None:
        if self._loading or not self._phase():
            return
        self.state.set_phase_notes(self.question.id, self._phase(), self.editor.toPlainText())
