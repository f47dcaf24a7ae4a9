"""Issue 16: the project deep dive and hiring-manager rounds in the app, from the home screen to
the rubric dialog; the candidate's project and questions come from (and go to) the settings file."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from mockint.settings import load
from mockint.ui.candidate_panel import ProjectPanel, QuestionsPanel
from mockint.ui.main_window import MainWindow

PROJECT = {
    "problem": "Churn prediction for a music app's paying users",
    "data": "Eighteen months of listening logs, 2.1 million users",
    "model": "Gradient-boosted trees against a logistic baseline",
    "metrics": "PR-AUC 0.41 offline; retention +1.8 points in an A/B test",
    "role": "I owned the features and the experiment",
}


def _practise(qtbot, window, round_type: str):
    home = window.home
    home.round_box.setCurrentIndex(home.round_box.findData(round_type))
    qtbot.mouseClick(home.practice_btn, Qt.MouseButton.LeftButton)
    page = window.loop_page
    assert all(q.round_type == round_type for q in page.run.current.questions)
    return page


def _to_rubric(qtbot, page, rubric_title: str) -> None:
    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rubric_dialog is not None)
    dialog = page.rubric_dialog
    assert dialog.rubric.title == rubric_title
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # Save


def test_project_entered_in_settings_is_shown_beside_every_probe(qtbot, ctx, window, monkeypatch) -> None:
    from mockint.ui import settings_dialog

    def fill(dialog) -> int:
        for name, text in PROJECT.items():
            dialog.candidate.project.edits[name].setPlainText(text)
        dialog._accept()
        return settings_dialog.SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", fill)
    window.edit_settings()
    assert load(ctx.data_dir).project == PROJECT

    page = _practise(qtbot, window, "project_deep_dive")
    view = page.view
    panel = view.findChild(ProjectPanel)
    assert panel is not None and panel.isVisible() and not panel.editing()
    for text in PROJECT.values():
        assert text in panel.shown.toPlainText()
    families = [q.family for q in page.run.current.questions]
    assert len(families) >= 5 and families == sorted(families, key=lambda f: _FAMILY_ORDER.index(f))
    qtbot.mouseClick(view.next_btn, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and PROJECT["role"] in panel.shown.toPlainText()
    qtbot.keyClicks(view.editor, "chose trees for the tabular features")
    _to_rubric(qtbot, page, "Project deep dive rubric")
    page.end_loop()
    detail = ctx.store.sessions.detail(page.run.session_id)
    assert detail["rounds"][0]["scores"]


def test_an_empty_project_is_entered_in_the_round_and_kept(qtbot, ctx, window) -> None:
    page = _practise(qtbot, window, "project_deep_dive")
    panel = page.view.findChild(ProjectPanel)
    assert panel.editing() and not panel.cancel_btn.isVisible()
    qtbot.mouseClick(panel.save_btn, Qt.MouseButton.LeftButton)
    assert panel.editing() and "at least the problem" in panel.status.text()
    panel.form.edits["problem"].setPlainText("Ranking support tickets")
    qtbot.mouseClick(panel.save_btn, Qt.MouseButton.LeftButton)
    assert not panel.editing() and "Ranking support tickets" in panel.shown.toPlainText()
    assert load(ctx.data_dir).project == {"problem": "Ranking support tickets"}
    page.end_loop()


def test_interviewer_questions_survive_a_restart_and_show_when_invited(qtbot, ctx, window) -> None:
    page = _practise(qtbot, window, "hiring_manager")
    view, questions = page.view, page.run.current.questions
    assert questions[-1].asks_for_questions and not any(q.asks_for_questions for q in questions[:-1])
    panel = view.findChild(QuestionsPanel)
    assert panel is not None and not panel.isVisible()  # the first prompt does not invite them
    view.show_item(len(view.items) - 1)
    assert panel.isVisible() and panel.editing()
    panel.text.setPlainText(
        "- How will you judge my first six months?\n\n2. What is the team's hardest problem?\n"
    )
    qtbot.mouseClick(panel.save_btn, Qt.MouseButton.LeftButton)
    assert not panel.editing(), panel.status.text()
    view.show_item(0)
    assert not panel.isVisible()
    _to_rubric(qtbot, page, "Hiring manager rubric")
    page.end_loop()
    saved = json.loads((ctx.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["interviewer_questions"] == [
        "How will you judge my first six months?",
        "What is the team's hardest problem?",
    ]
    window.close()

    # A restart: the settings come from the file; the list is in settings and in the round.
    from mockint.settings import load as load_settings

    ctx.settings = load_settings(ctx.data_dir)
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    from mockint.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx.settings, again)
    qtbot.addWidget(dialog)
    assert "What is the team's hardest problem?" in dialog.candidate.questions.toPlainText()
    page = _practise(qtbot, again, "hiring_manager")
    page.view.show_item(len(page.view.items) - 1)
    panel = page.view.findChild(QuestionsPanel)
    assert panel.isVisible() and not panel.editing()
    assert panel.shown.toPlainText().splitlines() == [
        "How will you judge my first six months?",
        "What is the team's hardest problem?",
    ]
    page.end_loop()


_FAMILY_ORDER = ("motivation", "data", "modelling", "evaluation", "failures", "scale", "trade-offs", "impact")


def test_too_many_questions_in_the_dialog_are_named_not_saved(qtbot, ctx) -> None:
    from mockint.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.candidate.questions.setPlainText("\n".join(f"Question {i}?" for i in range(51)))
    dialog._accept()
    assert dialog.result_settings() is None and dialog.isVisible()
    assert dialog.error.text() == "Your questions: expected a list of at most 50 questions"
    assert dialog.tabs.currentWidget() is dialog.candidate


def test_a_malformed_project_in_the_file_is_reported_on_home_and_the_round_asks_for_it(
    qtbot, tmp_path, ctx
) -> None:
    (ctx.data_dir / "settings.json").write_text(json.dumps({"project": ["not", "an", "object"]}))
    ctx.settings = load(ctx.data_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.home.refresh()
    shown = window.home.notices.text()
    assert "Some settings were not valid" in shown and "project: expected an object" in shown
    page = _practise(qtbot, window, "project_deep_dive")
    assert page.view.findChild(ProjectPanel).editing()
    page.end_loop()
