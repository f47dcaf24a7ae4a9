"""Painted charts of the plan screen, for looking rather than reading: each day's planned load,
the retries due per day over the next weeks, and readiness per round type. QPainter only (no
QtCharts on this path, no new dependency)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mockint.bank import ROUND_TYPE_NAMES
from mockint.review.plan import PlanDay
from mockint.review.readiness import Readiness
from mockint.ui.theme import colour

#: The plan item kinds, in the legend's order; each kind's colour is ``theme.colour(kind)``.
KINDS = ("retry", "weak", "new", "loop")


class LoadChart(QWidget):
    """Stacked bars of each day's minutes by item kind; a dashed line marks the budget (minutes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: Sequence[PlanDay] = ()
        self.budget = 60.0
        self.setMinimumHeight(120)
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
            y = float(h - bottom)
            for item in day.items:
                bar = item.minutes * scale
                y -= bar
                p.fillRect(
                    QRectF(left + n * slot + slot * 0.15, y, slot * 0.7, bar), QColor(colour(item.kind))
                )
            if n % max(1, math.ceil(24 / slot)) == 0:  # a label every few days when bars are narrow
                p.drawText(QRectF(left + n * slot, h - bottom, slot * 2, bottom), day.date.strftime("%d"))
        pen = QPen(QColor(colour("axis")))
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        y = h - bottom - self.budget * scale
        p.drawLine(left, int(y), w, int(y))


class DueCalendar(QWidget):
    """Weeks as rows, Monday to Sunday as columns; each day shows how many retries fall due.

    ``counts`` maps a date to the retries due that day (overdue ones on today); darker is more.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: Mapping[date, int] = {}
        self.start = date.today()
        self.weeks = 6
        self.paused_until: date | None = None
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_counts(
        self, counts: Mapping[date, int], start: date, weeks: int = 6, paused_until: date | None = None
    ) -> None:
        self.counts, self.start, self.weeks, self.paused_until = counts, start, weeks, paused_until
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt)
        p = QPainter(self)
        text = self.palette().text().color()
        head, left = 18, 52
        cw = (self.width() - left) / 7
        ch = (self.height() - head) / self.weeks
        monday = self.start - timedelta(days=self.start.weekday())
        top = max(self.counts.values(), default=0) or 1
        p.setPen(text)
        for col, name in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")):
            p.drawText(QRectF(left + col * cw, 0, cw, head), Qt.AlignmentFlag.AlignCenter, name)
        for row in range(self.weeks):
            week = monday + timedelta(days=7 * row)
            p.setPen(text)
            p.drawText(
                QRectF(0, head + row * ch, left - 4, ch),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                week.strftime("%d %b"),
            )
            for col in range(7):
                day = week + timedelta(days=col)
                cell = QRectF(left + col * cw + 1, head + row * ch + 1, cw - 2, ch - 2)
                n = self.counts.get(day, 0)
                if day < self.start:
                    continue
                paused = self.paused_until is not None and day < self.paused_until
                due = QColor(colour("retry"))
                due.setAlpha(40 + int(200 * n / top))
                fill = QColor(colour("zero")) if paused else due if n else QColor(colour("empty"))
                p.fillRect(cell, fill)
                if day == self.start:
                    p.setPen(QPen(QColor(colour("accent")), 2))
                    p.drawRect(cell)
                p.setPen(text)
                label = "off" if paused else str(n) if n else ""
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, label)


class ReadinessChart(QWidget):
    """One horizontal bar per round type: the recent mean score on the 1..4 scale, with the share
    of the bank practised as a thin bar beneath. ``rows`` are :class:`~mockint.review.readiness.Readiness`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: Sequence[Readiness] = ()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: Sequence[Readiness]) -> None:
        self.rows = rows
        self.setMinimumHeight(24 + 22 * max(len(rows), 1))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt)
        p = QPainter(self)
        text = self.palette().text().color()
        left, right = 130, 46
        plot = max(self.width() - left - right, 10)
        ch = (self.height() - 4) / max(len(self.rows), 1)
        for n, r in enumerate(self.rows):
            y = 2 + n * ch
            p.setPen(text)
            p.drawText(
                QRectF(0, y, left - 6, ch),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                ROUND_TYPE_NAMES.get(r.round_type, r.round_type),
            )
            p.fillRect(QRectF(left, y + 3, plot, ch * 0.5), QColor(colour("track")))
            mean = r.recent_mean
            if mean is not None:
                band = "loop" if mean >= 3 else "retry" if mean >= 2.5 else "weak"
                p.fillRect(QRectF(left, y + 3, plot * (mean - 1) / 3, ch * 0.5), QColor(colour(band)))
            share = r.practised / r.bank if r.bank else 0
            p.fillRect(
                QRectF(left, y + 3 + ch * 0.55, plot * share, max(ch * 0.12, 2)), QColor(colour("accent"))
            )
            p.setPen(text)
            p.drawText(
                QRectF(left + plot + 4, y, right, ch),
                Qt.AlignmentFlag.AlignVCenter,
                "–" if mean is None else f"{mean:.1f}",
            )
