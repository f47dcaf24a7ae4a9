"""Record a spoken answer in a discussion round, play it back, and see its transcript and pace.

The widget renders a :class:`~mockint.speech.Recorder` (audio is captured on PortAudio's thread)
and sends long work (device checks, transcription) to :func:`run_in_background`. It never owns
where takes are stored beyond writing the WAV file: it announces each take with ``take_saved``
and each analysis with ``analysed``; the page decides what to keep. A take's metrics and
transcript are worded by :mod:`mockint.ui.take_report`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mockint.speech.metrics import analyse_take
from mockint.speech.recorder import Playback, Recorder, RecorderError
from mockint.speech.transcribe import Transcriber, TranscriptionError, load_audio
from mockint.ui.live_captions import CaptionLine
from mockint.ui.take_report import clock_text, describe, transcript_text
from mockint.ui.workers import run_in_background

log = logging.getLogger(__name__)

#: The meter shows levels from this many dBFS (empty) up to 0 dBFS (full).
METER_FLOOR_DBFS = -60
#: How often the meter and clock refresh while recording.
REFRESH_MS = 100
RECORD_SHORTCUT = "Ctrl+Shift+Space"


class PlaybackLike(Protocol):
    def status(self) -> tuple[bool, str]: ...
    def play(self, samples: np.ndarray, rate: int) -> None: ...
    def stop(self) -> None: ...


class RecorderWidget(QWidget):
    """Record / Stop (Ctrl+Shift+Space), a level meter, the elapsed time, Play take, Re-record,
    and after each take its transcript and speaking metrics.

    ``recorder`` captures audio; ``transcriber`` runs off the GUI thread; takes are written to
    ``out_dir / f"{take_name}.wav"`` (a re-record replaces the file). ``allowed_s`` is the
    question's allowed time, for "talk time vs allowed". ``playback`` defaults to sounddevice.
    When the input is unavailable the widget shows why and disables Record; it never raises.
    """

    #: A take was written: the WAV file's path.
    take_saved = Signal(str)
    #: A take was transcribed and measured: :func:`mockint.speech.metrics.take_report` plus
    #: ``path`` (the WAV file), ``take`` (its take name, which may no longer be the one shown)
    #: and ``transcript_error`` ('' when the transcript is real). Not sent for a take that was
    #: re-recorded before its analysis finished.
    analysed = Signal(dict)
    #: Recording started (True) or stopped (False).
    recording_changed = Signal(bool)

    def __init__(
        self,
        recorder: Recorder,
        transcriber: Transcriber,
        out_dir: Path,
        *,
        take_name: str = "take",
        allowed_s: float | None = None,
        playback: PlaybackLike | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self.transcriber = transcriber
        self.out_dir = Path(out_dir)
        self.take_name = take_name
        self.allowed_s = allowed_s
        self.playback: PlaybackLike = playback or Playback()
        self.input_ok = False
        self.output_ok = False
        self._out_reason = "not checked yet"
        self.take_path: Path | None = None
        self.report: dict[str, Any] | None = None
        self._generation = 0  # counts takes; a late analysis is shown only if still current
        self._take_generation: dict[str, int] = {}  # take name -> its latest take's generation
        self._pending = 0  # analyses still running
        self._closing = False

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.record_btn = QPushButton("● Record")
        self.record_btn.setToolTip(f"Record your answer ({RECORD_SHORTCUT})")
        self.record_btn.setAccessibleName("Record")
        self.record_btn.setEnabled(False)
        self.meter = QProgressBar()
        self.meter.setRange(0, -METER_FLOOR_DBFS)
        self.meter.setValue(0)
        self.meter.setFormat("")
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName("Input level")
        self.meter.setMaximumWidth(180)
        self.elapsed = QLabel("0:00")
        self.elapsed.setAccessibleName("Recorded time")
        self.play_btn = QPushButton("▶ Play take")
        self.play_btn.setEnabled(False)
        self.rerecord_btn = QPushButton("Re-record")
        self.rerecord_btn.setToolTip(f"Discard this take and record again ({RECORD_SHORTCUT})")
        self.rerecord_btn.setEnabled(False)
        self.status = QLabel("Checking the microphone…")
        self.status.setObjectName("muted")
        self.metrics = QLabel()
        self.metrics.setWordWrap(True)
        self.metrics.setAccessibleName("Speaking metrics")
        self.metrics.hide()
        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setAccessibleName("Transcript")
        self.transcript.setMaximumHeight(90)
        self.transcript.hide()
        #: Live captions while recording, replaced by the transcript when the take ends.
        self.captions = CaptionLine(recorder, transcriber, self)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.record_btn)
        row.addWidget(self.meter)
        row.addWidget(self.elapsed)
        row.addWidget(self.play_btn)
        row.addWidget(self.rerecord_btn)
        row.addWidget(self.status, 1, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(row)
        layout.addWidget(self.captions.label)
        layout.addWidget(self.metrics)
        layout.addWidget(self.transcript)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        self.record_btn.clicked.connect(self.toggle_recording)
        self.rerecord_btn.clicked.connect(self.start_recording)
        self.play_btn.clicked.connect(self.play_take)
        QShortcut(QKeySequence(RECORD_SHORTCUT), self, self.toggle_recording)
        self._check_devices()

    # -- devices --------------------------------------------------------------------------------
    def _check_devices(self) -> None:
        # Listing devices initialises PortAudio, which can take a while: off the GUI thread.
        recorder, playback = self.recorder, self.playback
        run_in_background(
            lambda: (recorder.input_status(), _safe_status(playback)),
            receiver=self,  # the round may end before the check comes back
            on_done=self._devices_checked,
            on_error=lambda exc, tb: self._devices_checked(((False, str(exc)), (False, str(exc)))),
        )

    def _devices_checked(self, result: tuple[tuple[bool, str], tuple[bool, str]]) -> None:
        (self.input_ok, in_reason), (self.output_ok, self._out_reason) = result
        self.status.setText("")
        if not self.input_ok:
            self._show_notice(f"Recording is unavailable: {in_reason}.")
            self.record_btn.setToolTip(f"Recording is unavailable: {in_reason}")
        else:  # load the recogniser's model now, off the GUI thread, not on the first Stop
            warm_up = getattr(self.transcriber, "warm_up", None)
            if callable(warm_up) and self.transcriber.status.available:
                run_in_background(warm_up, on_error=lambda exc, tb: log.info("model warm-up failed: %s", exc))
        self._update_buttons()

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _update_buttons(self) -> None:
        recording = self.recorder.recording
        has_take = self.take_path is not None
        self.record_btn.setText("■ Stop" if recording else "● Record")
        self.record_btn.setEnabled(self.input_ok and (recording or not has_take))
        self.rerecord_btn.setEnabled(self.input_ok and has_take and not recording)
        self.play_btn.setEnabled(self.output_ok and has_take and not recording)
        if not self.output_ok:
            self.play_btn.setToolTip(f"Playback is unavailable: {self._out_reason}")
        else:
            self.play_btn.setToolTip("Play the last take")

    # -- recording ------------------------------------------------------------------------------
    def toggle_recording(self) -> None:
        """Stop when recording; else start a take (a re-record when a take exists)."""
        if self.recorder.recording:
            self.stop_recording()
        elif self.input_ok:
            self.start_recording()

    def start_recording(self) -> None:
        if not self.input_ok or self.recorder.recording:
            return
        self.playback.stop()
        try:
            self.recorder.start()
        except RecorderError as exc:
            self._show_notice(f"Recording could not start: {exc}.")
            return
        self._generation += 1
        self._take_generation[self.take_name] = self._generation
        self.take_path = None
        self.report = None
        self._show_notice("")
        self.metrics.hide()
        self.transcript.hide()
        self.captions.start()
        self.status.setText("Recording…")
        self._timer.start()
        self._refresh()
        self._update_buttons()
        self.recording_changed.emit(True)

    def stop_recording(self) -> None:
        """Stop, save the take, and start its analysis off the GUI thread."""
        if not self.recorder.recording:
            return
        self._timer.stop()
        self.captions.stop()
        try:
            samples = self.recorder.stop()
        except RecorderError as exc:  # the stream died under us
            self._show_notice(f"Recording stopped with an error: {exc}.")
            self._update_buttons()
            self.recording_changed.emit(False)
            return
        self.meter.setValue(0)
        self.meter.setFormat("")
        self.elapsed.setText(clock_text(samples.size / self.recorder.sample_rate))
        self.recording_changed.emit(False)
        try:
            path = self.recorder.save_wav(self.out_dir / f"{self.take_name}.wav")
        except RecorderError as exc:
            self._show_notice(f"The take was not saved: {exc}.")
            self._update_buttons()
            return
        self.take_path = path
        self._update_buttons()
        self.take_saved.emit(str(path))
        self._analyse(samples)

    def _refresh(self) -> None:
        level = self.recorder.level
        self.meter.setValue(max(0, min(-METER_FLOOR_DBFS, int(round(level - METER_FLOOR_DBFS)))))
        self.meter.setFormat(f"{level:.0f} dBFS")
        self.elapsed.setText(clock_text(self.recorder.elapsed_s))
        self.captions.tick()

    # -- analysis -------------------------------------------------------------------------------
    def _analyse(self, samples: np.ndarray) -> None:
        generation, take = self._generation, self.take_name
        path = str(self.take_path)
        busy = "Transcribing…" if self.transcriber.status.available else "Measuring…"
        self.status.setText(busy)

        def current() -> bool:
            return generation == self._generation and not self.recorder.recording

        def done(report: dict[str, Any]) -> None:
            self._pending -= 1
            # A re-record replaced this take's file: its analysis describes nothing that exists.
            if self._take_generation.get(take) == generation:
                report["path"] = path
                report["take"] = take
                if current():
                    self.show_report(report)
                self.analysed.emit(report)
            self._delete_if_closing()

        def failed(exc: BaseException, tb: str) -> None:
            self._pending -= 1
            if current():
                self.status.setText("")
                self.captions.clear()
                self._show_notice(f"The take was saved but could not be transcribed: {exc}")
            self._delete_if_closing()

        self._pending += 1

        run_in_background(
            analyse_take,
            self.transcriber,
            samples,
            self.recorder.sample_rate,
            self.allowed_s,
            receiver=self,
            on_done=done,
            on_error=failed,
        )

    def show_report(self, report: dict[str, Any]) -> None:
        """Show a take's transcript and metrics (also used to show a saved take again)."""
        self.report = report
        self.status.setText("")
        self.captions.clear()
        self.metrics.setText(describe(report))
        self.metrics.show()
        self.transcript.setPlainText(transcript_text(report))
        self.transcript.show()

    def set_take(
        self, take_name: str, allowed_s: float | None = None, report: dict[str, Any] | None = None
    ) -> None:
        """Switch to another question: a take in progress is stopped and saved first (its
        signals still fire), then the widget shows ``report`` (a saved take's analysis) or
        nothing. Later takes are written to ``take_name``.wav with ``allowed_s`` as allowed time."""
        if self.recorder.recording:
            self.stop_recording()
        self.playback.stop()
        self._generation += 1  # an analysis still running belongs to the previous question
        self.take_name = take_name
        self.allowed_s = allowed_s
        self.take_path = Path(report["path"]) if report and report.get("path") else None
        self.report = None
        self.elapsed.setText(clock_text(report["duration_s"]) if report else "0:00")
        self.metrics.hide()
        self.transcript.hide()
        self.captions.clear()
        if report:
            self.show_report(report)
        self._update_buttons()

    # -- playback and shutdown ------------------------------------------------------------------
    def play_take(self) -> None:
        """Play the current take (read back from its WAV file: it may be a saved one)."""
        if self.take_path is None or not self.output_ok:
            return
        try:
            audio = load_audio(self.take_path)
            self.playback.play(audio.samples, audio.rate)
        except (RecorderError, TranscriptionError) as exc:
            self._show_notice(f"{exc}.")

    def shutdown(self) -> None:
        """The round is ending: stop (and save) a take in progress and stop playback."""
        if self.recorder.recording:
            self.stop_recording()
        try:
            self.playback.stop()
        except Exception:
            log.debug("stopping playback failed", exc_info=True)

    def close_when_done(self) -> None:
        """The round is over: stop and save a take in progress, hide, and delete this widget once
        the analyses still running have reported (so their ``analysed`` still reaches the page)."""
        self.shutdown()
        self._closing = True
        self.hide()
        self._delete_if_closing()

    def _delete_if_closing(self) -> None:
        if self._closing and self._pending == 0:
            self.deleteLater()


def _safe_status(playback: PlaybackLike) -> tuple[bool, str]:
    try:
        return playback.status()
    except Exception as exc:
        return False, f"the audio output could not be checked ({exc})"
