"""Home's "Today" box: today's plan with one start button, readiness per round type, the streak
and the week. Computed off the GUI thread (:func:`today_data`); home adds it with two lines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout
from shiboken6 import isValid

from mockint.bank import ROUND_TYPE_NAMES, ROUND_TYPES
from mockint.ui.workers import run_in_background

#: Days planned when no interview date is set.
DEFAULT_HORIZON_DAYS = 14


def today_data(db_path: Any, bank: Any, interview_date: str, minutes_per_day: float) -> dict[str, Any]:
    """On a worker: today's :class:`~mockint.review.plan.PlanDay`, readiness, streak and week."""
    from mockint.review.history import load_history
    from mockint.review.plan import plan_for
    from mockint.review.readiness import readiness, streak, weekly_summary
    from mockint.review.schedule import due_counts
    from mockint.store.review_state import ReviewState

    today = date.today()
    target = date.fromisoformat(interview_date) if interview_date else today + timedelta(days=DEFAULT_HORIZON_DAYS)
    state = ReviewState.open(db_path)
    try:
        plan = plan_for(state, bank, today, target, minutes_per_day) if target > today else []
        history = load_history(state)
        due = due_counts(state, sync=False)
    finally:
        state.close()
    counts = {rt: len(bank.by_round(rt)) for rt in ROUND_TYPES if bank.by_round(rt)}
    return {"today": plan[0] if plan else None, "days_left": (target - today).days, "dated": bool(interview_date),
            "ready": readiness(history, counts, due), "streak": streak([s.local_date() for s in history.sessions], today),
            "week": weekly_summary(history, today)}


class TodayBox(QGroupBox):
    """Today's plan and readiness; ``start_requested`` carries the round type to practise first,
    ``plan_requested`` opens the plan screen."""

    start_requested = Signal(str)
    plan_requested = Signal()

    def __init__(self, ctx: Any) -> None:
        super().__init__("Today")
        self.ctx = ctx
        self._first = ""
        self.plan_label = QLabel("Working out today's plan…")
        self.plan_label.setWordWrap(True)
        self.ready_label = QLabel()
        self.ready_label.setWordWrap(True)
        self.start_btn = QPushButton("Start today's plan")
        self.start_btn.setEnabled(False)
        self.start_btn.clicked.connect(lambda: self.start_requested.emit(self._first))
        self.open_btn = QPushButton("Plan…")
        self.open_btn.clicked.connect(self.plan_requested)
        row = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.plan_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_btn)
        buttons.addWidget(self.open_btn)
        buttons.addStretch(1)
        left.addLayout(buttons)
        row.addLayout(left, 1)
        row.addWidget(self.ready_label, 1)

    def refresh(self) -> None:
        """Recompute off the GUI thread once the event loop runs."""
        if self.ctx.store is None:
            self.hide()
            return
        s = self.ctx.settings
        QTimer.singleShot(0, self, lambda: run_in_background(
            today_data, self.ctx.store.path, self.ctx.bank, s.interview_date, s.minutes_per_day,
            on_done=self._show, on_error=self._failed))

    def _failed(self, exc: BaseException, _tb: str) -> None:
        if isValid(self):
            self.plan_label.setText(f"Today's plan is unavailable: {exc}")

    def _show(self, data: dict[str, Any]) -> None:
        if not isValid(self):
            return
        day = data["today"]
        when = (f"{data['days_left']} days to the interview." if data["dated"]
                else "No interview date set: planning two weeks.")
        if day and day.items:
            self._first = day.items[0].round_type if day.items[0].kind != "loop" else ""
            lines = "<br>".join(f"• {ROUND_TYPE_NAMES.get(i.round_type, 'Full loop')}: "
                                f"{i.question_id or 'mock loop'} ({i.minutes:.0f} min)" for i in day.items[:6])
            self.plan_label.setText(f"{when} <b>Today, {day.minutes:.0f} min:</b><br>{lines}")
        else:
            self.plan_label.setText(f"{when} Nothing planned today.")
        self.start_btn.setEnabled(bool(day and day.items))
        rows = []
        for r in data["ready"]:
            trend = "" if r.trend is None else (" ↑" if r.trend > 0 else " ↓" if r.trend < 0 else " →")
            mean = "–" if r.recent_mean is None else f"{r.recent_mean:.1f}"
            rows.append(f"<tr><td>{ROUND_TYPE_NAMES[r.round_type]}</td><td>&nbsp;{mean}{trend}</td>"
                        f"<td>&nbsp;{r.practised}/{r.bank} practised</td><td>&nbsp;{r.due} due</td></tr>")
        week = data["week"]
        better = ", ".join(ROUND_TYPE_NAMES[t] for t in week["improved"]) or "–"
        self.ready_label.setText(
            f"<b>Readiness</b> (recent mean score of 4)<table>{''.join(rows)}</table>"
            f"This week: {week['sessions']} sessions on {week['days']} days; improved: {better}."
            + (f" Streak: {data['streak']} days." if data["streak"] > 1 else ""))
        for label in (self.plan_label, self.ready_label):
            label.setMinimumHeight(label.heightForWidth(max(label.width(), 300)))
        self.updateGeometry()
