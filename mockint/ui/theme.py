"""The app's look: a light or dark theme, the text size, and one zoom shared by the code views.

One :class:`Look` per process (:func:`look`) holds the theme (``"light"`` / ``"dark"``), the
app's text size in points and the zoom steps (points added to the editor's, the console's and the
problem statement's text). :func:`apply` sets them from the settings: the application's palette,
font and style sheet (``assets/style.qss``, its colours mapped for the dark theme and its sizes
scaled to the text size) change at once for every open window. Widgets that draw their own
colours or fonts follow :attr:`Look.changed` through :func:`follow`.

Zoom keys (Ctrl++ / Ctrl+- / Ctrl+0, from :mod:`mockint.ui.shortcuts`) change the one zoom level
wherever they are pressed (:func:`zoom_keys_on`, :func:`attach_console`); :func:`install` keeps
it in the settings file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from mockint.settings import ZOOM_MAX, ZOOM_MIN, Settings

log = logging.getLogger(__name__)

#: The style sheet's base text size (``QWidget { font-size: ... }`` in style.qss).
BASE_PT = 10.5
#: Code text is this much larger than the app's text (11 pt at the default 10.5).
CODE_EXTRA_PT = 0.5

#: Light colour in style.qss -> its dark-theme colour.
DARK_MAP = {
    "#fafbfc": "#1f2125",
    "#1f2937": "#e5e7eb",
    "#6b7280": "#9ca3af",
    "#111827": "#f3f4f6",
    "#d93025": "#f87171",
    "#fff7e6": "#3b3018",
    "#f5c26b": "#8a6d2b",
    "#5c3d00": "#fde68a",
    "#eef5ff": "#1d2940",
    "#c4dafc": "#34507a",
    "#374151": "#d1d5db",
    "#ffffff": "#2a2d32",
    "#e5e7eb": "#40444c",
    "#d1d5db": "#4b5059",
    "#f3f4f6": "#353940",
    "#9ca3af": "#6b7280",
    "#f9fafb": "#26282c",
    "#93c5fd": "#1e3a8a",
}

#: Colours the editor paints itself, per theme: gutter, line numbers, current line, bracket match.
EDITOR_COLOURS = {
    "light": {"gutter": "#eef0f3", "numbers": "#8a9099", "line": "#f5f7fb", "bracket": "#cfe3ff"},
    "dark": {"gutter": "#25272b", "numbers": "#7d8590", "line": "#2c2f35", "bracket": "#2f4a73"},
}
#: Colours that widgets paint themselves or put in rich text, by meaning, per theme (the dark ones
#: are lighter so that they keep their contrast on the dark window colour #1f2125).
COLOURS = {
    "light": {
        "good": "#15803d", "bad": "#c5221f", "warn": "#b45309", "error": "#8e24aa",
        "muted": "#666666", "neutral": "#444444", "text": "#222222", "axis": "#888888",
        "track": "#eeeeee", "empty": "#f3f3f3", "zero": "#dddddd", "accent": "#2b7bd9",
        "retry": "#d9822b", "weak": "#c23030", "new": "#2b7bd9", "loop": "#5a8f29",
    },
    "dark": {
        "good": "#4ade80", "bad": "#f87171", "warn": "#fbbf24", "error": "#c084fc",
        "muted": "#9ca3af", "neutral": "#d1d5db", "text": "#e5e7eb", "axis": "#9ca3af",
        "track": "#3a3d44", "empty": "#2c2f35", "zero": "#40444c", "accent": "#60a5fa",
        "retry": "#f0a45d", "weak": "#f87171", "new": "#60a5fa", "loop": "#8cc152",
    },
}  # fmt: skip


def colour(name: str, theme: str | None = None) -> str:
    """The colour ``name`` (a key of :data:`COLOURS`) in ``theme`` (default: the current one), as
    ``#rrggbb``; raises ``KeyError`` for an unknown name."""
    if theme is None:
        theme = "dark" if _LOOK is not None and _LOOK.dark() else "light"
    return COLOURS["dark" if theme == "dark" else "light"][name]


#: Pygments style of the editor's highlighter, per theme.
PYGMENTS_STYLE = {"light": "default", "dark": "monokai"}
#: qtconsole colour scheme (``set_default_style``), per theme.
CONSOLE_STYLE = {"light": "lightbg", "dark": "linux"}


class Look(QObject):
    """The theme, text size and zoom of the app; ``changed`` is emitted once per real change."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.theme = "light"
        self.font_pt = BASE_PT
        self.zoom = 0

    def set(self, theme: str | None = None, font_pt: float | None = None, zoom: int | None = None) -> None:
        """Change any of the three; emits ``changed`` when one of them really changed."""
        new = (
            self.theme if theme is None else theme,
            self.font_pt if font_pt is None else float(font_pt),
            self.zoom if zoom is None else max(ZOOM_MIN, min(ZOOM_MAX, int(zoom))),
        )
        if new != (self.theme, self.font_pt, self.zoom):
            self.theme, self.font_pt, self.zoom = new
            self.changed.emit()

    def zoom_in(self) -> None:
        self.set(zoom=self.zoom + 1)

    def zoom_out(self) -> None:
        self.set(zoom=self.zoom - 1)

    def reset_zoom(self) -> None:
        self.set(zoom=0)

    def code_pt(self) -> float:
        """Point size of the editor's and the console's text (app text + 0.5 + zoom), at least 5."""
        return max(5.0, self.font_pt + CODE_EXTRA_PT + self.zoom)

    def statement_pt(self) -> float:
        """Point size of the problem statement (app text + zoom), at least 5."""
        return max(5.0, self.font_pt + self.zoom)

    def dark(self) -> bool:
        return self.theme == "dark"


_LOOK: Look | None = None
_zoom_saver: Callable[[], None] | None = None


def look() -> Look:
    """The process's one :class:`Look` (created on first use; needs a QApplication for signals)."""
    global _LOOK
    if _LOOK is None:
        _LOOK = Look()
    return _LOOK


class _Follower(QObject):
    """Calls ``update()`` on every look change; a child of the widget, so it goes with it."""

    def __init__(self, widget: QObject, update: Callable[[Look], None]) -> None:
        super().__init__(widget)
        self._update = update
        look().changed.connect(self._changed)

    def _changed(self) -> None:
        self._update(look())


def follow(widget: QObject, update: Callable[[Look], None]) -> None:
    """Call ``update(look)`` now and after each change, for as long as ``widget`` lives."""
    _Follower(widget, update)
    update(look())


def set_point_size(widget: QWidget, pt: float) -> None:
    """Give ``widget`` its own font of ``pt`` points (same family)."""
    font = widget.font()
    if font.pointSizeF() != pt:
        font.setPointSizeF(pt)
        widget.setFont(font)


def zoom_keys_on(widget: QWidget) -> None:
    """Ctrl++ / Ctrl+- / Ctrl+0 (the shortcut map's zoom keys) change the shared zoom while the
    focus is in ``widget`` or its children."""
    from mockint.ui import shortcuts

    lk = look()
    for action, slot in (("zoom_in", lk.zoom_in), ("zoom_out", lk.zoom_out), ("zoom_reset", lk.reset_zoom)):
        for seq in shortcuts.sequences(action):
            sc = QShortcut(seq, widget)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)


def zoomable_text(widget: QWidget) -> None:
    """``widget`` (a problem statement) shows its text at the shared zoom and takes the zoom keys."""
    follow(widget, lambda lk: set_point_size(widget, lk.statement_pt()))
    zoom_keys_on(widget)


def attach_console(console) -> None:
    """Make a qtconsole widget follow the look: its font size from the shared zoom, its colour
    scheme from the theme; its own zoom keys and Ctrl+wheel change the shared zoom."""
    from mockint.ui import shortcuts

    lk = look()
    for action, action_id, slot in (
        (console.increase_font_size, "zoom_in", lk.zoom_in),
        (console.decrease_font_size, "zoom_out", lk.zoom_out),
        (console.reset_font_size, "zoom_reset", lk.reset_zoom),
    ):
        action.triggered.disconnect()
        action.triggered.connect(slot)
        action.setShortcuts(shortcuts.sequences(action_id))
    console._increase_font_size = lk.zoom_in  # Ctrl+wheel
    console._decrease_font_size = lk.zoom_out
    state: dict[str, str | None] = {"theme": None}

    def update(lk: Look) -> None:
        font = QFont(console.font)
        if font.pointSizeF() != lk.code_pt():
            font.setPointSizeF(lk.code_pt())
            console.font = font
        if state["theme"] != lk.theme:
            state["theme"] = lk.theme
            console.set_default_style(CONSOLE_STYLE[lk.theme])

    follow(console, update)


def palette(theme: str) -> QPalette:
    """The application palette of ``theme`` ("light": Qt's standard one for the style)."""
    if theme != "dark":
        return QApplication.style().standardPalette()
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, c in (
        (role.Window, "#1f2125"),
        (role.WindowText, "#e5e7eb"),
        (role.Base, "#2a2d32"),
        (role.AlternateBase, "#30333a"),
        (role.ToolTipBase, "#2a2d32"),
        (role.ToolTipText, "#e5e7eb"),
        (role.PlaceholderText, "#8b929c"),
        (role.Text, "#e5e7eb"),
        (role.Button, "#2a2d32"),
        (role.ButtonText, "#e5e7eb"),
        (role.BrightText, "#ffffff"),
        (role.Light, "#3a3d44"),
        (role.Midlight, "#33363c"),
        (role.Mid, "#2a2d32"),
        (role.Dark, "#17181b"),
        (role.Shadow, "#000000"),
        (role.Highlight, "#2563eb"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#60a5fa"),
        (role.LinkVisited, "#a78bfa"),
    ):
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#6b7280"))
    return p


def style_sheet(theme: str, font_pt: float, source: str | None = None) -> str:
    """``assets/style.qss`` (or ``source``) for ``theme``: colours mapped to dark ones for "dark",
    every ``pt`` size scaled by ``font_pt / 10.5``. The base ``QWidget`` font size is left to the
    application font (a style sheet font would override the editor's own zoomed font)."""
    if source is None:
        source = _qss()
    text = re.sub(r"QWidget\s*\{\s*font-size:[^}]*\}\s*", "", source)
    scale = font_pt / BASE_PT
    text = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:.1f}pt", text)
    if theme == "dark":
        text = re.sub(r"#[0-9a-fA-F]{6}\b", lambda m: DARK_MAP.get(m.group(0).lower(), m.group(0)), text)
    return text


def _qss() -> str:
    from mockint import paths

    qss = paths.assets_dir() / "style.qss"
    try:
        return qss.read_text(encoding="utf-8")
    except OSError:
        log.warning("style sheet %s is missing; using Qt's default look", qss)
        return ""


def apply(settings: Settings, app: QApplication | None = None) -> None:
    """Set the application's palette, font and style sheet from ``settings`` and update the
    shared look (zoom, theme) so open editors, consoles and statements follow."""
    if app is None:
        existing = QApplication.instance()
        if not isinstance(existing, QApplication):
            return
        app = existing
    lk = look()
    # The light palette is the style's own, which a new application already has: it is set only
    # when leaving the dark one (``lk.theme`` is the theme applied last; asking Qt for its style
    # costs about 15 ms of the launch).
    if settings.theme == "dark" or lk.theme == "dark":
        app.setPalette(palette(settings.theme))
    font = app.font()
    font.setPointSizeF(settings.font_pt)
    app.setFont(font)
    app.setStyleSheet(style_sheet(settings.theme, settings.font_pt))
    lk.set(theme=settings.theme, font_pt=settings.font_pt, zoom=settings.zoom)


def install(ctx) -> None:
    """Apply ``ctx.settings`` and keep the zoom level in the settings file when it changes."""
    global _zoom_saver
    apply(ctx.settings)
    lk = look()
    if _zoom_saver is not None:  # one window's context at a time (tests open several)
        lk.changed.disconnect(_zoom_saver)

    def save_zoom() -> None:
        if ctx.settings.zoom != lk.zoom:
            from dataclasses import replace

            from mockint.settings import save

            new = replace(ctx.settings, zoom=lk.zoom)
            try:
                save(ctx.data_dir, new)
            except (OSError, ValueError) as exc:  # the zoom still works; it is not kept
                log.warning("zoom level not saved: %s", exc)
                return
            ctx.settings = new

    _zoom_saver = save_zoom
    lk.changed.connect(save_zoom)
