from __future__ import annotations

import shutil
import time
import wave
from pathlib import Path

import pytest

from mockint.speech import QueuedSpeaker, UnavailableSpeaker, make_speaker, synthesize_wav


def test_espeak_speaks_a_prompt_into_a_real_wav(tmp_path: Path) -> None:
    text = "Design a system that ranks the home feed for two hundred million daily users."
    out = synthesize_wav(text, tmp_path / "prompt.wav", rate_wpm=170)
    with wave.open(str(out)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
    # 13 words at 170 words per minute is about 4.6 s; espeak adds short pauses.
    assert 2.5 < seconds < 9.0


def test_queued_speaker_speaks_off_the_calling_thread_and_honours_mute() -> None:
    speaker = QueuedSpeaker()
    try:
        assert speaker.wait_ready().available
        started = time.perf_counter()
        speaker.speak("Five minutes left.")
        assert time.perf_counter() - started < 0.05  # the caller never waits for synthesis
        deadline = time.monotonic() + 10
        while not speaker.spoken and time.monotonic() < deadline:
            time.sleep(0.02)
        assert speaker.spoken == ["Five minutes left."]
        speaker.muted = True
        speaker.speak("This is not said.")
        time.sleep(0.2)
        assert speaker.spoken == ["Five minutes left."]
    finally:
        speaker.close()


def test_no_speech_gives_a_reason_and_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr("mockint.speech.tts.has_audio_output", lambda: True)
    speaker = make_speaker()
    assert isinstance(speaker, UnavailableSpeaker)
    assert not speaker.status.available and "espeak-ng" in speaker.status.reason
    speaker.speak("nothing happens")
    speaker.close()


def test_turned_off_speech_says_so() -> None:
    assert make_speaker(enabled=False).status.reason == "speech is turned off"
