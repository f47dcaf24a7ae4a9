"""Two parts of the home screen: the domain focus row and the notices shown above everything.

:class:`FocusRow` lists the loaded tracks and keeps the chosen one in the settings;
:func:`notice_texts` says what the user should know at launch (store, skipped bank files,
settings, speech).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from mockint.settings import save
from mockint.ui.context import AppContext


class FocusRow(QWidget):
    """ "Domain focus" with the loaded tracks ('' = none: a template's own focus counts) and a note.

    Choosing one saves it in ``ctx.settings`` (a failed save says so in the note and keeps the
    focus until the app quits).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.focus_box = QComboBox()
        self.focus_box.setAccessibleName("Domain focus")
        self.focus_box.setToolTip(
            "Questions on this domain come first in every round that has them (loops and practice)"
        )
        self.focus_label = QLabel("Domain &focus:")
        self.focus_label.setBuddy(self.focus_box)
        self.focus_note = QLabel()
        self.focus_note.setObjectName("muted")
        self.focus_note.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.focus_label)
        row.addWidget(self.focus_box)
        row.addWidget(self.focus_note, 1)
        self._fill()
        self.focus_box.currentIndexChanged.connect(self._chosen)

    def _fill(self) -> None:
        """The loaded tracks, the saved choice selected."""
        self.focus_box.blockSignals(True)
        self.focus_box.clear()
        self.focus_box.addItem("Any domain", "")
        for track in sorted(self.ctx.bank.tracks.values(), key=lambda t: t.title):
            self.focus_box.addItem(track.title, track.id)
        self.focus_box.setCurrentIndex(max(0, self.focus_box.findData(self.ctx.settings.focus)))
        self.focus_box.blockSignals(False)
        self._describe()

    def _describe(self) -> None:
        track = self.ctx.bank.tracks.get(self.focus_box.currentData() or "")
        self.focus_note.setText(
            track.description + " These questions come first wherever a round has them."
            if track
            else "No focus: each loop uses its own (the GenAI loop favours LLM questions)."
        )

    def _chosen(self, *_: object) -> None:
        new = replace(self.ctx.settings, focus=self.focus_box.currentData() or "")
        self.ctx.settings = new
        self._describe()
        try:
            save(self.ctx.data_dir, new)
        except (OSError, ValueError) as exc:
            self.focus_note.setText(f"The focus applies until you quit; it could not be saved: {exc}")


def notice_texts(ctx: AppContext) -> list[str]:
    """The home screen's notices as rich-text paragraphs, most serious first (empty: none)."""
    notices = []
    if ctx.store_error:
        notices.append(f"<b>Your sessions cannot be opened:</b> {ctx.store_error}")
    if ctx.bank.skipped_files:
        listed = "<br>".join(f"• {i}" for i in ctx.bank.issues[:12])
        more = len(ctx.bank.issues) - 12
        notices.append(
            f"<b>Some bank files were skipped</b> ({len(set(ctx.bank.skipped_files))}); "
            f"the rest of the bank loaded:<br>{listed}"
            + (f"<br>…and {more} more (run <code>mockint bank check</code>)" if more > 0 else "")
        )
    if ctx.settings.problems:
        notices.append(
            "<b>Some settings were not valid</b> and use their defaults:<br>"
            + "<br>".join(f"• {p}" for p in ctx.settings.problems)
        )
    status = ctx.speaker.status
    if ctx.speech_started and not status.available:
        notices.append(f"<b>Speech is off:</b> {status.reason}. Prompts are shown as text only.")
    return notices
