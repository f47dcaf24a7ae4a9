"""``mockint loop --list``: the loop templates as rows of text or JSON.

The JSON shape is stable (fields are added, never renamed): a list, in the order the home screen
shows them (the default template first, then by title), of ``{"id", "title", "description",
"minutes", "break_minutes", "total_minutes", "source_file", "focus", "rounds"}`` where minutes are the sum
of the rounds' allowed time, ``break_minutes`` the breaks between them and ``rounds`` a list of
``{"type", "title", "minutes", "questions", "difficulties", "topics", "stop", "break_minutes"}``;
``focus`` is the template's domain track id ('' = none).
"""

from __future__ import annotations

import json
from typing import Any

from mockint.bank.model import Bank, LoopTemplate


def template_view(t: LoopTemplate) -> dict[str, Any]:
    """One template as plain data (minutes are floats, in minutes)."""
    rounds = [
        {
            "type": r.round_type,
            "title": r.title,
            "minutes": r.minutes,
            "questions": r.questions,
            "difficulties": list(r.difficulties),
            "topics": list(r.topics),
            "stop": r.stop,
            "break_minutes": r.break_minutes,
        }
        for r in t.rounds
    ]
    return {
        "id": t.id,
        "title": t.title,
        "description": t.description,
        "minutes": sum(r.minutes for r in t.rounds),
        "break_minutes": sum(r.break_minutes for r in t.rounds),
        "total_minutes": t.total_minutes,
        "source_file": t.source_file,
        "focus": t.focus,
        "rounds": rounds,
    }


def ordered(bank: Bank, default_id: str) -> list[LoopTemplate]:
    """The templates with ``default_id`` first, then by title (as the home screen lists them)."""
    return sorted(bank.loops.values(), key=lambda t: (t.id != default_id, t.title.lower()))


def _hours(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def print_templates(bank: Bank, default_id: str, as_json: bool) -> int:
    """Print the templates (text or JSON); returns the exit code (0)."""
    templates = ordered(bank, default_id)
    if as_json:
        print(json.dumps([template_view(t) for t in templates], indent=2, ensure_ascii=False))
        return 0
    for t in templates:
        mark = "  (default)" if t.id == default_id else ""
        breaks = " with breaks" if any(r.break_minutes for r in t.rounds) else ""
        print(f"{t.id}: {t.title}, {_hours(t.total_minutes)}{breaks}{mark}")
        for r in t.rounds:
            count = f", {r.questions} questions" if r.questions != 1 else ""
            level = f", {'/'.join(r.difficulties)}" if r.difficulties else ""
            print(f"    {r.minutes:g} min  {r.title or r.round_type} [{r.round_type}{count}{level}]")
    return 0
