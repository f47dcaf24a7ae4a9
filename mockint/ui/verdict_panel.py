"""The tests panel of a coding view: the verdict line, the runs of this problem, the sample tests
(input, expected, what the code returned, why it failed) and the hidden tests' summary."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.ui import theme
from mockint.ui.theme import colour

log = logging.getLogger(__name__)

#: Characters of a value shown in a sample-table cell; the whole value is in its tooltip and in
#: the details below when the row is selected.
CELL_CHARS = 60
NOT_JUDGED = "Not judged yet. Ctrl+Enter runs the tests."

#: Each verdict's colour, by meaning (:data:`mockint.ui.theme.COLOURS`), so both themes keep contrast.
VERDICT_COLOURS = {
    "Accepted": "good",
    "Wrong Answer": "bad",
    "Time Limit Exceeded": "warn",
    "Memory Limit Exceeded": "warn",
    "Output Limit Exceeded": "warn",
    "Runtime Error": "error",
    "Compilation Error": "error",
}


def verdict_colour(name: str) -> str:
    """The current theme's colour of the verdict ``name`` (neutral for one not listed)."""
    return colour(VERDICT_COLOURS.get(name, "neutral"))


def run_time(created_at: str | None) -> str:
    """A run's local wall time as HH:MM:SS from the store's ISO-8601 ``created_at`` (now when
    the run is not stored yet or the stamp does not parse)."""
    if created_at:
        try:
            return datetime.fromisoformat(str(created_at)).astimezone().strftime("%H:%M:%S")
        except ValueError:
            log.warning("a verdict's created_at %r is not ISO 8601", created_at)
    return time.strftime("%H:%M:%S")


class VerdictPanel(QWidget):
    """Renders verdict runs (the judge's ``to_dict()`` plus ``final`` / ``created_at``) of one
    problem; the owner passes them in from the round's state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict_label = QLabel(NOT_JUDGED)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Test results")
        self.samples = QTableWidget(0, 4)
        self.samples.setAccessibleName("Sample tests")
        self.samples.setHorizontalHeaderLabels(["Input", "Expected", "Got", "Result"])
        self.samples.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.samples.verticalHeader().hide()
        self.samples.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.samples.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.samples.currentCellChanged.connect(lambda row, *_: self._show_case(row))
        self.runs = QListWidget()
        self.runs.setAccessibleName("Runs this round")
        self.runs.setToolTip("Every run of the tests in this round; select one to see it again")
        self.runs.currentRowChanged.connect(self._show_run)
        self._runs: list[dict] = []
        self._samples: list[dict] = []
        self._lines: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict_label)
        results = QSplitter(Qt.Orientation.Horizontal)
        results.addWidget(self.runs)
        detail_box = QSplitter(Qt.Orientation.Vertical)
        detail_box.addWidget(self.samples)
        detail_box.addWidget(self.details)
        results.addWidget(detail_box)
        results.setSizes([190, 560])
        layout.addWidget(results, 1)
        theme.follow(self, self._recolour)  # the verdict colours follow a theme change

    def _recolour(self, _look: object = None) -> None:
        """Paint the runs and the shown run again in the current theme's colours."""
        for i, v in enumerate(self._runs):
            if item := self.runs.item(i):
                item.setForeground(QColor(verdict_colour(v.get("verdict", ""))))
        row = self.runs.currentRow()
        if 0 <= row < len(self._runs):
            self._render(self._runs[row])

    def show_runs(self, runs) -> None:
        """Show ``runs`` (oldest first) and select the last; none: "Not judged yet"."""
        self._runs = []
        self.runs.clear()
        self.samples.setRowCount(0)
        self.details.clear()
        self.verdict_label.setStyleSheet("")
        self.verdict_label.setText(NOT_JUDGED)
        for v in runs:
            self.add_run(v)

    def add_run(self, verdict: dict) -> None:
        self._runs.append(verdict)
        final = " (final)" if verdict.get("final") else ""
        detail = (
            f"{verdict['metric']} {verdict['score']:.4f}"  # an end-to-end problem's score
            if verdict.get("metric") and isinstance(verdict.get("score"), float)
            else f"{verdict.get('passed', 0)}/{verdict.get('total', 0)} passed"
        )
        item = QListWidgetItem(
            f"{run_time(verdict.get('created_at'))}  {verdict.get('verdict', '?')}{final}\n{detail}"
        )
        item.setForeground(QColor(verdict_colour(verdict.get("verdict", ""))))
        self.runs.addItem(item)
        self.runs.setCurrentRow(self.runs.count() - 1)

    def show_judging(self, text: str) -> None:
        self.verdict_label.setText(text)
        self.verdict_label.setStyleSheet("")

    def show_error(self, message: str) -> None:
        self.verdict_label.setStyleSheet(f"color: {colour('bad')};")
        self.verdict_label.setText(f"The judge could not run: {message}")

    def _show_run(self, row: int) -> None:
        if 0 <= row < len(self._runs):
            self._render(self._runs[row])

    def _render(self, verdict: dict) -> None:
        name = verdict.get("verdict", "?")
        self.verdict_label.setStyleSheet(f"color: {verdict_colour(name)}; font-weight: 600;")
        points = ""
        if verdict.get("max_points") and verdict.get("max_points") != verdict.get("total"):
            points = f" · {verdict.get('points', 0):g}/{verdict['max_points']:g} points"
        tally = f"{verdict.get('passed', 0)}/{verdict.get('total', 0)} tests passed{points}"
        if verdict.get("metric") and isinstance(verdict.get("score"), float):  # end-to-end: the score
            sign = "<=" if verdict["metric"] in ("rmse", "mae") else ">="
            tally = f"{verdict['metric']} {verdict['score']:.4f} (needs {sign} {verdict.get('threshold')})"
        self.verdict_label.setText(
            f"{name} — {tally}"
            f" · {verdict.get('runtime_s', 0):.2f} s · {verdict.get('peak_memory_mb', 0):.0f} MB"
        )
        samples = verdict.get("samples") or []
        self._samples = samples
        self.samples.setRowCount(len(samples))
        for r, case in enumerate(samples):
            got = case.get("actual") or ("(nothing returned)" if not case.get("passed") else "")
            result = (
                "passed"
                if case.get("passed")
                else "failed" + (f": {case['error']}" if case.get("error") else "")
            )
            for c, value in enumerate((case.get("args"), case.get("expected"), got, result)):
                full = "" if value is None else str(value)
                cell = QTableWidgetItem(full if len(full) <= CELL_CHARS else full[: CELL_CHARS - 1] + "…")
                cell.setToolTip(
                    full
                    + ("\n\n(select the row to see the whole case below)" if len(full) > CELL_CHARS else "")
                )
                if c == 3:
                    cell.setForeground(QColor(colour("good" if case.get("passed") else "bad")))
                self.samples.setItem(r, c, cell)
        lines = []
        complexity = verdict.get("complexity")
        if complexity:
            lines.append(
                f"**Growth:** your code ≈ {complexity.get('candidate')} against the reference ≈ "
                f"{complexity.get('reference')} (measured at sizes {complexity.get('sizes')})"
            )
        groups = verdict.get("groups") or []
        if groups:
            lines.append(
                "**Hidden test groups**  \n"
                + "  \n".join(
                    f"{'✔' if g['passed'] == g['total'] else '✘'} {g['name']}: {g['passed']}/{g['total']}"
                    for g in groups
                )
            )
        if verdict.get("message"):
            lines.append("```\n" + verdict["message"].strip() + "\n```")
        self._lines = lines
        failed = next((r for r, case in enumerate(samples) if not case.get("passed")), None)
        if failed is not None:
            self.samples.selectRow(failed)  # the first failing sample in full, below the table
        self._show_case(failed if failed is not None else -1)

    def _show_case(self, row: int) -> None:
        """Details: the selected sample case in full (input, expected, got, why), then the run's
        hidden test groups and the judge's message."""
        lines = list(self._lines)
        samples = self._samples
        if 0 <= row < len(samples):
            case = samples[row]
            fields = [
                ("Input", case.get("args")),
                ("Expected", case.get("expected")),
                ("Got", case.get("actual") or "(nothing returned)"),
                ("Why", case.get("error")),
            ]
            lines.insert(
                0,
                f"**Sample {row + 1}: {'passed' if case.get('passed') else 'failed'}**\n\n"
                + "\n\n".join(f"{name}:\n\n```\n{value}\n```" for name, value in fields if value),
            )
        self.details.setMarkdown("\n\n".join(lines))
