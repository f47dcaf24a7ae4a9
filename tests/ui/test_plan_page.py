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
