"""Keep windows and dialogs inside the screen they open on.

:func:`fit_to_screen` sizes a top-level widget to at most the screen's *available* geometry
(the screen minus panels and docks) and centres it there; content that needs more room must
scroll inside (the rubric dialog wraps its body in a ``QScrollArea``). The smallest screen
mockint supports is 1366x768.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for the window manager's title bar and borders, in logical pixels.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available geometry (logical pixels) of ``widget``'s screen, else of the primary screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fit_to_screen(widget: QWidget, width: int, height: int, centre: bool = True, cap: bool = False) -> QSize:
    """Resize top-level ``widget`` to ``width`` x ``height`` logical pixels, clamped to its screen's
    available geometry less :data:`FRAME_ALLOWANCE`, and (``centre``) centre it there.

    With ``cap`` the widget's maximum size is also set to that room (for dialogs, so a layout
    cannot grow them past the edge). Returns the size set.
    """
    area = available_geometry(widget)
    room = QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()), max(200, area.height() - FRAME_ALLOWANCE.height())
    )
    size = QSize(min(width, room.width()), min(height, room.height()))
    if cap:
        widget.setMaximumSize(room)
    widget.resize(size)
    if centre:
        widget.move(
            area.x() + (area.width() - size.width()) // 2,
            area.y() + max(0, (area.height() - size.height() - FRAME_ALLOWANCE.height()) // 2),
        )
    return size
