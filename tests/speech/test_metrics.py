from __future__ import annotations

import numpy as np
import pytest

from mockint.speech import Transcript, Word, count_fillers, speaking_metrics, voiced_spans, word_error_rate
from mockint.speech.metrics import take_report

RATE = 16_000


def timed(text: str, starts_ends: list[tuple[float, float]], duration_s: float) -> Transcript:
    words = text.replace(",", "").split()
    assert len(words) == len(starts_ends)
    return Transcript(
        text, tuple(Word(w, s, e) for w, (s, e) in zip(words, starts_ends, strict=True)), duration_s, "test"
    )


def test_metrics_from_word_timings_exact_numbers() -> None:
    # 12 words from 0.5 s to 6.5 s (6 s of talk) with a 1.5 s pause after "think".
    text = "so um I think the the model is like overfitting, you know"
    spans = [
        (0.5, 0.7),
        (0.8, 1.0),
        (1.2, 1.4),
        (1.5, 2.0),
        (3.5, 3.7),
        (3.8, 4.0),
        (4.1, 4.5),
        (4.6, 4.8),
        (4.9, 5.2),
        (5.3, 6.0),
        (6.1, 6.3),
        (6.3, 6.5),
    ]
    m = speaking_metrics(timed(text, spans, duration_s=8.0), allowed_s=60.0)
    assert m.words == 12
    assert m.duration_s == 8.0
    assert m.talk_time_s == pytest.approx(6.0)
    assert m.words_per_minute == pytest.approx(120.0)
    # "so" opens the answer, "um", and "you know"; "is like overfitting" is not a filler.
    assert m.filler_counts == {"um": 1, "you know": 1, "so": 1}
    assert m.fillers == 3
    assert m.fillers_per_100_words == pytest.approx(25.0)
    assert m.longest_pause_s == pytest.approx(1.5)
    assert m.pause_source == "word timings"
    assert m.talk_time_vs_allowed == pytest.approx(0.1)
    d = take_report(timed(text, spans, 8.0), m)
    assert d["words_per_minute"] == 120.0 and d["fillers_per_100_words"] == 25.0
    assert d["backend"] == "test" and d["word_timings"][0] == {
        "word": "so",
        "start": 0.5,
        "end": 0.7,
        "start_s": 0.5,
        "end_s": 0.7,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I would like to add a feature", {}),
        ("we did so that the loss goes down", {}),
        ("Like, I said before", {"like": 1}),
        ("So, the first thing", {"so": 1}),
        ("the data, so, we split it", {"so": 1}),
        ("and uh like the model", {"uh": 1, "like": 1}),
        ("it was like um slow", {"like": 1, "um": 1}),
        ("Umm, basically, actually erm", {"um": 1, "basically": 1, "actually": 1, "er": 1}),
        ("I mean it is sort of slow", {"i mean": 1, "sort of": 1}),
        ("what kind of loss and this sort of model", {}),
        ("it's kind of, you know, kind of noisy", {"kind of": 2, "you know": 1}),
        ("do you know. I mean", {"you know": 1, "i mean": 1}),
        ("you, know", {}),
        ("", {}),
    ],
)
def test_filler_rules(text: str, expected: dict[str, int]) -> None:
    assert count_fillers(text) == expected


def tone(seconds: float, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(round(seconds * RATE))) / RATE
    return amplitude * 32767 * np.sin(2 * np.pi * 440 * t)


def test_energy_detector_finds_speech_and_the_longest_pause() -> None:
    # 30 ms frames: 0.3 s silence, 1.2 s tone, 0.9 s silence, 0.6 s tone, 0.3 s silence.
    rng = np.random.default_rng(0)
    parts = [np.zeros(4_800), tone(1.2), np.zeros(14_400), tone(0.6), np.zeros(4_800)]
    audio = np.concatenate(parts) + rng.normal(0, 30, 52_800)  # noise floor near -61 dBFS
    samples = np.round(audio).astype(np.int16)
    assert voiced_spans(samples, RATE) == [
        (pytest.approx(0.3), pytest.approx(1.5)),
        (pytest.approx(2.4), pytest.approx(3.0)),
    ]
    m = speaking_metrics(
        Transcript("one two three four five six", (), 3.3, "test"), samples, RATE, allowed_s=5.4
    )
    assert m.pause_source == "energy"
    assert m.talk_time_s == pytest.approx(2.7)
    assert m.longest_pause_s == pytest.approx(0.9)
    assert m.words_per_minute == pytest.approx(6 / 2.7 * 60)
    assert m.talk_time_vs_allowed == pytest.approx(0.5)


def test_speech_is_the_union_of_word_timings_and_the_energy_detector() -> None:
    # The recogniser missed the first 1.2 s of speech (pocketsphinx does this on espeak audio),
    # and placed a word at 3.3-3.6 s that is too quiet for the detector.
    samples = np.concatenate([tone(1.2), np.zeros(4_800), tone(0.9), np.zeros(RATE)]).astype(np.int16)
    words = (Word("we", 1.5, 1.8), Word("shard", 1.8, 2.4), Word("it", 3.3, 3.6))
    m = speaking_metrics(Transcript("we shard it", words, 3.6, "test"), samples, RATE)
    assert m.pause_source == "word timings and energy"
    assert m.talk_time_s == pytest.approx(3.6)  # 0.0 (energy) to 3.6 (the last word)
    assert m.longest_pause_s == pytest.approx(0.9)  # 2.4 to 3.3: silent to both
    assert m.words_per_minute == pytest.approx(50.0)


def test_energy_detector_ignores_clicks_and_mostly_silent_takes() -> None:
    samples = np.zeros(RATE * 3, dtype=np.int16)
    samples[16_000:16_480] = 20_000  # one 30 ms click: not speech
    samples[32_160 : 32_160 + 4_800] = tone(0.3).astype(np.int16)  # frames 67-76
    assert voiced_spans(samples, RATE) == [(pytest.approx(2.01), pytest.approx(2.31))]
    assert voiced_spans(np.zeros(RATE, dtype=np.int16), RATE) == []
    assert voiced_spans(np.zeros(100, dtype=np.int16), RATE) == []


def test_without_timings_or_audio_the_whole_take_is_talk_time() -> None:
    m = speaking_metrics(Transcript("we shard by user id", (), 3.0, "test"))
    assert (m.words, m.talk_time_s, m.words_per_minute, m.longest_pause_s, m.pause_source) == (
        5,
        3.0,
        pytest.approx(100.0),
        0.0,
        "none",
    )
    assert m.talk_time_vs_allowed is None


def test_silence_gives_no_rate_rather_than_a_division_by_zero() -> None:
    m = speaking_metrics(Transcript("", (), 2.0, "test"), np.zeros(RATE * 2, dtype=np.int16), RATE)
    assert (m.words, m.talk_time_s, m.words_per_minute, m.fillers_per_100_words) == (0, 0.0, None, 0.0)
    assert m.to_dict()["words_per_minute"] is None


def test_word_error_rate() -> None:
    assert word_error_rate("the cat sat down", "the bat sat") == 0.5  # one substitution, one deletion
    assert word_error_rate("Hello, world!", "hello world") == 0.0
    assert word_error_rate("a b", "a x b y") == 1.0
    with pytest.raises(ValueError):
        word_error_rate("", "anything")
