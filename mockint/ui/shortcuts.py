"""The one shortcut map of mockint: every action, its keys and where it works.

Screens take their keys from :data:`SHORTCUTS` (by action id, :func:`keys`), the shortcut sheet
(F1, :class:`ShortcutSheet`) is generated from it, and a test checks that no key means two things
on any screen (:func:`conflicts`). Keys are Qt portable key strings (``"Ctrl+Shift+R"``).

Where a shortcut works (its *context*):

- ``window``: anywhere in the main window (menu actions). Navigation (Home, Past sessions,
  Review) is disabled, and greyed in the menu, while a loop runs: finish or end the loop first.
- ``home``, ``summary``, ``history``, ``review``: on that page only.
- ``round``: on the loop page during any round; ``coding`` / ``editor`` in a coding round (the
  editor's only while it has the focus); ``zoom`` while the editor, the console or the problem
  statement has the focus (one zoom level for the three, :mod:`mockint.ui.theme`); ``discussion`` in a theory, behavioural or design round.
- ``rubric``: in the rubric dialog (its own window: the main window's keys do not reach it).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from mockint.ui.fit import fit_to_screen


@dataclass(frozen=True)
class Shortcut:
    """One action: ``id`` (stable, used in code), ``label`` (shown on the sheet), ``keys`` (one or
    more Qt portable key strings, the first one is shown), ``context`` (see the module doc)."""

    id: str
    label: str
    keys: tuple[str, ...]
    context: str


#: Context -> its name on the sheet, in the sheet's order.
CONTEXTS: dict[str, str] = {
    "window": "Anywhere (navigation not during a loop)",
    "home": "Home",
    "summary": "Loop summary",
    "history": "Past sessions",
    "review": "Review progress",
    "round": "During a round",
    "coding": "Coding round (DSA, ML coding, phone-screen coding part)",
    "editor": "Code editor",
    "zoom": "Code editor, console and problem statement",
    "discussion": "Theory, behavioural and design rounds",
    "rubric": "Rubric dialog",
}

#: Which contexts are live together on each screen (a key may appear once per screen).
SCREENS: dict[str, tuple[str, ...]] = {
    "home": ("window", "home"),
    "summary": ("window", "summary"),
    "history": ("window", "history"),
    "review": ("window", "review"),
    "coding round": ("window", "round", "coding", "editor", "zoom"),
    "discussion round": ("window", "round", "discussion"),
    "rubric": ("rubric",),
}

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("sheet", "Show this shortcut sheet", ("F1",), "window"),
    Shortcut("home", "Home", ("Ctrl+Shift+H",), "window"),
    Shortcut("history", "Past sessions", ("Ctrl+H",), "window"),
    Shortcut("review", "Review progress", ("Ctrl+E",), "window"),
    Shortcut("settings", "Settings", ("Ctrl+,",), "window"),
    Shortcut("quit", "Quit", ("Ctrl+Q",), "window"),
    Shortcut("start_loop", "Start the chosen full loop", ("Ctrl+L",), "home"),
    Shortcut("practice", "Practise the chosen round", ("Ctrl+R",), "home"),
    Shortcut("practise_due", "Practise the questions due", ("Ctrl+D",), "home"),
    Shortcut("edit_templates", "Edit loop templates (copy, change, delete)", ("Ctrl+T",), "home"),
    Shortcut("delete_session", "Delete the selected session", ("Del",), "history"),
    Shortcut(
        "score_session", "Score the selected session's rounds left for later", ("Ctrl+Shift+U",), "history"
    ),
    Shortcut("pause", "Pause or resume the clock", ("Ctrl+P",), "round"),
    Shortcut("finish_round", "Finish the round and score it", ("Ctrl+Shift+F",), "round"),
    Shortcut("mute", "Mute or unmute speech", ("Ctrl+M",), "round"),
    Shortcut("hint", "Ask the interviewer for a hint", ("Ctrl+Alt+H",), "round"),
    Shortcut("done", "Tell the interviewer you are done with this question", ("Ctrl+Alt+Return",), "round"),
    Shortcut("record", "Record or stop a spoken answer", ("Ctrl+Shift+Space",), "round"),
    Shortcut("run_tests", "Run the tests", ("Ctrl+Return", "Ctrl+Enter"), "coding"),
    Shortcut("run_console", "Run the editor's code in the console", ("Ctrl+Shift+Return",), "coding"),
    Shortcut(
        "run_cell",
        "Run the # %% cell under the cursor in the console",
        ("Shift+Return", "Shift+Enter"),
        "coding",
    ),
    Shortcut("interrupt", "Interrupt the console", ("Ctrl+I",), "coding"),
    Shortcut("restart_console", "Restart the console (a fresh kernel)", ("Ctrl+Shift+R",), "coding"),
    Shortcut("submit", "Submit the code", ("Ctrl+Shift+S",), "coding"),
    Shortcut("comment", "Comment or uncomment the selected lines", ("Ctrl+/",), "editor"),
    Shortcut("complete", "Complete the name (jedi)", ("Ctrl+Space",), "editor"),
    Shortcut("zoom_in", "Larger text (one zoom for all three)", ("Ctrl++", "Ctrl+="), "zoom"),
    Shortcut("zoom_out", "Smaller text", ("Ctrl+-",), "zoom"),
    Shortcut("zoom_reset", "Text back to the app's size (Settings > Text size)", ("Ctrl+0",), "zoom"),
    Shortcut("reveal", "Reveal the key points", ("Ctrl+K",), "discussion"),
    Shortcut("previous_item", "Previous question or phase", ("Alt+Left",), "discussion"),
    Shortcut("next_item", "Next question or phase", ("Alt+Right",), "discussion"),
    Shortcut("save_scores", "Save the scores", ("Ctrl+Return", "Ctrl+Enter"), "rubric"),
    Shortcut("score_later", "Score later", ("Alt+L",), "rubric"),
)

_BY_ID = {s.id: s for s in SHORTCUTS}


def shortcut(action: str) -> Shortcut:
    """The map's entry for ``action``; raises ``KeyError`` for an id not in the map."""
    return _BY_ID[action]


def keys(action: str) -> str:
    """The first (shown) key of ``action``, e.g. ``keys("history") == "Ctrl+H"``."""
    return _BY_ID[action].keys[0]


def sequences(action: str) -> list[QKeySequence]:
    """Every key of ``action`` as a ``QKeySequence`` (for ``QAction.setShortcuts``)."""
    return [QKeySequence(k) for k in _BY_ID[action].keys]


def hint(text: str, action: str) -> str:
    """``text`` with the action's key in brackets, for a tooltip: ``"Past sessions (Ctrl+H)"``."""
    return f"{text} ({native(action)})"


def native(action: str) -> str:
    """The action's first key as the platform shows it."""
    return QKeySequence(keys(action)).toString(QKeySequence.SequenceFormat.NativeText)


def conflicts() -> list[tuple[str, str, list[str]]]:
    """Keys with two meanings on one screen: ``[(screen, key, [action ids])]`` (empty when none)."""
    out: list[tuple[str, str, list[str]]] = []
    for screen, contexts in SCREENS.items():
        seen: dict[str, list[str]] = {}
        for s in SHORTCUTS:
            if s.context in contexts:
                for k in s.keys:
                    norm = QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText)
                    seen.setdefault(norm, []).append(s.id)
        out.extend((screen, k, ids) for k, ids in seen.items() if len(ids) > 1)
    return out


def sheet_html() -> str:
    """The shortcut sheet as HTML: one table per context, in :data:`CONTEXTS` order."""
    import html

    e = html.escape
    out = ["<h2>Keyboard shortcuts</h2>"]
    for context, name in CONTEXTS.items():
        rows = [s for s in SHORTCUTS if s.context == context]
        if not rows:
            continue
        out.append(f"<h3>{e(name)}</h3><table cellspacing='0' cellpadding='3'>")
        for s in rows:
            shown = " or ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in s.keys
            )
            out.append(f"<tr><td width='190'><b>{e(shown)}</b></td><td>{e(s.label)}</td></tr>")
        out.append("</table>")
    return "".join(out)


class ShortcutSheet(QDialog):
    """Every shortcut, by where it works (generated from :data:`SHORTCUTS`); fits the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.body = QTextBrowser()
        self.body.setAccessibleName("Keyboard shortcuts")
        self.body.setHtml(sheet_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 760, cap=True)
