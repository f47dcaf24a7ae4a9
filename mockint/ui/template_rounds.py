"""The template editor's rounds table: one row of typed cell widgets per round of a loop template.

:class:`RoundsTable` turns a template's ``rounds`` (TOML tables, as
:func:`mockint.interview.template_edit.to_table` gives them) into editable rows and back
(:meth:`RoundsTable.rounds`); :attr:`RoundsTable.edited` fires on every change.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from mockint.bank import ROUND_TYPE_NAMES, ROUND_TYPES
from mockint.bank.model import DIFFICULTIES

COLUMNS = ("Type", "Title", "Minutes", "Questions", "Difficulties", "Topics", "Stop", "Break (min)")

W = TypeVar("W", bound=QWidget)


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace(";", ",").split(",") if w.strip()]


class RoundsTable(QTableWidget):
    """The rounds in order, one per row; columns as :data:`COLUMNS` (the break follows its round)."""

    #: A round was added, removed, moved or one of its cells changed.
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setAccessibleName("Rounds")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        em = self.fontMetrics().horizontalAdvance("M")
        # Fixed columns sized to their content; the title and topics take the rest.
        bold = header.font()
        bold.setBold(True)
        label_w = QFontMetrics(bold).horizontalAdvance
        for col, chars in ((0, 13), (2, 5), (3, 5), (4, 9), (6, 5), (7, 5)):
            self.setColumnWidth(col, max(chars * em, label_w(COLUMNS[col]) + 2 * em))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def set_rounds(self, rounds: list[dict[str, Any]]) -> None:
        """Show these rounds instead of the ones shown."""
        self.setRowCount(0)
        for r in rounds:
            self.add_round(r)

    def add_round(self, r: dict[str, Any] | None = None) -> None:
        """Append ``r`` (default: a 45-minute DSA round of one question) and select it."""
        r = r or {"type": "dsa", "minutes": 45, "questions": 1, "stop": "soft"}
        row = self.rowCount()
        self.insertRow(row)
        kind = QComboBox()
        for rt in ROUND_TYPES:
            kind.addItem(ROUND_TYPE_NAMES[rt], rt)
        kind.setCurrentIndex(max(0, kind.findData(r["type"])))
        title = QLineEdit(r.get("title", ""))
        minutes = QDoubleSpinBox()
        minutes.setRange(1, 600)
        minutes.setDecimals(0)
        minutes.setValue(float(r["minutes"]))
        count = QSpinBox()
        count.setRange(1, 40)
        count.setValue(int(r.get("questions", 1)))
        diffs = QLineEdit(", ".join(r.get("difficulties", [])))
        diffs.setPlaceholderText("any")
        diffs.setToolTip(f"Comma-separated, from: {', '.join(DIFFICULTIES)} (empty = any)")
        topics = QLineEdit(", ".join(r.get("topics", [])))
        topics.setPlaceholderText("any")
        topics.setToolTip("Comma-separated question topics (empty = any)")
        stop = QComboBox()
        stop.addItem("soft", "soft")
        stop.addItem("hard", "hard")
        stop.setToolTip("soft: the clock runs into overtime; hard: the round ends at zero")
        stop.setCurrentIndex(max(0, stop.findData(r.get("stop", "soft"))))
        pause = QDoubleSpinBox()
        pause.setRange(0, 240)
        pause.setDecimals(0)
        pause.setValue(float(r.get("break_minutes", 0)))
        cells: tuple[QWidget, ...] = (kind, title, minutes, count, diffs, topics, stop, pause)
        for col, w in enumerate(cells):
            self.setCellWidget(row, col, w)
        for box in (kind, stop):
            box.currentIndexChanged.connect(self.edited)
        for spin in (minutes, pause):
            spin.valueChanged.connect(self.edited)
        count.valueChanged.connect(self.edited)
        for line in (title, diffs, topics):
            line.textChanged.connect(self.edited)
        self.selectRow(row)
        self.edited.emit()

    def remove_current(self) -> None:
        """Remove the selected round (never the last one left)."""
        row = self.currentRow()
        if row >= 0 and self.rowCount() > 1:
            self.removeRow(row)
            self.edited.emit()

    def move_current(self, step: int) -> None:
        """Move the selected round ``step`` rows down (negative: up), keeping it selected."""
        row = self.currentRow()
        rows = self.rounds()
        target = row + step
        if row < 0 or not 0 <= target < len(rows):
            return
        rows[row], rows[target] = rows[target], rows[row]
        self.set_rounds(rows)
        self.selectRow(target)

    def _cell(self, row: int, col: int, kind: type[W]) -> W:
        widget = self.cellWidget(row, col)
        if not isinstance(widget, kind):  # add_round puts these types in these columns
            raise TypeError(f"row {row}, column {COLUMNS[col]}: {type(widget).__name__}, not {kind.__name__}")
        return widget

    def rounds(self) -> list[dict[str, Any]]:
        """The rounds as TOML tables (what :func:`mockint.interview.template_edit.check` reads)."""
        out = []
        for row in range(self.rowCount()):
            r: dict[str, Any] = {
                "type": self._cell(row, 0, QComboBox).currentData(),
                "minutes": int(self._cell(row, 2, QDoubleSpinBox).value()),
                "questions": self._cell(row, 3, QSpinBox).value(),
                "stop": self._cell(row, 6, QComboBox).currentData(),
            }
            if title := self._cell(row, 1, QLineEdit).text().strip():
                r["title"] = title
            if diffs := _words(self._cell(row, 4, QLineEdit).text()):
                r["difficulties"] = diffs
            if topics := _words(self._cell(row, 5, QLineEdit).text()):
                r["topics"] = topics
            if pause := int(self._cell(row, 7, QDoubleSpinBox).value()):
                r["break_minutes"] = pause
            out.append(r)
        return out
