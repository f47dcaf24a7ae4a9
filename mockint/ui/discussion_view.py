"""Discussion rounds: one question at a time with notes (phone screen, theory, behavioral), and
the system-design view with phases that follow the clock and notes per phase."""

from __future__ import annotations

from dataclasses import dataclass

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
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import Question
from mockint.ui.key_points import KeyPointsPanel
from mockint.ui.render import question_markdown, spoken_text


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
                md = (f"### Part {pi + 1} of {len(q.parts)}: {part.title}\n\n*{part.kind} · about "
                      f"{part.minutes:g} min*\n\n{part.prompt.strip()}")
                items.append(Item(qi, f"part {pi + 1}: {part.title}", md, spoken_text(part.prompt),
                                  part.key_points, offset))
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


class DiscussionRoundView(QWidget):
    """Shows one item at a time; previous / next (Alt+Left / Alt+Right); notes per item."""

    #: Notes of one item changed: item index, new text.
    notes_changed = Signal(int, str)
    #: The item on screen changed (its prompt should be spoken): item index.
    item_shown = Signal(int)
    #: Ticked key points of one item changed: item index, sorted indexes into its key points.
    key_points_ticked = Signal(int, list)

    def __init__(self, questions: list[Question], notes: dict[int, str] | None = None,
                 ticked: dict[int, set[int]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items_for(questions)
        self.notes = dict(notes or {})
        self.ticked: dict[int, set[int]] = {k: set(v) for k, v in (ticked or {}).items()}
        self.revealed: set[int] = {k for k, v in self.ticked.items() if v}
        self.key_points = KeyPointsPanel()
        self.key_points.revealed.connect(lambda: self.revealed.add(self.index))
        self.key_points.ticked_changed.connect(self._on_ticked)
        self.index = 0
        self.position = QLabel()
        self.position.setObjectName("muted")
        self.prompt = QTextBrowser()
        self.prompt.setAccessibleName("Question")
        self.editor = _notes_editor("Your notes for this question: structure, key points, what you said…")
        self.prev_btn = QPushButton("◀ Previous")
        self.prev_btn.setToolTip("Previous question (Alt+Left)")
        self.next_btn = QPushButton("Next ▶")
        self.next_btn.setToolTip("Next question (Alt+Right)")
        nav = QHBoxLayout()
        nav.addWidget(self.prev_btn)
        nav.addWidget(self.position, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_btn)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.prompt, 1)
        tl.addWidget(self.key_points)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.editor)
        split.setSizes([330, 300])
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
        self.show_item(0, announce=False)

    def show_item(self, index: int, announce: bool = True) -> None:
        if not 0 <= index < len(self.items):
            return
        self.index = index
        self._loading = True
        item = self.items[index]
        self.prompt.setMarkdown(item.markdown)
        self.editor.setPlainText(self.notes.get(index, ""))
        self.key_points.show_points(item.key_points, self.ticked.get(index, set()),
                                    index in self.revealed, item.mistake)
        self._loading = False
        self.position.setText(f"{index + 1} / {len(self.items)}")
        self.prev_btn.setEnabled(index > 0)
        self.next_btn.setEnabled(index < len(self.items) - 1)
        if announce:
            self.item_shown.emit(index)

    def _on_text(self) -> None:
        if self._loading:
            return
        text = self.editor.toPlainText()
        self.notes[self.index] = text
        self.notes_changed.emit(self.index, text)

    def _on_ticked(self, ticks: list) -> None:
        self.ticked[self.index] = set(ticks)
        self.key_points_ticked.emit(self.index, list(ticks))

    def answer_ticks(self, answer_index: int) -> list[int]:
        """Ticked key points of one answer, indexed across all its items (phone-screen parts)."""
        return sorted(item.offset + t for i, item in enumerate(self.items)
                      if item.answer_index == answer_index for t in self.ticked.get(i, ()))

    def key_point_counts(self) -> tuple[int, int, int]:
        """(points ticked, points revealed, items revealed) across the round."""
        hit = sum(len(self.ticked.get(i, ())) for i in self.revealed)
        shown = sum(len(self.items[i].key_points) for i in self.revealed)
        return hit, shown, len(self.revealed)


class DesignRoundView(QWidget):
    """The design prompt, its phases (the clock's phase highlighted) and notes per phase."""

    #: Notes of one phase changed: phase name, new text.
    phase_notes_changed = Signal(str, str)
    #: Ticked key points changed: sorted indexes across all phases' key points, in phase order.
    key_points_ticked = Signal(list)

    def __init__(self, question: Question, phase_minutes: list[float],
                 notes: dict[str, str] | None = None, ticked: list[int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.phase_minutes = list(phase_minutes)  # the loop's (a drill scales them), not the bank's
        self.notes = dict(notes or {})
        self.offsets = [sum(len(p.key_points) for p in question.phases[:i]) for i in range(len(question.phases))]
        self.ticked: dict[int, set[int]] = {}
        for t in ticked or ():
            row = max(i for i, off in enumerate(self.offsets) if off <= t)
            self.ticked.setdefault(row, set()).add(t - self.offsets[row])
        self.revealed: set[int] = set(self.ticked)
        self.key_points = KeyPointsPanel()
        self.key_points.revealed.connect(lambda: self.revealed.add(self.phase_list.currentRow()))
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
        self.clock_phase = -1
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.prompt)
        left.addWidget(self.phase_list)
        left.setSizes([300, 260])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.phase_title)
        rl.addWidget(self.editor, 1)
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
        self.phase_list.setCurrentRow(0)

    def follow_clock(self, phase: int) -> None:
        """Mark the clock's phase in the list and move the notes to it."""
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
        self.phase_list.setCurrentRow(phase)

    def _show_phase(self, row: int) -> None:
        if row < 0:
            return
        phase = self.question.phases[row]
        self._loading = True
        self.phase_title.setText(f"{phase.name} ({self.phase_minutes[row]:.1f} min suggested)")
        self.editor.setPlainText(self.notes.get(phase.name, ""))
        self.key_points.show_points(phase.key_points, self.ticked.get(row, set()), row in self.revealed, "")
        self._loading = False

    def _on_ticked(self, ticks: list) -> None:
        self.ticked[self.phase_list.currentRow()] = set(ticks)
        self.key_points_ticked.emit(self.all_ticks())

    def all_ticks(self) -> list[int]:
        return sorted(self.offsets[row] + t for row, ts in self.ticked.items() for t in ts)

    def key_point_counts(self) -> tuple[int, int, int]:
        """(points ticked, points revealed, phases revealed)."""
        hit = sum(len(self.ticked.get(r, ())) for r in self.revealed)
        shown = sum(len(self.question.phases[r].key_points) for r in self.revealed)
        return hit, shown, len(self.revealed)

    def _on_text(self) -> None:
        if self._loading:
            return
        row = self.phase_list.currentRow()
        if row < 0:
            return
        name = self.question.phases[row].name
        self.notes[name] = self.editor.toPlainText()
        self.phase_notes_changed.emit(name, self.notes[name])
