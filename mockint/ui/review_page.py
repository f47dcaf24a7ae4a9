"""The review page: past sessions, score trends, weakest dimensions, calibration, time use, retry queue.

The page renders a :class:`mockint.review.overview.Overview` and sends intents (practise due
questions, write a report, go home) as signals; it never starts a loop or writes a file itself.
Reading the history, syncing the retry cards and the analysis run off the GUI thread on their
own database connection (:func:`mockint.ui.workers.run_in_background`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QDate, QDateTime, QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import ROUND_TYPE_NAMES, ROUND_TYPES, Bank
from mockint.review.overview import (
    Overview,
    SessionRow,
    Snapshot,
    build_overview,
    key_point_totals,
    load_snapshot,
)
from mockint.store.review_state import ReviewState
from mockint.ui.workers import run_in_background
from mockint.wording import plural

log = logging.getLogger(__name__)

#: Date ranges offered, as (label, days back; 0 = all time, -1 = custom).
RANGES: tuple[tuple[str, int], ...] = (
    ("All time", 0),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Custom dates", -1),
)
#: Scores each trend line averages at least, so a line shows direction rather than single-round
#: noise; a long history averages more (:func:`_window`).
TREND_WINDOW = 3
#: Rounds up to which the calibration chart marks each round (QtCharts draws a scatter point as
#: its own graphics item, too slow by the thousand; the rolling mean line is always drawn).
MAX_MARKERS = 300


def _type_name(round_type: str) -> str:
    return ROUND_TYPE_NAMES.get(round_type, round_type)


def _ms(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp() * 1000.0


def _local_time(iso: str) -> str:
    """An ISO UTC time as this machine's local date and time, to the minute."""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def _minutes(seconds: float) -> str:
    sign = "−" if seconds < 0 else "+"
    return f"{sign}{abs(seconds) / 60:.1f} min"


def _window(points: int) -> int:
    """How many values a chart line averages: about a fifteenth of them, at least TREND_WINDOW."""
    return max(TREND_WINDOW, points // 15)


def _rolling(values: list[float], n: int) -> list[float]:
    """Mean of each value with the ``n - 1`` before it."""
    return [
        sum(values[max(0, i - n + 1) : i + 1]) / len(values[max(0, i - n + 1) : i + 1])
        for i in range(len(values))
    ]


def _snapshot_job(db_path, now: datetime, previous: Snapshot | None) -> Snapshot:
    """Runs on a worker thread: its own connection, cards synced, the history read if it changed."""
    state = ReviewState.open(db_path)
    try:
        return load_snapshot(state, now, previous=previous)
    finally:
        state.close()


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

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return _local_time(row.started_at)
            # A finished session's unscored rounds were left with "Score later": they wait for scores.
            waiting = row.rounds - row.scored if row.status == "finished" else 0
            rounds = f"{row.scored}/{row.rounds}" + (f" · {waiting} to score" if waiting else "")
            return (None, row.title, rounds, row.band or "—")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            kinds = ", ".join(_type_name(t) for t in row.round_types)
            return f"{row.title} ({row.status}): {kinds}"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def _chart(title: str) -> tuple[QChart, QChartView]:
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


class ReviewPage(QWidget):
    """Review of the whole history, filtered by round type and date range."""

    #: Back to the home screen.
    home_requested = Signal()
    #: Practise the questions due for another try of this round type (the filtered type, else
    #: the type with the most questions due).
    practise_due_requested = Signal(str)
    #: Write the report of this session id (the receiver asks where).
    report_requested = Signal(str)
    #: The numbers for the current filters are on screen (the :class:`Overview` shown).
    overview_ready = Signal(object)

    def __init__(
        self,
        store,
        bank: Bank | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.key_points = key_point_totals(bank)
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.snapshot: Snapshot | None = None
        self.overview: Overview | None = None

        title = QLabel("Review")
        title.setObjectName("pageTitle")
        self.type_box = QComboBox()
        self.type_box.setAccessibleName("Round type filter")
        self.type_box.addItem("All round types", "")
        for rt in ROUND_TYPES:
            self.type_box.addItem(_type_name(rt), rt)
        self.range_box = QComboBox()
        self.range_box.setAccessibleName("Date range")
        for label, days in RANGES:
            self.range_box.addItem(label, days)
        self.since_edit, self.until_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.since_edit, "From date"), (self.until_edit, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setDate(QDate.currentDate())
            edit.hide()
        self.status = QLabel("Loading your history…")
        self.status.setObjectName("muted")
        self.home_btn = QPushButton("Back to home")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        for w in (self.type_box, self.range_box, self.since_edit, self.until_edit):
            top.addWidget(w)
        top.addWidget(self.status, 1)
        top.addWidget(self.home_btn)

        self.sessions_model = SessionsModel()
        self.sessions = QTableView()
        self.sessions.setAccessibleName("Sessions")
        self.sessions.setModel(self.sessions_model)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.verticalHeader().hide()
        # Widths from the font, not ResizeToContents, which measures every one of a thousand rows.
        header = self.sessions.horizontalHeader()
        metrics = self.sessions.fontMetrics()
        for column, sample in ((0, "2024-12-31 23:59"), (2, "Rounds"), (3, "Leaning no hire")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 40)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.report_btn = QPushButton("Report…")
        self.report_btn.setToolTip("Save the selected session's report as PDF, HTML or Markdown")
        self.report_btn.setEnabled(False)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.sessions, 1)
        ll.addWidget(self.report_btn)

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.practise_btn = QPushButton("Practise due questions")
        self.practise_btn.setObjectName("primary")
        self.practise_btn.setEnabled(False)
        due_box = QGroupBox("Retry queue")
        dl = QHBoxLayout(due_box)
        dl.addWidget(self.due_label, 1)
        dl.addWidget(self.practise_btn)

        self.trend_type_box = QComboBox()
        self.trend_type_box.setAccessibleName("Trend round type")
        self.trend_chart, self.trend_view = _chart("Scores by dimension")
        trends = QWidget()
        tl = QVBoxLayout(trends)
        tl.addWidget(self.trend_type_box)
        tl.addWidget(self.trend_view, 1)

        self.weakest = QTreeWidget()
        self.weakest.setAccessibleName("Weakest dimensions")
        self.weakest.setHeaderLabels(["Dimension / questions that pulled it down", "Mean, latest", ""])
        self.weakest.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.calibration_label = QLabel()
        self.calibration_label.setWordWrap(True)
        self.calibration_chart, self.calibration_view = _chart("Self-score minus evidence")
        calibration = self.calibration_tab = QWidget()
        self._calibration_drawn = False
        cl = QVBoxLayout(calibration)
        cl.addWidget(self.calibration_label)
        cl.addWidget(self.calibration_view, 1)

        self.time_table = QTableWidget(0, 5)
        self.time_table.setAccessibleName("Time use")
        self.time_table.setHorizontalHeaderLabels(
            ["Round type", "Rounds", "Mean used /\nallowed", "Mean over (+) /\nspare (−)", "Over time"]
        )
        # The first column takes the spare room; the others are as wide as their header or values,
        # never narrower (Stretch for all five clipped the headers at 1366x768).
        time_header = self.time_table.horizontalHeader()
        time_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        time_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        time_header.setMinimumSectionSize(time_header.fontMetrics().horizontalAdvance("Round type") + 24)
        self.time_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.tabs = QTabWidget()
        self.tabs.addTab(trends, "Trends")
        self.tabs.addTab(self.weakest, "Weakest dimensions")
        self.tabs.addTab(calibration, "Calibration")
        self.tabs.addTab(self.time_table, "Time use")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(due_box)
        rl.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([540, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.home_btn.clicked.connect(self.home_requested)
        self.type_box.currentIndexChanged.connect(self._filters_changed)
        self.range_box.currentIndexChanged.connect(self._range_changed)
        self.since_edit.dateChanged.connect(self._filters_changed)
        self.until_edit.dateChanged.connect(self._filters_changed)
        self.trend_type_box.currentIndexChanged.connect(self._draw_trends)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.sessions.selectionModel().selectionChanged.connect(self._selection_changed)
        self.sessions.doubleClicked.connect(self._report)
        self.report_btn.clicked.connect(self._report)
        self.practise_btn.clicked.connect(self._practise)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the history (and sync the retry cards) off the GUI thread, then redraw.

        Call it whenever the page is shown: an unchanged history is not read again.
        """
        self.status.setText("Loading your history…")
        run_in_background(
            _snapshot_job,
            self.store.path,
            self.clock(),
            self.snapshot,
            receiver=self,
            key="snapshot",  # a newer refresh replaces a read still running
            db=True,  # it syncs the retry cards: store work, on the store's one thread
            on_done=self._snapshot_loaded,
            on_error=self._failed,
        )

    def _snapshot_loaded(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._filters_changed()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.status.setText(f"Could not read your history: {exc}")

    def filters(self) -> tuple[str | None, date | None, date | None]:
        """(round type or ``None``, first day or ``None``, last day or ``None``), days inclusive."""
        round_type = self.type_box.currentData() or None
        days = self.range_box.currentData()
        today = self.clock().date()
        if days == -1:
            return round_type, self.since_edit.date().toPython(), self.until_edit.date().toPython()
        if days:
            return round_type, today - timedelta(days=days - 1), None
        return round_type, None, None

    def _range_changed(self, *_: object) -> None:
        custom = self.range_box.currentData() == -1
        self.since_edit.setVisible(custom)
        self.until_edit.setVisible(custom)
        if custom and self.snapshot is not None and self.snapshot.history.sessions:
            first = self.snapshot.history.sessions[0].local_date()
            for edit, day in ((self.since_edit, first), (self.until_edit, self.clock().date())):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, *_: object) -> None:
        if self.snapshot is None:
            return
        round_type, since, until = self.filters()
        run_in_background(
            build_overview,
            self.snapshot,
            self.key_points,
            round_type,
            since,
            until,
            receiver=self,
            key="overview",  # only the numbers for the latest filters are shown
            on_done=self._show,
            on_error=self._failed,
        )

    # -- rendering -----------------------------------------------------------------------------
    def _show(self, overview: Overview) -> None:
        self.overview = overview
        n = len(overview.sessions)
        self.status.setText(
            f"{n} session{'s' if n != 1 else ''}" if n else "No sessions match these filters."
        )
        self.sessions_model.set_rows(overview.sessions)
        self.report_btn.setEnabled(False)
        self._show_due(overview)
        self._fill_trend_types(overview)
        self._show_weakest(overview)
        self._show_calibration(overview)
        self._show_time(overview)
        self.overview_ready.emit(overview)

    def _show_due(self, ov: Overview) -> None:
        by_type = ov.due_by_type
        total = sum(by_type.values())
        if total:
            parts = ", ".join(f"{_type_name(t)} {n}" for t, n in by_type.items())
            self.due_label.setText(
                f"<b>{total} question{'s' if total != 1 else ''} due</b> for another try ({parts})."
            )
        else:
            self.due_label.setText("No questions are due for another try today.")
        self.practise_btn.setEnabled(total > 0)

    def _fill_trend_types(self, ov: Overview) -> None:
        counts: dict[str, int] = {}
        for trend in ov.trends:
            counts[trend.round_type] = max(counts.get(trend.round_type, 0), len(trend.points))
        keep = self.trend_type_box.currentData()
        self.trend_type_box.blockSignals(True)
        self.trend_type_box.clear()
        for rt in counts:
            self.trend_type_box.addItem(f"{_type_name(rt)} ({plural(counts[rt], 'scored round')})", rt)
        best = ov.round_type or (keep if keep in counts else max(counts, key=counts.get, default=None))
        self.trend_type_box.setCurrentIndex(max(0, self.trend_type_box.findData(best)))
        self.trend_type_box.setVisible(ov.round_type is None)
        self.trend_type_box.blockSignals(False)
        self._draw_trends()

    def _draw_trends(self, *_: object) -> None:
        chart = self.trend_chart
        chart.removeAllSeries()
        rt = self.trend_type_box.currentData()
        trends = [t for t in (self.overview.trends if self.overview else ()) if t.round_type == rt]
        if not trends:
            chart.setTitle("No scored rounds yet")
            return
        window = _window(max(len(t.points) for t in trends))
        chart.setTitle(f"{_type_name(rt)}: mean of the last {window} scores per dimension")
        times = []
        for trend in trends:
            series = QLineSeries()
            series.setName(trend.name)
            series.setPointsVisible(len(trend.points) <= MAX_MARKERS // 5)
            means = _rolling([p.score for p in trend.points], window)
            points = [QPointF(_ms(p.when), m) for p, m in zip(trend.points, means, strict=True)]
            series.replace(points)
            times += [points[0].x(), points[-1].x()]
            chart.addSeries(series)
        _axes(chart, 1, 4, "Score", min(times), max(times))

    def _show_weakest(self, ov: Overview) -> None:
        self.weakest.clear()
        for w in ov.weakest:
            item = QTreeWidgetItem(
                [
                    f"{_type_name(w.round_type)} · {w.name}",
                    f"{w.mean:.2f}",
                    f"{w.count} score{'s' if w.count != 1 else ''}",
                ]
            )
            for q in w.questions:
                QTreeWidgetItem(item, [q.question_title, f"scored {q.score}", f"on {q.when[:10]}"])
            self.weakest.addTopLevelItem(item)
            item.setExpanded(True)
        if not ov.weakest:
            self.weakest.addTopLevelItem(QTreeWidgetItem(["No scored rounds yet", "", ""]))

    def _show_calibration(self, ov: Overview) -> None:
        cal = ov.calibration
        if not cal.points:
            self.calibration_label.setText(
                "No evidence yet: run the tests in coding rounds, and reveal and tick "
                "key points in discussion rounds."
            )
        else:
            per_type = ", ".join(f"{_type_name(t)} {g:+.1f}" for t, g in cal.by_round_type().items())
            self.calibration_label.setText(
                f"On average you score yourself <b>{cal.mean_gap:+.1f}</b> against the evidence "
                f"(last {min(5, len(cal.points))} rounds: {cal.recent_gap():+.1f}). By round type: {per_type}. "
                "Positive means above it: evidence is tests passed in coding rounds and key points ticked in "
                "the others, put on the 1–4 scale."
            )
        # Charts cost more than the rest of the page together: draw this one when its tab shows.
        self._calibration_drawn = False
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.calibration_tab and not self._calibration_drawn and self.overview:
            self._calibration_drawn = True
            self._draw_calibration(self.overview)

    def _draw_calibration(self, ov: Overview) -> None:
        chart = self.calibration_chart
        chart.removeAllSeries()
        points = ov.calibration.points
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
        window = _window(len(points))
        trend = QLineSeries()
        trend.setName(f"Mean of the last {window}")
        means = _rolling([p.gap for p in points], window)
        trend.replace([QPointF(_ms(p.when), m) for p, m in zip(points, means, strict=True)])
        chart.addSeries(trend)
        _axes(chart, -3, 3, "Gap (points)", _ms(points[0].when), _ms(points[-1].when))

    def _show_time(self, ov: Overview) -> None:
        self.time_table.setRowCount(len(ov.time_use))
        for row, t in enumerate(ov.time_use):
            cells = (
                _type_name(t.round_type),
                str(len(t.rounds)),
                f"{t.mean_used_s / 60:.1f} / {t.mean_allowed_s / 60:.1f} min",
                _minutes(t.mean_over_s),
                f"{t.over} of {len(t.rounds)}",
            )
            for col, text in enumerate(cells):
                self.time_table.setItem(row, col, QTableWidgetItem(text))

    # -- intents -------------------------------------------------------------------------------
    def selected_session(self) -> str:
        rows = self.sessions.selectionModel().selectedRows()
        return self.sessions_model.rows[rows[0].row()].id if rows else ""

    def _selection_changed(self, *_: object) -> None:
        self.report_btn.setEnabled(bool(self.selected_session()))

    def _report(self, *_: object) -> None:
        session_id = self.selected_session()
        if session_id:
            self.report_requested.emit(session_id)

    def _practise(self) -> None:
        """Practise the filtered round type, or (all types shown) the type with the most questions due."""
        if self.overview is None or not self.overview.due:
            return
        by_type = self.overview.due_by_type
        self.practise_due_requested.emit(self.overview.round_type or max(by_type, key=by_type.get))
