"""The study plan on a real, imported SQLite history: the weak round type comes first, every day
stays within the budget, no question twice on a day, and a missed day re-plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from review_helpers import Answer

from mockint.review.exchange import export_json, import_json
from mockint.review.plan import build_plan, plan_for, plan_json
from mockint.store import Store

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
DSA = {"problem_solving": 4, "coding": 4, "verification": 4, "communication": 4}


@pytest.fixture
def imported(record, store, bank, tmp_path):
    dsa = [q.id for q in bank.by_round("dsa")][:2]
    theory = [q.id for q in bank.by_round("ml_theory")][:2]
    for n, (d, t) in enumerate(zip(dsa, theory, strict=True)):
        when = DAY0 + timedelta(days=n)
        record.session(when, [{"type": "dsa", "answers": [Answer(d)], "scores": DSA}], kind="practice")
        record.session(
            when,
            [{"type": "ml_theory", "answers": [Answer(t)], "scores": {"correctness": 1, "depth": 1}}],
            kind="practice",
        )
    data = export_json(store)
    other = Store.open(tmp_path / "other" / "mockint.sqlite3")
    import_json(other, data)
    yield other
    other.close()


def test_the_weak_round_type_leads_and_days_stay_within_budget(imported, bank) -> None:
    today = date(2024, 5, 10)
    plan = plan_for(imported.review, bank, today, today + timedelta(days=14), 90)
    assert len(plan) == 14 and plan[0].date == today
    first_types = [i.round_type for d in plan[:2] for i in d.items if i.kind == "weak"]
    assert first_types and set(first_types) == {"ml_theory"}
    for day in plan:
        assert 0 < day.minutes <= 90
        ids = [i.question_id for i in day.items if i.question_id]
        assert len(ids) == len(set(ids))
    assert plan[-1].minutes <= 30  # the light day before
    json_days = plan_json(plan)
    assert set(json_days[0]) == {"date", "items", "minutes"}
    assert set(json_days[0]["items"][0]) == {"kind", "round_type", "question_id", "minutes", "reason"}


def test_a_loop_fits_a_big_budget_two_days_before(imported, bank) -> None:
    today = date(2024, 5, 10)
    plan = plan_for(imported.review, bank, today, today + timedelta(days=10), 240)
    loops = [d.date for d in plan if any(i.kind == "loop" for i in d.items)]
    assert today + timedelta(days=7) in loops and today + timedelta(days=6) in loops
    small = plan_for(imported.review, bank, today, today + timedelta(days=10), 60)
    loop_items = [i for d in small for i in d.items if i.kind == "loop"]
    assert loop_items and all(i.minutes == 60 and "shortened" in i.reason for i in loop_items)


def test_a_missed_day_re_plans(imported, bank) -> None:
    today = date(2024, 5, 10)
    interview = today + timedelta(days=7)
    before = plan_for(imported.review, bank, today, interview, 60)
    missed = {i.question_id for i in before[0].items}
    after = plan_for(imported.review, bank, today + timedelta(days=1), interview, 60)
    assert len(after) == len(before) - 1
    assert missed & {i.question_id for d in after for i in d.items}  # yesterday's work comes back


def test_bad_dates_and_budgets_are_refused() -> None:
    with pytest.raises(ValueError, match="after today"):
        build_plan(date(2024, 5, 2), date(2024, 5, 2), 60, [])
    with pytest.raises(ValueError, match="positive"):
        build_plan(date(2024, 5, 1), date(2024, 5, 2), 0, [])


def test_cli_plan_and_due_json(tmp_path, capsys) -> None:
    from mockint.cli import main

    today = date.today()
    data = str(tmp_path / "d")
    assert (
        main(
            [
                "plan",
                "--data-dir",
                data,
                "--interview-date",
                (today + timedelta(days=10)).isoformat(),
                "--minutes-per-day",
                "45",
                "--json",
            ]
        )
        == 0
    )
    days = __import__("json").loads(capsys.readouterr().out)
    assert [d["date"] for d in days] == [(today + timedelta(days=n)).isoformat() for n in range(10)]
    assert all(d["minutes"] <= 45 for d in days)
    assert len({i["round_type"] for i in days[0]["items"]}) > 1  # coverage spreads over round types
    assert main(["due", "--data-dir", data, "--json"]) == 0
    assert set(__import__("json").loads(capsys.readouterr().out)) == {"due", "next", "paused_until"}
    assert main(["plan", "--data-dir", data, "--interview-date", "soon"]) == 2


def test_new_questions_per_day_are_capped(bank) -> None:
    from mockint.review.plan import BankQuestion

    questions = [BankQuestion(f"q{n}", "ml_theory", 5) for n in range(30)]
    plan = build_plan(date(2024, 5, 1), date(2024, 5, 3), 120, questions, new_per_day=3)
    assert [len(d.items) for d in plan] == [3, 3]
    assert len({i.question_id for d in plan for i in d.items}) == 6


def test_readiness_streak_and_week(imported, bank) -> None:
    from mockint.review.history import load_history
    from mockint.review.readiness import readiness, streak, weekly_summary

    history = load_history(imported.review)
    ready = {r.round_type: r for r in readiness(history, {"dsa": 10, "ml_theory": 8}, {"dsa": 1})}
    assert (ready["dsa"].recent_mean, ready["dsa"].practised, ready["dsa"].bank, ready["dsa"].due) == (
        4,
        2,
        10,
        1,
    )
    assert ready["ml_theory"].recent_mean == 1 and ready["ml_theory"].due == 0
    assert streak([date(2024, 5, 1), date(2024, 5, 2)], date(2024, 5, 3)) == 2
    assert streak([date(2024, 5, 1)], date(2024, 5, 3)) == 0
    week = weekly_summary(history, date(2024, 5, 3))
    assert (week["sessions"], week["days"]) == (4, 2)


def test_a_pause_leaves_days_empty_and_moves_the_work() -> None:
    from mockint.review.plan import BankQuestion

    questions = [BankQuestion(f"q{n}", "ml_theory", 5) for n in range(30)]
    plan = build_plan(
        date(2024, 5, 1),
        date(2024, 5, 3),
        120,
        questions,
        due=["q0"],
        practised={"q0"},
        paused_until=date(2024, 5, 2),
    )
    assert plan[0].items == ()
    assert (plan[1].items[0].question_id, plan[1].items[0].kind) == ("q0", "retry")


def test_due_calendar_counts_cards_per_day_and_moves_them_past_a_pause(imported) -> None:
    from mockint.review.schedule import due_calendar, sync_cards

    state = imported.review
    sync_cards(state)
    today = date(2024, 5, 3)
    cards = state.cards()
    calendar = due_calendar(state, today, 42)
    assert sum(calendar.values()) == len(cards) and min(calendar) >= today
    paused = due_calendar(state, today, 42, paused_until=today + timedelta(days=30))
    assert set(paused) == {today + timedelta(days=30)} and paused[today + timedelta(days=30)] == len(cards)


def test_practised_days_counts_the_last_week_without_resetting() -> None:
    from mockint.review.readiness import practised_days

    today = date(2024, 5, 10)
    days = [today - timedelta(days=n) for n in (0, 2, 3, 6, 7, 20)]
    assert practised_days(days, today) == 4
    assert practised_days([], today) == 0


def test_plan_overview_on_an_imported_history_with_a_pause(imported, bank) -> None:
    from mockint.review.plan_overview import consistency_text, plan_overview, week_text

    today = date(2024, 5, 3)
    ov = plan_overview(imported.review, bank, today, "2024-05-13", 60, "2024-05-05")
    assert ov.days_left == 10 and ov.dated and ov.paused_until == date(2024, 5, 5)
    assert [d.items for d in ov.plan[:2]] == [(), ()] and ov.plan[2].items
    assert all(r.due == 0 for r in ov.ready)  # paused: nothing due
    assert consistency_text(ov) == "Practised 2 of the last 7 days (a 2-day streak)."
    assert week_text(ov, {}).startswith("This week: 4 sessions on 2 days.")
    past = plan_overview(imported.review, bank, today, "", 60, "2024-05-01")
    assert past.paused_until is None and len(past.plan) == 14  # a pause that has ended is ignored


def _import_history(tmp_path, bank, weak_type: str) -> str:
    """A data folder with 40 synthetic sessions of the last two weeks brought in by `mockint import`,
    every ``weak_type`` round scored 1 on every dimension (a weak dimension)."""
    import json

    from mockint.cli import main
    from mockint.review.sample import synthetic_export

    doc = synthetic_export(bank, 40, seed=5, start=datetime.now(UTC) - timedelta(days=14))
    for s in doc["sessions"]:
        for r in s["rounds"]:
            for score in r["scores"]:
                score["score"] = 1 if r["round_type"] == weak_type else 4
    path = tmp_path / "history.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["import", str(path), "--data-dir", data]) == 0
    return data


def test_done_when_on_an_imported_history_through_the_cli(tmp_path, bank, capsys) -> None:
    """Issue 17's "Done when", end to end: `mockint import`, then `mockint plan --json`."""
    import json

    from mockint.cli import main

    data = _import_history(tmp_path, bank, "ml_theory")
    capsys.readouterr()
    interview = (date.today() + timedelta(days=12)).isoformat()
    assert (
        main(["plan", "--data-dir", data, "--interview-date", interview, "--minutes-per-day", "75", "--json"])
        == 0
    )
    days = json.loads(capsys.readouterr().out)
    assert len(days) == 12 and days[0]["date"] == date.today().isoformat()
    for day in days:
        assert set(day) == {"date", "items", "minutes"} and day["minutes"] <= 75
        assert day["minutes"] == sum(i["minutes"] for i in day["items"])
        ids = [i["question_id"] for i in day["items"] if i["question_id"]]
        assert len(ids) == len(set(ids))  # no question twice on one day
        for item in day["items"]:
            assert set(item) == {"kind", "round_type", "question_id", "minutes", "reason"}
    weak = [i["round_type"] for d in days[:2] for i in d["items"] if i["kind"] == "weak"]
    assert weak and weak[0] == "ml_theory"  # the weak dimension's round type in the first days
    # a missed day re-plans: planned from tomorrow, today's questions are still in the plan
    from mockint.review.plan import plan_for
    from mockint.store import Store

    with Store.open(tmp_path / "data" / "mockint.sqlite3") as store:
        after = plan_for(
            store.review, bank, date.today() + timedelta(days=1), date.fromisoformat(interview), 75
        )
    missed = {i["question_id"] for i in days[0]["items"] if i["question_id"]}
    assert len(after) == 11 and missed & {i.question_id for d in after for i in d.items}


def test_a_pause_and_the_new_question_limit_come_from_the_settings(tmp_path, bank, capsys) -> None:
    import json

    from mockint.cli import main
    from mockint.settings import Settings, save

    data = _import_history(tmp_path, bank, "dsa")
    capsys.readouterr()
    assert main(["due", "--data-dir", data, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"]  # a history two weeks old has retries due
    until = date.today() + timedelta(days=7)
    save(Path(data), Settings(paused_until=until.isoformat(), new_per_day=1))
    assert main(["due", "--data-dir", data, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == [] and out["paused_until"] == until.isoformat()
    interview = (date.today() + timedelta(days=10)).isoformat()
    assert main(["plan", "--data-dir", data, "--interview-date", interview, "--json"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert all(d["items"] == [] for d in days[:7]) and days[7]["items"]
    assert all(sum(i["kind"] == "new" for i in d["items"]) <= 1 for d in days)
    assert main(["due", "--data-dir", data]) == 0
    assert "Paused until" in capsys.readouterr().out


def test_a_question_asked_earlier_today_is_not_planned_again_today(record, store, bank) -> None:
    # A weak round type's question practised this morning used to come back as today's "weak"
    # item: a same-day repeat. It may come back tomorrow.
    now = datetime.now().astimezone().replace(hour=0, minute=5)
    theory = sorted(q.id for q in bank.by_round("ml_theory"))
    record.session(
        now,
        [{"type": "ml_theory", "answers": [Answer(theory[0])], "scores": {"correctness": 1, "depth": 1}}],
        kind="practice",
    )
    today = now.date()
    plan = plan_for(store.review, bank, today, today + timedelta(days=5), 90)
    assert theory[0] not in {i.question_id for i in plan[0].items}
    assert [i.round_type for i in plan[0].items if i.kind == "weak"] == ["ml_theory"]
    assert theory[0] in {i.question_id for i in plan[1].items}  # tomorrow it is the weak item again
