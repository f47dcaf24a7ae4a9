"""The plan screen: the days to the interview, their load as a bar chart, one start button.

Shows a list of :class:`mockint.review.plan.PlanDay` (built by the caller with
:func:`mockint.review.plan.plan_for`); the chart draws each day's minutes against the daily
budget (minutes) with QPainter. ``start_today`` is emitted with today's items.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockint.review.plan import PlanDay

_COLOURS = {"retry": "#d9822b", "weak": "#c23030", "new": "#2b7bd9", "loop": "#5a8f29"}


class LoadChart(QWidget):
    """Stacked bars of each day's minutes by item kind; a dashed line marks the budget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: Sequence[PlanDay] = ()
        self.budget = 60.0
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_days(self, days: Sequence[PlanDay], budget: float) -> None:
        self.days, self.budget = days, budget
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        left, bottom, top = 36, 20, 8
        plot_h = h - bottom - top
        p.setPen(self.palette().text().color())
        p.drawText(0, top + 10, f"{self.budget:.0f}")
        p.drawText(0, h - bottom, "0")
        if not self.days:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No plan yet")
            return
        scale = plot_h / max(self.budget, max(d.minutes for d in self.days), 1.0)
        slot = (w - left) / len(self.days)
        for n, day in enumerate(self.days):
            y = h - bottom
            for item in day.items:
                bar = item.minutes * scale
                y -= bar
                p.fillRect(QRectF(left + n * slot + slot * 0.15, y, slot * 0.7, bar), QColor(_COLOURS[item.kind]))
            if slot > 26 or n % max(1, int(30 / slot)) == 0:
                p.drawText(QRectF(left + n * slot, h - bottom, slot * 2, bottom), day.date.strftime("%d"))
        pen = QPen(QColor("#888888"))
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        y = h - bottom - self.budget * scale
        p.drawLine(left, int(y), w, int(y))


class PlanPage(QWidget):
    """The days of a plan; ``start_today`` carries today's :class:`PlanDay`."""

    start_today = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: Sequence[PlanDay] = ()
        layout = QVBoxLayout(self)
        self.title = QLabel("Study plan")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chart = LoadChart()
        legend = QLabel("  ".join(f'<span style="color:{c}">■</span> {k}' for k, c in _COLOURS.items())
                        + "  <span style='color:#888'>- - budget</span>")
        self.start = QPushButton("Start today's plan")
        self.start.clicked.connect(lambda: self.days and self.start_today.emit(self.days[0]))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Day", "Kind", "Round type", "Question", "Minutes", "Why"])
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(3, 280)
        for w in (self.title, self.summary, self.chart, legend, self.start):
            layout.addWidget(w)
        layout.addWidget(self.tree, 1)

    def set_plan(self, days: Sequence[PlanDay], budget: float) -> None:
        """Show ``days`` against a ``budget`` in minutes per day."""
        self.days = days
        self.chart.set_days(days, budget)
        total = sum(d.minutes for d in days)
        self.summary.setText(f"{len(days)} days to the interview, {total / 60:.1f} hours planned "
                             f"(at most {budget:.0f} minutes a day).")
        self.start.setEnabled(bool(days and days[0].items))
        self.tree.clear()
        for day in days:
            top = QTreeWidgetItem([day.date.strftime("%a %d %b"), "", "", "", f"{day.minutes:.0f}", ""])
            for item in day.items:
                top.addChild(QTreeWidgetItem(["", item.kind, item.round_type, item.question_id or "(full loop)",
                                              f"{item.minutes:.0f}", item.reason]))
            self.tree.addTopLevelItem(top)
        if days:
            self.tree.topLevelItem(0).setExpanded(True)
