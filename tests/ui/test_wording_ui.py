"""Issue 11 bug 13: the GUI says "1 round", never "1 rounds"."""

from __future__ import annotations


def test_one_round_session_reads_one_round(qtbot, window) -> None:
    window.start_practice("behavioral")
    window.loop_page.end_loop()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    window.show_history()
    text = window.history.sessions.item(0).text()
    assert "0 of 1 round scored" in text and "rounds" not in text
