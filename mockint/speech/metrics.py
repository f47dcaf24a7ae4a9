"""Speaking metrics for one spoken answer, from its transcript and its audio (no Qt).

Definitions (all times in seconds):

* **words**: word tokens in the transcript text (letters, digits and apostrophes; a hyphenated
  word is one token). Fillers count as words.
* **speech**: the union of the recognised words' time spans (when the transcriber gives timings)
  and the voiced runs of the energy detector below (when the audio is given). Both are used
  because each misses speech the other finds: on espeak audio pocketsphinx labelled the first
  1.25 s of a sentence as silence while the detector heard it, and a quiet word can fall under the
  detector's threshold while the recogniser still finds it. Without either, the whole take counts.
* **talk time**: from the start of the first speech to the end of the last, i.e. the take minus
  its leading and trailing silence. Pauses *inside* the answer count as talk time: it is the time
  the candidate held the floor.
* **words per minute**: ``words / (talk time / 60)``; ``None`` when there is no talk time.
  Conversational English runs at about 120–160 words per minute.
* **fillers per 100 words**: ``100 × fillers / words`` (0 when there are no words), with fillers
  counted by :func:`count_fillers`. For a backend that leaves "um"/"uh" out of its text (Whisper),
  hesitations found in the gaps between its words (:mod:`mockint.speech.fillers`) are added as
  ``um/uh`` and count as words too; ``hesitations_from_gaps`` says how many.
* **longest pause**: the longest gap between two consecutive stretches of speech, so a pause is
  time in which neither the recogniser placed a word nor the detector heard a voice; silence
  before the first and after the last speech is not a pause. 0 when there is at most one stretch.
* **talk time vs allowed**: ``talk time / the question's allowed time`` (1.0 = used it all).

The energy-based voice-activity detector (:func:`voiced_spans`) cuts the audio into 30 ms frames
and measures each frame's RMS level in dBFS. A frame is voiced when its level is at least
``max(median − 15 dB, 10th percentile + 10 dB)``. The median alone works when most of the take is
speech (silence sits far below it); when most of the take is silence the median *is* the noise
floor, so the second term keeps the threshold above the noise. Voiced runs shorter than 90 ms
(three frames) are dropped as clicks. A perfectly steady signal has no frame above its own floor
and reads as silence: real speech always varies by far more than 10 dB.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mockint.speech.fillers import DROPS_FILLERS, GAP_FILLER, hesitation_spans
from mockint.speech.recorder import FULL_SCALE, SAMPLE_RATE, SILENCE_DBFS
from mockint.speech.transcribe import Transcriber, Transcript

#: Every filler counted, in the order reported. Multi-word fillers count once per occurrence.
FILLERS: tuple[str, ...] = (
    "um",
    "uh",
    "er",
    "like",
    "you know",
    "basically",
    "actually",
    "so",
    "i mean",
    "kind of",
    "sort of",
)
#: Spellings folded into a filler ("umm" is counted as "um").
FILLER_SPELLINGS: dict[str, str] = {"umm": "um", "uhm": "um", "uhh": "uh", "erm": "er"}
#: "like" and "so" are ordinary words far more often than fillers; see :func:`count_fillers`.
STANDALONE_ONLY: frozenset[str] = frozenset({"like", "so"})
#: Hesitation sounds: a "like" or "so" next to one of these counts as a filler.
HESITATIONS: frozenset[str] = frozenset({"um", "uh", "er"})
#: "kind of" / "sort of" after one of these words is a noun phrase ("what kind of loss").
DETERMINERS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "any",
        "some",
        "every",
        "each",
        "one",
        "same",
        "other",
        "another",
        "no",
        "my",
        "your",
        "our",
        "their",
        "its",
        "his",
        "her",
    }
)

#: Frame length of the voice-activity detector.
FRAME_S = 0.030
#: Voiced when at least this far below the median level ...
BELOW_MEDIAN_DB = 15.0
#: ... and at least this far above the 10th-percentile level (the noise floor).
ABOVE_FLOOR_DB = 10.0
#: Voiced runs shorter than this many frames are clicks, not speech.
MIN_VOICED_FRAMES = 3

_TOKEN = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*|[.,;:!?…—–]")


@dataclass(frozen=True)
class _Token:
    word: str
    boundary_before: bool  # start of text, or punctuation right before
    boundary_after: bool  # end of text, or punctuation right after


def _tokens(text: str) -> list[_Token]:
    raw = _TOKEN.findall(text.lower().replace("’", "'"))
    out: list[_Token] = []
    for i, tok in enumerate(raw):
        if not (tok[0].isalnum() or tok[0] == "'"):
            continue
        before = i == 0 or not (raw[i - 1][0].isalnum() or raw[i - 1][0] == "'")
        after = i == len(raw) - 1 or not (raw[i + 1][0].isalnum() or raw[i + 1][0] == "'")
        out.append(_Token(FILLER_SPELLINGS.get(tok, tok), before, after))
    return out


def word_tokens(text: str) -> list[str]:
    """The transcript's words, lower-cased, punctuation dropped (what **words** counts)."""
    return [t.word for t in _tokens(text)]


def count_fillers(text: str) -> dict[str, int]:
    """Fillers in ``text`` by filler, in :data:`FILLERS` order, zero counts left out.

    Rules, kept simple so a person can check them by eye:

    * "um", "uh", "er" (and "umm", "uhm", "uhh", "erm"), "basically", "actually" always count.
    * "you know", "i mean" count whenever the two words are adjacent with no punctuation between.
    * "kind of", "sort of" count unless the word before is a determiner or possessive
      ("a kind of", "what sort of", "this kind of"): those name a kind of thing.
    * "like" and "so" count only when standalone: the first word of the text, or of a sentence
      or clause (right after ``. , ; : ! ? … —``), or followed by punctuation, or next to "um",
      "uh" or "er". So "so, um, I would" counts "so" and "um", while "I would like to" and
      "so that the loss" count nothing. Unpunctuated transcripts (pocketsphinx) therefore only
      count a leading "so"/"like" or one beside a hesitation: the rule undercounts, never guesses.
    """
    toks = _tokens(text)
    counts: Counter[str] = Counter()
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and not t.boundary_after:
            pair = f"{t.word} {nxt.word}"
            if pair in ("you know", "i mean"):
                counts[pair] += 1
                i += 2
                continue
            if pair in ("kind of", "sort of"):
                prev = toks[i - 1] if i > 0 else None
                if prev is None or t.boundary_before or prev.word not in DETERMINERS:
                    counts[pair] += 1
                    i += 2
                    continue
        if t.word in HESITATIONS or t.word in ("basically", "actually"):
            counts[t.word] += 1
        elif t.word in STANDALONE_ONLY:
            prev = toks[i - 1] if i > 0 else None
            beside_hesitation = (prev is not None and prev.word in HESITATIONS) or (
                nxt is not None and nxt.word in HESITATIONS
            )
            if t.boundary_before or t.boundary_after or beside_hesitation:
                counts[t.word] += 1
        i += 1
    return {f: counts[f] for f in FILLERS if counts[f]}


def voiced_spans(
    samples: np.ndarray, rate: int = SAMPLE_RATE, frame_s: float = FRAME_S
) -> list[tuple[float, float]]:
    """Stretches of speech found by the energy detector (see the module docstring), as
    ``(start_s, end_s)`` pairs in order. An incomplete last frame is ignored."""
    frame = max(1, int(round(rate * frame_s)))
    n = samples.size // frame
    if n == 0:
        return []
    frames = samples[: n * frame].astype(np.float64).reshape(n, frame)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    with np.errstate(divide="ignore"):
        levels = np.maximum(20.0 * np.log10(rms / FULL_SCALE), SILENCE_DBFS)  # as rms_dbfs, per frame
    threshold = max(
        float(np.median(levels)) - BELOW_MEDIAN_DB, float(np.percentile(levels, 10)) + ABOVE_FLOOR_DB
    )
    voiced = levels >= threshold
    spans: list[tuple[float, float]] = []
    i = 0
    while i < n:
        if not voiced[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and voiced[j + 1]:
            j += 1
        if j - i + 1 >= MIN_VOICED_FRAMES:
            spans.append((i * frame / rate, (j + 1) * frame / rate))
        i = j + 1
    return spans


def merge_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of ``(start_s, end_s)`` spans as sorted, non-overlapping spans."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _longest_gap(spans: list[tuple[float, float]]) -> float:
    gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
    return max([0.0, *gaps])


@dataclass(frozen=True)
class SpeakingMetrics:
    """The metrics of one take; each is defined in this module's docstring."""

    words: int
    duration_s: float
    talk_time_s: float
    words_per_minute: float | None
    fillers_per_100_words: float
    filler_counts: dict[str, int] = field(default_factory=dict)
    longest_pause_s: float = 0.0
    #: Where speech and pauses came from: "word timings and energy", "word timings", "energy",
    #: or "none" (the whole take counted as talk time).
    pause_source: str = "none"
    allowed_s: float | None = None
    talk_time_vs_allowed: float | None = None
    #: ``(start_s, end_s)`` of hesitations found between the recogniser's words (see
    #: :mod:`mockint.speech.fillers`); counted in ``filler_counts`` as "um/uh".
    hesitations: tuple[tuple[float, float], ...] = ()

    @property
    def fillers(self) -> int:
        return sum(self.filler_counts.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (seconds to 3 decimals, rates to 2)."""
        return {
            "words": self.words,
            "duration_s": round(self.duration_s, 3),
            "talk_time_s": round(self.talk_time_s, 3),
            "words_per_minute": None if self.words_per_minute is None else round(self.words_per_minute, 2),
            "fillers_per_100_words": round(self.fillers_per_100_words, 2),
            "filler_counts": dict(self.filler_counts),
            "longest_pause_s": round(self.longest_pause_s, 3),
            "pause_source": self.pause_source,
            "allowed_s": self.allowed_s,
            "talk_time_vs_allowed": (
                None if self.talk_time_vs_allowed is None else round(self.talk_time_vs_allowed, 3)
            ),
            "hesitations_from_gaps": len(self.hesitations),
            "hesitation_spans": [[round(a, 3), round(b, 3)] for a, b in self.hesitations],
        }


def speaking_metrics(
    transcript: Transcript,
    samples: np.ndarray | None = None,
    rate: int = SAMPLE_RATE,
    allowed_s: float | None = None,
) -> SpeakingMetrics:
    """Metrics of one take from its transcript and (optionally) its int16 mono samples.

    Speech is the union of ``transcript.words`` timings and :func:`voiced_spans` of ``samples``
    (whichever are present); with neither, the whole ``transcript.duration_s`` is talk time.
    ``allowed_s`` is the question's allowed time; without it ``talk_time_vs_allowed`` is None.
    """
    words = word_tokens(transcript.text)
    duration = transcript.duration_s
    audio = samples if samples is not None and samples.size > 0 and rate > 0 else None
    if audio is not None:
        duration = duration or audio.size / rate
    spans = [(w.start_s, w.end_s) for w in transcript.words]
    voiced = voiced_spans(audio, rate) if audio is not None else []
    spans += voiced
    sources = [
        name
        for name, used in (("word timings", bool(transcript.words)), ("energy", audio is not None))
        if used
    ]
    source = " and ".join(sources) or "none"
    if source == "none":
        spans = [(0.0, duration)] if duration > 0 else []
    spans = merge_spans(spans)
    talk = spans[-1][1] - spans[0][0] if spans else 0.0
    fillers = count_fillers(transcript.text)
    hesitations: list[tuple[float, float]] = []
    if transcript.backend in DROPS_FILLERS and voiced:
        hesitations = hesitation_spans(transcript.words, voiced)
        if hesitations:
            fillers = {GAP_FILLER: len(hesitations), **fillers}
    words += [GAP_FILLER] * len(hesitations)
    n_fillers = sum(fillers.values())
    return SpeakingMetrics(
        words=len(words),
        duration_s=duration,
        talk_time_s=talk,
        words_per_minute=len(words) / (talk / 60.0) if talk > 0 else None,
        fillers_per_100_words=100.0 * n_fillers / len(words) if words else 0.0,
        filler_counts=fillers,
        longest_pause_s=_longest_gap(spans) if source != "none" else 0.0,
        pause_source=source,
        allowed_s=allowed_s,
        talk_time_vs_allowed=talk / allowed_s if allowed_s else None,
        hesitations=tuple(hesitations),
    )


def take_report(transcript: Transcript, metrics: SpeakingMetrics) -> dict[str, Any]:
    """One take as a JSON-ready dict: ``transcript``, ``backend``, ``word_timings`` and the
    metrics of :meth:`SpeakingMetrics.to_dict` (the shape of ``mockint transcribe --json``)."""
    return {
        "transcript": transcript.text,
        **metrics.to_dict(),
        "backend": transcript.backend,
        "word_timings": [w.to_dict() for w in transcript.words],
    }


def analyse_take(
    transcriber: Transcriber, samples: np.ndarray, rate: int, allowed_s: float | None
) -> dict[str, Any]:
    """Transcribe (when ``transcriber`` works) and measure one take: :func:`take_report` plus
    ``transcript_error`` ('' normally; else why there is no text, in which case talk time and
    pauses still come from the energy detector). CPU-bound: run it off the GUI thread.
    Raises :class:`~mockint.speech.transcribe.TranscriptionError` when decoding fails."""
    error = ""
    if transcriber.status.available:
        transcript = transcriber.transcribe(samples, rate)
    else:
        error = transcriber.status.reason
        transcript = Transcript("", (), samples.size / rate, "none")
    report = take_report(transcript, speaking_metrics(transcript, samples, rate, allowed_s))
    report["transcript_error"] = error
    return report


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, on :func:`word_tokens`.

    The usual ASR measure; can exceed 1 when the hypothesis adds many words. Raises
    ``ValueError`` for an empty reference.
    """
    ref, hyp = word_tokens(reference), word_tokens(hypothesis)
    if not ref:
        raise ValueError("the reference has no words")
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(ref)
