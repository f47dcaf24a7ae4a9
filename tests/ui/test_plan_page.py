"""The plan screen shows every day, its load, and starts today's plan."""

from __future__ import annotations

from datetime import date

from mockint.review.plan import BankQuestion, build_plan
from mockint.ui.plan_page import PlanPage


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


def test_home_today_box_shows_the_plan_and_starts_it(qtbot, ctx) -> None:
    from mockint.ui.plan_home import TodayBox, today_data

    data = today_data(ctx.store.path, ctx.bank, "", 60)
    box = TodayBox(ctx)
    qtbot.addWidget(box)
    box._show(data)
    assert "Today" in box.plan_label.text() and "Readiness" in box.ready_label.text()
    assert box.start_btn.isEnabled()
    with qtbot.waitSignal(box.start_requested) as blocker:
        box.start_btn.click()
    assert blocker.args[0] == data["today"].items[0].round_type
