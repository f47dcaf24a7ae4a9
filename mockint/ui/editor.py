"""The solution editor: Python highlighting, line numbers, auto-indent, undo (Qt's own), bracket
and quote auto-close, matching-bracket highlight, comment toggle and zoom (keys from the
shortcut map, :mod:`mockint.ui.shortcuts`). Text size and colours follow the app's look
(:mod:`mockint.ui.theme`): the zoom is shared with the console and the problem statement."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from mockint.ui import theme

INDENT = "    "
#: Opening character -> the closing one typed with it.
PAIRS = {"(": ")", "[": "]", "{": "}", '"': '"', "'": "'"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}


class _LineNumbers(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(event)


class CodeEditor(QPlainTextEdit):
    """A plain-text editor for Python: gutter with line numbers, 4-space indent, highlighted line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setAccessibleName("Solution editor")
        self._gutter = _LineNumbers(self)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(self._highlight_line)
        self.colours = theme.EDITOR_COLOURS["light"]
        from mockint.ui.completion import EditorCompleter

        self.completer = EditorCompleter(self)
        try:
            from qtconsole.pygments_highlighter import PygmentsHighlighter

            self._highlighter = PygmentsHighlighter(self.document())
        except ImportError:  # highlighting is a nicety; the editor works without it
            self._highlighter = None
        self._theme = ""
        theme.follow(self, self._apply_look)  # text size (shared zoom) and colours (theme)

    def _apply_look(self, look: theme.Look) -> None:
        theme.set_point_size(self, look.code_pt())
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        if look.theme != self._theme:
            self._theme = look.theme
            self.colours = theme.EDITOR_COLOURS[look.theme]
            if self._highlighter is not None:
                self._highlighter.set_style(theme.PYGMENTS_STYLE[look.theme])
                self._highlighter.rehighlight()
        self._update_gutter_width()
        self._highlight_line()
        self._gutter.update()

    def reset_zoom(self) -> None:
        """Code, console and statement text back to the app's size (the shared zoom to 0)."""
        theme.look().reset_zoom()

    # -- gutter --------------------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_gutter_width(self, *_: object) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), QColor(self.colours["gutter"]))
        painter.setPen(QColor(self.colours["numbers"]))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                painter.drawText(
                    0,
                    top,
                    self._gutter.width() - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(block.blockNumber() + 1),
                )
            top += round(self.blockBoundingRect(block).height())
            block = block.next()

    def _highlight_line(self) -> None:
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(QColor(self.colours["line"]))
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = self.textCursor()
        sel.cursor.clearSelection()
        self.setExtraSelections([sel, *self._bracket_selections()])

    def matching_bracket(self) -> tuple[int, int] | None:
        """Positions (document offsets) of the bracket next to the cursor and its match, or None."""
        text = self.toPlainText()
        pos = self.textCursor().position()
        for at in (pos - 1, pos):
            if 0 <= at < len(text) and (text[at] in "([{" or text[at] in _CLOSERS):
                char = text[at]
                if char in _CLOSERS:
                    opener, step, closer = _CLOSERS[char], -1, char
                else:
                    opener, step, closer = char, 1, PAIRS[char]
                depth, i = 0, at
                while 0 <= i < len(text):
                    if text[i] == (opener if step == 1 else closer):
                        depth += 1
                    elif text[i] == (closer if step == 1 else opener):
                        depth -= 1
                        if depth == 0:
                            return at, i
                    i += step
                return None
        return None

    def _bracket_selections(self) -> list[QTextEdit.ExtraSelection]:
        match = self.matching_bracket()
        out = []
        for at in match or ():
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor(self.colours["bracket"]))
            sel.cursor = QTextCursor(self.document())
            sel.cursor.setPosition(at)
            sel.cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
            out.append(sel)
        return out

    def toggle_comment(self) -> None:
        """Comment the selected lines (or the cursor's line) with "# ", or uncomment them when all are."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(
            max(cursor.selectionStart(), cursor.selectionEnd() - (1 if cursor.hasSelection() else 0))
        )
        blocks = [doc.findBlockByNumber(n) for n in range(first, last.blockNumber() + 1)]
        code = [b for b in blocks if b.text().strip()]
        uncomment = bool(code) and all(b.text().lstrip().startswith("#") for b in code)
        indent = min((len(b.text()) - len(b.text().lstrip()) for b in code), default=0)
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        for b in code:
            text = b.text()
            edit.setPosition(b.position())
            if uncomment:
                at = len(text) - len(text.lstrip())
                width = 2 if text[at : at + 2] == "# " else 1
                edit.setPosition(b.position() + at)
                edit.setPosition(b.position() + at + width, QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
            else:
                edit.setPosition(b.position() + indent)
                edit.insertText("# ")
        edit.endEditBlock()

    # -- typing --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        from mockint.ui import shortcuts

        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        popup = self.completer.popup()
        if (
            popup is not None
            and popup.isVisible()
            and event.key()
            in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_Tab,
                Qt.Key.Key_Escape,
            )
        ):
            event.ignore()  # the popup takes these
            return
        for action, slot in (
            ("complete", self.completer.show_completions),
            ("comment", self.toggle_comment),
            ("zoom_in", theme.look().zoom_in),
            ("zoom_out", theme.look().zoom_out),
            ("zoom_reset", self.reset_zoom),
        ):
            if combo in shortcuts.shortcut(action).keys:
                slot()
                return
        key = event.key()
        text = event.text()
        cursor = self.textCursor()
        after = cursor.block().text()[cursor.positionInBlock() : cursor.positionInBlock() + 1]
        if text and text in _CLOSERS or text in ('"', "'") and after == text:
            if after == text and not cursor.hasSelection():  # typing over the auto-closed character
                cursor.movePosition(QTextCursor.MoveOperation.Right)
                self.setTextCursor(cursor)
                return
        if text in PAIRS and not cursor.hasSelection() and (not after or after in " )]}:,"):
            cursor.insertText(text + PAIRS[text])
            cursor.movePosition(QTextCursor.MoveOperation.Left)
            self.setTextCursor(cursor)
            return
        if key == Qt.Key.Key_Backspace and not event.modifiers() and not cursor.hasSelection():
            before = cursor.block().text()[cursor.positionInBlock() - 1 : cursor.positionInBlock()]
            if before in PAIRS and after == PAIRS[before]:  # an empty pair goes as one
                cursor.deleteChar()
                cursor.deletePreviousChar()
                return
        if key == Qt.Key.Key_Tab and not event.modifiers():
            self.insertPlainText(INDENT)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            line = self.textCursor().block().text()[: self.textCursor().positionInBlock()]
            indent = line[: len(line) - len(line.lstrip(" "))]
            if line.rstrip().endswith(":"):
                indent += INDENT
            self.textCursor().insertText("\n" + indent)
            self.ensureCursorVisible()
            return
        if key == Qt.Key.Key_Backspace and not event.modifiers():
            cursor = self.textCursor()
            before = cursor.block().text()[: cursor.positionInBlock()]
            if before and not before.strip(" ") and not cursor.hasSelection():
                remove = len(before) % 4 or 4
                for _ in range(remove):
                    cursor.deletePreviousChar()
                return
        super().keyPressEvent(event)
