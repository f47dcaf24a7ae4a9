"""Name completion for the solution editor, from jedi (installed with IPython).

Completion is asked for with Ctrl+Space and computed by jedi off the GUI thread (its first call
imports and infers for a second or more), on the editor's text only (no project scan), so typing
never waits. An answer arriving after the text or cursor moved on is dropped: only the newest
request shows a popup. Without jedi the key does nothing visible.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QStringListModel, Qt, Signal
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

    #: A request's completions were shown (or found empty): the names offered.
    completions_shown = Signal(list)

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self._model = QStringListModel(self)
        self.setWidget(editor)
        self.setModel(self._model)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        self.activated.connect(self._insert)

    def show_completions(self) -> None:
        """Ask jedi at the cursor, off the GUI thread; the popup opens when the answer arrives,
        unless the text or cursor has changed since (``completions_shown`` says what was offered)."""
        from mockint.ui.workers import run_in_background

        code = self.editor.toPlainText()
        cursor = self.editor.textCursor()
        where = (cursor.blockNumber() + 1, cursor.positionInBlock())
        run_in_background(
            complete,
            code,
            *where,
            receiver=self,
            key="complete",  # a newer request replaces an older one still running
            on_done=lambda names: self._answer(code, where, names),
        )

    def _answer(self, code: str, where: tuple[int, int], names: list[str]) -> None:
        cursor = self.editor.textCursor()
        now = (cursor.blockNumber() + 1, cursor.positionInBlock())
        if code != self.editor.toPlainText() or where != now:
            return  # the user typed or moved on since the request
        before = cursor.block().text()[: cursor.positionInBlock()]
        prefix = before[
            len(before.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")) :
        ]
        self._model.setStringList(names)
        self.setCompletionPrefix(prefix)
        popup = self.popup()
        if names and popup is not None:
            rect = self.editor.cursorRect()
            rect.setWidth(max(200, popup.sizeHintForColumn(0) + 24))
            self.complete(rect)
        self.completions_shown.emit(names)

    def _insert(self, name: str) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(self.completionPrefix())
        )
        cursor.insertText(name)
        self.editor.setTextCursor(cursor)
