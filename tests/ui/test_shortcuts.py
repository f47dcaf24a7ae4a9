"""Issue 11 bug 12: one shortcut map, no key with two meanings, no key that does nothing where used."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from mockint.ui import shortcuts


def _press(qtbot, window, action_id: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keySequence(window, QKeySequence(shortcuts.keys(action_id)))


def _portable(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)


def test_map_has_no_key_with_two_meanings_on_any_screen() -> None:
    assert shortcuts.conflicts() == []
    ids = [s.id for s in shortcuts.SHORTCUTS]
    assert len(ids) == len(set(ids))
    assert {s.context for s in shortcuts.SHORTCUTS} <= set(shortcuts.CONTEXTS)
    # The old clash: Ctrl+Shift+R was both "Review progress" (home) and "Restart console" (coding).
    assert shortcuts.keys("review") != shortcuts.keys("restart_console")
    # The interviewer's keys are in the map.
    assert shortcuts.keys("hint") == "Ctrl+Alt+H" and shortcuts.keys("done") == "Ctrl+Alt+Return"


def test_conflicts_are_found_within_a_screen(monkeypatch) -> None:
    clash = shortcuts.Shortcut("clash", "Clash", ("Ctrl+H",), "summary")
    monkeypatch.setattr(shortcuts, "SHORTCUTS", (*shortcuts.SHORTCUTS, clash))
    assert ("summary", "Ctrl+H", ["history", "clash"]) in shortcuts.conflicts()


def test_past_sessions_key_works_on_the_summary(qtbot, window) -> None:
    window.stack.setCurrentWidget(window.summary)
    _press(qtbot, window, "history")
    assert window.history is not None and window.stack.currentWidget() is window.history


def test_review_key_works_on_past_sessions(qtbot, window) -> None:
    window.show_history()
    _press(qtbot, window, "review")
    assert window.review is not None and window.stack.currentWidget() is window.review
    _press(qtbot, window, "home")
    assert window.stack.currentWidget() is window.home


def test_navigation_is_disabled_not_dead_during_a_round(qtbot, window) -> None:
    window.start_practice("behavioral")
    page = window.loop_page
    assert page.run.stage == "round"
    assert not window.home_action.isEnabled()
    assert not window.history_action.isEnabled() and not window.review_action.isEnabled()
    _press(qtbot, window, "history")
    assert window.stack.currentWidget() is page
    page.end_loop()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    assert window.home_action.isEnabled() and window.history_action.isEnabled()


def test_f1_shows_a_sheet_generated_from_the_map(qtbot, window, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(shortcuts.ShortcutSheet, "exec", lambda self: shown.append(self.body.toPlainText()))
    _press(qtbot, window, "sheet")
    assert len(shown) == 1
    for s in shortcuts.SHORTCUTS:
        assert s.label in shown[0]
        assert QKeySequence(s.keys[0]).toString(QKeySequence.SequenceFormat.NativeText) in shown[0]


def _keys_in(widget) -> set[str]:
    found = set()
    for sc in widget.findChildren(QShortcut):
        found.update(_portable(k.toString()) for k in sc.keys() if not k.isEmpty())
    for action in widget.findChildren(QAction):
        found.update(_portable(k.toString()) for k in action.shortcuts() if not k.isEmpty())
    for button in widget.findChildren(QAbstractButton):
        key = button.shortcut()
        if (
            not key.isEmpty() and "Alt+" not in key.toString()
        ):  # mnemonics (&Later) are Qt's, shown underlined
            found.add(_portable(key.toString()))
    return found


def test_every_key_the_app_binds_is_in_the_map(qtbot, window) -> None:
    mapped = {_portable(k) for s in shortcuts.SHORTCUTS for k in s.keys}
    mapped.add(_portable(QKeySequence(QKeySequence.StandardKey.Delete).toString()))
    window.show_history()
    window.show_review()
    window.show_home()
    assert _keys_in(window) - mapped == set()
    window.start_practice("ml_theory")
    assert _keys_in(window) - mapped == set()
