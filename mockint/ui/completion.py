"""Name completion for the solution editor, from jedi (installed with IPython).

Completion runs on the GUI thread when the user asks (Ctrl+Space), on the editor's text only
(no project scan), so it stays quick; without jedi the key does nothing visible but a status tip.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit

log = logging.getLogger(__name__)


def complete(code: str, line: int, column: int, limit: int = 50) -> list[str]:
    """Completions at ``line`` (1-based) and ``column`` (0-based) of ``code``: names, at most
    ``limit``, in jedi's order; [] when jedi is missing or fails on the code."""
    try:
        import jedi
    except ImportError:
        return []
    try:
        # In-process inference: no jedi helper subprocess left running.
        script = jedi.Script(code, environment=jedi.InterpreterEnvironment())
        return [c.name for c in script.complete(line, column)[:limit]]
    except Exception:  # jedi on half-typed code may raise anything; completion is a nicety
        log.debug("jedi failed", exc_info=True)
        return []


class EditorCompleter(QCompleter):
    """A popup of jedi completions for ``editor``; choosing one inserts the rest of the name."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setWidget(editor)
        self.setModel(QStringListModel(self))
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        self.activated.connect(self._insert)

    def show_completions(self) -> list[str]:
        """Ask jedi at the cursor and show the popup; returns the names offered."""
        cursor = self.editor.textCursor()
        names = complete(self.editor.toPlainText(), cursor.blockNumber() + 1, cursor.positionInBlock())
        before = cursor.block().text()[: cursor.positionInBlock()]
        prefix = before[
            len(before.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")) :
        ]
        self.model().setStringList(names)
        self.setCompletionPrefix(prefix)
        if names:
            rect = self.editor.cursorRect()
            rect.setWidth(max(200, self.popup().sizeHintForColumn(0) + 24))
            self.complete(rect)
        return names

    def _insert(self, name: str) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(self.completionPrefix())
        )
        cursor.insertText(name)
        self.editor.setTextCursor(cursor)
