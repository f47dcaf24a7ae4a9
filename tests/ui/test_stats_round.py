"""A statistics-and-probability practice round: one number right, one wrong, the worked solution
shown and saved with the answer, and both numbers in the debrief (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.interview.debrief import round_debrief
from mockint.ui.numeric_answer import NumericAnswerPanel


def test_practice_round_checks_numbers_and_shows_the_solution(qtbot, ctx, window) -> None:
    home = window.home
    home.round_box.setCurrentIndex(home.round_box.findData("stats_probability"))
    qtbot.mouseClick(home.practice_btn, Qt.MouseButton.LeftButton)
    page = window.loop_page
    run = page.run
    questions = run.current.questions
    assert all(q.round_type == "stats_probability" for q in questions) and len(questions) > 1
    view = page.view
    panel = view.findChild(NumericAnswerPanel)
    assert panel is not None
    numeric = [i for i, q in enumerate(questions) if q.numeric is not None][:2]
    assert len(numeric) == 2
    (first, q1), (second, q2) = ((i, questions[i]) for i in numeric)

    view.show_item(first)
    assert panel.isVisible() and not panel.solution.isVisible()
    wrong = q1.numeric.value + 10 * q1.numeric.tolerance * max(1.0, abs(q1.numeric.value)) + 1
    panel.field.setText(f"{wrong:.6g}")
    qtbot.mouseClick(panel.check_btn, Qt.MouseButton.LeftButton)
    assert "Not within the tolerance" in panel.result.text()
    assert panel.solution.isVisible()
    assert q1.solution.split()[0] in panel.solution.toPlainText()

    view.show_item(second)
    assert panel.field.text() == "" and not panel.solution.isVisible()  # the next question's own field
    panel.field.setText("abc")
    qtbot.mouseClick(panel.check_btn, Qt.MouseButton.LeftButton)
    assert "is not a number" in panel.result.text() and not panel.solution.isVisible()
    panel.field.setText(f"{q2.numeric.value * 100:.10g}%")  # a percentage is read as a fraction
    qtbot.mouseClick(panel.check_btn, Qt.MouseButton.LeftButton)
    assert "Right" in panel.result.text() and panel.solution.isVisible()

    view.show_item(first)  # back: the first question's check is still shown
    assert "Not within the tolerance" in panel.result.text() and panel.field.text() == f"{wrong:.6g}"

    lines = page.evidence(run.current).lines()  # the rubric dialog's evidence
    assert "Numbers checked: 2 questions; 1 right in the end, 1 at the first try" in lines

    detail = ctx.store.sessions.detail(run.session_id)
    answers = {a["question_id"]: a for r in detail["rounds"] for a in r["answers"]}
    assert [c["correct"] for c in answers[q1.id]["checks"]] == [False]
    assert [c["correct"] for c in answers[q2.id]["checks"]] == [True]
    text = round_debrief("Stats", questions, [answers[q.id] for q in questions], 60.0, 2700.0)
    assert f"Your answer: {wrong:.6g}" in text and "not within the tolerance" in text
    assert "Worked solution" in text and q2.solution.strip().splitlines()[0] in text
    page.end_loop()
