from __future__ import annotations

import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from mockint.speech import SAMPLE_RATE, Recorder, SpeechStatus, Transcript, UnavailableTranscriber, Word
from mockint.ui.recorder_widget import RecorderWidget
from mockint.ui.workers import wait_for_background


class FakeStream:
    """Stands in for sounddevice.InputStream; the test pushes blocks through the callback."""

    def __init__(self, samplerate: int, channels: int, dtype: str, blocksize: int, callback: Any) -> None:
        self.blocksize, self.callback, self.started = blocksize, callback, False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> None:
        for i in range(0, samples.size, self.blocksize):
            block = samples[i : i + self.blocksize].reshape(-1, 1)
            self.callback(block, block.shape[0], None, 0)


class FakeDevice:
    def __init__(self) -> None:
        self.streams: list[FakeStream] = []

    def __call__(self, **kwargs: Any) -> FakeStream:
        self.streams.append(FakeStream(**kwargs))
        return self.streams[-1]


class FakeTranscriber:
    """Hears the same answer every time: 6 words over 3 s, a 1.2 s pause, two fillers (the words
    line up with the test's audio: a 1 s tone, then silence the recogniser fills with words)."""

    name = "fake"

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.status = SpeechStatus(True)
        self.calls: list[int] = []
        self.gate = gate

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        if self.gate is not None:
            self.gate.wait(5)
        self.calls.append(samples.size)
        words = (
            Word("so", 0.0, 0.3),
            Word("um", 0.4, 1.1),
            Word("we", 2.3, 2.5),
            Word("shard", 2.5, 2.7),
            Word("by", 2.7, 2.8),
            Word("user", 2.8, 3.0),
        )
        return Transcript("so um we shard by user", words, samples.size / rate, "fake")

    def transcribe_file(self, path: Path) -> Transcript:
        raise NotImplementedError


class FakePlayback:
    def __init__(self, available: bool = True) -> None:
        self.available = available
        self.played: list[np.ndarray] = []

    def status(self) -> tuple[bool, str]:
        return (True, "") if self.available else (False, "no audio output device was found")

    def play(self, samples: np.ndarray, rate: int) -> None:
        self.played.append(samples)

    def stop(self) -> None:
        pass


def sine(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return np.round(0.5 * 32767 * np.sin(2 * np.pi * 1000 * t)).astype(np.int16)


@pytest.fixture
def make_widget(qtbot, tmp_path: Path):
    def make(recorder: Recorder, transcriber: Any, playback: Any = None, **kw: Any) -> RecorderWidget:
        w = RecorderWidget(
            recorder,
            transcriber,
            tmp_path / "takes",
            take_name="q1",
            playback=playback or FakePlayback(),
            **kw,
        )
        qtbot.addWidget(w)
        w.show()
        return w

    return make


def test_record_stop_shows_transcript_and_metrics(qtbot, make_widget, tmp_path: Path) -> None:
    device, transcriber, playback = FakeDevice(), FakeTranscriber(), FakePlayback()
    w = make_widget(Recorder(stream_factory=device), transcriber, playback, allowed_s=30.0)
    qtbot.waitUntil(w.record_btn.isEnabled)
    assert not w.notice.isVisible()
    assert not w.play_btn.isEnabled() and not w.rerecord_btn.isEnabled()

    with qtbot.waitSignal(w.recording_changed) as started:
        qtbot.mouseClick(w.record_btn, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    assert w.record_btn.text() == "■ Stop"
    device.streams[0].feed(sine(1.0))
    qtbot.waitUntil(lambda: w.elapsed.text() == "0:01")
    assert w.meter.value() == 51  # -9 dBFS on a meter from -60 to 0
    assert w.meter.text() == "-9 dBFS"
    device.streams[0].feed(np.zeros(SAMPLE_RATE * 3, dtype=np.int16))

    with qtbot.waitSignal(w.take_saved) as saved, qtbot.waitSignal(w.analysed, timeout=10_000) as analysed:
        qtbot.mouseClick(w.record_btn, Qt.MouseButton.LeftButton)
    path = Path(saved.args[0])
    assert path == tmp_path / "takes" / "q1.wav" and path.exists()
    with wave.open(str(path)) as wav:
        assert wav.getnframes() == 4 * SAMPLE_RATE
    report = analysed.args[0]
    assert report["path"] == str(path) and report["backend"] == "fake"
    assert report["words"] == 6 and report["talk_time_s"] == 3.0 and report["words_per_minute"] == 120.0
    assert report["filler_counts"] == {"so": 1, "um": 1} and report["longest_pause_s"] == 1.2
    assert report["talk_time_vs_allowed"] == 0.1
    assert transcriber.calls == [4 * SAMPLE_RATE]

    # What the user sees.
    assert w.transcript.isVisible() and w.transcript.toPlainText() == "so um we shard by user"
    assert w.metrics.text() == (
        "120 words/min · 33.3 fillers per 100 words (um 1, so 1) · longest pause 1.2 s"
        " · talked 0:03 of 0:30 allowed (10%)"
    )
    assert w.record_btn.text() == "● Record" and not w.record_btn.isEnabled()
    assert w.rerecord_btn.isEnabled() and w.play_btn.isEnabled()
    qtbot.mouseClick(w.play_btn, Qt.MouseButton.LeftButton)
    assert len(playback.played) == 1 and playback.played[0].size == 4 * SAMPLE_RATE

    # Re-record starts a fresh take and hides the old results.
    qtbot.mouseClick(w.rerecord_btn, Qt.MouseButton.LeftButton)
    assert w.recorder.recording and not w.transcript.isVisible() and not w.play_btn.isEnabled()
    w.shutdown()  # the round ends mid-take: the take is stopped and saved
    assert not w.recorder.recording and path.exists()
    qtbot.waitUntil(lambda: len(transcriber.calls) == 2)


def test_the_shortcut_toggles_recording(qtbot, make_widget) -> None:
    device = FakeDevice()
    w = make_widget(Recorder(stream_factory=device), FakeTranscriber())
    qtbot.waitUntil(w.record_btn.isEnabled)
    shortcut = w.findChild(QShortcut)
    assert shortcut.key().toString() == "Ctrl+Shift+Space"
    shortcut.activated.emit()
    assert w.recorder.recording
    device.streams[0].feed(sine(0.5))
    with qtbot.waitSignal(w.analysed, timeout=10_000):
        shortcut.activated.emit()
    assert not w.recorder.recording


def test_no_input_device_shows_why_and_disables_record(qtbot, make_widget) -> None:
    rec = Recorder(stream_factory=FakeDevice(), probe=lambda: (False, "no audio input device was found"))
    w = make_widget(rec, FakeTranscriber(), FakePlayback(available=False))
    qtbot.waitUntil(w.notice.isVisible)
    assert w.notice.text() == "Recording is unavailable: no audio input device was found."
    assert not w.record_btn.isEnabled() and not w.play_btn.isEnabled()
    assert w.play_btn.toolTip() == "Playback is unavailable: no audio output device was found"
    w.toggle_recording()  # the shortcut's path: nothing happens, nothing raises
    assert not rec.recording


def test_the_real_recorder_on_this_machine_never_crashes_the_widget(qtbot, make_widget) -> None:
    from mockint.speech import input_status

    available, reason = input_status()
    w = make_widget(Recorder(), FakeTranscriber(), playback=None)
    qtbot.waitUntil(lambda: w.status.text() == "")
    assert w.record_btn.isEnabled() == available
    if not available:
        assert w.notice.isVisible() and reason in w.notice.text()


def test_without_a_transcriber_the_pace_still_comes_from_the_audio(qtbot, make_widget) -> None:
    device = FakeDevice()
    w = make_widget(Recorder(stream_factory=device), UnavailableTranscriber("pocketsphinx is not installed"))
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    silence = np.zeros(SAMPLE_RATE // 2, dtype=np.int16)
    device.streams[0].feed(np.concatenate([silence, sine(1.0), silence, silence, sine(0.5), silence]))
    with qtbot.waitSignal(w.analysed, timeout=10_000) as analysed:
        w.stop_recording()
    report = analysed.args[0]
    assert (
        report["pause_source"] == "energy" and report["transcript_error"] == "pocketsphinx is not installed"
    )
    assert report["talk_time_s"] == pytest.approx(2.5, abs=0.03)
    assert report["longest_pause_s"] == pytest.approx(1.0, abs=0.03)
    assert w.transcript.toPlainText() == "(No transcript: pocketsphinx is not installed.)"
    assert "longest pause 1.0 s" in w.metrics.text()


def test_a_late_analysis_of_a_replaced_take_is_ignored(qtbot, make_widget) -> None:
    gate = threading.Event()
    device, transcriber = FakeDevice(), FakeTranscriber(gate)
    w = make_widget(Recorder(stream_factory=device), transcriber)
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    device.streams[0].feed(sine(0.5))
    w.stop_recording()  # its analysis waits on the gate
    w.start_recording()  # re-record before it finishes
    seen: list[dict] = []
    w.analysed.connect(seen.append)
    gate.set()
    assert wait_for_background()
    QApplication.processEvents()  # deliver the queued result to the GUI thread
    assert transcriber.calls and seen == [] and not w.transcript.isVisible()
    w.shutdown()
    qtbot.waitUntil(lambda: len(seen) == 1)


def test_switching_questions_saves_the_take_and_shows_each_questions_own(
    qtbot, make_widget, tmp_path
) -> None:
    device, playback = FakeDevice(), FakePlayback()
    w = make_widget(Recorder(stream_factory=device), FakeTranscriber(), playback)
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    device.streams[0].feed(sine(1.0))
    with qtbot.waitSignal(w.take_saved) as saved, qtbot.waitSignal(w.analysed, timeout=10_000) as analysed:
        w.set_take("q2", allowed_s=60.0)  # the user moved on while recording
    assert saved.args == [str(tmp_path / "takes" / "q1.wav")]
    first = analysed.args[0]
    assert first["take"] == "q1" and first["path"] == saved.args[0]
    # The analysis arrived after the switch: q2 shows nothing of it.
    assert w.take_name == "q2" and not w.transcript.isVisible() and w.record_btn.isEnabled()
    assert not w.play_btn.isEnabled()
    w.set_take("q1", allowed_s=30.0, report=first)  # back to the first question
    assert w.transcript.toPlainText() == "so um we shard by user" and w.elapsed.text() == "0:01"
    assert w.rerecord_btn.isEnabled() and w.play_btn.isEnabled() and not w.record_btn.isEnabled()
    qtbot.mouseClick(w.play_btn, Qt.MouseButton.LeftButton)
    assert playback.played[0].size == SAMPLE_RATE  # read back from q1.wav


def test_closing_mid_take_still_delivers_its_analysis(qtbot, tmp_path) -> None:
    device, gate = FakeDevice(), threading.Event()
    w = RecorderWidget(
        Recorder(stream_factory=device),
        FakeTranscriber(gate),
        tmp_path,
        take_name="last",
        playback=FakePlayback(),
    )
    w.show()
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    device.streams[0].feed(sine(1.0))
    seen: list[dict] = []
    w.analysed.connect(seen.append)
    w.close_when_done()  # the round ended while recording
    assert not w.isVisible() and (tmp_path / "last.wav").exists()
    assert isValid(w)  # kept until its analysis reports
    gate.set()
    qtbot.waitUntil(lambda: not isValid(w), timeout=10_000)
    assert [r["take"] for r in seen] == ["last"]


class SecondsTranscriber:
    """Says how many seconds of audio it was given, so captions and transcript can be told apart."""

    name = "seconds"

    def __init__(self) -> None:
        self.status = SpeechStatus(True)
        self.sizes: list[int] = []

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        self.sizes.append(samples.size)
        return Transcript(f"heard {samples.size / rate:.0f} s", (), samples.size / rate, "seconds")

    def transcribe_file(self, path: Path) -> Transcript:
        raise NotImplementedError


def test_live_captions_grow_while_recording_and_the_transcript_replaces_them(qtbot, make_widget) -> None:
    device, transcriber = FakeDevice(), SecondsTranscriber()
    w = make_widget(Recorder(stream_factory=device), transcriber)
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    label = w.captions.label
    assert label.isVisible() and "listening" in label.text()
    speech = np.concatenate([sine(5.8), np.zeros(SAMPLE_RATE // 5, dtype=np.int16)])  # 6 s, quiet at the end
    device.streams[0].feed(speech)
    qtbot.waitUntil(lambda: label.text() == "heard 6 s", timeout=5_000)
    device.streams[0].feed(speech)
    qtbot.waitUntil(lambda: label.text() == "heard 6 s heard 6 s", timeout=5_000)
    assert transcriber.sizes[0] + transcriber.sizes[1] <= 12 * SAMPLE_RATE  # each chunk sent once
    with qtbot.waitSignal(w.analysed, timeout=10_000):
        w.stop_recording()
    assert not label.isVisible()
    assert w.transcript.isVisible() and w.transcript.toPlainText() == "heard 12 s"
    assert transcriber.sizes[-1] == 12 * SAMPLE_RATE


def test_live_captions_say_why_when_there_is_no_recogniser(qtbot, make_widget) -> None:
    device = FakeDevice()
    w = make_widget(Recorder(stream_factory=device), UnavailableTranscriber("pocketsphinx is not installed"))
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    device.streams[0].feed(sine(6.0))
    qtbot.wait(300)  # a few refresh ticks: nothing is sent to a recogniser that is not there
    assert w.captions.label.isVisible()
    assert w.captions.label.text() == "Live captions are unavailable: pocketsphinx is not installed."
    with qtbot.waitSignal(w.analysed, timeout=10_000):
        w.stop_recording()
    assert not w.captions.label.isVisible()


def test_no_input_device_is_a_notice_and_no_captions(qtbot, make_widget) -> None:
    rec = Recorder(stream_factory=FakeDevice(), probe=lambda: (False, "no audio input device was found"))
    w = make_widget(rec, SecondsTranscriber())
    qtbot.waitUntil(w.notice.isVisible)
    assert "Recording is unavailable: no audio input device was found" in w.notice.text()
    w.toggle_recording()  # the shortcut's action: nothing happens, nothing raises
    assert not rec.recording and not w.captions.label.isVisible() and not w.record_btn.isEnabled()


#: A real human recording that alsa-utils installs (the Makefile's system packages include it).
HUMAN_WAV = Path("/usr/share/sounds/alsa/Front_Center.wav")


def test_a_real_recording_through_the_widget_and_the_default_recogniser(qtbot, make_widget) -> None:
    """A person saying "front center", fed through a fake input stream at 16 kHz, transcribed by
    the app's own pipeline (analyse_take with the default Whisper transcriber)."""
    from mockint.speech import load_audio, make_transcriber
    from mockint.speech.transcribe import resample

    assert HUMAN_WAV.is_file(), "install alsa-utils (make system-deps): it ships the human speech clip"
    clip = load_audio(HUMAN_WAV)
    device = FakeDevice()
    w = make_widget(Recorder(stream_factory=device), make_transcriber(), allowed_s=30.0)
    qtbot.waitUntil(w.record_btn.isEnabled)
    w.start_recording()
    device.streams[0].feed(resample(clip.samples, clip.rate))
    with qtbot.waitSignal(w.analysed, timeout=60_000) as analysed:
        w.stop_recording()
    report = analysed.args[0]
    assert report["backend"] == "faster-whisper" and report["transcript_error"] == ""
    assert report["transcript"].lower().strip(" .") == "front center"
    assert [t["word"].lower().strip(".,") for t in report["word_timings"]] == ["front", "center"]
    assert 0 < report["talk_time_s"] <= report["duration_s"] == pytest.approx(clip.duration_s, abs=0.01)
    assert report["words"] == 2 and report["words_per_minute"] > 0
    assert w.transcript.toPlainText() == report["transcript"]
