"""Filler recall: how many "um"/"uh" the default pipeline (Whisper + gap search) finds.

    .venv/bin/python benchmarks/speech_fillers.py

Whisper leaves hesitations out of its text; :mod:`mockint.speech.fillers` counts voiced holes in
its word timings instead. This measures that on WAVs made here with espeak-ng (the engine pyttsx3
drives), in two styles, on two voices:

* **set off**: each part of the sentence is spoken on its own and joined with short pauses
  (0.15–0.35 s) around the filler, as people usually hesitate ("so … um … I would start");
* **run in**: the whole sentence, filler included, in one breath ("so um I would start").

And on the same sentences without fillers but with the same pauses, for false hesitations.
A found hesitation is a hit when it overlaps a filler's span; recall = hits / fillers,
precision = hits / found. Measured (2026-12-03, 20 fillers per style): set off, Whisper's own text
held 7, the gap search found 3 more (precision 1.00), recall 0.45; run in, recall 0.05; 1 false
hesitation in 16 filler-free takes per style. A pocketsphinx free-form second pass counted about
0.45 of the set-off fillers (counts, not aligned) with 2 false in 16, at about 0.3x real time more:
not used. Synthetic voices are not people: treat the figures as a sketch of what
the method does, not of how it does on a real candidate.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from mockint.speech import load_audio, make_transcriber, speaking_metrics  # noqa: E402
from mockint.speech.transcribe import resample  # noqa: E402

RATE = 16_000
VOICES = ("en-us", "en+f3")
#: "|" marks a hesitation place; the filler said there is in braces.
SENTENCES = [
    "So | {um} | I would start with a simple baseline.",
    "The model | {uh} | overfits because the data set is small.",
    "We could | {um} | cache the features and | {uh} | refresh them every hour.",
    "I think the main risk is | {um} | label noise.",
    "{uh} | the latency budget is about fifty milliseconds.",
    "First I would clarify the requirements | {um} | and the expected traffic.",
    "To be honest | {uh} | we did not measure that at first.",
    "The second option | {um} | is to retrain every night | {uh} | on fresh data.",
]


def _say(text: str, voice: str, tmp: Path) -> np.ndarray:
    out = tmp / "piece.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(out), text], check=True)
    a = load_audio(out)
    return resample(a.samples, a.rate)


def _trim(x: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(x.astype(np.int32)) > 300)
    return x[loud[0] : loud[-1] + 1] if loud.size else x


def build(
    sentence: str, voice: str, tmp: Path, with_fillers: bool, set_off: bool, rng: np.random.Generator
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Audio and the ``(start_s, end_s)`` of each filler in it."""
    parts = [p.strip() for p in sentence.split("|") if p.strip()]
    if not with_fillers:
        parts = [p for p in parts if not p.startswith("{")]
    if not set_off:
        text = " ".join(p.strip("{}") for p in parts)
        if with_fillers:  # the filler's place in a run-in sentence is not known: mark the whole
            return _say(text, voice, tmp), [(0.0, 1e9)] * sum(p.startswith("{") for p in parts)
        return _say(text, voice, tmp), []
    audio: list[np.ndarray] = [np.zeros(int(0.3 * RATE), np.int16)]
    spans = []
    for i, part in enumerate(parts):
        if i:
            audio.append(np.zeros(int(rng.uniform(0.15, 0.35) * RATE), np.int16))
        start = sum(a.size for a in audio) / RATE
        audio.append(_trim(_say(part.strip("{}"), voice, tmp)))
        if part.startswith("{"):
            spans.append((start, start + audio[-1].size / RATE))
    audio.append(np.zeros(int(0.3 * RATE), np.int16))
    return np.concatenate(audio), spans


def main() -> int:
    transcriber = make_transcriber()
    print(f"Filler recall with {transcriber.name} + gap search; espeak-ng voices {', '.join(VOICES)}\n")
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for set_off in (True, False):
            fillers = hits = found = false_on_clean = text_fillers = both = 0
            for voice in VOICES:
                for sentence in SENTENCES:
                    audio, truth = build(sentence, voice, tmp, True, set_off, rng)
                    tr = transcriber.transcribe(audio, RATE)
                    m = speaking_metrics(tr, audio, RATE)
                    in_text = sum(v for k, v in m.filler_counts.items() if k in ("um", "uh"))
                    text_fillers += in_text
                    fillers += len(truth)
                    found += len(m.hesitations)
                    if set_off:
                        gap_hits = sum(any(a < e and b > s for a, b in m.hesitations) for s, e in truth)
                    else:
                        gap_hits = min(len(truth), len(m.hesitations))
                    hits += gap_hits
                    both += min(len(truth), gap_hits + in_text)
                    clean, _ = build(sentence, voice, tmp, False, set_off, rng)
                    false_on_clean += len(
                        speaking_metrics(transcriber.transcribe(clean, RATE), clean, RATE).hesitations
                    )
            style = "set off by pauses" if set_off else "run in (one breath)"
            print(
                f"{style}: {fillers} fillers. Gap search found {found}, {hits} on a filler "
                f"(recall {hits / fillers:.2f}, precision {hits / found if found else float('nan'):.2f}); "
                f"'um'/'uh' in Whisper's text: {text_fillers}; text + gaps: recall {both / fillers:.2f}"
            )
            print(
                f"   same sentences without fillers: {false_on_clean} false hesitations "
                f"in {len(SENTENCES) * len(VOICES)} takes"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
