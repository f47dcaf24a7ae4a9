"""Reveal the key points of a question after answering, and tick the ones the answer hit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class _ClickableLabel(QLabel):
    """A label that emits ``clicked`` on a mouse press."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        self.clicked.emit()
        super().mousePressEvent(event)


class _Point(QWidget):
    """A checkbox with a word-wrapped label (QCheckBox's own text never wraps); clicking the
    label toggles the box."""

    def __init__(self, text: str, checked: bool) -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setChecked(checked)
        self.box.setAccessibleName(text)
        self.label = _ClickableLabel(text)
        self.label.setWordWrap(True)
        self.label.clicked.connect(self.box.toggle)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0)
        row.addWidget(self.label, 1)


class KeyPointsPanel(QWidget):
    """A "Reveal key points" button; once revealed, one checkbox per key point.

    Shows one set of points at a time (:meth:`show_points`); the owner keeps which were revealed
    and ticked per item, and hears about changes through the signals.
    """

    #: The user revealed the points on screen.
    revealed = Signal()
    #: The ticked points changed: sorted indexes into the points on screen.
    ticked_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reveal_btn = QPushButton("Reveal key points")
        self.reveal_btn.setToolTip("Show what a strong answer covers, to tick what you hit (Ctrl+K)")
        self.heading = QLabel("<b>What a strong answer covers</b> — tick the points you made:")
        self.mistake = QLabel()
        self.mistake.setWordWrap(True)
        self.mistake.setObjectName("muted")
        self.boxes: list[QCheckBox] = []
        self._rows: list[_Point] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self._layout.addWidget(self.reveal_btn)
        self._layout.addWidget(self.heading)
        self._points_layout = QVBoxLayout()
        self._layout.addLayout(self._points_layout)
        self._layout.addWidget(self.mistake)
        self.reveal_btn.clicked.connect(self._reveal)
        QShortcut(QKeySequence("Ctrl+K"), self, self._reveal)
        self._loading = False
        self.show_points((), set(), False, "")

    def show_points(self, points: tuple[str, ...], ticked: set[int], revealed: bool, mistake: str) -> None:
        """Render ``points``; hidden behind the reveal button until ``revealed``."""
        self._loading = True
        for row in self._rows:
            self._points_layout.removeWidget(row)
            row.deleteLater()
        self._rows = [_Point(text, i in ticked) for i, text in enumerate(points)]
        self.boxes = [row.box for row in self._rows]
        for row in self._rows:
            row.box.toggled.connect(self._on_toggle)
            self._points_layout.addWidget(row)
        self.mistake.setText(f"<b>Watch for:</b> {mistake}" if mistake else "")
        self._loading = False
        self.reveal_btn.setVisible(bool(points) and not revealed)
        for w in (self.heading, *self._rows):
            w.setVisible(revealed and bool(points))
        self.mistake.setVisible(revealed and bool(mistake))

    def _reveal(self) -> None:
        if not self.boxes or not self.reveal_btn.isVisible():
            return
        self.reveal_btn.hide()
        self.heading.show()
        for row in self._rows:
            row.show()
        self.mistake.setVisible(bool(self.mistake.text()))
        self.revealed.emit()

    def state(self) -> tuple[set[int], bool]:
        """What is on screen: (ticked indexes, revealed)."""
        revealed = (
            bool(self.boxes) and not self.reveal_btn.isVisibleTo(self) and self.heading.isVisibleTo(self)
        )
        return {i for i, b in enumerate(self.boxes) if b.isChecked()}, revealed

    def point_texts(self) -> list[str]:
        return [row.label.text() for row in self._rows]

    def _on_toggle(self, _checked: bool) -> None:
        if not self._loading:
            self.ticked_changed.emit([i for i, b in enumerate(self.boxes) if b.isChecked()])
