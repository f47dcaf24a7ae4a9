"""The end of a loop: every round, its questions, time used against time allowed, and scores.
Also renders any saved session for the history page (both read the store's session detail)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from mockint.store import SessionDetail
from mockint.ui.theme import colour
from mockint.wording import duration


def _minutes(seconds: float | None) -> str:
    return duration(seconds)  # as the reports show it, to the second


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def take_summary(take: dict) -> str:
    """One plain-text line of a stored take's speaking metrics, e.g. '0:42 recorded · 130 words/min ·
    2.5 fillers per 100 words (um 1) · longest pause 1.2 s · talked 0:40 of 2:00 allowed'.

    Any metric the take lacks (an imported history may hold any JSON there) is left out.
    """
    parts = [f"{_minutes(_number(take.get('duration_s')))} recorded"]
    words, wpm = _number(take.get("words")), _number(take.get("words_per_minute"))
    if words:
        parts.append(f"{wpm:.0f} words/min" if wpm is not None else "no speech found")
        fillers = _number(take.get("fillers_per_100_words"))
        counts = take.get("filler_counts")
        counts = ", ".join(f"{k} {v}" for k, v in counts.items()) if isinstance(counts, dict) else ""
        if fillers is not None:
            parts.append(f"{fillers:.1f} fillers per 100 words" + (f" ({counts})" if counts else ""))
    pause = _number(take.get("longest_pause_s"))
    if pause is not None:
        parts.append(f"longest pause {pause:.1f} s")
    talk, allowed = _number(take.get("talk_time_s")), _number(take.get("allowed_s"))
    if talk is not None:
        parts.append(f"talked {_minutes(talk)}" + (f" of {_minutes(allowed)} allowed" if allowed else ""))
    return " · ".join(parts)


def _takes_html(takes: list[dict]) -> list[str]:
    e = html.escape
    out = []
    for n, take in enumerate(takes, 1):
        label = "Spoken answer" + (f" (take {n} of {len(takes)})" if len(takes) > 1 else "")
        error = take.get("transcript_error")
        transcript = take.get("transcript") or (
            f"(No transcript: {error}.)" if isinstance(error, str) and error else "(Nothing was recognised.)"
        )
        out.append(
            f"<p><b>{label}</b> <span class='muted'>{e(take_summary(take))}</span></p>"
            f"<blockquote>{e(transcript)}</blockquote>"
        )
    return out


def overall_and_next(detail: Mapping[str, Any], count: int = 3) -> tuple[str | None, list[str]]:
    """The session's overall band (``mockint.review.analysis.overall_band``: the recommendation
    level nearest the rounds' mean, ties going down) and the ``count`` lowest self-scored
    dimensions as "Dimension (Round, 2/4)", lowest first (ties in round order): what to practise next."""
    from mockint.review.analysis import band_of

    band = band_of(r.get("recommendation") or "" for r in detail["rounds"])
    scored = [
        (s["score"], i, s["dimension_name"] or s["dimension_id"], r["title"])
        for i, r in enumerate(detail["rounds"])
        for s in r["scores"]
        if s["score"] < 4
    ]
    scored.sort(key=lambda t: (t[0], t[1]))
    return band, [f"{name} ({title}, {score}/4)" for score, _i, name, title in scored[:count]]


def _question_html(answer: dict, bank) -> list[str]:
    """The question's text and its key points, each marked ticked (✓) or not (○), from ``bank``."""
    from mockint.review.history import key_point_texts

    question = bank.questions.get(answer["question_id"]) if bank is not None else None
    if question is None:
        return []
    e = html.escape
    out = [f"<blockquote>{e(question.prompt.strip())}</blockquote>"]
    points = key_point_texts(question)
    ticked = set(answer.get("key_points") or [])
    if points:
        out.append(
            f"<p><b>Key points</b> ({len(ticked & set(range(len(points))))} of {len(points)} ticked)</p><ul>"
            + "".join(f"<li>{'✓' if i in ticked else '○'} {e(p)}</li>" for i, p in enumerate(points))
            + "</ul>"
        )
    return out


def session_html(detail: Mapping[str, Any], full: bool = False, bank=None) -> str:
    """An HTML report of one session from ``store.sessions.detail``.

    ``full`` adds every answer's notes, phase notes, code, verdicts and recorded takes (their
    transcripts and speaking metrics) (the history view); with ``bank`` also each question's text
    and its key points, marked ticked or not.
    """
    e = html.escape
    out = [
        f"<h2>{e(detail['title'])}</h2>",
        f"<p class='muted'>Started {e(detail['started_at'][:16].replace('T', ' '))} · "
        f"{e(detail['status'])}</p>",
    ]
    out.append(
        "<table class='summary' cellspacing='0' cellpadding='6' width='100%'>"
        "<tr><th align='left'>Round</th><th align='left'>Questions</th>"
        "<th align='left'>Time used / allowed</th><th align='left'>Scores</th>"
        "<th align='left'>Recommendation</th></tr>"
    )
    for r in detail["rounds"]:
        questions = "<br>".join(e(a["question_title"]) for a in r["answers"]) or "—"
        scores = "<br>".join(
            f"{e(s['dimension_name'] or s['dimension_id'])}: <b>{s['score']}</b>/4" for s in r["scores"]
        ) or ("<i>waits for scores</i>" if r.get("status") == "finished" else "<i>not scored</i>")
        used = r.get("used_s") or 0.0
        over = f" style='color:{colour('bad')}'" if used > r["allowed_s"] + 1 else ""
        out.append(
            f"<tr><td>{e(r['title'])}</td><td>{questions}</td>"
            f"<td{over}>{_minutes(used)} / {_minutes(r['allowed_s'])}</td>"
            f"<td>{scores}</td><td>{e(r.get('recommendation') or '—')}</td></tr>"
        )
    out.append("</table>")
    band, practise = overall_and_next(detail)
    if band:
        out.append(f"<p><b>Overall band:</b> {e(band)}</p>")
    if practise:
        out.append(
            "<p><b>Practise next:</b></p><ol>" + "".join(f"<li>{e(p)}</li>" for p in practise) + "</ol>"
        )
    if not full:
        return "".join(out)
    for r in detail["rounds"]:
        out.append(f"<h3>{e(r['title'])}</h3>")
        if r.get("score_notes"):
            out.append(f"<p><b>Your notes on the round:</b> {e(r['score_notes'])}</p>")
        for a in r["answers"]:
            out.append(
                f"<h4>{e(a['question_title'])} <span class='muted'>({e(a['question_id'])})</span></h4>"
            )
            out.extend(_question_html(a, bank))
            if a.get("notes"):
                out.append(f"<pre>{e(a['notes'])}</pre>")
            for key, text in (a.get("phase_notes") or {}).items():
                if text.strip():
                    out.append(f"<p><b>{e(key)}</b></p><pre>{e(text)}</pre>")
            if a.get("code"):
                out.append(f"<p><b>Code</b></p><pre>{e(a['code'])}</pre>")
            for v in a.get("verdicts") or []:
                data = v if "verdict" in v else json.loads(v.get("json", "{}"))
                out.append(
                    f"<p>Verdict: <b>{e(str(data.get('verdict')))}</b> "
                    f"{data.get('passed')}/{data.get('total')}</p>"
                )
            out.extend(_takes_html(a.get("recordings") or []))
    return "".join(out)


class SummaryPage(QWidget):
    """Shown when a loop ends."""

    #: Back to the home screen.
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Loop summary")
        self.title.setObjectName("pageTitle")
        self.body = QTextBrowser()
        self.body.setAccessibleName("Summary")
        self.home_btn = QPushButton("Back to home")
        self.home_btn.setObjectName("primary")
        self.home_btn.clicked.connect(self.home_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.home_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addLayout(row)

    def show_session(self, detail: SessionDetail) -> None:
        self.body.setHtml(session_html(detail))
