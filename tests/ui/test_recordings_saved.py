"""A spoken answer in a practice round is recorded, measured, shown as rubric evidence, stored with
its transcript, shown again after a resume and in the history, and deleted with its session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from test_recorder_widget import FakeDevice, FakeTranscriber, sine  # the fakes of the widget's own tests

import mockint.speech
from mockint.speech import SAMPLE_RATE
from mockint.ui.discussion_view import DiscussionRoundView
from mockint.ui.main_window import MainWindow

TRANSCRIPT = "so um we shard by user"
SPEAKING = "Speaking (1 take): 120 words/min, 33.3 fillers per 100 words, longest pause 1.2 s, talked 00:03"


@pytest.fixture
def device(monkeypatch: pytest.MonkeyPatch, ctx) -> FakeDevice:
    """Loop pages record from a fake input stream and transcribe with the fake transcriber."""
    fake = FakeDevice()
    real = mockint.speech.Recorder
    monkeypatch.setattr(mockint.speech, "Recorder", lambda: real(stream_factory=fake))
    monkeypatch.setenv("MOCKINT_RECORDING", "1")
    ctx.transcriber = FakeTranscriber()
    return fake


def record_a_take(qtbot, page, device: FakeDevice) -> dict:
    """Record 1 s of tone and 3 s of silence on the page's recorder; returns the take's analysis."""
    rec = page.recorder_widget
    qtbot.waitUntil(rec.record_btn.isEnabled)
    qtbot.mouseClick(rec.record_btn, Qt.MouseButton.LeftButton)
    device.streams[-1].feed(np.concatenate([sine(1.0), np.zeros(SAMPLE_RATE * 3, dtype=np.int16)]))
    with qtbot.waitSignal(rec.analysed, timeout=10_000) as analysed:
        qtbot.mouseClick(rec.record_btn, Qt.MouseButton.LeftButton)
    return analysed.args[0]


def score_round(qtbot, page) -> str:
    """Score the round in the rubric dialog; returns the evidence it showed."""
    qtbot.waitUntil(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    evidence = dialog.findChild(QLabel, "evidence").text()
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    return evidence


def test_a_recorded_take_is_evidence_is_stored_and_is_deleted_with_its_session(
    qtbot, ctx, window, device, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.start_practice("behavioral")
    page = window.loop_page
    assert isinstance(page.view, DiscussionRoundView)
    sid, aid = page.run.session_id, page.run.current.answer_ids[0]

    report = record_a_take(qtbot, page, device)
    rec = page.recorder_widget
    assert rec.transcript.toPlainText() == TRANSCRIPT  # what the user sees under the question
    wav = ctx.data_dir / "recordings" / sid / f"{aid}-0.wav"
    assert Path(report["path"]) == wav and wav.is_file()
    [take] = ctx.store.sessions.detail(sid)["rounds"][0]["answers"][0]["recordings"]
    assert take["take"] == f"{aid}-0" and take["path"] == f"recordings/{sid}/{aid}-0.wav"
    assert take["transcript"] == TRANSCRIPT and take["backend"] == "fake"
    assert (take["words"], take["words_per_minute"], take["longest_pause_s"]) == (6, 120.0, 1.2)

    qtbot.mouseClick(page.finish_btn, Qt.MouseButton.LeftButton)
    assert SPEAKING in score_round(qtbot, page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)

    # The history shows the take; deleting the session (after saying yes) deletes the WAV too.
    window.show_history()
    history = window.history
    assert history.selected_session() == sid and history.delete_btn.isEnabled()
    shown = history.detail.toPlainText()
    assert TRANSCRIPT in shown and "120 words/min" in shown and "longest pause 1.2 s" in shown
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    history.sessions.setFocus()
    qtbot.keyClick(history.sessions, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Practice: Behavioral" in asked[0] and "1 recorded answer" in asked[0]
    assert wav.is_file() and history.sessions.count() == 1  # "No" keeps everything

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(history.session_did_delete) as deleted:
        qtbot.mouseClick(history.delete_btn, Qt.MouseButton.LeftButton)
    assert deleted.args == [sid]
    assert not wav.exists() and not wav.parent.exists()
    assert history.sessions.count() == 0 and not history.delete_btn.isEnabled()
    assert "No sessions yet" in history.detail.toPlainText()
    assert ctx.store.sessions.list() == []


def test_takes_saved_before_the_app_closed_are_shown_again_on_continue(qtbot, ctx, device) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.start_practice("behavioral")
    page = first.loop_page
    record_a_take(qtbot, page, device)
    sid = page.run.session_id
    first.close()  # the app closes mid-round

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    second.continue_session(sid)
    resumed = second.loop_page
    rec = resumed.recorder_widget
    qtbot.waitUntil(rec.isVisible)  # a widget added to a shown window is shown by a queued event
    assert rec.transcript.isVisible() and rec.transcript.toPlainText() == TRANSCRIPT
    assert "120 words/min" in rec.metrics.text() and rec.elapsed.text() == "0:04"
    qtbot.waitUntil(rec.rerecord_btn.isEnabled)  # the saved take can be recorded again
    assert not rec.record_btn.isEnabled()
    qtbot.mouseClick(resumed.pause_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(resumed.finish_btn, Qt.MouseButton.LeftButton)
    assert SPEAKING in score_round(qtbot, resumed)
