"""The ``mockint transcribe AUDIO [--json]`` verb: transcript and speaking metrics of a recording.

    mockint transcribe answer.wav            transcript, pace, fillers, longest pause
    mockint transcribe answer.wav --json     the same as JSON (keys below; stable for scripts)

JSON keys: ``transcript``, ``words`` (each recognised word as ``{word, start, end}``, seconds from
the start of the file), ``word_count``, ``duration_s``, ``talk_time_s``, ``words_per_minute``,
``fillers_per_100_words``, ``filler_counts``, ``longest_pause_s``, ``backend``, and also
``pause_source``, ``allowed_s``, ``talk_time_vs_allowed``, ``word_timings`` (a list of
``{word, start, end, start_s, end_s}``, seconds), ``hesitations_from_gaps`` and
``hesitation_spans`` (``[start, end]`` of each "um"/"uh" found between Whisper's words; counted
in ``filler_counts`` as ``um/uh``). ``word_count`` counts the recognised words plus the "um"/"uh"
estimated from gaps (the count words per minute uses); a saved take's report keeps that count under
``words`` (docs/export-format.md). Exit status: 0 on success, 2
when the file cannot be read or no recogniser is available.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Environment variable naming a CTranslate2 Whisper model folder (used only if it exists).
WHISPER_ENV = "MOCKINT_WHISPER_MODEL"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add the ``transcribe`` verb to ``subparsers`` (from ``add_subparsers``); returns its parser."""
    p = subparsers.add_parser(
        "transcribe",
        parents=list(parents),
        help="transcribe a recording and measure pace, fillers and pauses",
    )
    p.add_argument("audio", type=Path, help="audio file (WAV; FLAC or OGG too with soundfile)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--allowed-s",
        type=float,
        default=None,
        metavar="SECONDS",
        help="the question's allowed time, to report talk time against it",
    )
    p.add_argument(
        "--whisper-model",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"a local faster-whisper model folder (default: ${WHISPER_ENV}); never downloaded",
    )
    return p


def _minutes(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


def format_report(report: dict[str, Any]) -> str:
    """The text output of ``mockint transcribe`` for one :func:`~mockint.speech.metrics.take_report`."""
    wpm = report["words_per_minute"]
    lines = [f"Transcript ({report['backend']}):", f"  {report['transcript'] or '(nothing recognised)'}", ""]
    pace = f"{wpm:.0f} words per minute" if wpm is not None else "no speech found"
    lines.append(
        f"Words: {report['words']} · talk time {_minutes(report['talk_time_s'])} of "
        f"{_minutes(report['duration_s'])} recorded · {pace}"
    )
    if report.get("talk_time_vs_allowed") is not None:
        lines.append(
            f"Talk time vs allowed: {report['talk_time_vs_allowed']:.0%} of {_minutes(report['allowed_s'])}"
        )
    counts = ", ".join(f"{k} {v}" for k, v in report["filler_counts"].items())
    lines.append(
        f"Fillers: {report['fillers_per_100_words']:.1f} per 100 words" + (f" ({counts})" if counts else "")
    )
    lines.append(f"Longest pause: {report['longest_pause_s']:.1f} s (from {report['pause_source']})")
    return "\n".join(lines)


def cli_json(report: dict[str, Any]) -> dict[str, Any]:
    """The ``--json`` output of a take's report: ``words`` becomes the timed words (``{word, start,
    end}``, as the command line documents) and the count moves to ``word_count``."""
    timed = [
        {"word": w["word"], "start": w["start"], "end": w["end"]} for w in report.get("word_timings") or []
    ]
    return {**report, "words": timed, "word_count": report["words"]}


def run(args: argparse.Namespace) -> int:
    """Transcribe ``args.audio`` and print the transcript and metrics; returns the exit status."""
    from mockint.speech.metrics import analyse_take
    from mockint.speech.transcribe import TranscriptionError, load_audio, make_transcriber

    model = args.whisper_model or (Path(os.environ[WHISPER_ENV]) if os.environ.get(WHISPER_ENV) else None)
    transcriber = make_transcriber(whisper_model_dir=model)
    if not transcriber.status.available:
        print(f"error: {transcriber.status.reason}", file=sys.stderr)
        return 2
    try:
        audio = load_audio(args.audio)
        report = analyse_take(transcriber, audio.samples, audio.rate, args.allowed_s)
    except TranscriptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report.pop("transcript_error")  # always '' here: an unavailable transcriber exited above
    if args.json:
        json.dump(cli_json(report), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_report(report))
    return 0
