"""A search box and a list to pick one question of a round type for practice (home page)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from mockint.bank import Bank
from mockint.question_search import search
from mockint.wording import plural

#: Shown first in the list: practise whatever the planner picks.
ANY = ""


class QuestionPicker(QWidget):
    """``search_box`` filters ``question_box`` by id, title or topic; :meth:`question_id` is the
    picked id, or '' for "any question" (the planner picks, with the topic/difficulty filters)."""

    def __init__(self, bank: Bank, round_type: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.round_type = round_type
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Find a question: title, id or topic")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Find a question")
        self.question_box = QComboBox()
        self.question_box.setAccessibleName("Question")
        self.question_box.setMinimumContentsLength(20)
        self.question_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.question_box)
        self.search_box.textChanged.connect(self._fill)
        self._fill()

    def set_round_type(self, round_type: str) -> None:
        """List the questions of ``round_type`` (keeps the search text)."""
        self.round_type = round_type
        self._fill()

    def _fill(self) -> None:
        hits = search(self.bank, self.round_type, self.search_box.text()) if self.round_type else []
        self.question_box.clear()
        text = self.search_box.text().strip()
        self.question_box.addItem(
            f"Any question ({plural(len(hits), 'match', 'matches')})" if text else "Any question", ANY
        )
        for q in hits:
            self.question_box.addItem(f"{q.title}  ·  {q.id}", q.id)
        if text and hits:
            self.question_box.setCurrentIndex(1)  # searching means "this one"

    def question_id(self) -> str:
        """The picked question's id, or '' for any question."""
        return self.question_box.currentData() or ANY
