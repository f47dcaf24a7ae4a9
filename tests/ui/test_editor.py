"""Editor: bracket and quote auto-close, matching-bracket highlight, comment toggle, zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from mockint.ui import shortcuts
from mockint.ui.editor import CodeEditor


def _editor(qtbot, text: str = "") -> CodeEditor:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    editor.show()
    editor.setFocus()
    return editor


def test_brackets_and_quotes_close_and_are_typed_over(qtbot) -> None:
    editor = _editor(qtbot)
    qtbot.keyClicks(editor, "print(")
    assert editor.toPlainText() == "print()"
    qtbot.keyClicks(editor, "'hi")
    assert editor.toPlainText() == "print('hi')"
    qtbot.keyClicks(editor, "')")
    assert editor.toPlainText() == "print('hi')"
    assert editor.textCursor().position() == len("print('hi')")
    qtbot.keyClicks(editor, " [")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # an empty pair goes as one
    assert editor.toPlainText() == "print('hi') "


def test_matching_bracket_is_found(qtbot) -> None:
    editor = _editor(qtbot, "f(a[1], (b))")
    cursor = editor.textCursor()
    cursor.setPosition(2)  # just after "("
    editor.setTextCursor(cursor)
    assert editor.matching_bracket() == (1, 11)
    cursor.setPosition(len("f(a[1]"))
    editor.setTextCursor(cursor)
    assert editor.matching_bracket() == (5, 3)


def test_comment_toggle_on_the_selected_lines(qtbot) -> None:
    editor = _editor(qtbot, "def f():\n    x = 1\n\n    return x\n")
    editor.selectAll()
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("comment")))
    assert editor.toPlainText() == "# def f():\n#     x = 1\n\n#     return x\n"
    editor.selectAll()
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("comment")))
    assert editor.toPlainText() == "def f():\n    x = 1\n\n    return x\n"


def test_zoom_in_out_and_back(qtbot) -> None:
    editor = _editor(qtbot, "x = 1")
    size = editor.font().pointSize()
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("zoom_in")))
    assert editor.font().pointSize() > size
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("zoom_reset")))
    assert editor.font().pointSize() == size
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("zoom_out")))
    assert editor.font().pointSize() < size


def test_ctrl_space_offers_jedi_completions_and_inserts_one(qtbot) -> None:
    editor = _editor(qtbot, "import collections\ncollections.Orde")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.completer.completions_shown, timeout=30_000):
        QTest.keySequence(editor, QKeySequence(shortcuts.keys("complete")))
    popup = editor.completer.popup()
    assert "OrderedDict" in editor.completer.model().stringList()
    assert popup.isVisible()
    editor.completer.activated.emit("OrderedDict")
    assert editor.toPlainText() == "import collections\ncollections.OrderedDict"


def test_completion_runs_off_the_gui_thread_and_a_stale_answer_is_dropped(qtbot, monkeypatch) -> None:
    import threading

    from PySide6.QtCore import QThreadPool

    from mockint.ui import completion

    threads = []
    release = threading.Event()

    def slow_complete(code, line, column, limit=50):
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(10)
        return ["stale_name"]

    monkeypatch.setattr(completion, "complete", slow_complete)
    editor = _editor(qtbot, "abc")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    shown = []
    editor.completer.completions_shown.connect(shown.append)
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("complete")))  # returns at once
    assert editor.toPlainText() == "abc"
    QTest.keyClicks(editor, "d")  # typing goes on while jedi works
    assert editor.toPlainText() == "abcd"
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(200)  # the worker's queued answer reaches the GUI thread
    assert threads == [False]  # jedi ran on a worker thread
    assert shown == []  # the answer was for "abc": dropped
    assert "stale_name" not in editor.completer.model().stringList()
