"""The dialog shown at launch when the history database cannot be opened.

It shows :func:`mockint.store.diagnose`'s text (which file, what is wrong, the newest good backup,
the restore command) and offers "Restore newest backup" (only when a good backup exists and the
file is damaged or missing) and "Quit". The dialog decides nothing: :func:`ask` returns the
choice. :func:`recover_store` is the launch flow around it: diagnose, ask, restore, reopen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from mockint import paths
from mockint.store import Diagnosis, Store, StoreError, examine, restore
from mockint.ui.context import AppContext

log = logging.getLogger(__name__)

RESTORE = "restore"
QUIT = "quit"


class DamagedDatabaseDialog(QMessageBox):
    """A warning box with the diagnosis; :meth:`choice` says which button was pressed."""

    def __init__(self, diagnosis: Diagnosis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnosis = diagnosis
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Your interview history cannot be opened")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(
            "Your interview history cannot be opened. Nothing has been changed.\n"
            + (
                "Restoring puts the newest good backup in its place; the current file is moved "
                "aside, never deleted."
                if diagnosis.restorable
                else "No backup would fix this; what to do is said below."
            )
        )
        self.setInformativeText(diagnosis.text())
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_btn = self.addButton("Restore newest backup", QMessageBox.ButtonRole.AcceptRole)
        self.restore_btn.setEnabled(diagnosis.restorable)
        if diagnosis.backup is not None:
            self.restore_btn.setToolTip(diagnosis.backup.describe())
        self.quit_btn = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_btn if diagnosis.restorable else self.quit_btn)
        self.setEscapeButton(self.quit_btn)

    @property
    def details(self) -> str:
        """The diagnosis text the dialog shows."""
        return self.informativeText()

    def choice(self) -> str:
        """:data:`RESTORE` when "Restore newest backup" was pressed, else :data:`QUIT`."""
        return RESTORE if self.clickedButton() is self.restore_btn and self.diagnosis.restorable else QUIT


def ask(diagnosis: Diagnosis, parent: QWidget | None = None) -> str:
    """Show the dialog modally; returns :data:`RESTORE` or :data:`QUIT`."""
    dialog = DamagedDatabaseDialog(diagnosis, parent)
    dialog.exec()
    return dialog.choice()


def recover_store(ctx: AppContext, choose=ask) -> bool:
    """The history could not be opened: when a good backup would fix it, ask whether to restore it.

    On "Restore newest backup" the damaged file is moved aside (never deleted), the backup put in
    its place and ``ctx.store`` opened. Returns ``False`` when the user chose to quit, ``True``
    otherwise: then the app starts, without history if it is still unusable (a read-only folder,
    a file from a newer mockint), and the home screen says why (``ctx.store_error``). ``choose``
    stands in for the dialog in tests.
    """
    db = paths.database_path(ctx.data_dir)
    diagnosis = examine(db)
    backup = diagnosis.backup
    if not diagnosis.restorable or backup is None:
        return True
    if choose(diagnosis) != RESTORE:
        return False
    try:
        restore(backup.path, db)
        ctx.store, ctx.store_error = Store.open(db), ""
    except StoreError as exc:
        log.error("restoring %s failed: %s", backup.path, exc)
        ctx.store_error = str(exc)
    return True
