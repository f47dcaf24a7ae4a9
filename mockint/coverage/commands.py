"""The ``mockint coverage QUESTION_ID ANSWER [--json]`` verb: which key points an answer covers.

    mockint coverage theory.precision-recall-f1 answer.txt          one line per key point
    mockint coverage theory.precision-recall-f1 answer.wav --json   JSON (keys below; stable)

``ANSWER`` is a text file (UTF-8: transcript and/or notes) or an audio file (.wav, .flac, .ogg),
which is transcribed first with the speech package's recogniser. JSON: ``question``,
``key_points`` (one entry per key point in the question's order, design phases after the
question's own points: ``index`` 1-based within its phase, ``phase``, ``text``, ``score`` 0-1,
``covered`` the suggestion), ``method`` ("embedding+overlap" or "overlap"), ``notice`` (why the
model is not used, or ""), ``transcript`` (only for audio), and ``star`` for behavioral
questions. Exit status: 0 on success, 2 when the question or file cannot be read or audio cannot
be transcribed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add the ``coverage`` verb to ``subparsers`` (from ``add_subparsers``); returns its parser."""
    p = subparsers.add_parser(
        "coverage", parents=list(parents), help="score which key points of a question an answer covers"
    )
    p.add_argument("question_id", help="bank question id, e.g. theory.precision-recall-f1")
    p.add_argument("answer", type=Path, help="answer as a text file, or a recording (.wav/.flac/.ogg)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--overlap-only", action="store_true", help="do not load the embedding model")
    return p


def _transcribe(path: Path) -> str:
    from mockint.speech.commands import WHISPER_ENV
    from mockint.speech.transcribe import TranscriptionError, make_transcriber

    env = os.environ.get(WHISPER_ENV)
    transcriber = make_transcriber(whisper_model_dir=Path(env) if env else None)
    if not transcriber.status.available:
        raise RuntimeError(transcriber.status.reason)
    try:
        return transcriber.transcribe_file(path).text
    except TranscriptionError as exc:
        raise RuntimeError(str(exc)) from exc


def coverage_report(question: Any, text: str, overlap_only: bool = False) -> dict[str, Any]:
    """The JSON report of ``mockint coverage`` for ``question`` and answer ``text`` (no transcript key)."""
    from mockint.coverage import get_embedder, score_key_points, star_report

    embedder, status = (None, None) if overlap_only else get_embedder()
    scores = score_key_points(question, text, embedder)
    report: dict[str, Any] = {
        "question": question.id,
        "method": "embedding+overlap" if embedder is not None else "overlap",
        "notice": "" if (embedder is not None or status is None) else status.reason,
        "key_points": [
            {"index": s.index, "phase": s.phase, "text": s.text, "score": s.score, "covered": s.covered}
            for s in scores
        ],
    }
    if question.round_type == "behavioral":
        report["star"] = star_report(text).to_json()
    return report


def run(args: argparse.Namespace, bank: Any) -> int:
    """Score ``args.answer`` against ``args.question_id`` in ``bank``; print; return the exit status."""
    try:
        question = bank.find(args.question_id)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    transcript = None
    try:
        if args.answer.suffix.lower() in AUDIO_SUFFIXES:
            transcript = _transcribe(args.answer)
            text = transcript
        else:
            text = args.answer.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, RuntimeError) as exc:
        print(f"error: {args.answer}: {exc}", file=sys.stderr)
        return 2
    report = coverage_report(question, text, args.overlap_only)
    if transcript is not None:
        report["transcript"] = transcript
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if report["notice"]:
        print(f"note: {report['notice']}")
    if transcript is not None:
        print(f"Transcript: {transcript or '(nothing recognised)'}\n")
    for kp in report["key_points"]:
        mark = "[x]" if kp["covered"] else "[ ]"
        where = f"{kp['phase']} " if kp["phase"] else ""
        print(f"{mark} {where}{kp['index']}. {kp['score']:.2f}  {kp['text']}")
    if "star" in report:
        star = report["star"]
        parts = ", ".join(f"{p['name']} {p['words']}w" for p in star["parts"] if p["present"])
        print(
            f"STAR: {parts or 'none found'}; missing: {', '.join(star['missing']) or 'none'}; "
            f"I share {star['i_share'] if star['i_share'] is not None else '-'}"
        )
    return 0
