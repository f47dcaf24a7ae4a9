"""Small wording helpers shared by the GUI and the command line (Qt-free)."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` in the right number: ``plural(1, "round") == "1 round"``,
    ``plural(2, "round") == "2 rounds"``, ``plural(0, "query", "queries") == "0 queries"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
