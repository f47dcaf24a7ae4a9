"""Small wording helpers shared by the GUI and the command line (Qt-free)."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` in the right number: ``plural(1, "round") == "1 round"``,
    ``plural(2, "round") == "2 rounds"``, ``plural(0, "query", "queries") == "0 queries"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def duration(seconds: float | None) -> str:
    """A time used or allowed as ``m:ss``, rounded to the nearest second (half up), sign dropped:
    ``duration(61.5) == "1:02"``, ``duration(None) == "0:00"``. The summary, the history, the
    reports (Markdown, HTML, PDF) all use it, so the same round shows the same time everywhere."""
    total = int(abs(seconds or 0.0) + 0.5)
    return f"{total // 60}:{total % 60:02d}"
