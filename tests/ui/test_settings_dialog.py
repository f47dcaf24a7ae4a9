from __future__ import annotations

import pytest

from mockint.settings import Settings, load
from mockint.ui.settings_dialog import SettingsDialog, format_warnings, parse_warnings


def test_warnings_text_round_trip() -> None:
    assert parse_warnings("half, 10m, 90s, 1m") == [-1.0, 600.0, 90.0, 60.0]
    assert format_warnings([-1.0, 300.0, 45.0]) == "half, 5m, 45s"
    with pytest.raises(ValueError, match="soon"):
        parse_warnings("half, soon")


def test_dialog_saves_new_settings(qtbot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.rate.setValue(140)
    dialog.warnings.setText("10m, 2m")
    dialog.chime.setChecked(False)
    dialog._accept()
    result = dialog.result_settings()
    assert result.rate_wpm == 140 and result.warnings == [600.0, 120.0] and not result.chime
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.warnings.setText("half, later")
    dialog._accept()
    assert dialog.result_settings() is None and not dialog.error.isHidden()
    assert "later" in dialog.error.text()


def test_warnings_use_settings_and_chime(qtbot, ctx, window, monkeypatch) -> None:
    from mockint.settings import save

    ctx.settings = Settings(warnings=[90.0], chime=True)
    save(ctx.data_dir, ctx.settings)
    window.start_practice("ml_theory")
    page = window.loop_page
    assert page.controller.warnings_s == (90.0, 0.0)
    page._on_warning(90.0)
    assert ctx.speaker.spoken[-1] == "90 seconds left."
    assert ctx.speaker.chimes[-1].name == "chime.wav" and ctx.speaker.chimes[-1].exists()
    assert load(ctx.data_dir).warnings == [90.0]


def test_the_dialog_keeps_the_plan_settings_and_edits_the_pause(qtbot) -> None:
    # The dialog used to build new Settings from its own fields only: saving lost the interview
    # date and the minutes per day of the study plan.
    dialog = SettingsDialog(Settings(interview_date="2030-01-10", minutes_per_day=45.0))
    qtbot.addWidget(dialog)
    dialog.paused.setText("next week")
    dialog._accept()
    assert dialog.result_settings() is None and "Pause the plan until" in dialog.error.text()
    dialog.paused.setText("2030-01-03")
    dialog._accept()
    new = dialog.result_settings()
    assert (new.interview_date, new.minutes_per_day, new.paused_until) == ("2030-01-10", 45.0, "2030-01-03")
