"""Drive the quick-drill loop through every round type to saved rubric scores, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt

from mockint import paths
from mockint.store import Store
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView
from mockint.ui.kernel import join_stopping_kernels

# slow: whole quick drills, every round type to saved scores; `make test-fast` skips them
pytestmark = pytest.mark.slow

KERNEL_TIMEOUT_MS = 30_000


def score_round(qtbot, page, score: int = 3) -> None:
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    save = dialog.buttons.buttons()[0]
    assert not save.isEnabled()  # nothing scored yet
    for dim in dialog.rubric.dimensions:
        assert len(dim.anchors) == 4
        dialog.set_score(dim.id, score)
    assert not save.isEnabled()  # the recommendation is still missing
    dialog.set_recommendation(2)
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def leave_break(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.run.stage in ("break", "round", "summary"))
    if page.run.stage == "break":
        assert page.stack.currentWidget() is page.break_view
        qtbot.mouseClick(page.break_view.skip_btn, Qt.MouseButton.LeftButton)


def console_text(view: CodingRoundView) -> str:
    return view.console._control.toPlainText()


def console_ready(view: CodingRoundView) -> bool:
    """The kernel answered and the console shows its first prompt (input typed earlier is lost)."""
    return view.kernel.state == "ready" and "In [1]" in console_text(view)


def test_quick_drill_runs_every_round_to_saved_scores(qtbot, ctx, window) -> None:
    assert window.home.template_box.findData("quick-drill") >= 0
    window.home.template_box.setCurrentIndex(window.home.template_box.findData("quick-drill"))
    qtbot.mouseClick(window.home.start_btn, Qt.MouseButton.LeftButton)
    page = window.loop_page
    assert page is not None and window.stack.currentWidget() is page
    types = [r.spec.round_type for r in page.run.rounds]
    assert types == ["phone_screen", "dsa", "ml_coding", "ml_theory", "system_design", "behavioral"]

    # 1. Phone screen: notes on the first part, then the next part; the prompt is spoken.
    view = page.view
    assert isinstance(view, DiscussionRoundView)
    # The round's 2 minutes, counting down (how far it got depends on the machine's load).
    minutes, seconds = map(int, page.clock.text().split(":"))
    assert 90 < 60 * minutes + seconds <= 120, page.clock.text()
    assert ctx.speaker.spoken and "Phone screen" in ctx.speaker.spoken[-1]
    qtbot.keyClicks(view.editor, "Two years at a fintech doing ranking")
    qtbot.mouseClick(view.next_btn, Qt.MouseButton.LeftButton)
    assert view.index == 1 and view.editor.toPlainText() == ""
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 2)
    leave_break(qtbot, page)

    # 2. DSA: the reference solution is Accepted through "Run tests"; code typed in the console runs.
    qtbot.waitUntil(lambda: isinstance(page.view, CodingRoundView))
    view = page.view
    problem = page.run.current.questions[0]
    assert problem.starter.strip() in view.editor.toPlainText()
    assert problem.title in view.problem.toPlainText()
    qtbot.waitUntil(lambda: console_ready(view), timeout=KERNEL_TIMEOUT_MS)
    view.console.execute("print(6 * 7)")
    qtbot.waitUntil(lambda: "42" in console_text(view), timeout=KERNEL_TIMEOUT_MS)
    view.editor.setPlainText(problem.reference)
    qtbot.mouseClick(view.tests_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.tests_btn.isEnabled(), timeout=KERNEL_TIMEOUT_MS)
    assert view.verdict_label.text().startswith("Accepted"), view.verdict_label.text()
    assert view.samples.rowCount() == len(problem.sample_tests)
    assert view.samples.item(0, 3).text() == "passed"
    # Submit judges the final code, records it, and ends the round.
    qtbot.mouseClick(view.submit_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None, timeout=KERNEL_TIMEOUT_MS)
    assert view.runs.count() == 2 and "(final)" in view.runs.item(1).text()
    assert any(line.startswith("Submitted: Accepted") for line in page.rubric_dialog_evidence)
    score_round(qtbot, page, 3)
    leave_break(qtbot, page)

    # 3. ML coding: a wrong answer gets a clear, non-Accepted verdict.
    qtbot.waitUntil(lambda: isinstance(page.view, CodingRoundView) and page.view is not view)
    view = page.view
    view.editor.setPlainText(view.question.starter)  # the starter returns None: not a solution
    view.request_tests()
    qtbot.waitUntil(lambda: view.tests_btn.isEnabled(), timeout=KERNEL_TIMEOUT_MS)
    assert not view.verdict_label.text().startswith("Accepted")
    assert view.verdict_label.text().split(" — ")[0] in ("Wrong Answer", "Runtime Error", "Compilation Error")
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 1)
    leave_break(qtbot, page)

    # 4. ML theory: two questions, notes on each.
    qtbot.waitUntil(lambda: isinstance(page.view, DiscussionRoundView))
    view = page.view
    assert len(view.items) == 2
    qtbot.keyClicks(view.editor, "bias is underfitting")
    qtbot.mouseClick(view.next_btn, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.editor, "second answer")
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    assert "Questions with notes: 2 of 2" in " ".join(page.rubric_dialog_evidence)
    score_round(qtbot, page, 3)
    leave_break(qtbot, page)

    # 5. System design: phases shown with the clock's phase marked; notes per phase.
    qtbot.waitUntil(lambda: isinstance(page.view, DesignRoundView))
    view = page.view
    assert view.phase_list.count() == len(view.question.phases) >= 3
    assert view.phase_list.item(0).text().startswith("▶")
    assert page.phase_label.text().startswith("Phase 1 of")
    qtbot.keyClicks(view.editor, "DAU 50M, 5 sessions a day")
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 4)
    leave_break(qtbot, page)

    # 6. Behavioral, then the summary.
    qtbot.waitUntil(lambda: isinstance(page.view, DiscussionRoundView) and page.run.index == 5)
    qtbot.keyClicks(page.view.editor, "S: outage. T: fix. A: I rolled back. R: 0 churn.")
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    score_round(qtbot, page, 3)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    summary = window.summary.body.toPlainText()
    for title in ("Phone screen", "DSA coding", "ML coding", "ML theory", "ML system design", "Behavioral"):
        assert title in summary
    assert "Leaning hire" in summary

    # Everything is in the store, and still there after it is closed and reopened.
    sid = page.run.session_id
    db = paths.database_path(ctx.data_dir)
    ctx.store.close()
    reopened = Store.open(db)
    try:
        detail = reopened.sessions.detail(sid)
    finally:
        reopened.close()
    ctx.store = Store.open(db)
    assert detail["status"] == "finished"
    assert [len(r["scores"]) > 0 for r in detail["rounds"]] == [True] * 6
    assert [r["recommendation"] for r in detail["rounds"]] == ["Leaning hire"] * 6
    phone, dsa, _ml, theory, design, behavioral = detail["rounds"]
    assert {s["score"] for s in phone["scores"]} == {2}
    assert (
        phone["answers"][0]["phase_notes"]["part 1: " + page.run.rounds[0].questions[0].parts[0].title]
        == "Two years at a fintech doing ranking"
    )
    assert [(v["verdict"], v["final"]) for v in dsa["answers"][0]["verdicts"]] == [
        ("Accepted", False),
        ("Accepted", True),
    ]
    assert dsa["answers"][0]["code"].strip() == page.run.rounds[1].questions[0].reference.strip()
    assert [a["notes"] for a in theory["answers"]] == ["bias is underfitting", "second answer"]
    assert "DAU 50M, 5 sessions a day" in design["answers"][0]["phase_notes"].values()
    assert behavioral["answers"][0]["notes"].startswith("S: outage")

    # The command line sees the same scores.
    out = subprocess.run(
        [sys.executable, "-m", "mockint", "history", "--json", "--data-dir", str(ctx.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    sessions = json.loads(out.stdout)
    assert sessions[0]["id"] == sid
    assert sessions[0]["rounds"][3]["scores"] and all(
        v == 3 for v in sessions[0]["rounds"][3]["scores"].values()
    )


def test_stuck_kernel_is_interrupted_while_the_clock_ticks(qtbot, ctx, window) -> None:
    window.start_practice("dsa")
    page = window.loop_page
    view = page.view
    assert isinstance(view, CodingRoundView)
    qtbot.waitUntil(lambda: console_ready(view), timeout=KERNEL_TIMEOUT_MS)
    view.console.execute("x = 5\nwhile True: pass")
    qtbot.waitUntil(lambda: view.kernel.state == "busy", timeout=KERNEL_TIMEOUT_MS)
    first = page.clock.text()
    deadline = time.monotonic() + 10
    qtbot.waitUntil(lambda: page.clock.text() != first, timeout=5_000)  # the GUI keeps ticking
    assert time.monotonic() < deadline
    qtbot.mouseClick(view.interrupt_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "KeyboardInterrupt" in console_text(view), timeout=KERNEL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.kernel.state == "ready", timeout=KERNEL_TIMEOUT_MS)
    view.console.execute("print(x * 11)")
    qtbot.waitUntil(lambda: "55" in console_text(view), timeout=KERNEL_TIMEOUT_MS)  # namespace kept
    kernel = view.kernel
    pid = kernel.manager.provisioner.pid
    page.end_loop()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    # The kernel shuts down off the GUI thread and leaves nothing behind.
    assert kernel.state == "closed"
    join_stopping_kernels()
    assert not kernel.workdir.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_dead_kernel_is_restarted_and_the_user_told(qtbot, ctx, window) -> None:
    window.start_practice("dsa")
    view = window.loop_page.view
    qtbot.waitUntil(lambda: console_ready(view), timeout=KERNEL_TIMEOUT_MS)
    view.editor.setPlainText("def answer():\n    return 42\n")
    view.console.execute("import os; os._exit(3)")
    qtbot.waitUntil(lambda: view.kernel_notice.isVisible(), timeout=KERNEL_TIMEOUT_MS)
    assert "restarted" in view.kernel_notice.text()
    assert view.editor.toPlainText() == "def answer():\n    return 42\n"
    qtbot.waitUntil(lambda: view.kernel.state == "ready", timeout=KERNEL_TIMEOUT_MS)
    view.console.execute("print(7 * 6)")
    qtbot.waitUntil(lambda: "42" in console_text(view), timeout=KERNEL_TIMEOUT_MS)
    window.loop_page.end_loop()
