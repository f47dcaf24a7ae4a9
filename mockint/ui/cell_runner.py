"""Run the ``# %%`` cell under the editor's cursor in the round's console (Shift+Enter).

The cell is found by :func:`mockint.interview.cells.cell_at`; it runs in the console like
typed input (shown, in the history). With the console focused, the key keeps qtconsole's own
meaning: run what is typed in the console.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QPushButton

from mockint.interview.cells import cell_at

#: The keys (also in :mod:`mockint.ui.shortcuts`, so the F1 sheet lists them).
KEYS = ("Shift+Return", "Shift+Enter")


def make_button() -> QPushButton:
    button = QPushButton("Run cell")
    button.setToolTip("Run the # %% cell under the cursor in the console (Shift+Enter)")
    button.setAccessibleName("Run cell")
    return button


def run_cell(view: Any) -> str | None:
    """Run the cell under ``view.editor``'s cursor in ``view.console``; returns its code, or
    ``None`` when there is no console or nothing to run."""
    console = view.console
    if console is None:
        return None
    focus = QApplication.focusWidget()
    if focus is not None and (focus is console or console.isAncestorOf(focus)):
        console.execute()  # the console's own Shift+Enter: run its input
        return None
    cell = cell_at(view.editor.toPlainText(), view.editor.textCursor().blockNumber())
    if cell is None or not cell.code.strip():
        return None
    console.execute(cell.code, hidden=False)
    return cell.code
