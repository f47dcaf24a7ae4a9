"""Speech timings: prompt to first audio, transcription speed, and word error rate on espeak audio.

    .venv/bin/python benchmarks/speech.py          (RUNS=5 by default)

1. **Prompt to first audio.** pyttsx3's ``say()`` hands the text to espeak-ng, which plays it
   through a sound card; a machine without one cannot observe the first sound. Proxies, stated as
   such: (a) ``pyttsx3.init()`` (paid once, on the speech thread), (b) spawning ``espeak-ng
   --stdout`` until its first audio bytes after the WAV header arrive (the time before espeak
   could start playing), (c) ``synthesize_wav`` of the whole prompt (espeak-ng to a WAV file).
   Target: (b) ≤ 150 ms, so a spoken prompt starts well within a breath of the page showing.
2. **Transcription real-time factor** of pocketsphinx (free-form, bundled en-us model): decode
   time / audio length on about 30 s of espeak speech, model load excluded (reported apart).
   Target: ≤ 0.5, so a 3-minute answer is transcribed within 90 s of pressing Stop.
3. **Word error rate** on espeak voices, free-form and with a grammar of the expected sentences.
   No target: espeak is far from the human speech the model was trained on, so this says little
   about real answers; it is printed so nobody mistakes the free-form transcript for verbatim.

Timings are medians of RUNS runs; the load average is printed because other processes on a
2-core machine move these numbers a lot.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from mockint.speech import (  # noqa: E402
    DEFAULT_RATE_WPM,
    PocketsphinxTranscriber,
    load_audio,
    synthesize_wav,
    word_error_rate,
)
from mockint.speech.transcribe import resample  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))

#: A prompt of 36 words, about the length PLATFORM-NOTES.md measured pyttsx3 with (34).
PROMPT = ("Design a system that ranks the home feed for two hundred million daily users. Start with "
          "the requirements, then the data, the model, how you would serve it, and how you would "
          "know that it works.")

#: Interview-style sentences whose words are all in the pocketsphinx en-us dictionary.
SENTENCES = [
    "Tell me about a time you disagreed with your manager about a model launch.",
    "I would start with a simple baseline and then measure the error on a held out set.",
    "The model is too complex so we need more data and a smaller network.",
    "First I would clarify the requirements and the expected traffic.",
    "Gradient descent updates the weights in the direction that reduces the loss.",
    "We can cache the features for each user and refresh them every hour.",
    "The main risk is that the labels are noisy and the classes are not balanced.",
    "To serve the model we would put it behind a service with a latency budget.",
]


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def first_audio_s(exe: str, text: str) -> float:
    """Seconds from spawning espeak-ng --stdout to its first audio bytes past the 44-byte header."""
    start = time.perf_counter()
    proc = subprocess.Popen([exe, "-s", str(DEFAULT_RATE_WPM), "--stdout", text],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    got = 0
    while got <= 44:
        chunk = proc.stdout.read1(4096)
        if not chunk:
            break
        got += len(chunk)
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    return elapsed


def bench_first_audio(tmp: Path) -> None:
    print("1. Prompt to first audio (proxies; no sound card to hear the first sound)")
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        print("   espeak-ng is not installed: skipped")
        return
    init_s = []
    code = ("import time; t = time.perf_counter(); import pyttsx3; e = pyttsx3.init(); "
            "print(time.perf_counter() - t)")
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"   pyttsx3 unavailable ({out.stderr.strip().splitlines()[-1:]})")
            break
        init_s.append(float(out.stdout.strip().splitlines()[-1]))
    if init_s:
        print(f"   import pyttsx3 + pyttsx3.init() in a fresh process: {median_ms(init_s)}")
    first = [first_audio_s(exe, PROMPT) for _ in range(RUNS)]
    whole = []
    for i in range(RUNS):
        t = time.perf_counter()
        synthesize_wav(PROMPT, tmp / f"prompt{i}.wav")
        whole.append(time.perf_counter() - t)
    seconds = load_audio(tmp / "prompt0.wav").duration_s
    ok = "meets" if statistics.median(first) <= 0.150 else "MISSES"
    print(f"   espeak-ng spawn to first audio bytes ({len(PROMPT.split())}-word prompt): "
          f"{median_ms(first)}  (target <= 150 ms: {ok})")
    print(f"   synthesize_wav, whole prompt ({seconds:.1f} s of speech) to a WAV file: {median_ms(whole)}")


def bench_transcription(tmp: Path) -> None:
    print("\n2. Transcription real-time factor (pocketsphinx, free-form, en-us)")
    clips = [load_audio(synthesize_wav(s, tmp / f"s{i}.wav")) for i, s in enumerate(SENTENCES)]
    gap = np.zeros(int(0.6 * clips[0].rate), dtype=np.int16)
    joined = np.concatenate([part for c in clips for part in (c.samples, gap)])
    audio = resample(joined, clips[0].rate)
    audio_s = audio.size / 16_000
    t = time.perf_counter()
    ps = PocketsphinxTranscriber()
    ps.warm_up()
    load_s = time.perf_counter() - t
    rtf, cpu_rtf = [], []
    for _ in range(max(1, RUNS // 2)):
        t, c = time.perf_counter(), time.process_time()
        ps.transcribe(audio, 16_000)
        rtf.append((time.perf_counter() - t) / audio_s)
        cpu_rtf.append((time.process_time() - c) / audio_s)
    ok = "meets" if statistics.median(rtf) <= 0.5 else "MISSES"
    print(f"   model load: {load_s:.2f} s; {audio_s:.1f} s of speech decoded at "
          f"{statistics.median(rtf):.2f}x real time by the wall clock (min {min(rtf):.2f}x)  "
          f"(target <= 0.5x: {ok})")
    print(f"   CPU time of the decode: {statistics.median(cpu_rtf):.2f}x real time "
          "(one core; what an idle machine's wall clock would show)")

    print("\n3. Word error rate on espeak-ng voices (pooled over the sentences)")
    grammar = PocketsphinxTranscriber(grammar=SENTENCES)
    errors = {"free-form": 0.0, "grammar of the 8 sentences": 0.0}
    n_words = 0
    for sentence, clip in zip(SENTENCES, clips, strict=True):
        n = len(sentence.split())
        n_words += n
        errors["free-form"] += word_error_rate(sentence, ps.transcribe(clip.samples, clip.rate).text) * n
        errors["grammar of the 8 sentences"] += word_error_rate(
            sentence, grammar.transcribe(clip.samples, clip.rate).text) * n
    for name, e in errors.items():
        print(f"   {name}: WER {e / n_words:.2f} over {n_words} words")


def main() -> int:
    cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Speech benchmarks: {cores} cores, load average {load:.2f} at start, RUNS={RUNS}\n")
    with tempfile.TemporaryDirectory() as tmp:
        bench_first_audio(Path(tmp))
        bench_transcription(Path(tmp))
    if hasattr(os, "getloadavg"):
        print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
