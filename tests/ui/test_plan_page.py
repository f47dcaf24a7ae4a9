"""The plan screen and home's Today box on a real SQLite history brought in with `mockint import`:
the Today box starts the first planned item, "Plan…" opens the plan screen, a pause set there
is saved and empties the paused days, and the charts paint."""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from mockint.review.plan import BankQuestion, build_plan
from mockint.ui.plan_page import PlanPage


@pytest.fixture
def imported(ctx, tmp_path):
    """ctx's store with 40 synthetic sessions of the last two weeks, imported by the CLI."""
    from mockint.cli import main
    from mockint.review.sample import synthetic_export

    start = datetime.now(UTC) - timedelta(days=14)
    doc = synthetic_export(ctx.bank, 40, seed=3, start=start)
    path = tmp_path / "history.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(ctx.data_dir)]) == 0
    return ctx


def test_plan_page_lists_days_and_starts_today(qtbot) -> None:
    questions = [BankQuestion(f"q{n}", "ml_theory", 10) for n in range(20)]
    days = build_plan(date(2024, 5, 1), date(2024, 5, 6), 30, questions)
    page = PlanPage()
    qtbot.addWidget(page)
    page.set_plan(days, 30)
    assert page.tree.topLevelItemCount() == 5
    assert page.tree.topLevelItem(0).childCount() == 3
    with qtbot.waitSignal(page.start_today) as blocker:
        page.start.click()
    assert blocker.args[0] is days[0]
    page.grab()  # paints the chart


def test_home_today_box_shows_the_plan_and_starts_it(qtbot, imported) -> None:
    from mockint.ui.plan_home import TodayBox, today_data

    data = today_data(imported.store.path, imported.bank, "", 60)
    box = TodayBox(imported)
    qtbot.addWidget(box)
    box._show(data)
    assert "Today" in box.plan_label.text() and "Readiness" in box.ready_label.text()
    assert "of the last 7 days" in box.ready_label.text()
    first = data.plan[0].items[0]
    named = next(i for i in data.plan[0].items if i.question_id)
    assert html.escape(imported.bank.questions[named.question_id].title) in box.plan_label.text()
    assert named.question_id not in box.plan_label.text()  # the candidate sees titles, not ids
    with qtbot.waitSignal(box.start_requested) as blocker:
        box.start_btn.click()
    today_ids = [
        i.question_id for i in data.plan[0].items if i.round_type == first.round_type and i.question_id
    ]
    assert blocker.args == (["loop", []] if first.kind == "loop" else [first.round_type, today_ids])
    box._show(today_data(imported.store.path, imported.bank, "2020-01-01", 60))
    assert "has passed" in box.plan_label.text() and not box.start_btn.isEnabled()


def test_start_today_asks_the_planned_question(qtbot, imported) -> None:
    from mockint.ui.main_window import MainWindow
    from mockint.ui.plan_home import today_data

    win = MainWindow(imported)
    qtbot.addWidget(win)
    win.show()
    data = today_data(imported.store.path, imported.bank, "", 60)
    win.home.today_box._show(data)
    item = next(i for i in data.plan[0].items if i.kind != "loop")
    ids = [i.question_id for i in data.plan[0].items if i.round_type == item.round_type and i.question_id]
    win.home.today_box._first = (item.round_type, ids)  # the first non-loop item's round type
    win.home.today_box.start_btn.click()
    assert win.loop_page is not None and win.stack.currentWidget() is win.loop_page
    asked = [q.id for q in win.loop_page.run.rounds[0].questions]
    # Today's questions first, in plan order; a round that needs more questions than the plan
    # lists for today fills up from the bank after them. Rounds with families (project deep
    # dive, hiring manager) ask the same questions in the families' order.
    from mockint.bank.model import FAMILIES

    assert asked
    if item.round_type in FAMILIES:
        assert set(ids[: len(asked)]) <= set(asked)
    else:
        assert asked[: len(ids)] == ids[: len(asked)]
    win.loop_page.shutdown()


def test_plan_button_opens_the_plan_and_a_pause_re_plans(qtbot, imported) -> None:
    from mockint.settings import load
    from mockint.ui.main_window import MainWindow

    win = MainWindow(imported)
    qtbot.addWidget(win)
    win.show()
    win.home.today_box.open_btn.click()
    page = win.plan_page
    assert win.stack.currentWidget() is page
    qtbot.waitUntil(lambda: bool(page.days))  # worked out off the GUI thread
    assert page.tree.topLevelItemCount() == 14 and page.days[0].items  # two weeks, no date set
    assert sum(page.calendar.counts.values()) > 0 and len(page.readiness.rows) >= 5
    assert "of the last 7 days" in page.week.text() and "This week:" in page.week.text()
    page.paused.setChecked(True)
    page.pause_edit.setDate(page.pause_edit.date().currentDate().addDays(3))
    page.dated.setChecked(True)
    page.date_edit.setDate(page.date_edit.date().currentDate().addDays(10))
    page.apply_btn.click()
    qtbot.waitUntil(lambda: len(page.days) == 10)
    saved = load(imported.data_dir)
    assert saved.paused_until == (date.today() + timedelta(days=3)).isoformat()
    assert saved.interview_date == (date.today() + timedelta(days=10)).isoformat()
    assert [d.items for d in page.days[:3]] == [(), (), ()] and page.days[3].items
    assert len(page.days) == 10 and "Paused until" in page.summary.text()
    assert set(page.calendar.counts) and min(page.calendar.counts) >= date.today() + timedelta(days=3)
    page.grab()  # paints the three charts
    page.home_btn.click()
    assert win.stack.currentWidget() is win.home


def test_a_round_scored_without_rating_keeps_its_retry_card(qtbot, ctx, window) -> None:
    from PySide6.QtCore import Qt

    from mockint.review.schedule import sync_cards

    window.start_practice("ml_theory")
    page = window.loop_page
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 2)
    dialog.set_recommendation(1)
    assert dialog.status.text().startswith("Ready to save. Comes back for a retry ")
    assert dialog.without_rating.isVisible()
    dialog.without_rating.setChecked(True)
    round_id = page.run.current.round_id
    dialog.accept()
    state = ctx.store.review
    assert state.unrated_rounds() == {round_id}
    assert ctx.store.sessions.detail(page.run.session_id)["rounds"][0]["scores"]  # the scores are saved
    sync_cards(state)
    assert state.cards() == {}  # ...but no retry card was made from them


def test_home_says_the_retry_queue_is_paused(qtbot, imported) -> None:
    from dataclasses import replace

    from mockint.ui.home import HomePage

    imported.settings = replace(
        imported.settings, paused_until=(date.today() + timedelta(days=5)).isoformat()
    )
    home = HomePage(imported)
    qtbot.addWidget(home)
    assert home.due_label.text().startswith("The retry queue is paused until ")
    assert not home.due_btn.isEnabled()
    qtbot.waitUntil(lambda: "Working out" not in home.today_box.plan_label.text())
    assert "Paused until" in home.today_box.plan_label.text()
