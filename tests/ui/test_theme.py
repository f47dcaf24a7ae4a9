"""The look (issue 11): one zoom for editor, console and statement; theme and text size follow."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QVBoxLayout, QWidget

from mockint.settings import Settings, load
from mockint.ui import shortcuts, theme
from mockint.ui.coding_view import _console_class
from mockint.ui.editor import CodeEditor


def _three(qtbot):
    """An editor, a statement and a console in one window, as a coding round has them."""
    box = QWidget()
    qtbot.addWidget(box)
    editor = CodeEditor()
    statement = QTextBrowser()
    theme.zoomable_text(statement)
    console = _console_class()()
    theme.attach_console(console)
    layout = QVBoxLayout(box)
    for w in (editor, statement, console):
        layout.addWidget(w)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    _three.box = box  # kept alive for the test
    return editor, statement, console


def _sizes(editor, statement, console) -> tuple[float, float, float]:
    return editor.font().pointSizeF(), statement.font().pointSizeF(), console.font.pointSizeF()


def test_one_zoom_for_editor_console_and_statement_kept_in_settings(qtbot, ctx, window) -> None:
    editor, statement, console = _three(qtbot)
    start = _sizes(editor, statement, console)
    assert start == (11.0, 10.5, 11.0)
    QTest.keySequence(editor, QKeySequence(shortcuts.keys("zoom_in")))
    assert _sizes(editor, statement, console) == tuple(s + 1 for s in start)
    assert load(ctx.data_dir).zoom == 1  # kept for the next start
    console._control.setFocus()
    qtbot.waitUntil(console._control.hasFocus)
    for _ in range(3):  # the console's own zoom keys move the shared level
        QTest.keySequence(console._control, QKeySequence(shortcuts.keys("zoom_out")))
    assert _sizes(editor, statement, console) == tuple(s - 2 for s in start)
    statement.setFocus()
    qtbot.waitUntil(statement.hasFocus)
    QTest.keySequence(statement, QKeySequence(shortcuts.keys("zoom_reset")))
    assert _sizes(editor, statement, console) == start
    assert load(ctx.data_dir).zoom == 0


def test_zoom_keys_have_one_meaning_and_are_on_the_sheet() -> None:
    assert shortcuts.conflicts() == []
    sheet = shortcuts.sheet_html()
    assert "Code editor, console and problem statement" in sheet and "Larger text" in sheet


def test_saved_zoom_applies_at_start(qtbot, ctx) -> None:
    from mockint.settings import save
    from mockint.ui.main_window import MainWindow

    ctx.settings = Settings(zoom=3)
    save(ctx.data_dir, ctx.settings)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    editor = CodeEditor()
    qtbot.addWidget(editor)
    assert editor.font().pointSizeF() == 14.0


def test_dark_theme_and_text_size_change_open_windows_live(qtbot, ctx, window, monkeypatch) -> None:
    from mockint.ui.settings_dialog import SettingsDialog

    editor, statement, console = _three(qtbot)
    label = QLabel("plain text")
    qtbot.addWidget(label)
    label.show()
    app = QApplication.instance()
    light_window = app.palette().color(QPalette.ColorRole.Window)
    assert light_window.lightness() > 200
    assert editor.colours == theme.EDITOR_COLOURS["light"]

    def choose_dark(dialog: SettingsDialog) -> int:
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.font_pt.setValue(13.0)
        dialog._accept()
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose_dark)
    window.edit_settings()
    assert load(ctx.data_dir).theme == "dark" and load(ctx.data_dir).font_pt == 13.0
    assert window.palette().color(QPalette.ColorRole.Window).lightness() < 60
    assert label.palette().color(QPalette.ColorRole.WindowText).lightness() > 200
    assert label.font().pointSizeF() == 13.0 and window.home.font().pointSizeF() == 13.0
    assert _sizes(editor, statement, console) == (13.5, 13.0, 13.5)
    assert editor.colours == theme.EDITOR_COLOURS["dark"]
    assert editor._highlighter._style.__name__.lower().startswith("monokai")
    assert "#1f2125" in app.styleSheet() and "#fafbfc" not in app.styleSheet()
    assert console.syntax_style == "monokai"  # qtconsole's "linux" scheme
    theme.apply(Settings())  # back to the default look for the tests that follow
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_style_sheet_scales_sizes_and_maps_colours() -> None:
    src = "QWidget { font-size: 10.5pt; }\nQLabel#t { font-size: 21pt; color: #1f2937; }"
    dark = theme.style_sheet("dark", 21.0, src)
    assert "QWidget {" not in dark and "42.0pt" in dark and "#e5e7eb" in dark
    assert theme.style_sheet("light", 10.5, src).strip() == "QLabel#t { font-size: 21.0pt; color: #1f2937; }"
