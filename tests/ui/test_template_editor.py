"""The template editor and the domain focus on the home screen (issue 16)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from mockint import paths
from mockint.bank.loader import load_bank
from mockint.cli import main
from mockint.ui.template_editor import TemplateEditor


def _select(dialog: TemplateEditor, template_id: str) -> None:
    for i in range(dialog.list.count()):
        if dialog.list.item(i).data(Qt.ItemDataRole.UserRole) == template_id:
            dialog.list.setCurrentRow(i)
            return
    raise AssertionError(f"{template_id} is not listed")


def test_copy_change_save_and_run_a_template(qtbot, ctx, window) -> None:
    dialog = TemplateEditor(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    _select(dialog, "quick-drill")
    assert not dialog.save_btn.isEnabled() and dialog.title_edit.isReadOnly()  # bundled: read-only
    qtbot.mouseClick(dialog.copy_btn, Qt.MouseButton.LeftButton)
    assert dialog.save_btn.isEnabled() and dialog.id_edit.text() == "quick-drill-copy"
    dialog.title_edit.setText("My drill")
    rows = dialog.table.rowCount()
    qtbot.mouseClick(dialog.add_btn, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == rows + 1
    last = rows
    kind = dialog.table.cellWidget(last, 0)
    kind.setCurrentIndex(kind.findData("ml_theory"))
    dialog.table.cellWidget(last, 2).setValue(7)
    dialog.table.cellWidget(last, 3).setValue(2)
    dialog.table.cellWidget(last, 4).setText("easy, medium")
    dialog.table.selectRow(last)
    qtbot.mouseClick(dialog.up_btn, Qt.MouseButton.LeftButton)  # now second to last
    assert dialog.table.cellWidget(last - 1, 0).currentData() == "ml_theory"
    assert dialog.summary.text().startswith(f"{rows + 1} rounds:")
    QTest.keySequence(dialog, QKeySequence("Ctrl+S"))
    assert not dialog.error.isVisibleTo(dialog), dialog.error.text()
    assert dialog.changed and dialog.selected_id == "quick-drill-copy"
    saved = ctx.bank.loops["quick-drill-copy"]
    assert saved.title == "My drill" and saved.rounds[last - 1].round_type == "ml_theory"
    assert saved.rounds[last - 1].difficulties == ("easy", "medium") and saved.rounds[last - 1].questions == 2
    # On disk in the user's pack, and it loads in a fresh bank as saved.
    fresh = load_bank([paths.rounds_dir(), paths.packs_dir(ctx.data_dir)])
    assert fresh.loops["quick-drill-copy"].rounds == saved.rounds
    # The home screen lists it, selected; starting it plans its rounds.
    window.home.reload_templates(dialog.selected_id)
    assert window.home.template_box.currentData() == "quick-drill-copy"
    window.start_loop("quick-drill-copy")
    page = window.loop_page
    assert page is not None and len(page.run.rounds) == rows + 1
    assert page.run.rounds[last - 1].spec.round_type == "ml_theory"
    assert len(page.run.rounds[last - 1].questions) == 2
    page.end_loop()


def test_a_bad_edit_is_explained_and_nothing_is_saved(qtbot, ctx, window) -> None:
    dialog = TemplateEditor(ctx, window.home)
    qtbot.addWidget(dialog)
    _select(dialog, "phone-screen")
    dialog.copy_selected()
    dialog.id_edit.setText("mle-onsite")  # taken
    dialog.save()
    assert (
        dialog.error.isVisibleTo(dialog)
        and "id" in dialog.error.text()
        and "already exists" in dialog.error.text()
    )
    assert not dialog.changed and not (paths.packs_dir(ctx.data_dir) / "loops").exists()


def test_delete_asks_and_undo_puts_the_template_back(qtbot, ctx, window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = TemplateEditor(ctx, window.home)
    qtbot.addWidget(dialog)
    _select(dialog, "phone-screen")
    dialog.copy_selected()
    dialog.save()
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes
    )
    _select(dialog, "phone-screen-copy")
    assert dialog.delete_btn.isEnabled()
    dialog.delete_selected()
    assert asked and "phone-screen-copy" not in ctx.bank.loops and dialog.undo_btn.isVisibleTo(dialog)
    dialog.undo_delete()
    assert "phone-screen-copy" in ctx.bank.loops and not dialog.undo_btn.isVisibleTo(dialog)


def test_the_home_focus_is_saved_and_puts_its_questions_first(qtbot, ctx, window) -> None:
    home = window.home
    home.focus_box.setCurrentIndex(home.focus_box.findData("nlp"))
    saved = json.loads((ctx.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["focus"] == "nlp" and ctx.settings.focus == "nlp"
    assert "come first" in home.focus_note.text()
    window.start_practice("ml_theory")
    page = window.loop_page
    track = ctx.bank.tracks["nlp"]
    assert page.run.template.focus == "nlp"
    assert all(track.covers(q.topics) for q in page.run.current.questions)
    page.end_loop()


def test_cli_focus_is_checked_and_passed_to_the_gui(tmp_path, monkeypatch, capsys) -> None:
    started = []
    monkeypatch.setattr(
        "mockint.ui.app.run_app", lambda data_dir, start=None, focus="": started.append((start, focus)) or 0
    )
    assert main(["practice", "ml_theory", "--focus", "vision", "--data-dir", str(tmp_path / "d")]) == 0
    assert started == [(("practice", "ml_theory"), "vision")]
    assert main(["loop", "--focus", "speech", "--data-dir", str(tmp_path / "d")]) == 2
    assert "no domain track 'speech'" in capsys.readouterr().err
