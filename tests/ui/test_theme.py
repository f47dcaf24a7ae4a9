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


def _contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio)."""

    def lum(h: str) -> float:
        r, g, b = (int(h[i : i + 2], 16) / 255 for i in (1, 3, 5))
        f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_keep_wcag_contrast_on_both_themes_backgrounds() -> None:
    from mockint.ui.theme import COLOURS

    backgrounds = {"light": ("#ffffff", "#fafbfc"), "dark": ("#1f2125", "#2a2d32")}
    for theme_name, colours in COLOURS.items():
        for name in ("good", "bad", "warn", "error", "muted", "neutral", "text"):
            for bg in backgrounds[theme_name]:
                assert _contrast(colours[name], bg) >= 4.5, (theme_name, name, bg)


def test_no_widget_hard_codes_a_colour_outside_the_theme() -> None:
    import re
    from pathlib import Path

    import mockint.ui

    found = [
        f"{path.name}:{n}"
        for path in Path(mockint.ui.__file__).parent.glob("*.py")
        if path.name != "theme.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\d", line)
    ]
    assert found == []


def test_a_verdict_is_repainted_in_the_dark_colours_when_the_theme_changes(qtbot, ctx) -> None:
    from mockint.settings import Settings
    from mockint.ui import theme
    from mockint.ui.verdict_panel import VerdictPanel

    panel = VerdictPanel()
    qtbot.addWidget(panel)
    panel.add_run({"verdict": "Accepted", "passed": 3, "total": 3})
    assert theme.COLOURS["light"]["good"] in panel.verdict_label.styleSheet()
    assert panel.runs.item(0).foreground().color().name() == theme.COLOURS["light"]["good"]
    try:
        theme.apply(Settings(theme="dark"))
        assert theme.COLOURS["dark"]["good"] in panel.verdict_label.styleSheet()
        assert panel.runs.item(0).foreground().color().name() == theme.COLOURS["dark"]["good"]
    finally:
        theme.apply(Settings())
