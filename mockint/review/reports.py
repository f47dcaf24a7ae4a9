"""A per-session report as Markdown or HTML: scores, notes, code, verdicts, key points, transcripts.

Both read one ``store.sessions.detail`` dict (shape documented there). ``key_points`` optionally
maps question id to the question's key point texts in the order the app numbers them
(:func:`key_points_from_bank`), so the report can name the points ticked and missed; without it
the report gives counts only. Transcripts are included when an answer carries them (a
``transcript`` string, or ``transcripts`` as a list of strings or a mapping of label to text).

Every piece of recorded text is escaped (HTML) or fenced (Markdown): a report of an imported
session cannot inject markup. The HTML is a complete document using only what
``QTextDocument`` renders, so ``mockint.ui.report_pdf`` prints it to PDF unchanged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mockint.bank.model import ROUND_TYPE_NAMES, Bank
from mockint.review.analysis import OVER_TIME_GRACE_S
from mockint.review.history import key_point_texts

KeyPoints = Mapping[str, Sequence[str]]

#: Report formats by file suffix.
FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def key_points_from_bank(bank: Bank) -> dict[str, tuple[str, ...]]:
    """Question id → key point texts, numbered as the app ticks them."""
    return {qid: key_point_texts(q) for qid, q in bank.questions.items()}


def _clock(seconds: float | None) -> str:
    from mockint.wording import duration  # the GUI's summary shows the same (issue 11 bug 13)

    return duration(seconds)


def _when(text: str | None) -> str:
    return (text or "")[:16].replace("T", " ") + (" UTC" if text else "")


def _transcripts(answer: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of every transcript an answer carries."""
    found: list[tuple[str, str]] = []
    single = answer.get("transcript")
    if isinstance(single, str) and single.strip():
        found.append(("Transcript", single))
    many = answer.get("transcripts")
    if isinstance(many, Mapping):
        found += [(f"Transcript: {k}", v) for k, v in many.items() if isinstance(v, str) and v.strip()]
    elif isinstance(many, Sequence) and not isinstance(many, str):
        found += [(f"Transcript {i + 1}", v) for i, v in enumerate(many) if isinstance(v, str) and v.strip()]
    return found


def _key_point_lines(
    answer: Mapping[str, Any], key_points: KeyPoints | None
) -> tuple[str, list[tuple[bool, str]]]:
    """A summary line and, when the texts are known, (ticked, text) per point."""
    ticked = sorted({int(i) for i in answer.get("key_points") or []})
    texts = list((key_points or {}).get(answer["question_id"], ()))
    if texts:
        hit = sum(1 for i in ticked if i < len(texts))
        return f"{hit} of {len(texts)} key points ticked", [(i in ticked, t) for i, t in enumerate(texts)]
    if ticked:
        return f"{len(ticked)} key points ticked", []
    return "", []


def _round_heading(r: Mapping[str, Any]) -> str:
    name = ROUND_TYPE_NAMES.get(r["round_type"], r["round_type"])
    return r["title"] if r["title"] == name else f"{r['title']} ({name})"


def _time_line(r: Mapping[str, Any]) -> tuple[str, bool]:
    used, allowed = r.get("used_s") or 0.0, r["allowed_s"]
    over = used - allowed > OVER_TIME_GRACE_S
    suffix = f", {_clock(used - allowed)} over" if over else ""
    return f"{_clock(used)} of {_clock(allowed)} used{suffix}", over


# -- Markdown ----------------------------------------------------------------------------------


def _fence(text: str, lang: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def _md_inline(text: str) -> str:
    """Recorded text on one line, with the characters inline Markdown (and HTML) would act on escaped."""
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", " ".join(str(text).split()))


def stored_round_debrief(r: Mapping[str, Any], bank: Bank | None) -> str:
    """The round's debrief (Markdown; '' without a bank or when no question is in it)."""
    if bank is None:
        return ""
    from mockint.interview.debrief import round_debrief

    pairs = [
        (bank.questions[a["question_id"]], a) for a in r["answers"] if a["question_id"] in bank.questions
    ]
    if not pairs:
        return ""
    return round_debrief(
        _round_heading(r),
        [q for q, _a in pairs],
        [a for _q, a in pairs],
        r.get("used_s") or 0.0,
        r.get("allowed_s") or 0.0,
        bank,
    )


def _debrief_html(markdown: str) -> str:
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # not installed: the Markdown as text, escaped
        return _pre(markdown)
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)


def _md_lines(
    detail: Mapping[str, Any], key_points: KeyPoints | None, bank: Bank | None = None
) -> Iterator[str]:
    yield f"# {_md_inline(detail['title'])}"
    yield ""
    yield (
        f"Started {_when(detail['started_at'])} · {detail['status']} · {detail['kind']} "
        f"`{detail['template_id']}` · session `{detail['id']}`"
    )
    yield ""
    yield "| Round | Time | Scores | Recommendation |"
    yield "|---|---|---|---|"
    for r in detail["rounds"]:
        scores = (
            ", ".join(f"{_md_inline(s['dimension_name'])} {s['score']}/4" for s in r["scores"])
            or "not scored"
        )
        yield (
            f"| {_md_inline(_round_heading(r))} | {_time_line(r)[0]} | {scores} | "
            f"{_md_inline(r.get('recommendation') or '—')} |"
        )
    for r in detail["rounds"]:
        yield ""
        yield f"## {_md_inline(_round_heading(r))}"
        yield ""
        yield f"- Time: {_time_line(r)[0]}"
        yield f"- Recommendation: {_md_inline(r.get('recommendation') or 'not given')}"
        for s in r["scores"]:
            yield f"- {_md_inline(s['dimension_name'])}: **{s['score']}/4**"
        if r.get("score_notes"):
            yield ""
            yield "Notes on the round:"
            yield ""
            yield _fence(r["score_notes"])
        for a in r["answers"]:
            yield from _md_answer(a, key_points)
        debrief = stored_round_debrief(r, bank)
        if debrief:
            yield ""
            yield debrief.rstrip()


def _md_answer(a: Mapping[str, Any], key_points: KeyPoints | None) -> Iterator[str]:
    yield ""
    yield f"### {_md_inline(a['question_title'])} (`{a['question_id']}`)"
    if a.get("notes", "").strip():
        yield ""
        yield _fence(a["notes"])
    for phase, text in (a.get("phase_notes") or {}).items():
        if text.strip():
            yield ""
            yield f"**{_md_inline(phase)}**"
            yield ""
            yield _fence(text)
    summary, points = _key_point_lines(a, key_points)
    if summary:
        yield ""
        yield f"Key points: {summary}"
        for ticked, text in points:
            yield f"- [{'x' if ticked else ' '}] {_md_inline(text)}"
    if a.get("code", "").strip():
        yield ""
        yield "Code:"
        yield ""
        yield _fence(a["code"], "python")
    for v in a.get("verdicts") or []:
        yield ""
        yield (
            f"Verdict {_when(v.get('created_at'))}: **{_md_inline(v.get('verdict'))}**, "
            f"{v.get('passed')}/{v.get('total')} tests, {float(v.get('runtime_s') or 0):.2f} s"
        )
    for label, text in _transcripts(a):
        yield ""
        yield f"{label}:"
        yield ""
        yield _fence(text)


def report_markdown(
    detail: Mapping[str, Any], key_points: KeyPoints | None = None, bank: Bank | None = None
) -> str:
    """The session as Markdown (CommonMark with a GitHub-style table and task list); with
    ``bank``, each round ends with its debrief (:mod:`mockint.interview.debrief`)."""
    return "\n".join(_md_lines(detail, key_points, bank)) + "\n"


# -- HTML --------------------------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #202124; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 18px; } h3 { font-size: 11pt; }
table.scores { border-collapse: collapse; }
table.scores th, table.scores td { border: 1px solid #dadce0; padding: 4px; }
th { background: #f1f3f4; text-align: left; }
pre { background: #f8f9fa; font-family: monospace; font-size: 9pt; white-space: pre-wrap; }
.muted { color: #5f6368; } .over { color: #d93025; } .hit { color: #188038; } .miss { color: #5f6368; }
"""


def _pre(text: str) -> str:
    return f"<pre>{html.escape(text.rstrip())}</pre>"


def _html_answer(a: Mapping[str, Any], key_points: KeyPoints | None) -> Iterator[str]:
    e = html.escape
    yield f"<h3>{e(a['question_title'])} <span class='muted'>({e(a['question_id'])})</span></h3>"
    if a.get("notes", "").strip():
        yield _pre(a["notes"])
    for phase, text in (a.get("phase_notes") or {}).items():
        if text.strip():
            yield f"<p><b>{e(phase)}</b></p>{_pre(text)}"
    summary, points = _key_point_lines(a, key_points)
    if summary:
        yield f"<p><b>Key points:</b> {e(summary)}</p>"
        if points:
            items = "".join(
                f"<li class='{'hit' if ticked else 'miss'}'>{'✓' if ticked else '✗'} {e(text)}</li>"
                for ticked, text in points
            )
            yield f"<ul>{items}</ul>"
    if a.get("code", "").strip():
        yield f"<p><b>Code</b></p>{_pre(a['code'])}"
    for v in a.get("verdicts") or []:
        yield (
            f"<p>Verdict {e(_when(v.get('created_at')))}: <b>{e(str(v.get('verdict')))}</b>, "
            f"{e(str(v.get('passed')))}/{e(str(v.get('total')))} tests, "
            f"{float(v.get('runtime_s') or 0):.2f} s</p>"
        )
    for label, text in _transcripts(a):
        yield f"<p><b>{e(label)}</b></p>{_pre(text)}"


def _html_parts(
    detail: Mapping[str, Any], key_points: KeyPoints | None, bank: Bank | None = None
) -> Iterator[str]:
    e = html.escape
    yield f"<h1>{e(detail['title'])}</h1>"
    yield (
        f"<p class='muted'>Started {e(_when(detail['started_at']))} · {e(detail['status'])} · "
        f"{e(detail['kind'])} {e(detail['template_id'])} · session {e(detail['id'])}</p>"
    )
    yield (
        "<table class='scores' cellspacing='0' cellpadding='4' width='100%'><tr><th>Round</th><th>Time</th>"
        "<th>Scores</th><th>Recommendation</th></tr>"
    )
    for r in detail["rounds"]:
        time_text, over = _time_line(r)
        scores = "<br>".join(f"{e(s['dimension_name'])}: <b>{s['score']}</b>/4" for s in r["scores"])
        cls = " class='over'" if over else ""
        yield (
            f"<tr><td>{e(_round_heading(r))}</td><td{cls}>{e(time_text)}</td>"
            f"<td>{scores or '<i>not scored</i>'}</td><td>{e(r.get('recommendation') or '—')}</td></tr>"
        )
    yield "</table>"
    for r in detail["rounds"]:
        yield f"<h2>{e(_round_heading(r))}</h2>"
        if r.get("score_notes", "").strip():
            yield f"<p><b>Notes on the round</b></p>{_pre(r['score_notes'])}"
        for a in r["answers"]:
            yield from _html_answer(a, key_points)
        debrief = stored_round_debrief(r, bank)
        if debrief:
            yield _debrief_html(debrief)


def report_html(
    detail: Mapping[str, Any], key_points: KeyPoints | None = None, bank: Bank | None = None
) -> str:
    """The session as a complete HTML document (UTF-8, inline style, no scripts or remote content);
    with ``bank``, each round ends with its debrief."""
    body = "\n".join(_html_parts(detail, key_points, bank))
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(detail['title'])}</title>"
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )
