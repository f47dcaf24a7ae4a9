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

from PySide6.QtCore import QDate, Qt, Signal
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
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import ROUND_TYPES, Bank
from mockint.review.overview import (
    Overview,
    Snapshot,
    build_overview,
    key_point_totals,
    load_snapshot,
)
from mockint.store.review_state import ReviewState
from mockint.ui.review_charts import (
    SessionsModel,
    draw_calibration,
    draw_trends,
    fill_time_use,
    fill_weakest,
    make_chart,
    time_use_table,
    type_name,
)
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


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _snapshot_job(db_path, now: datetime, previous: Snapshot | None) -> Snapshot:
    """Runs on a worker thread: its own connection, cards synced, the history read if it changed."""
    state = ReviewState.open(db_path)
    try:
        return load_snapshot(state, now, previous=previous)
    finally:
        state.close()


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
            self.type_box.addItem(type_name(rt), rt)
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
        self.trend_chart, self.trend_view = make_chart("Scores by dimension")
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
        self.calibration_chart, self.calibration_view = make_chart("Self-score minus evidence")
        calibration = self.calibration_tab = QWidget()
        self._calibration_drawn = False
        cl = QVBoxLayout(calibration)
        cl.addWidget(self.calibration_label)
        cl.addWidget(self.calibration_view, 1)

        self.time_table = time_use_table()

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
        round_type: str | None = self.type_box.currentData() or None
        days: int = self.range_box.currentData()
        today = self.clock().date()
        if days == -1:
            return round_type, _day(self.since_edit.date()), _day(self.until_edit.date())
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
            parts = ", ".join(f"{type_name(t)} {n}" for t, n in by_type.items())
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
            self.trend_type_box.addItem(f"{type_name(rt)} ({plural(counts[rt], 'scored round')})", rt)
        best = ov.round_type or (
            keep if keep in counts else max(counts, key=lambda t: counts[t], default=None)
        )
        self.trend_type_box.setCurrentIndex(max(0, self.trend_type_box.findData(best)))
        self.trend_type_box.setVisible(ov.round_type is None)
        self.trend_type_box.blockSignals(False)
        self._draw_trends()

    def _draw_trends(self, *_: object) -> None:
        rt = self.trend_type_box.currentData()
        trends = [t for t in (self.overview.trends if self.overview else ()) if t.round_type == rt]
        draw_trends(self.trend_chart, rt, trends)

    def _show_weakest(self, ov: Overview) -> None:
        fill_weakest(self.weakest, ov.weakest)

    def _show_calibration(self, ov: Overview) -> None:
        cal = ov.calibration
        if not cal.points:
            self.calibration_label.setText(
                "No evidence yet: run the tests in coding rounds, and reveal and tick "
                "key points in discussion rounds."
            )
        else:
            per_type = ", ".join(f"{type_name(t)} {g:+.1f}" for t, g in cal.by_round_type().items())
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
        draw_calibration(self.calibration_chart, ov.calibration)

    def _show_time(self, ov: Overview) -> None:
        fill_time_use(self.time_table, ov.time_use)

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
        self.practise_due_requested.emit(self.overview.round_type or max(by_type, key=lambda t: by_type[t]))
