"""A round's debrief as Markdown: the interviewer's written side of each question beside what the
candidate did (final code against the reference as a diff, verdict history, hints used, key
points ticked beside the notes, follow-ups asked). Read by the debrief screen and the reports.

Built from the bank questions and the round's saved answers (``store.sessions.detail`` answer
dicts: ``code``, ``notes``, ``phase_notes``, ``key_points`` (0-based ticks), ``verdicts``,
``hints`` ([{hint, at_s}]), ``follow_ups`` ([{text, key_point, at_s}]), ``checks`` ([{input,
value, correct, at_s}]: a stats question's numbers, shown beside its answer)).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from mockint.bank.debrief_text import debrief_markdown
from mockint.bank.model import Bank, Question
from mockint.interview.countdown import format_clock
from mockint.interview.interviewer import hint_evidence
from mockint.interview.numeric import describe, show_number
from mockint.interview.round_state import sections


def _fence(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def code_diff(reference: str, code: str) -> str:
    """A unified diff from the reference solution to the candidate's code ('' when equal)."""
    lines = difflib.unified_diff(
        reference.rstrip().splitlines(), code.rstrip().splitlines(), "reference", "your code", lineterm=""
    )
    return "\n".join(lines)


def _coding(q: Question, answer: Mapping[str, Any]) -> list[str]:
    code = answer.get("code") or ""
    out = ["#### Your final code", "", _fence(code or "(no code)", "python"), ""]
    diff = code_diff(q.reference, code) if q.reference and code else ""
    if diff:
        out += ["#### Reference against your code", "", _fence(diff, "diff"), ""]
    runs = answer.get("verdicts") or []
    if runs:
        out += ["#### Verdict history", ""]
        for i, v in enumerate(runs, 1):
            kind = "submit" if v.get("final") else "run"
            out.append(
                f"{i}. {kind}: {v.get('verdict', '?')}, {v.get('passed', 0)}/{v.get('total', 0)} tests"
            )
        out.append("")
    else:
        out += ["The tests were never run.", ""]
    return out


def _discussion(q: Question, answer: Mapping[str, Any]) -> list[str]:
    ticks = set(answer.get("key_points") or ())
    out = ["#### Your key points and notes", ""]
    phase_notes = answer.get("phase_notes") or {}
    groups = (
        [p.key_points for p in q.phases]
        if q.phases
        else [p.key_points for p in q.parts]
        if q.parts
        else [q.key_points]
    )
    for (key, first, _count), points in zip(sections(q), groups, strict=True):
        if key:
            out += [f"**{key}**", ""]
        out += [f"- [{'x' if first + i in ticks else ' '}] {p}" for i, p in enumerate(points)]
        notes = (phase_notes.get(key, "") if key else answer.get("notes") or "").strip()
        out += ["", "Your notes:", "", _fence(notes) if notes else "*(none)*", ""]
    return out


def _numeric(q: Question, answer: Mapping[str, Any]) -> list[str]:
    """The candidate's number(s) beside the answer (the last check is the answer given)."""
    if q.numeric is None:
        return []
    checks = answer.get("checks") or []
    out = ["#### Your number", ""]
    if not checks:
        return out + [f"No number was checked. The answer is {describe(q.numeric)}.", ""]
    last = checks[-1]
    verdict = "right" if last["correct"] else "not within the tolerance"
    out.append(
        f"Your answer: {last['input']} (read as {show_number(float(last['value']))}): {verdict}; "
        f"the answer is {describe(q.numeric)}."
    )
    if len(checks) > 1:
        tries = ", ".join(
            f"{c['input']} at {format_clock(float(c['at_s']))} ({'right' if c['correct'] else 'wrong'})"
            for c in checks
        )
        out.append(f"Checked {len(checks)} times: {tries}.")
    return out + [""]


def question_debrief(q: Question, answer: Mapping[str, Any], bank: Bank | None = None) -> str:
    """The debrief of one question as Markdown (heading level 3)."""
    lines = [debrief_markdown(q, bank, heading_level=3).rstrip(), "", "#### What you did", ""]
    if answer.get("time_s"):
        lines += [f"Time on this question: {format_clock(float(answer['time_s']))}", ""]
    hints = answer.get("hints") or []
    if q.hints:
        first = min((float(h["at_s"]) for h in hints), default=0.0)
        text = f"{len(hints)} of {len(q.hints)} hints" + (
            f", first at {format_clock(first)}" if hints else ""
        )
        lines += [f"Hints used: {text if hints else hint_evidence((), len(q.hints))}", ""]
        for h in sorted(hints, key=lambda h: h["at_s"]):
            lines.append(f"- {format_clock(h['at_s'])}: hint {h['hint'] + 1}")
        lines.append("")
    if q.numeric is not None:
        lines += _numeric(q, answer)
    lines += _coding(q, answer) if q.is_coding else _discussion(q, answer)
    asked = answer.get("follow_ups") or []
    if asked:
        lines += ["#### Follow-ups asked", ""]
        for f in asked:
            kp = f.get("key_point")
            probe = f" (key point {kp + 1})" if isinstance(kp, int) else f" ({kp})" if kp else ""
            lines.append(f"- {format_clock(f['at_s'])}{probe}: {f['text']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def round_debrief(
    title: str,
    questions: Sequence[Question],
    answers: Sequence[Mapping[str, Any]],
    used_s: float,
    allowed_s: float,
    bank: Bank | None = None,
) -> str:
    """The debrief of a round as Markdown: a level-2 title with the time used, then each question
    (answers in question order; a question without a saved answer shows the written side only)."""
    timed = [
        float((answers[i] if i < len(answers) else {}).get("time_s") or 0.0) for i in range(len(questions))
    ]
    count = f"{len(questions)} question{'s' if len(questions) != 1 else ''}"
    share = (
        ", ".join(f"{format_clock(t)} on question {i + 1}" for i, t in enumerate(timed))
        if any(timed)
        else f"about {format_clock(used_s / max(1, len(questions)))} each: no time per question was recorded"
    )
    lines = [
        f"## Debrief: {title}",
        "",
        f"Time used: {format_clock(used_s).lstrip('-')} of {format_clock(allowed_s)} allowed ({count}: {share})",
        "",
    ]
    for i, q in enumerate(questions):
        lines.append(question_debrief(q, answers[i] if i < len(answers) else {}, bank))
    return "\n".join(lines).rstrip() + "\n"
