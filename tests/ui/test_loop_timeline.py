"""The loop timeline on breaks: rounds in order, time used, scores so far."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.store import Store
from mockint.ui.loop_timeline import LoopTimeline, compact_line, timeline_rows


def test_timeline_rows_from_the_store(qtbot, tmp_path) -> None:
    store = Store.open(tmp_path / "h.db")
    try:
        sid = store.sessions.create("loop", "x", "Onsite")
        ids = [store.sessions.add_round(sid, i, "behavioral", f"Round {i + 1}", 600.0) for i in range(3)]
        store.sessions.start_round(ids[0])
        store.sessions.finish_round(ids[0], 601.4)
        store.answers.save_scores(ids[0], {"a": 3, "b": 2}, "Leaning hire", "")
        store.sessions.start_round(ids[1])
        store.sessions.finish_round(ids[1], 300.0)
        detail = store.sessions.detail(sid)
    finally:
        store.close()
    assert timeline_rows(detail) == [
        ("✓", "Round 1", "10:01 of 10:00", "mean 2.5/4"),
        ("✓", "Round 2", "5:00 of 10:00", "to score"),
        ("·", "Round 3", "10:00", ""),
    ]
    widget = LoopTimeline()
    qtbot.addWidget(widget)
    widget.show_session(detail)
    assert "mean 2.5/4" in widget.text() and "Round 3" in widget.text()


def test_break_shows_the_timeline(qtbot, ctx, window) -> None:
    window.start_loop("quick-drill")
    page = window.loop_page
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    qtbot.mouseClick(page.rubric_dialog.later_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.run.stage in ("break", "round"))
    assert page.run.stage == "break", "the quick drill has a break after its first round"
    rows = page.break_view.timeline.rows
    assert len(rows) == len(page.run.rounds)
    assert rows[0][0] == "✓" and rows[0][3] == "to score"
    assert all(r[0] == "·" for r in rows[1:])
    assert page.break_view.timeline.isVisible()
    page.end_loop()


def test_the_loop_page_header_shows_the_loop_so_far_during_a_round(qtbot, ctx, window) -> None:
    window.start_loop("quick-drill")
    page = window.loop_page
    first, second = page.run.rounds[0].title, page.run.rounds[1].title
    line = page.header.progress
    assert line.isVisible() and line.text().startswith(f"▶ {first}") and f"○ {second}" in line.text()
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    qtbot.mouseClick(page.rubric_dialog.later_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.run.stage == "break")
    assert not line.isVisible(), "the break screen has the full timeline instead"
    qtbot.mouseClick(page.break_view.skip_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.run.stage == "round" and page.run.index == 1)
    assert line.isVisible()
    assert line.text().startswith(f"✓ {first} 0:0") and "(to score)" in line.text()
    assert f"▶ {second}" in line.text()
    page.end_loop()


def test_compact_line_marks_done_current_and_coming_rounds() -> None:
    detail = {
        "rounds": [
            {
                "status": "finished",
                "title": "Coding",
                "used_s": 125.0,
                "allowed_s": 600.0,
                "scores": [{"score": 3}],
            },
            {"status": "active", "title": "Theory", "used_s": None, "allowed_s": 600.0, "scores": []},
            {"status": "pending", "title": "Behavioral", "used_s": None, "allowed_s": 300.0, "scores": []},
        ]
    }
    assert compact_line(detail) == "✓ Coding 2:05 (mean 3.0/4)  ·  ▶ Theory  ·  ○ Behavioral"
