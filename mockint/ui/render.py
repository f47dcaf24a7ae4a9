"""Markdown for what the candidate sees: problems, questions, phases. No widgets here."""

from __future__ import annotations

import json
from typing import Any

from mockint.bank import Question


def _literal(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def problem_markdown(q: Question) -> str:
    """A coding problem's statement with its examples (the sample tests) and constraints."""
    parts = [f"## {q.title}", f"*{q.difficulty} · {', '.join(q.topics)} · about {q.minutes:g} min*",
             q.prompt.strip()]
    for i, t in enumerate(q.sample_tests, 1):
        args = ", ".join(_literal(a) for a in t.args) if t.args is not None else t.args_py
        # Inline code (not a code block) so long inputs wrap instead of scrolling sideways.
        example = f"**Example {i}:** `{q.entry_point}({args})`"
        if t.has_expected:
            example += f"  \n→ `{_literal(t.expected)}`"
        parts.append(example)
    if q.constraints:
        parts.append("**Constraints**\n\n" + "\n".join(f"- {c}" for c in q.constraints))
    parts.append(f"Define `{q.entry_point}`. The tests run with a {q.time_limit_s:g} s time limit.")
    return "\n\n".join(parts)


def question_markdown(q: Question, index: int, total: int) -> str:
    """A discussion question (theory, behavioral, design) with its position in the round."""
    head = f"Question {index + 1} of {total}" if total > 1 else q.title
    meta = f"*{q.difficulty} · {', '.join(q.topics)} · about {q.minutes:g} min*"
    extra = ""
    if q.competencies:
        extra = "\n\nCompetencies: " + ", ".join(q.competencies)
    return f"### {head}\n\n{meta}\n\n{q.prompt.strip()}{extra}"


def spoken_text(markdown: str) -> str:
    """Plain words for text-to-speech: code marks and emphasis removed."""
    out = []
    for line in markdown.splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith("```"):
            continue
        out.append(line.replace("`", "").replace("**", "").replace("*", ""))
    return " ".join(w for w in out if w)
