"""Past sessions, newest first; selecting one shows its rounds, answers, code and scores."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.ui.summary import session_html


class HistoryPage(QWidget):
    """A list of sessions and the selected session's full record."""

    #: Back to the home screen.
    home_requested = Signal()

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        title = QLabel("Past sessions")
        title.setObjectName("pageTitle")
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Sessions")
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Session detail")
        self.home_btn = QPushButton("Back to home")
        self.home_btn.clicked.connect(self.home_requested)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sessions)
        split.addWidget(self.detail)
        split.setSizes([360, 840])
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.home_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.sessions.currentItemChanged.connect(self._show)

    def refresh(self) -> None:
        self.sessions.clear()
        for s in self.store.list_sessions():
            scored = sum(1 for r in s["rounds"] if r["scores"])
            text = (f"{s['started_at'][:16].replace('T', ' ')}\n{s['title']}\n"
                    f"{scored}/{len(s['rounds'])} rounds scored · {s['status']}")
            item = QListWidgetItem(text, self.sessions)
            item.setData(Qt.ItemDataRole.UserRole, s["id"])
        if self.sessions.count():
            self.sessions.setCurrentRow(0)
        else:
            self.detail.setHtml("<p>No sessions yet. Start a loop or practise a round from the home screen.</p>")

    def _show(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        detail = self.store.session_detail(item.data(Qt.ItemDataRole.UserRole))
        self.detail.setHtml(session_html(detail, full=True))
