"""The review page on real saved sessions: what the user sees in the sessions table, the trend
chart, the weakest dimensions, calibration, time use and the retry queue, and what it asks for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mockint import paths
from mockint.bank import load_bank
from mockint.store import Store
from mockint.ui.review_page import ReviewPage
from mockint.ui.workers import wait_for_background

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
NOW = DAY0 + timedelta(days=30)


class Clock:
    def __init__(self) -> None:
        self.now = DAY0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def bank():
    return load_bank([paths.rounds_dir()])


@pytest.fixture
def store(tmp_path: Path, bank):
    clock = Clock()
    store = Store.open(tmp_path / "mockint.sqlite3", clock=clock)
    # Dimension names per round type: ids repeat across rubrics ("depth" is also the deep dive's).
    names = {rt: {d.id: d.name for d in r.dimensions} for rt, r in bank.rubrics.items()}

    def play(
        day: int,
        round_type: str,
        qid: str,
        scores: dict[str, int],
        used_s: float,
        verdict: tuple[int, int] | None = None,
        ticks: list[int] | None = None,
    ) -> None:
        clock.now = DAY0 + timedelta(days=day)
        sid = store.sessions.create("practice", round_type, f"Practice: {round_type}")
        rid = store.sessions.add_round(sid, 0, round_type, round_type, 2700.0)
        store.sessions.start_round(rid)
        aid = store.answers.add(rid, 0, qid, bank.find(qid).title)
        if verdict:
            store.answers.add_verdict(
                aid,
                {"verdict": "Wrong answer", "passed": verdict[0], "total": verdict[1], "runtime_s": 0.1},
                "def f(): pass",
            )
        if ticks:
            store.answers.save_key_points(aid, ticks)
        store.sessions.finish_round(rid, used_s)
        store.answers.save_scores(rid, scores, "Leaning hire", "", names[round_type])
        store.sessions.finish(sid)

    # DSA: verification stays weak on the best-single-trade problem; self-scores 3 against 2/10 tests.
    for day, (qid, verification) in enumerate(
        [("dsa.best-single-trade", 1), ("dsa.broadcast-time", 3), ("dsa.best-single-trade", 2)]
    ):
        play(
            day,
            "dsa",
            qid,
            {"problem_solving": 3, "coding": 3, "verification": verification, "communication": 4},
            3000.0,
            verdict=(2, 10),
        )
    # Theory: 5 of 5 key points ticked (evidence 4), self 3: under-confident by 1.
    play(
        5,
        "ml_theory",
        "theory.adaboost",
        {"correctness": 3, "depth": 3, "clarity": 3, "practical_judgement": 3},
        2000.0,
        ticks=[0, 1, 2, 3, 4],
    )
    yield store
    wait_for_background()
    store.close()


@pytest.fixture
def page(qtbot, store, bank):
    page = ReviewPage(store, bank, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.refresh()
    return page


def test_review_page_shows_sessions_trends_weakest_calibration_time_and_due(qtbot, page) -> None:
    model = page.sessions_model
    assert model.rowCount() == 4
    assert model.data(model.index(0, 1)) == "Practice: ml_theory"  # newest first
    assert model.data(model.index(0, 0)) == "2024-05-06 09:00"
    assert (model.data(model.index(0, 2)), model.data(model.index(0, 3))) == ("1/1", "Leaning hire")
    assert page.status.text() == "4 sessions"

    # Trends: the most practised type is charted, one line per rubric dimension.
    assert page.trend_type_box.currentData() == "dsa"
    names = [s.name() for s in page.trend_chart.series()]
    assert names == ["Problem solving", "Coding", "Verification and testing", "Communication"]
    verification = page.trend_chart.series()[2]
    assert [round(verification.at(i).y(), 2) for i in range(verification.count())] == [1.0, 2.0, 2.0]

    top = page.weakest.topLevelItem(0)
    assert top.text(0) == "DSA coding · Verification and testing" and top.text(1) == "2.00"
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["Best single trade"]

    text = page.calibration_label.text()
    # DSA: self 2.75, 3.25, 3.0 against 2/10 tests (evidence 1.6); theory: self 3 against 5/5 points (4).
    cal = page.overview.calibration
    assert [round(p.gap, 2) for p in cal.points] == [1.15, 1.65, 1.4, -1.0]
    assert "<b>+0.8</b>" in text and "DSA coding +1.4" in text and "ML theory -1.0" in text
    assert page.calibration_chart.series() == []  # drawn when its tab shows
    page.tabs.setCurrentWidget(page.calibration_tab)
    assert [s.name() for s in page.calibration_chart.series()] == ["Each round", "Mean of the last 3"]

    rows = {page.time_table.item(r, 0).text(): r for r in range(page.time_table.rowCount())}
    assert page.time_table.item(rows["DSA coding"], 4).text() == "3 of 3"
    assert page.time_table.item(rows["ML theory"], 3).text() == "−11.7 min"

    assert page.due_label.text() == "<b>3 questions due</b> for another try (DSA coding 2, ML theory 1)."
    assert page.practise_btn.isEnabled()


def test_practise_and_report_buttons_send_their_intents(qtbot, page) -> None:
    with qtbot.waitSignal(page.practise_due_requested) as practise:
        qtbot.mouseClick(page.practise_btn, Qt.MouseButton.LeftButton)
    assert practise.args == ["dsa"]  # all types shown: the type with the most due

    assert not page.report_btn.isEnabled()
    page.sessions.selectRow(1)
    assert page.report_btn.isEnabled()
    with qtbot.waitSignal(page.report_requested) as report:
        qtbot.mouseClick(page.report_btn, Qt.MouseButton.LeftButton)
    assert report.args == [page.sessions_model.rows[1].id]
    with qtbot.waitSignal(page.home_requested):
        qtbot.mouseClick(page.home_btn, Qt.MouseButton.LeftButton)


def test_filters_narrow_every_view(qtbot, page) -> None:
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.type_box.setCurrentIndex(page.type_box.findData("ml_theory"))
    assert page.sessions_model.rowCount() == 1
    assert not page.trend_type_box.isVisible()
    assert [s.name() for s in page.trend_chart.series()] == [
        "Correctness",
        "Depth",
        "Clarity",
        "Practical judgement",
    ]
    assert "1 question due" in page.due_label.text()
    with qtbot.waitSignal(page.practise_due_requested) as practise:
        qtbot.mouseClick(page.practise_btn, Qt.MouseButton.LeftButton)
    assert practise.args == ["ml_theory"]

    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.type_box.setCurrentIndex(0)
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.range_box.setCurrentIndex(page.range_box.findData(-1))  # custom dates
    assert page.since_edit.isVisible() and page.until_edit.date().toPython() == NOW.date()
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.since_edit.setDate(page.since_edit.date().addDays(1))
    assert page.sessions_model.rowCount() == 3
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.range_box.setCurrentIndex(page.range_box.findData(7))
    assert page.sessions_model.rowCount() == 0
    assert page.status.text() == "No sessions match these filters."
    assert page.weakest.topLevelItem(0).text(0) == "No scored rounds yet"
    assert page.time_table.rowCount() == 0
    assert page.practise_btn.isEnabled()  # what is due does not depend on when it was last asked


def test_an_empty_history_says_what_to_do(qtbot, tmp_path, bank) -> None:
    with Store.open(tmp_path / "empty.sqlite3") as store:
        page = ReviewPage(store, bank)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.overview_ready, timeout=10_000):
            page.refresh()
        assert page.sessions_model.rowCount() == 0
        assert page.trend_chart.title() == "No scored rounds yet"
        assert "No evidence yet" in page.calibration_label.text()
        assert not page.practise_btn.isEnabled()
        wait_for_background()


def test_home_due_count_review_page_and_practise_due_through_the_main_window(qtbot, ctx, window) -> None:
    """Runs once the main window and home screen are wired to the review page (cli/main_window diff)."""
    from mockint.review.exchange import import_json
    from mockint.review.sample import synthetic_export
    from mockint.review.schedule import due_questions

    import_json(
        ctx.store, synthetic_export(ctx.bank, 40, seed=5, start=datetime.now(UTC) - timedelta(days=120))
    )
    due = due_questions(ctx.store.review)
    theory_due = [d.question_id for d in due if d.round_type == "ml_theory"]
    assert theory_due
    window.home.refresh()
    qtbot.waitUntil(lambda: window.home.due_btn.isEnabled(), timeout=10_000)
    assert f"{len(due)} questions due" in window.home.due_label.text()

    qtbot.mouseClick(window.home.review_btn, Qt.MouseButton.LeftButton)
    page = window.review
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    assert page.sessions_model.rowCount() == 40
    with qtbot.waitSignal(page.overview_ready, timeout=10_000):
        page.type_box.setCurrentIndex(page.type_box.findData("ml_theory"))
    qtbot.mouseClick(page.practise_btn, Qt.MouseButton.LeftButton)
    loop = window.loop_page
    assert loop is not None and window.stack.currentWidget() is loop
    planned = loop.run.rounds[0]
    assert planned.spec.round_type == "ml_theory"
    assert planned.questions[0].id == theory_due[0]  # the most overdue comes first
    assert set(theory_due[: len(planned.questions)]) <= {q.id for q in planned.questions}
    loop.shutdown()


def test_save_report_writes_the_chosen_format_and_shows_failures(
    qtbot, store, bank, tmp_path, monkeypatch
) -> None:
    from mockint.ui import report_pdf

    session_id = store.sessions.list()[0]["id"]
    for name, start in (
        ("r.pdf", b"%PDF-"),
        ("r.html", b"<!DOCTYPE html>"),
        ("r.md", b"# Practice: ml\\_theory"),
    ):
        written = report_pdf.save_report(None, store, session_id, bank, tmp_path / name)
        assert written == tmp_path / name and written.read_bytes().startswith(start)
    assert report_pdf.save_report(None, store, session_id, bank, tmp_path / "r").suffix == ".pdf"
    warnings = []
    monkeypatch.setattr(report_pdf.QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert report_pdf.save_report(None, store, session_id, bank, tmp_path / "missing" / "r.pdf") is None
    assert report_pdf.save_report(None, store, "0" * 32, bank, tmp_path / "r2.md") is None
    assert "Could not save the report" in warnings[0] and "No session with id" in warnings[1]


def test_time_use_headers_are_not_clipped_on_a_small_screen(qtbot, page) -> None:
    """Issue 11 bug 13: on a 1366x768 screen the Time use tab showed its headers cut off."""
    page.resize(1350, 700)
    page.tabs.setCurrentWidget(page.time_table)
    qtbot.waitUntil(page.time_table.isVisible)
    header = page.time_table.horizontalHeader()
    metrics = header.fontMetrics()
    for col in range(page.time_table.columnCount()):
        label = page.time_table.horizontalHeaderItem(col).text()
        widest = max(metrics.horizontalAdvance(line) for line in label.splitlines())
        assert header.sectionSize(col) >= widest + 8, label
    # ...and the table fits its tab without scrolling sideways.
    assert not page.time_table.horizontalScrollBar().isVisible()
