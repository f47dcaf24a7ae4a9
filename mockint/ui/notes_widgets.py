"""Small pieces the round views share: a notes box, a text update that keeps the cursor, and the
fixed slot the interviewer's panel goes in."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget


def notes_editor(placeholder: str) -> QPlainTextEdit:
    """A plain-text notes box with this placeholder (its accessible name is "Notes")."""
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName("Notes")
    return edit


def set_text(edit: QPlainTextEdit, text: str) -> None:
    """Replace the editor's text only when it differs (keeps the cursor while the user types)."""
    if edit.toPlainText() != text:
        edit.setPlainText(text)


class InterviewerSlot(QVBoxLayout):
    """The fixed place of the interviewer's panel in a round view."""

    def __init__(self) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)

    def put(self, widget: QWidget) -> None:
        """Show ``widget`` here, taking out the one shown before."""
        while self.count():
            item = self.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None and old is not widget:
                old.setParent(None)
        self.addWidget(widget)
