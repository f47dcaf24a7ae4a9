"""Coding rounds: every planned problem is reachable, submitted one by one, judged and shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from mockint.ui.coding_view import CodingRoundView

TIMEOUT_MS = 30_000


def _on_screen_text(view) -> str:
    """Every visible text of ``view``: labels, buttons, text boxes and tab titles."""
    parts = []
    for w in view.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            parts.append(w.text())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            parts.append(w.toPlainText())
        elif isinstance(w, QTabBar | QTabWidget):
            parts += [w.tabText(i) for i in range(w.count())]
    return "\n".join(parts)


def test_a_round_of_two_problems_shows_both_and_ends_after_the_last_submission(qtbot, ctx, window) -> None:
    window.start_practice("dsa")  # the default loop's DSA round plans 2 problems
    page = window.loop_page
    view = page.view
    assert isinstance(view, CodingRoundView)
    first, second = page.run.current.questions
    # What the user can see names the second problem (the bug: only the first was shown at all).
    assert second.title in _on_screen_text(view), "the round shows only its first problem"
    assert view.problem_tabs.isVisible() and view.problem_tabs.count() == 2
    assert first.title in view.problem.toPlainText()

    view.problem_tabs.setCurrentIndex(1)  # the second problem, the same clock
    assert second.title in view.problem.toPlainText() and view.current_question_id() == second.id
    assert second.starter.strip() in view.editor.toPlainText()
    view.editor.setPlainText("# my second answer\n" + second.starter)
    view.problem_tabs.setCurrentIndex(0)
    assert view.editor.toPlainText() == (first.starter or "")  # each problem keeps its own code

    view.editor.setPlainText(first.reference)
    qtbot.mouseClick(view.submit_btn, Qt.MouseButton.LeftButton)
    # Submitting the first problem moves on to the second; the round goes on.
    qtbot.waitUntil(lambda: view.current_question_id() == second.id, timeout=TIMEOUT_MS)
    assert page.run.stage == "round" and page.rubric_dialog is None
    assert "✓" in view.problem_tabs.tabText(0) and "✓" not in view.problem_tabs.tabText(1)
    assert view.editor.toPlainText().startswith("# my second answer")
    assert view.runs.count() == 0  # the first problem's run is listed under the first problem

    view.editor.setPlainText(second.reference)
    view.submit()
    qtbot.waitUntil(lambda: page.rubric_dialog is not None, timeout=TIMEOUT_MS)
    evidence = " ".join(page.rubric_dialog_evidence)
    assert (
        f"{first.title}: Submitted: Accepted" in evidence
        and f"{second.title}: Submitted: Accepted" in evidence
    )
    answers = ctx.store.sessions.detail(page.run.session_id)["rounds"][0]["answers"]
    assert [[v["final"] for v in a["verdicts"]] for a in answers] == [[True], [True]]
    assert answers[1]["code"].strip() == second.reference.strip()
    page.end_loop()


def test_finish_round_ends_a_two_problem_round_at_any_time(qtbot, ctx, window) -> None:
    window.start_practice("dsa")
    page = window.loop_page
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    assert sum("the tests were never run" in line for line in page.rubric_dialog_evidence) == 2
    page.end_loop()


def test_restored_runs_are_labelled_with_their_time(qtbot, ctx) -> None:
    """Bug 8: after Continue a run stored at 11:05:07 UTC shows that time, not '07+00:00'."""
    from datetime import datetime

    from mockint.interview.round_state import RoundState

    q = next(q for q in ctx.bank.questions.values() if q.round_type == "dsa")
    stamp = "2026-12-03T11:05:07.123456+00:00"
    saved = [
        {"verdicts": [{"id": "v1", "verdict": "Wrong Answer", "passed": 1, "total": 4, "created_at": stamp}]}
    ]
    view = CodingRoundView(RoundState.from_saved([q], ["a1"], saved))
    qtbot.addWidget(view)
    local = datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    assert view.runs.item(0).text().startswith(f"{local}  Wrong Answer")
    assert "+00:00" not in view.runs.item(0).text()


def test_wrong_answer_shows_input_expected_and_what_the_code_returned(qtbot, ctx) -> None:
    """Bug 6: the comparator's reason no longer hides the actual output; long values are cut
    in the table and shown whole when the row is selected."""
    from mockint.interview.round_state import RoundState

    q = next(q for q in ctx.bank.questions.values() if q.round_type == "dsa")
    long_actual = "[" + ", ".join(str(i) for i in range(120)) + "]"
    samples = [
        {
            "group": "sample",
            "sample": True,
            "passed": True,
            "args": "[1, 2], 3",
            "expected": "[0, 1]",
            "actual": "[0, 1]",
            "error": None,
        },
        {
            "group": "sample",
            "sample": True,
            "passed": False,
            "args": "[3, 3], 6",
            "expected": "[0, 1]",
            "actual": long_actual,
            "error": "the lists differ at index 0",
        },
    ]
    run = {
        "verdict": "Wrong Answer",
        "passed": 1,
        "total": 2,
        "samples": samples,
        "message": "hidden test 'edge' failed",
        "created_at": "2026-12-03T11:05:07+00:00",
    }
    view = CodingRoundView(RoundState.from_saved([q], ["a1"], [{"verdicts": [run]}]))
    qtbot.addWidget(view)
    assert view.verdict_label.text().startswith("Wrong Answer")
    row = [view.samples.item(1, c).text() for c in range(4)]
    assert row[0] == "[3, 3], 6" and row[1] == "[0, 1]"
    assert row[2].startswith("[0, 1, 2") and row[2].endswith("…") and len(row[2]) <= 60
    assert view.samples.item(1, 2).toolTip().startswith(long_actual)
    assert row[3] == "failed: the lists differ at index 0"
    details = view.details.toPlainText()  # the first failing sample, whole, and the hidden tests' message
    assert long_actual in details and "[3, 3], 6" in details and "hidden test 'edge' failed" in details
    view.samples.selectRow(0)
    assert "Sample 1: passed" in view.details.toPlainText()
