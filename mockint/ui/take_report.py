"""How a recorded take's analysis reads on screen: its speaking metrics in one line, its transcript.

``report`` is what :func:`mockint.speech.metrics.analyse_take` returns (``words``,
``words_per_minute``, ``filler_counts``, ``fillers_per_100_words``, ``longest_pause_s``,
``talk_time_s``, ``allowed_s``, ``talk_time_vs_allowed``, ``transcript``, ``transcript_error``).
"""

from __future__ import annotations

from typing import Any


def clock_text(seconds: float) -> str:
    """Whole seconds as ``m:ss``."""
    m, s = divmod(int(seconds), 60)
    return f"{m}:{s:02d}"


def describe(report: dict[str, Any]) -> str:
    """One line of metrics for people, e.g. '142 words/min · 3.1 fillers per 100 words (um 2) · …'."""
    parts = []
    wpm = report.get("words_per_minute")
    if report.get("words"):
        parts.append(f"{wpm:.0f} words/min" if wpm is not None else "no speech found")
        counts = ", ".join(f"{k} {v}" for k, v in report["filler_counts"].items())
        parts.append(
            f"{report['fillers_per_100_words']:.1f} fillers per 100 words"
            + (f" ({counts})" if counts else "")
        )
    parts.append(f"longest pause {report['longest_pause_s']:.1f} s")
    talk = f"talked {clock_text(report['talk_time_s'])}"
    if report.get("talk_time_vs_allowed") is not None:
        talk += f" of {clock_text(report['allowed_s'])} allowed ({report['talk_time_vs_allowed']:.0%})"
    parts.append(talk)
    return " · ".join(parts)


def transcript_text(report: dict[str, Any]) -> str:
    """The transcript, or why there is none (no recogniser, or nothing was recognised)."""
    if report.get("transcript_error"):
        return f"(No transcript: {report['transcript_error']}.)"
    return report.get("transcript") or "(Nothing was recognised.)"
