"""``# %%`` cells of a script (the Spyder / VS Code / Jupytext convention), Qt-free.

A line whose stripped text starts with ``# %%`` (``#%%`` too) begins a new cell; the text
before the first marker is a cell of its own. Lines are numbered from 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"^\s*#\s?%%")


@dataclass(frozen=True)
class Cell:
    """Lines ``start`` to ``end`` (0-based, ``end`` exclusive) and their text, marker included."""

    start: int
    end: int
    code: str


def split_cells(text: str) -> list[Cell]:
    """Every cell of ``text`` in order (one cell when there is no marker); ``[]`` for ``""``."""
    lines = text.split("\n")
    if text == "":
        return []
    starts = [0] + [i for i, line in enumerate(lines) if _MARKER.match(line) and i > 0]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    return [Cell(a, b, "\n".join(lines[a:b])) for a, b in bounds]


def cell_at(text: str, line: int) -> Cell | None:
    """The cell holding 0-based ``line`` (clamped to the text), or ``None`` for empty text."""
    cells = split_cells(text)
    if not cells:
        return None
    line = max(0, min(line, cells[-1].end - 1))
    return next(c for c in cells if c.start <= line < c.end)
