"""Discussion rounds: one question at a time with notes (phone screen, theory, behavioral), and
the system-design view with phases that follow the clock and notes per phase."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import Question
from mockint.interview.round_state import Change, RoundState
from mockint.ui.key_points import KeyPointsPanel
from mockint.ui.render import question_markdown, spoken_text
from mockint.ui.state_binding import Bindings

if TYPE_CHECKING:  # a phone screen's coding parts (built by ui.round_views)
    from mockint.ui.coding_view import CodingRoundView


@dataclass(frozen=True)
class Item:
    """One thing asked: which answer it saves to, under which notes key ('' = the main notes)."""

    answer_index: int
    key: str
    markdown: str
    spoken: str
    key_points: tuple[str, ...] = ()
    #: Where this item's key points start among its answer's key points (phone-screen parts).
    offset: int = 0
    mistake: str = ""


def items_for(questions: list[Question]) -> list[Item]:
    """A phone-screen set becomes one item per part; other questions one item each."""
    items: list[Item] = []
    for qi, q in enumerate(questions):
        if q.parts:
            offset = 0
            for pi, part in enumerate(q.parts):
                md = (
                    f"### Part {pi + 1} of {len(q.parts)}: {part.title}\n\n*{part.kind} · about "
                    f"{part.minutes:g} min*\n\n{part.prompt.strip()}"
                )
                items.append(
                    Item(
                        qi,
                        f"part {pi + 1}: {part.title}",
                        md,
                        spoken_text(part.prompt),
                        part.key_points,
                        offset,
                    )
                )
                offset += len(part.key_points)
        else:
            md = question_markdown(q, qi, len(questions))
            items.append(Item(qi, "", md, spoken_text(q.prompt), q.key_points, 0, q.common_mistake))
    return items


def _notes_editor(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName("Notes")
    return edit


def _set_text(edit: QPlainTextEdit, text: str) -> None:
    """Replace the editor's text only when it differs (keeps the cursor while the user types)."""
    if edit.toPlainText() != text:
        edit.setPlainText(text)


class _Slot(QVBoxLayout):
    """The fixed place of the interviewer's panel in a round view."""

    def __init__(self) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)

    def put(self, widget: QWidget) -> None:
        while self.count():
            item = self.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None and old is not widget:
                old.setParent(None)
        self.addWidget(widget)


class DiscussionRoundView(QWidget):
    """Shows one item at a time; previous / next (Alt+Left / Alt+Right); notes per item.

    Renders the round's :class:`RoundState` (notes, part notes, key point ticks, revealed) and
    sends the user's edits to it; it keeps only which item is on screen.
    """

    #: The item on screen changed (its prompt should be spoken): item index.
    item_shown = Signal(int)

    def __init__(self, state: RoundState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.items = items_for(state.questions)
        self._bindings = Bindings(self)
        self.key_points = KeyPointsPanel()
        self.index = 0
        self.key_points.revealed.connect(lambda: self.state.reveal(self._qid(), self.items[self.index].key))
        self.key_points.ticked_changed.connect(self._on_ticked)
        self.position = QLabel()
        self.position.setObjectName("muted")
        self.prompt = QTextBrowser()
        self.prompt.setAccessibleName("Question")
        self.editor = _notes_editor("Your notes for this question: structure, key points, what you said…")
        self.interviewer_slot = _Slot()
        #: A stats round's numeric answer panel (set_answer_panel), under the notes box.
        self.answer_slot = _Slot()
        self.prev_btn = QPushButton("◀ Previous")
        self.prev_btn.setToolTip("Previous question (Alt+Left)")
        self.next_btn = QPushButton("Next ▶")
        self.next_btn.setToolTip("Next question (Alt+Right)")
        nav = QHBoxLayout()
        nav.addWidget(self.prev_btn)
        nav.addWidget(self.position, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_btn)
        question = QWidget()
        tl = QVBoxLayout(question)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.prompt, 1)
        tl.addWidget(self.key_points)
        #: The prompt and, beside it, the candidate's own material (set_side_panel).
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(question)
        self._top = top
        notes = QWidget()
        bl = QVBoxLayout(notes)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.editor, 1)
        bl.addLayout(self.answer_slot)
        bl.addLayout(self.interviewer_slot)
        #: The notes box, or a phone-screen coding part's own coding view (set_part_view).
        self.bottom = QStackedWidget()
        self.bottom.addWidget(notes)
        self._notes_page = notes
        self.part_views: dict[int, CodingRoundView] = {}
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.bottom)
        split.setSizes([330, 300])
        self._split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addWidget(split, 1)
        self.prev_btn.clicked.connect(lambda: self.show_item(self.index - 1))
        self.next_btn.clicked.connect(lambda: self.show_item(self.index + 1))
        self.editor.textChanged.connect(self._on_text)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.show_item(self.index - 1))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.show_item(self.index + 1))
        self._loading = False
        for event in (
            state.events.notes,
            state.events.phase_notes,
            state.events.ticks,
            state.events.revealed,
        ):
            self._bindings.bind(event, self._on_state)
        self.show_item(0, announce=False)

    def current_question_id(self) -> str:
        """The bank id of the question on screen (a phone screen's set, for each of its parts)."""
        return self._qid()

    def set_interviewer_panel(self, widget: QWidget) -> None:
        """Put ``widget`` in the interviewer's slot, under the notes box (replaces any)."""
        self.interviewer_slot.put(widget)

    def set_side_panel(self, widget: QWidget) -> None:
        """Put ``widget`` (the candidate's project or questions) beside the prompt; its own
        visibility decides whether the prompt has the full width."""
        self._top.addWidget(widget)
        self._top.setStretchFactor(0, 3)
        self._top.setStretchFactor(1, 2)
        self.side_panel = widget

    def show_side_panel(self, on: bool) -> None:
        """Show or hide the side panel; shown, it gets two fifths of the width (a splitter gives a
        widget that was hidden no room)."""
        panel = getattr(self, "side_panel", None)
        if panel is None:
            return
        panel.setVisible(on)
        sizes = self._top.sizes()
        if on and len(sizes) == 2 and sizes[1] < 50:
            total = max(sum(sizes), self._top.width(), 500)
            self._top.setSizes([total * 3 // 5, total - total * 3 // 5])

    def set_answer_panel(self, widget: QWidget) -> None:
        """Put ``widget`` (a stats round's numeric answer panel) under the notes box (replaces any)."""
        self.answer_slot.put(widget)
        self._answer_panel = widget

    def release_state(self) -> None:
        """Stop rendering the state (the round closed)."""
        self._bindings.release()
        release = getattr(getattr(self, "_answer_panel", None), "release_state", None)
        if release is not None:
            release()
        for view in self.part_views.values():
            view.release_state()

    def set_part_view(self, index: int, view: CodingRoundView) -> None:
        """Show ``view`` (a coding view: editor, console, judge) instead of the notes box while
        item ``index`` (a phone screen's coding part) is on screen."""
        self.part_views[index] = view
        self.bottom.addWidget(view)
        if index == self.index:
            self.bottom.setCurrentWidget(view)

    def close_kernel(self) -> None:
        """Shut down the consoles of the coding parts."""
        for view in self.part_views.values():
            view.close_kernel()

    def _qid(self, index: int | None = None) -> str:
        item = self.items[self.index if index is None else index]
        return self.state.questions[item.answer_index].id

    def _item_notes(self, index: int) -> str:
        item, qid = self.items[index], self._qid(index)
        return self.state.phase_notes(qid, item.key) if item.key else self.state.notes(qid)

    def show_item(self, index: int, announce: bool = True) -> None:
        if not 0 <= index < len(self.items):
            return
        self.index = index
        item = self.items[index]
        self.state.show(item.answer_index)
        self.prompt.setMarkdown(item.markdown)
        coding = self.part_views.get(index)
        if (coding is not None) != (self.bottom.currentWidget() is not self._notes_page):
            # A coding part needs the room: its prompt shrinks to a few lines, and back after.
            self._split.setSizes([140, 900] if coding is not None else [330, 300])
        self.bottom.setCurrentWidget(coding or self._notes_page)
        self._render()
        self.position.setText(f"{index + 1} / {len(self.items)}")
        self.prev_btn.setEnabled(index > 0)
        self.next_btn.setEnabled(index < len(self.items) - 1)
        if announce:
            self.item_shown.emit(index)

    def _render(self) -> None:
        item, qid = self.items[self.index], self._qid()
        self._loading = True
        _set_text(self.editor, self._item_notes(self.index))
        self.key_points.show_points(
            item.key_points,
            set(self.state.section_ticks(qid, item.key)),
            self.state.is_revealed(qid, item.key),
            item.mistake,
        )
        self._loading = False

    def _on_state(self, change: Change) -> None:
        """Another sender changed the state: redraw the item on screen if it is affected."""
        item = self.items[self.index]
        if change.question_id != self._qid() or self._loading:
            return
        if change.field in ("notes", "phase_notes"):
            self._loading = True
            _set_text(self.editor, self._item_notes(self.index))
            self._loading = False
        elif self.key_points.state() != (
            set(self.state.section_ticks(change.question_id, item.key)),
            self.state.is_revealed(change.question_id, item.key),
        ):
            self._render()

    def _on_text(self) -> None:
        if self._loading:
            return
        item, qid, text = self.items[self.index], self._qid(), self.editor.toPlainText()
        if item.key:
            self.state.set_phase_notes(qid, item.key, text)
        else:
            self.state.set_notes(qid, text)

    def _on_ticked(self, ticks: list) -> None:
        self.state.set_section_ticks(self._qid(), self.items[self.index].key, ticks)


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
        self.editor = _notes_editor("Notes for this phase")
        self.interviewer_slot = _Slot()
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
        _set_text(self.editor, self.state.phase_notes(qid, name))
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
                _set_text(self.editor, change.value)
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
