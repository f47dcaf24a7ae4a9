"""Issue 13 end to end: a coding round taking two hints, a theory round through a follow-up and
the debrief; the saved session shows both and its report carries the debrief."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from mockint.review.reports import report_html, report_markdown
from mockint.ui.debrief_view import DebriefDialog, session_debrief
from mockint.ui.interviewer_panel import InterviewerPanel
from mockint.ui.kernel import join_stopping_kernels

KERNEL_TIMEOUT_MS = 30_000
SHOTS = os.environ.get("MOCKINT_SHOTS")  # a folder: save screenshots of the screens (see the report)


def shot(widget, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        widget.window().grab().save(os.path.join(SHOTS, name))


def panel_of(view) -> InterviewerPanel:
    return view.findChild(InterviewerPanel)


def test_hints_follow_up_and_debrief_are_saved_and_reported(qtbot, ctx, window) -> None:
    window.resize(1366, 768)
    # 1. A coding round: two hints.
    window.start_practice("dsa")
    page = window.loop_page
    view, session = page.view, page.run.session_id
    qid = view.current_question_id()
    q = ctx.bank.questions[qid]
    panel = panel_of(view)
    assert panel.hint_btn.isVisible() and panel.hint_btn.text() == "Hint (1 of 3)"
    qtbot.mouseClick(panel.hint_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.hint_btn, Qt.MouseButton.LeftButton)
    assert q.hints[1] in panel.card.text() and panel.hint_btn.text() == "Hint (3 of 3)"
    assert ctx.speaker.spoken[-1] == f"Hint 2. {q.hints[1]}"
    shot(view, "hint.png")
    page.controller.finish_round()
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    assert any("Hints: 2 of 3 hints, first at" in line for line in page.rubric_dialog_evidence), (
        page.rubric_dialog_evidence
    )
    page.rubric_dialog.reject()
    page.end_loop()
    join_stopping_kernels()

    # 2. A theory round: Done asks a follow-up; the debrief opens from the rubric dialog.
    window.start_practice("ml_theory")
    page = window.loop_page
    view, theory_session = page.view, page.run.session_id
    tq = ctx.bank.questions[view.current_question_id()]
    qtbot.keyClicks(view.editor, "bias is the error of the average model")
    panel = panel_of(view)
    assert not panel.hint_btn.isVisible()
    qtbot.mouseClick(panel.done_btn, Qt.MouseButton.LeftButton)
    assert "The interviewer asks" in panel.card.text() and tq.follow_ups[0].text in panel.card.text()
    assert ctx.speaker.spoken[-1] == tq.follow_ups[0].text
    shot(view, "follow-up.png")
    page.controller.finish_round()
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    dialog = page.rubric_dialog
    debrief_btn = next(b for b in dialog.buttons.buttons() if b.text() == "&Debrief")
    qtbot.mouseClick(debrief_btn, Qt.MouseButton.LeftButton)
    shown = dialog.debrief.browser.toPlainText()
    assert "Model answer" in shown and tq.follow_ups[0].text in shown and "bias is the error" in shown
    assert dialog.debrief.width() <= 1366 and dialog.debrief.height() <= 768
    shot(dialog.debrief, "debrief-theory.png")
    dialog.debrief.reject()
    dialog.reject()
    page.controller.autosave.flush()
    page.end_loop()

    # 3. The store has both, and the reports and the history's debrief show them.
    coding = ctx.store.sessions.detail(session)["rounds"][0]["answers"][0]
    assert [h["hint"] for h in coding["hints"]] == [0, 1]
    theory = ctx.store.sessions.detail(theory_session)["rounds"][0]["answers"][0]
    assert [f["text"] for f in theory["follow_ups"]] == [tq.follow_ups[0].text]
    assert theory["done"]
    assert theory["time_s"] > 0  # the clock's time while the question was on screen
    detail = ctx.store.sessions.detail(session)
    md = report_markdown(detail, None, ctx.bank)
    assert "## Debrief:" in md and "Hints used: 2 of 3 hints" in md and "### Editorial" in md
    html = report_html(ctx.store.sessions.detail(theory_session), None, ctx.bank)
    assert "Debrief:" in html and "Model answer" in html and "Follow-ups asked" in html
    assert "Time on this question:" in html and " on question 1" in html
    debrief = DebriefDialog(session_debrief(detail, ctx.bank), "Debrief", window)
    qtbot.addWidget(debrief)
    debrief.show()
    assert (
        "Reference against your code" in debrief.browser.toPlainText()
        or "Your final code" in debrief.browser.toPlainText()
    )
    shot(debrief, "debrief-coding.png")
    debrief.close()

    # 4. Past sessions: the Debrief button shows the selected session's debrief.
    window.show_history()
    history = window.history
    assert history.selected_session() == theory_session  # newest first
    qtbot.mouseClick(history.debrief_btn, Qt.MouseButton.LeftButton)
    assert tq.follow_ups[0].text in history.debrief.browser.toPlainText()
    history.debrief.reject()
