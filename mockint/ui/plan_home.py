"""Home's "Today" box: today's plan with one start button, readiness per round type, the
practice days of the week and the weekly summary. Computed off the GUI thread
(:func:`today_data`); home adds it with a few lines."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from mockint.bank import ROUND_TYPE_NAMES
from mockint.ui.workers import run_in_background

if TYPE_CHECKING:  # the plan's modules load on the worker that computes today, after launch
    from mockint.review.plan_overview import PlanOverview

__all__ = ["TodayBox", "today_data"]


def today_data(
    db_path: Any,
    bank: Any,
    interview_date: str,
    minutes_per_day: float,
    paused_until: str = "",
    new_per_day: int = 4,
) -> PlanOverview:
    """On a worker: the :class:`PlanOverview` of today (its ``plan[0]`` is today's plan)."""
    from mockint.review.plan_overview import overview_in

    return overview_in(
        db_path, bank, date.today(), interview_date, minutes_per_day, paused_until, new_per_day
    )


class TodayBox(QGroupBox):
    """Today's plan and readiness. ``start_requested`` carries the first item's round type
    ("loop" for a full mock loop) and today's question ids of that round type, in plan order
    (a list of str, empty when none is fixed); ``plan_requested`` opens the plan screen."""

    start_requested = Signal(str, list)
    plan_requested = Signal()

    def __init__(self, ctx: Any) -> None:
        super().__init__("Today")
        self.ctx = ctx
        self._first: tuple[str, list[str]] = ("", [])
        self.plan_label = QLabel("Working out today's plan…")
        self.plan_label.setWordWrap(True)
        self.ready_label = QLabel()
        self.ready_label.setWordWrap(True)
        self.start_btn = QPushButton("Start today's plan")
        self.start_btn.setObjectName("primary")
        self.start_btn.setEnabled(False)
        self.start_btn.clicked.connect(lambda: self.start_requested.emit(*self._first))
        self.open_btn = QPushButton("Plan…")
        self.open_btn.setToolTip("The days to the interview, the due calendar, readiness")
        self.open_btn.clicked.connect(self.plan_requested)
        row = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.plan_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_btn)
        buttons.addWidget(self.open_btn)
        buttons.addStretch(1)
        left.addLayout(buttons)
        left.addStretch(1)
        row.addLayout(left, 1)
        row.addWidget(self.ready_label, 1)

    def refresh(self) -> None:
        """Recompute off the GUI thread once the event loop runs."""
        if self.ctx.store is None:
            self.hide()
            return
        s = self.ctx.settings
        QTimer.singleShot(
            0,
            self,
            lambda: run_in_background(
                today_data,
                self.ctx.store.path,
                self.ctx.bank,
                s.interview_date,
                s.minutes_per_day,
                s.paused_until,
                s.new_per_day,
                receiver=self,
                key="today",
                db=True,  # it syncs the retry cards
                on_done=self._show,
                on_error=self._failed,
            ),
        )

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.plan_label.setText(f"Today's plan is unavailable: {exc}")

    def _title(self, question_id: str | None) -> str:
        """A planned question as the candidate knows it: its title (escaped), else its id."""
        if not question_id:
            return "mock loop"
        q = self.ctx.bank.questions.get(question_id)
        return html.escape(q.title if q is not None else question_id)

    def _show(self, data: PlanOverview) -> None:
        from mockint.review.plan_overview import consistency_text

        day = data.plan[0] if data.plan else None
        when = (
            f"{data.days_left} days to the interview."
            if data.dated and data.days_left > 0
            else "The interview date has passed: set the next one in Plan…."
            if data.dated
            else "No interview date set: planning two weeks."
        )
        if data.paused_until:
            when += f" Paused until {data.paused_until:%a %d %b}."
        if day and day.items:
            from mockint.ui.plan_page import today_round  # the plan page's charts: after launch

            self._first = today_round(day)
            lines = "<br>".join(
                f"• {ROUND_TYPE_NAMES.get(i.round_type, 'Full loop')}: "
                f"{self._title(i.question_id)} ({i.minutes:.0f} min)"
                for i in day.items[:5]
            )
            more = f"<br>…and {len(day.items) - 5} more" if len(day.items) > 5 else ""
            self.plan_label.setText(f"{when} <b>Today, {day.minutes:.0f} min:</b><br>{lines}{more}")
        else:
            self.plan_label.setText(f"{when} Nothing planned today.")
        self.start_btn.setEnabled(bool(day and day.items))
        cells = []
        for r in data.ready:
            trend = "" if r.trend is None else (" ↑" if r.trend > 0 else " ↓" if r.trend < 0 else " →")
            mean = "–" if r.recent_mean is None else f"{r.recent_mean:.1f}"
            cells.append(
                f"<td>{ROUND_TYPE_NAMES[r.round_type]}</td><td>&nbsp;{mean}{trend}</td>"
                f"<td>&nbsp;{r.practised}/{r.bank}</td><td>&nbsp;{r.due} due</td>"
            )
        # Two round types a row: ten of them would make the box taller than a 1366x768 screen allows.
        half = (len(cells) + 1) // 2
        rows = [
            f"<tr>{left}<td>&nbsp;&nbsp;&nbsp;&nbsp;</td>{right}</tr>"
            for left, right in zip(cells[:half], cells[half:] + [""] * (2 * half - len(cells)), strict=True)
        ]
        self.ready_label.setText(
            f"<b>Readiness</b> (recent mean score of 4; questions practised of the bank)<table>{''.join(rows)}</table>{consistency_text(data)}"
        )
        for label in (self.plan_label, self.ready_label):
            label.setMinimumHeight(label.heightForWidth(max(label.width(), 300)))
        self.updateGeometry()
