"""A loop's timeline: every round in order with its state, time used against time allowed and the
mean self-score so far. Shown on breaks (and wherever a loop's progress helps)."""

from __future__ import annotations

import html
from statistics import fmean

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from mockint.store import SessionDetail
from mockint.wording import duration

_MARK = {"finished": "✓", "active": "▶", "pending": "·"}


def timeline_rows(detail: SessionDetail) -> list[tuple[str, str, str, str]]:
    """Rows ``(mark, title, time, score)`` from ``store.sessions.detail``: mark ✓ finished, ▶ active,
    · to come; time "m:ss of m:ss" (played rounds) or "m:ss" allowed; score "mean 2.8/4",
    "to score" (finished, unscored) or "" (not played yet)."""
    rows = []
    for r in detail["rounds"]:
        status = r.get("status") or "pending"
        played = status != "pending"
        time = (
            f"{duration(r.get('used_s'))} of {duration(r['allowed_s'])}"
            if played
            else f"{duration(r['allowed_s'])}"
        )
        scores = [s["score"] for s in r.get("scores") or []]
        score = f"mean {fmean(scores):.1f}/4" if scores else "to score" if status == "finished" else ""
        rows.append((_MARK.get(status, "·"), r["title"], time, score))
    return rows


def compact_line(detail: SessionDetail) -> str:
    """The timeline on one line for the loop page's header during a round, e.g.
    ``"✓ Phone screen 3:02 (mean 2.8/4)  ·  ▶ DSA coding  ·  ○ ML coding"``: done rounds with their time
    used and score, the current one marked, the ones to come by title."""
    parts = []
    for mark, title, time, score in timeline_rows(detail):
        if mark == _MARK["finished"]:
            used = time.split(" of ")[0]
            parts.append(f"{mark} {title} {used}" + (f" ({score})" if score else ""))
        elif mark == _MARK["active"]:
            parts.append(f"{mark} {title}")
        else:
            parts.append(f"○ {title}")  # "·" would read as another separator
    return "  ·  ".join(parts)


class LoopTimeline(QLabel):
    """The timeline as a small table; :meth:`show_session` redraws it from the store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Loop timeline")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.rows: list[tuple[str, str, str, str]] = []

    def show_session(self, detail: SessionDetail) -> None:
        """Draw the rounds of ``detail`` (a ``store.sessions.detail``)."""
        self.rows = timeline_rows(detail)
        e = html.escape
        body = "".join(
            f"<tr><td>{e(m)}</td><td>{e(t)}</td><td align='right'>{e(tm)}</td><td>{e(s)}</td></tr>"
            for m, t, tm, s in self.rows
        )
        self.setText(f"<table cellspacing='0' cellpadding='4'>{body}</table>")

    def show_run(self, run) -> None:
        """Draw a running ``LoopRun``'s rounds (read back from its store)."""
        self.show_session(run.store.sessions.detail(run.session_id))
