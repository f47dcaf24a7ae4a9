"""The plan screen: the days to the interview, their load, the due calendar, readiness, the week.

:class:`PlanPage` shows a :class:`mockint.review.plan_overview.PlanOverview` (or, with
:meth:`PlanPage.set_plan`, just a list of :class:`mockint.review.plan.PlanDay`). Its controls
set the interview date, the minutes per day (minutes) and a pause (a week off: the plan leaves
those days empty); :attr:`PlanPage.settings_changed` carries the new
:class:`mockint.settings.Settings`. :func:`start_plan_item` starts one plan item in the main window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import ROUND_TYPE_NAMES
from mockint.review.plan import PlanDay
from mockint.review.plan_overview import PlanOverview, consistency_text, week_text
from mockint.ui.plan_charts import KINDS, DueCalendar, LoadChart, ReadinessChart
from mockint.ui.theme import colour

__all__ = ["LoadChart", "PlanPage", "start_plan_item"]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PlanPage(QWidget):
    """The days of a plan; ``start_today`` carries today's :class:`PlanDay`, ``home_requested``
    goes back, ``settings_changed`` carries the edited :class:`mockint.settings.Settings`."""

    start_today = Signal(object)
    home_requested = Signal()
    settings_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: Sequence[PlanDay] = ()
        self.settings: Any = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel("Study plan")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.home_btn = QPushButton("Back to home")
        self.home_btn.clicked.connect(self.home_requested)
        top.addWidget(self.title, 1)
        top.addWidget(self.home_btn)
        layout.addLayout(top)

        controls = QHBoxLayout()
        self.dated = QCheckBox("Interview on")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.minutes = QSpinBox()
        self.minutes.setRange(10, 720)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" min a day")
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 50)
        self.new_per_day.setSuffix(" new a day")
        self.new_per_day.setToolTip(
            "At most this many never-practised questions a day (a daily limit on new items)"
        )
        self.paused = QCheckBox("Pause until")
        self.paused.setToolTip("A break: no retries come due and nothing is planned before this day")
        self.pause_edit = QDateEdit()
        self.pause_edit.setCalendarPopup(True)
        self.pause_edit.setDisplayFormat("yyyy-MM-dd")
        self.apply_btn = QPushButton("Re-plan")
        self.apply_btn.clicked.connect(self._apply)
        for w in (
            self.dated,
            self.date_edit,
            self.minutes,
            self.new_per_day,
            self.paused,
            self.pause_edit,
            self.apply_btn,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        layout.addLayout(controls)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.week = QLabel()
        self.week.setWordWrap(True)
        self.week.setObjectName("muted")
        layout.addWidget(self.summary)
        layout.addWidget(self.week)

        charts = QHBoxLayout()
        load_box = QGroupBox("Load per day")
        lb = QVBoxLayout(load_box)
        self.chart = LoadChart()
        legend = QLabel(
            "  ".join(f'<span style="color:{colour(k)}">■</span> {k}' for k in KINDS)
            + f"  <span style='color:{colour('axis')}'>- - budget</span>"
        )
        lb.addWidget(self.chart, 1)
        lb.addWidget(legend)
        cal_box = QGroupBox("Retries due, next 6 weeks")
        self.calendar = DueCalendar()
        QVBoxLayout(cal_box).addWidget(self.calendar)
        ready_box = QGroupBox("Readiness (recent mean of 4; blue: bank practised)")
        self.readiness = ReadinessChart()
        QVBoxLayout(ready_box).addWidget(self.readiness)
        charts.addWidget(load_box, 3)
        charts.addWidget(cal_box, 2)
        charts.addWidget(ready_box, 2)
        layout.addLayout(charts)

        self.start = QPushButton("Start today's plan")
        self.start.setObjectName("primary")
        self.start.clicked.connect(lambda: self.days and self.start_today.emit(self.days[0]))
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addStretch(1)
        layout.addLayout(row)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Day", "Kind", "Round type", "Question", "Minutes", "Why"])
        self.tree.setColumnWidth(0, 125)
        self.tree.setColumnWidth(2, 130)
        self.tree.setColumnWidth(3, 260)
        layout.addWidget(self.tree, 1)

    def set_settings(self, settings: Any) -> None:
        """Show ``settings``' interview date, minutes per day and pause in the controls."""
        self.settings = settings
        today = date.today()
        self.dated.setChecked(bool(settings.interview_date))
        self.date_edit.setDate(
            _qdate(
                date.fromisoformat(settings.interview_date)
                if settings.interview_date
                else today + timedelta(days=14)
            )
        )
        self.minutes.setValue(int(settings.minutes_per_day))
        self.new_per_day.setValue(settings.new_per_day)
        self.paused.setChecked(bool(settings.paused_until))
        self.pause_edit.setDate(
            _qdate(
                date.fromisoformat(settings.paused_until)
                if settings.paused_until
                else today + timedelta(days=7)
            )
        )

    def edited_settings(self) -> Any:
        """The settings with the controls' values (the same object type as :meth:`set_settings`)."""
        return replace(
            self.settings,
            interview_date=_pydate(self.date_edit.date()).isoformat() if self.dated.isChecked() else "",
            minutes_per_day=float(self.minutes.value()),
            new_per_day=self.new_per_day.value(),
            paused_until=_pydate(self.pause_edit.date()).isoformat() if self.paused.isChecked() else "",
        )

    def _apply(self) -> None:
        if self.settings is not None:
            self.settings_changed.emit(self.edited_settings())

    def show_overview(self, ov: PlanOverview) -> None:
        """Show a whole :class:`PlanOverview`: plan, calendar, readiness, consistency and week."""
        self.set_plan(ov.plan, ov.minutes_per_day)
        when = (
            f"{ov.days_left} days to the interview on {ov.target:%a %d %b}"
            if ov.dated and ov.days_left > 0
            else f"The interview date ({ov.target:%a %d %b}) has passed: set the next one above"
            if ov.dated
            else "No interview date set: planning two weeks"
        )
        pause = f" Paused until {ov.paused_until:%a %d %b}." if ov.paused_until else ""
        self.summary.setText(
            f"{when}; {sum(d.minutes for d in ov.plan) / 60:.1f} hours planned, at most "
            f"{ov.minutes_per_day:.0f} minutes a day.{pause}"
        )
        self.week.setText(f"{consistency_text(ov)} {week_text(ov, ROUND_TYPE_NAMES)}")
        self.calendar.set_counts(ov.calendar, ov.today, 6, ov.paused_until)
        self.readiness.set_rows(ov.ready)

    def set_plan(self, days: Sequence[PlanDay], budget: float) -> None:
        """Show ``days`` against a ``budget`` in minutes per day."""
        self.days = days
        self.chart.set_days(days, budget)
        total = sum(d.minutes for d in days)
        self.summary.setText(
            f"{len(days)} days to the interview, {total / 60:.1f} hours planned "
            f"(at most {budget:.0f} minutes a day)."
        )
        self.start.setEnabled(bool(days and days[0].items))
        self.tree.clear()
        for day in days:
            top = QTreeWidgetItem(
                [day.date.strftime("%a %d %b"), "", "", "", f"{day.minutes:.0f}", "" if day.items else "rest"]
            )
            for item in day.items:
                top.addChild(
                    QTreeWidgetItem(
                        [
                            "",
                            item.kind,
                            ROUND_TYPE_NAMES.get(item.round_type, "Full loop"),
                            item.question_id or "(full loop)",
                            f"{item.minutes:.0f}",
                            item.reason,
                        ]
                    )
                )
            self.tree.addTopLevelItem(top)
        first = self.tree.topLevelItem(0)
        if first is not None:
            first.setExpanded(True)


def start_plan_item(window: Any, round_type: str, question_ids: Sequence[str] = ()) -> None:
    """Start today's plan in the main ``window``: ``round_type`` "loop" starts the default full
    loop; with ``question_ids`` (today's questions of that round type, in plan order) a practice
    round of ``round_type`` asks them first, as many as the round holds; otherwise a practice
    round of ``round_type``."""
    from mockint.interview import (
        DEFAULT_TEMPLATE_ID,
        LoopRun,
        PlannedRound,
        pick_questions,
        practice_template,
    )

    ctx = window.ctx
    if round_type == "loop":
        loops = ctx.bank.loops
        if loops:
            window.start_loop(DEFAULT_TEMPLATE_ID if DEFAULT_TEMPLATE_ID in loops else sorted(loops)[0])
        return
    ids = [q for q in question_ids if q in ctx.bank.questions]
    if not ids:
        window.start_practice(round_type)
        return
    template = practice_template(ctx.bank, round_type)
    spec = replace(
        template.rounds[0], topics=(), difficulties=()
    )  # the planned question, whatever the filters

    def make_run() -> Any:
        picked = pick_questions(ctx.bank, spec, ctx.store.review.last_asked(), due=ids)
        return LoopRun(
            ctx.store,
            ctx.bank,
            replace(template, rounds=(spec,)),
            kind="practice",
            rounds=[PlannedRound(spec, picked)],
        )

    window._run(make_run)


def today_round(day: PlanDay) -> tuple[str, list[str]]:
    """What "Start today's plan" starts for ``day``: its first item's round type ("loop" for a
    full loop) and the day's question ids of that round type, in plan order."""
    first = day.items[0]
    if first.kind == "loop":
        return "loop", []
    return first.round_type, [
        i.question_id for i in day.items if i.round_type == first.round_type and i.question_id
    ]


def show_plan(window: Any) -> None:
    """Open (building it on first use) the plan screen in the main ``window``'s stack."""
    from datetime import date as _date

    from mockint.review.plan_overview import overview_in
    from mockint.ui.workers import run_in_background

    ctx = window.ctx
    if ctx.store is None:
        return
    page = getattr(window, "plan_page", None)
    if page is None:
        page = window.plan_page = PlanPage()
        page.home_requested.connect(window.show_home)

        def start_today(day: PlanDay) -> None:
            if day.items:
                start_plan_item(window, *today_round(day))

        page.start_today.connect(start_today)
        page.settings_changed.connect(lambda new: _save_settings(window, new))
        window.stack.addWidget(page)
    s = ctx.settings
    page.set_settings(s)
    page.summary.setText("Working out the plan…")
    page.start.setEnabled(False)
    window.stack.setCurrentWidget(page)

    def failed(exc: BaseException, _tb: str) -> None:
        page.summary.setText(f"The plan is unavailable: {exc}")

    # 85 ms at 100 sessions, ~390 ms at 1,000 (benchmarks/plan_overview.py): off the GUI thread.
    run_in_background(
        overview_in,
        ctx.store.path,
        ctx.bank,
        _date.today(),
        s.interview_date,
        s.minutes_per_day,
        s.paused_until,
        s.new_per_day,
        receiver=page,
        key="plan",  # settings saved again while it ran: the newer plan counts
        db=True,  # it syncs the retry cards
        on_done=page.show_overview,
        on_error=failed,
    )


def _save_settings(window: Any, new: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mockint.settings import save

    try:
        save(window.ctx.data_dir, new)
    except (OSError, ValueError) as exc:
        QMessageBox.warning(window, "Settings not saved", f"The plan settings could not be saved: {exc}")
        return
    window.ctx.settings = new
    show_plan(window)
