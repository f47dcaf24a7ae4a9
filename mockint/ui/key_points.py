"""Reveal the key points of a question after answering, and tick the ones the answer hit."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


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


class _PointsArea(QScrollArea):
    """The points and the "watch for" line, scrolling once they are taller than ``SHARE`` of the
    space their column has, so a long list never squeezes the question or clips a point's text."""

    #: Largest share of the parent column's height the points take before they scroll.
    SHARE = 0.55

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never taller than its hint: the question above gets whatever room is left.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.content = QWidget()
        self.setWidget(self.content)
        self.viewport().setAutoFillBackground(False)  # the panel's own background shows through
        self.content.setAutoFillBackground(False)

    def _content_height(self) -> int:
        width = self.viewport().width() if self.isVisible() else max(self.width(), 300)
        layout = self.content.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.totalHeightForWidth(width)
        return self.content.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        panel = self.parentWidget()
        column = panel.parentWidget() if panel is not None else None
        room = column.height() if column is not None and column.height() > 0 else 10**6
        cap = max(self.minimumSizeHint().height(), int(room * self.SHARE))
        return QSize(super().sizeHint().width(), min(self._content_height() + 2, cap))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(0, 3 * self.fontMetrics().lineSpacing())


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
        self.points_area = _PointsArea()
        inner = QVBoxLayout(self.points_area.content)
        inner.setContentsMargins(0, 0, 0, 0)
        self._points_layout = QVBoxLayout()
        inner.addLayout(self._points_layout)
        inner.addWidget(self.mistake)
        inner.addStretch(1)
        self._layout.addWidget(self.points_area)
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
        for w in (self.heading, self.points_area, *self._rows):
            w.setVisible(revealed and bool(points))
        self.mistake.setVisible(revealed and bool(mistake))
        self.points_area.updateGeometry()

    def _reveal(self) -> None:
        if not self.boxes or not self.reveal_btn.isVisible():
            return
        self.reveal_btn.hide()
        self.heading.show()
        self.points_area.show()
        for row in self._rows:
            row.show()
        self.mistake.setVisible(bool(self.mistake.text()))
        self.points_area.updateGeometry()
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
