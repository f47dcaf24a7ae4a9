"""The review page's charts and tables, apart from the page that lays them out and loads the data.

:func:`draw_trends` and :func:`draw_calibration` turn an :class:`mockint.review.overview.Overview`'s
series into QtCharts series on a chart the page owns; :class:`SessionsModel` shows its sessions,
:func:`fill_weakest` and :func:`fill_time_use` its weakest dimensions and time use. Nothing here
reads the store or keeps state beyond what it is given.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QDateTime, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from mockint.bank import ROUND_TYPE_NAMES
from mockint.review.analysis import Calibration, TimeUse, Trend, WeakDimension
from mockint.review.overview import SessionRow

#: Scores each trend line averages at least, so a line shows direction rather than single-round
#: noise; a long history averages more (:func:`window`).
TREND_WINDOW = 3
#: Rounds up to which the calibration chart marks each round (QtCharts draws a scatter point as
#: its own graphics item, too slow by the thousand; the rolling mean line is always drawn).
MAX_MARKERS = 300


def type_name(round_type: str) -> str:
    """A round type's display name (the id itself for a type the bank does not name)."""
    return ROUND_TYPE_NAMES.get(round_type, round_type)


def _ms(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp() * 1000.0


def _local_time(iso: str) -> str:
    """An ISO UTC time as this machine's local date and time, to the minute."""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def window(points: int) -> int:
    """How many values a chart line averages: about a fifteenth of them, at least TREND_WINDOW."""
    return max(TREND_WINDOW, points // 15)


def rolling(values: list[float], n: int) -> list[float]:
    """Mean of each value with the ``n - 1`` before it."""
    return [
        sum(values[max(0, i - n + 1) : i + 1]) / len(values[max(0, i - n + 1) : i + 1])
        for i in range(len(values))
    ]


class SessionsModel(QAbstractTableModel):
    """Sessions newest first: local start time, title, rounds (scored / all), overall band."""

    HEADERS = ("Date", "Session", "Rounds", "Overall band")

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[SessionRow, ...] = ()

    def set_rows(self, rows: tuple[SessionRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return _local_time(row.started_at)
            # A finished session's unscored rounds were left with "Score later": they wait for scores.
            waiting = row.rounds - row.scored if row.status == "finished" else 0
            rounds = f"{row.scored}/{row.rounds}" + (f" · {waiting} to score" if waiting else "")
            return (None, row.title, rounds, row.band or "—")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            kinds = ", ".join(type_name(t) for t in row.round_types)
            return f"{row.title} ({row.status}): {kinds}"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def make_chart(title: str) -> tuple[QChart, QChartView]:
    """An empty antialiased chart with its legend below, and the view that shows it."""
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return chart, view


def _axes(chart: QChart, low: float, high: float, label: str, start_ms: float, end_ms: float) -> None:
    for axis in chart.axes():
        chart.removeAxis(axis)
    x = QDateTimeAxis()
    day = 86_400_000
    if end_ms - start_ms < 2 * day:
        # A day or two of history: pad half a day each side and show hours, so ticks differ.
        start_ms, end_ms = start_ms - day / 2, end_ms + day / 2
        x.setFormat("d MMM HH:mm")
    else:
        x.setFormat("d MMM")
    x.setTickCount(5)
    x.setRange(QDateTime.fromMSecsSinceEpoch(int(start_ms)), QDateTime.fromMSecsSinceEpoch(int(end_ms)))
    y = QValueAxis()
    y.setRange(low, high)
    y.setTitleText(label)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for series in chart.series():
        series.attachAxis(x)
        series.attachAxis(y)


def draw_trends(chart: QChart, round_type: str, trends: list[Trend]) -> None:
    """One rolling-mean line per dimension of ``round_type`` (``trends`` are that type's)."""
    chart.removeAllSeries()
    if not trends:
        chart.setTitle("No scored rounds yet")
        return
    n = window(max(len(t.points) for t in trends))
    chart.setTitle(f"{type_name(round_type)}: mean of the last {n} scores per dimension")
    times = []
    for trend in trends:
        series = QLineSeries()
        series.setName(trend.name)
        series.setPointsVisible(len(trend.points) <= MAX_MARKERS // 5)
        means = rolling([p.score for p in trend.points], n)
        points = [QPointF(_ms(p.when), m) for p, m in zip(trend.points, means, strict=True)]
        series.replace(points)
        times += [points[0].x(), points[-1].x()]
        chart.addSeries(series)
    _axes(chart, 1, 4, "Score", min(times), max(times))


def draw_calibration(chart: QChart, calibration: Calibration) -> None:
    """Each round's self-score minus evidence (up to :data:`MAX_MARKERS`) and their rolling mean."""
    chart.removeAllSeries()
    points = calibration.points
    if not points:
        chart.setTitle("No evidence yet")
        return
    chart.setTitle("Self-score minus evidence")
    if len(points) <= MAX_MARKERS:
        rounds = QScatterSeries()
        rounds.setName("Each round")
        rounds.setMarkerSize(7)
        rounds.replace([QPointF(_ms(p.when), p.gap) for p in points])
        chart.addSeries(rounds)
    n = window(len(points))
    trend = QLineSeries()
    trend.setName(f"Mean of the last {n}")
    means = rolling([p.gap for p in points], n)
    trend.replace([QPointF(_ms(p.when), m) for p, m in zip(points, means, strict=True)])
    chart.addSeries(trend)
    _axes(chart, -3, 3, "Gap (points)", _ms(points[0].when), _ms(points[-1].when))


def _minutes(seconds: float) -> str:
    sign = "−" if seconds < 0 else "+"
    return f"{sign}{abs(seconds) / 60:.1f} min"


def fill_weakest(tree: QTreeWidget, weakest: tuple[WeakDimension, ...]) -> None:
    """Each weak dimension with its mean, and under it the questions that pulled it down."""
    tree.clear()
    for w in weakest:
        item = QTreeWidgetItem(
            [
                f"{type_name(w.round_type)} · {w.name}",
                f"{w.mean:.2f}",
                f"{w.count} score{'s' if w.count != 1 else ''}",
            ]
        )
        for q in w.questions:
            QTreeWidgetItem(item, [q.question_title, f"scored {q.score}", f"on {q.when[:10]}"])
        tree.addTopLevelItem(item)
        item.setExpanded(True)
    if not weakest:
        tree.addTopLevelItem(QTreeWidgetItem(["No scored rounds yet", "", ""]))


def time_use_table() -> QTableWidget:
    """The empty read-only time use table: one row per round type (:func:`fill_time_use`)."""
    table = QTableWidget(0, 5)
    table.setAccessibleName("Time use")
    table.setHorizontalHeaderLabels(
        ["Round type", "Rounds", "Mean used /\nallowed", "Mean over (+) /\nspare (−)", "Over time"]
    )
    # The first column takes the spare room; the others are as wide as their header or values,
    # never narrower (Stretch for all five clipped the headers at 1366x768).
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("Round type") + 24)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def fill_time_use(table: QTableWidget, time_use: tuple[TimeUse, ...]) -> None:
    """Per round type: rounds, mean minutes used of allowed, mean over or spare, rounds over time."""
    table.setRowCount(len(time_use))
    for row, t in enumerate(time_use):
        cells = (
            type_name(t.round_type),
            str(len(t.rounds)),
            f"{t.mean_used_s / 60:.1f} / {t.mean_allowed_s / 60:.1f} min",
            _minutes(t.mean_over_s),
            f"{t.over} of {len(t.rounds)}",
        )
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
