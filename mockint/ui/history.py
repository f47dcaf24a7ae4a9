"""Past sessions, newest first; selecting one shows its rounds, answers, code, scores and spoken
takes. A session can be deleted (with its audio) after a confirmation."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.store import StoreError
from mockint.store.recordings import AudioNotRemoved
from mockint.ui import shortcuts
from mockint.ui.score_later import waiting_text, waits_for_scores
from mockint.ui.summary import session_html
from mockint.wording import plural

log = logging.getLogger(__name__)


class HistoryPage(QWidget):
    """A list of sessions and the selected session's full record.

    ``data_dir`` is the data folder whose ``recordings/`` holds the sessions' audio (default: the
    folder of the store's database file, where mockint keeps it).
    """

    #: Back to the home screen.
    home_requested = Signal()
    #: Score the selected session's rounds left for later (its id).
    score_requested = Signal(str)
    #: A session was deleted (its id): screens that list sessions should refresh.
    session_did_delete = Signal(str)

    def __init__(self, store, data_dir: Path | None = None, parent: QWidget | None = None, bank=None) -> None:
        super().__init__(parent)
        self.store = store
        #: The question bank, for each question's text and key points (None: notes only).
        self.bank = bank
        self.data_dir = Path(data_dir) if data_dir is not None else Path(store.path).parent
        title = QLabel("Past sessions")
        title.setObjectName("pageTitle")
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Sessions")
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Session detail")
        self.delete_btn = QPushButton("Delete session…")
        self.delete_btn.setToolTip("Delete the selected session and its recordings (Delete)")
        self.delete_btn.setEnabled(False)
        self.delete_btn.clicked.connect(self.confirm_delete)
        self.debrief_btn = QPushButton("Debrief")
        self.debrief_btn.setToolTip("Each round's editorial or model answer beside what you did")
        self.debrief_btn.clicked.connect(self.open_debrief)
        self.score_btn = QPushButton("Score rounds…")
        self.score_btn.setToolTip(
            shortcuts.hint("Score the rounds of this session left for later", "score_session")
        )
        self.score_btn.setShortcut(shortcuts.keys("score_session"))
        self.score_btn.setEnabled(False)
        self.score_btn.clicked.connect(self._score_selected)
        self.home_btn = QPushButton("Back to home")
        self.home_btn.clicked.connect(self.home_requested)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sessions)
        split.addWidget(self.detail)
        split.setSizes([360, 840])
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.debrief_btn)
        top.addWidget(self.score_btn)
        top.addWidget(self.delete_btn)
        top.addWidget(self.home_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.sessions.currentItemChanged.connect(self._show)
        self.delete_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete),
            self,
            self.confirm_delete,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def refresh(self, select_row: int = 0) -> None:
        """Reload the list and select the row ``select_row`` (the last one if there are fewer)."""
        self.sessions.clear()
        for s in self.store.sessions.list():
            scored = sum(1 for r in s["rounds"] if r["scores"])
            waiting = waiting_text(sum(1 for r in s["rounds"] if waits_for_scores(r)))
            text = (
                f"{s['started_at'][:16].replace('T', ' ')}\n{s['title']}\n"
                f"{scored} of {plural(len(s['rounds']), 'round')} scored · {s['status']}"
                + (f"\n{waiting}" if waiting else "")
            )
            item = QListWidgetItem(text, self.sessions)
            item.setData(Qt.ItemDataRole.UserRole, s["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, bool(waiting))
        self.delete_btn.setEnabled(self.sessions.count() > 0)
        if self.sessions.count():
            self.sessions.setCurrentRow(min(select_row, self.sessions.count() - 1))
        else:
            self.detail.setHtml(
                "<p>No sessions yet. Start a loop or practise a round from the home screen.</p>"
            )

    def _score_selected(self) -> None:
        session_id = self.selected_session()
        if session_id:
            self.score_requested.emit(session_id)

    def selected_session(self) -> str | None:
        item = self.sessions.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        detail = self.store.sessions.detail(item.data(Qt.ItemDataRole.UserRole))
        self.detail.setHtml(session_html(detail, full=True, bank=self.bank))
        self.score_btn.setEnabled(bool(item.data(Qt.ItemDataRole.UserRole + 1)))

    def open_debrief(self) -> None:
        from mockint.ui.debrief_view import DebriefDialog, session_debrief

        session = self.selected_session()
        if session is not None and self.bank is not None:
            self.debrief = DebriefDialog(
                session_debrief(self.store.sessions.detail(session), self.bank), "Debrief", self
            )
            self.debrief.open()

    def confirm_delete(self) -> None:
        """Ask, then delete the selected session, its records and its audio files."""
        session_id = self.selected_session()
        if session_id is None:
            return
        detail = self.store.sessions.detail(session_id)
        takes = sum(len(a["recordings"]) for r in detail["rounds"] for a in r["answers"])
        recorded = (
            f" and its {takes} recorded answer{'s' if takes != 1 else ''} (the audio files)" if takes else ""
        )
        answer = QMessageBox.question(
            self,
            "Delete this session?",
            f"Delete “{detail['title']}” of {detail['started_at'][:16].replace('T', ' ')}{recorded}? "
            "Its rounds, notes, code and scores are removed from the history for good "
            "(backups of the history made before now still hold them).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        row = self.sessions.currentRow()
        deleted = True
        try:
            self.store.recordings.delete_session(self.data_dir, session_id)
        except AudioNotRemoved as exc:  # the records are gone, some audio files are not
            log.exception("deleting the audio of session %s", session_id)
            QMessageBox.warning(self, "Recordings left behind", str(exc))
        except StoreError as exc:
            log.exception("deleting session %s", session_id)
            QMessageBox.warning(self, "Not deleted", str(exc))
            deleted = False
        self.refresh(row)
        if deleted:
            self.session_did_delete.emit(session_id)
