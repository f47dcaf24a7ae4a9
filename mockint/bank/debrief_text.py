"""The interviewer's side of a question as Markdown, for ``bank show --debrief``, reports and the
debrief screen (which renders Markdown with Qt). Built from :func:`mockint.bank.interviewer.debrief_view`.
"""

from __future__ import annotations

from typing import Any

from mockint.bank.interviewer import DISCUSSION_ROUND_TYPES, debrief_view
from mockint.bank.model import DESIGN_ROUND_TYPES, Bank, Question


def _fence(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}python\n{code.rstrip()}\n{fence}"


def _follow_ups(items: list[dict[str, Any]], heading: str = "### Follow-ups") -> list[str]:
    if not items:
        return []
    lines = [heading, ""]
    for fu in items:
        probe = f" *(probes key point {fu['key_point']}: {fu['probes']})*" if fu.get("probes") else ""
        where = f" *({fu['phase']})*" if fu.get("phase") else ""
        lines.append(f"- {fu['text']}{probe}{where}")
    return lines + [""]


def _coding(view: dict[str, Any], level: str = "###") -> list[str]:
    lines: list[str] = []
    if view.get("hints"):
        lines += [f"{level} Hints", ""] + [f"{i}. {h}" for i, h in enumerate(view["hints"], 1)] + [""]
    if view.get("editorial"):
        lines += [f"{level} Editorial", "", view["editorial"].strip(), ""]
    if view.get("reference"):
        lines += [f"{level} Reference solution", "", _fence(view["reference"]), ""]
    return lines


def _key_points(points: list[str], level: str = "###") -> list[str]:
    if not points:
        return []
    return [f"{level} Key points", ""] + [f"{i}. {p}" for i, p in enumerate(points, 1)] + [""]


def _answer(answer: dict[str, Any]) -> str:
    value, tol = f"{answer['value']:.6g}", f"{answer['tolerance']:.6g}"
    band = f"± {answer['tolerance'] * 100:.6g}%" if answer["kind"] == "relative" else f"± {tol}"
    return f"{value}{' ' + answer['unit'] if answer['unit'] else ''} ({band})"


def debrief_markdown(q: Question, bank: Bank | None = None, heading_level: int = 2) -> str:
    """The debrief of ``q`` as Markdown: title heading at ``heading_level``, sections one below.

    Coding: hints, editorial, reference. Discussion: key points, model answer, follow-ups, common
    mistake, and for behavioral the scope expected at each level (statistics: the answer with its
    tolerance and the worked solution first). System design: the estimates, then per phase its key
    points, outline and follow-ups. Phone screen: each
    part by kind (a coding part shows its problem's debrief when ``bank`` holds it).
    """
    top, sub = "#" * heading_level, "#" * (heading_level + 1)
    view = debrief_view(q, bank)
    lines = [f"{top} {q.title}", "", f"*{q.id}, {q.difficulty}, {q.minutes:g} min*", ""]
    if q.is_coding:
        lines += _coding(view, sub)
    elif q.round_type in DISCUSSION_ROUND_TYPES:
        lines += _discussion(view, sub)
    elif q.round_type in DESIGN_ROUND_TYPES:
        lines += _system_design(view, sub)
    elif q.round_type == "phone_screen":
        lines += _phone_screen(view, sub, "#" * (heading_level + 2))
    return "\n".join(lines).rstrip() + "\n"


def _discussion(view: dict[str, Any], sub: str) -> list[str]:
    """Markdown lines of a discussion question's debrief (theory, behavioral, statistics, project
    deep dive, hiring manager)."""
    lines: list[str] = []
    if view.get("answer"):
        lines += [f"**Answer:** {_answer(view['answer'])}", ""]
    if view.get("solution"):
        lines += [f"{sub} Worked solution", "", view["solution"].strip(), ""]
    lines += _key_points(view["key_points"], sub)
    if view.get("model_answer"):
        lines += [f"{sub} Model answer", "", view["model_answer"].strip(), ""]
    lines += _follow_ups(view["follow_ups"], f"{sub} Follow-ups")
    if view.get("common_mistake"):
        lines += [f"{sub} Common mistake", "", view["common_mistake"], ""]
    if view.get("levels"):
        lines += [f"{sub} What a strong story shows at each level", ""]
        lines += [f"- **{level.capitalize()}:** {text}" for level, text in view["levels"].items()] + [""]
    return lines


def _system_design(view: dict[str, Any], sub: str) -> list[str]:
    """Markdown lines of a system-design debrief: the numbers a strong answer estimates, then per
    phase its key points, outline, pushes."""
    lines: list[str] = []
    if view.get("estimates"):
        lines += (
            [f"{sub} Numbers a strong answer estimates", ""] + [f"- {e}" for e in view["estimates"]] + [""]
        )
    follow = view["follow_ups"]
    for ph in view["outlines"]:
        lines += [f"{sub} {ph['phase']}", ""]
        lines += [f"- {p}" for p in ph["key_points"]] + [""]
        if ph["outline"]:
            lines += ["**Model outline.** " + ph["outline"].strip(), ""]
        pushes = [f for f in follow if f["phase"] == ph["phase"]]
        if pushes:
            lines += ["**The interviewer pushes:**", ""] + [f"- {f['text']}" for f in pushes] + [""]
    return lines


def _phone_screen(view: dict[str, Any], sub: str, problem_heading: str) -> list[str]:
    """Markdown lines of a phone screen's debrief, part by part."""
    lines: list[str] = []
    for pt in view["parts"]:
        lines += [f"{sub} {pt['title']} ({pt['kind']})", ""]
        lines += [f"- {p}" for p in pt["key_points"]] + ([""] if pt["key_points"] else [])
        if pt["kind"] == "coding":
            if pt.get("problem"):
                lines += [f"Problem: `{pt['problem']}`", ""]
            lines += _coding(pt, problem_heading)
        elif pt["kind"] == "theory":
            if pt.get("model_answer"):
                lines += ["**Model answer.** " + pt["model_answer"].strip(), ""]
            lines += _follow_ups(pt["follow_ups"], "**Follow-ups:**")
    return lines


def debrief_text(q: Question, bank: Bank | None = None) -> str:
    """What ``mockint bank show ID --debrief`` prints (Markdown)."""
    return debrief_markdown(q, bank, heading_level=1)
