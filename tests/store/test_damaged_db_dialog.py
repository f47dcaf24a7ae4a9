"""The launch dialog for a history that cannot be opened: what it shows and what it returns.

(A GUI test kept beside the store tests it belongs with; it runs offscreen like tests/ui.)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from mockint.store import Store, backup_dir_for, examine, maybe_backup, restore

pytestmark = pytest.mark.gui


def _damaged_history(db_path: Path, with_backup: bool) -> None:
    with Store.open(db_path) as store:
        store.sessions.create("loop", "mle-onsite", "Kept")
        if with_backup:
            maybe_backup(store, backup_dir_for(db_path), datetime(2024, 5, 1, 9, tzinfo=UTC))
    data = bytearray(db_path.read_bytes())
    data[4096:8192] = os.urandom(4096)
    db_path.write_bytes(bytes(data))


def test_restore_is_offered_and_chosen(qtbot, db_path: Path) -> None:
    from mockint.ui.damaged_db_dialog import QUIT, RESTORE, DamagedDatabaseDialog, ask

    _damaged_history(db_path, with_backup=True)
    diagnosis = examine(db_path)
    dialog = DamagedDatabaseDialog(diagnosis)
    qtbot.addWidget(dialog)
    assert str(db_path) in dialog.details and "mockint restore --latest" in dialog.details
    assert "moved aside, never deleted" in dialog.text()
    assert dialog.restore_btn.isEnabled() and dialog.defaultButton() is dialog.restore_btn

    QTimer.singleShot(0, lambda: _click(qtbot, "restore_btn"))
    choice = ask(diagnosis)
    assert choice == RESTORE
    restore(diagnosis.backup.path, db_path)
    with Store.open(db_path) as store:
        assert [s["title"] for s in store.sessions.list()] == ["Kept"]

    QTimer.singleShot(0, lambda: _click(qtbot, "quit_btn"))
    assert ask(diagnosis) == QUIT


def test_without_a_backup_only_quit_is_offered(qtbot, db_path: Path) -> None:
    from mockint.ui.damaged_db_dialog import QUIT, DamagedDatabaseDialog

    _damaged_history(db_path, with_backup=False)
    dialog = DamagedDatabaseDialog(examine(db_path))
    qtbot.addWidget(dialog)
    assert not dialog.restore_btn.isEnabled() and dialog.defaultButton() is dialog.quit_btn
    assert "There are no backups" in dialog.details and "No backup would fix this" in dialog.text()
    dialog.show()
    dialog.restore_btn.click()  # disabled: nothing happens
    assert dialog.isVisible()
    dialog.quit_btn.click()
    assert dialog.choice() == QUIT


def _click(qtbot, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    from mockint.ui.damaged_db_dialog import DamagedDatabaseDialog

    [dialog] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, DamagedDatabaseDialog) and w.isVisible()
    ]
    getattr(dialog, name).click()


def test_recover_store_restores_and_opens_when_asked_to(qtbot, tmp_path: Path) -> None:
    from mockint import paths
    from mockint.bank import Bank
    from mockint.ui.context import AppContext
    from mockint.ui.damaged_db_dialog import QUIT, RESTORE, recover_store

    data = tmp_path / "data"
    db = paths.database_path(data)
    _damaged_history(db, with_backup=True)
    damaged = db.read_bytes()
    ctx = AppContext(data_dir=data, bank=Bank(), store=None, store_error="damaged")
    asked = []

    assert recover_store(ctx, choose=lambda d: asked.append(d) or QUIT) is False
    assert db.read_bytes() == damaged and ctx.store is None  # quitting changes nothing

    assert recover_store(ctx, choose=lambda d: RESTORE) is True
    try:
        assert ctx.store_error == "" and [s["title"] for s in ctx.store.sessions.list()] == ["Kept"]
    finally:
        ctx.store.close()
    [aside] = [p for p in data.iterdir() if ".before-restore-" in p.name]
    assert aside.read_bytes() == damaged
    assert asked[0].path == db

    healthy = AppContext(data_dir=data, bank=Bank(), store=None)
    assert recover_store(healthy, choose=lambda d: pytest.fail("asked although nothing is wrong")) is True
