"""Discussion rounds: one question at a time with notes (phone screen, theory, behavioral).

The system-design view (phases that follow the clock, notes per phase) is
:class:`mockint.ui.design_view.DesignRoundView`, kept importable from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import Question
from mockint.interview.round_state import Change, RoundState
from mockint.ui.design_view import DesignRoundView
from mockint.ui.key_points import KeyPointsPanel
from mockint.ui.notes_widgets import InterviewerSlot, notes_editor, set_text
from mockint.ui.render import question_markdown, spoken_text
from mockint.ui.state_binding import Bindings

__all__ = ["DesignRoundView", "DiscussionRoundView", "Item", "items_for"]

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
        self.editor = notes_editor("Your notes for this question: structure, key points, what you said…")
        self.interviewer_slot = InterviewerSlot()
        #: A stats round's numeric answer panel (set_answer_panel), under the notes box.
        self.answer_slot = InterviewerSlot()
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
        set_text(self.editor, self._item_notes(self.index))
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
            set_text(self.editor, self._item_notes(self.index))
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
