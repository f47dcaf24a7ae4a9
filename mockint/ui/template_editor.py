"""The loop-template editor: copy a template, change its rounds, minutes, question counts,
difficulties, topics and focus, and save it to the user's pack (issue 16).

Bundled templates are shown read-only with "Copy to edit"; the user's own can be changed, saved
over and deleted (with Undo). Checking and writing are Qt-free
(:mod:`mockint.interview.template_edit`); this dialog renders a table and sends it there. The
rounds table is :class:`mockint.ui.template_rounds.RoundsTable`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mockint import paths
from mockint.bank.fields import Invalid
from mockint.bank.model import LoopTemplate
from mockint.interview import template_edit
from mockint.ui.context import AppContext
from mockint.ui.fit import fit_to_screen
from mockint.ui.template_rounds import RoundsTable


class TemplateEditor(QDialog):
    """Lists every template; ``changed`` is true once one was saved or deleted, and
    ``selected_id`` names the template to select on the home screen afterwards."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Loop templates")
        self.ctx = ctx
        self.packs = paths.packs_dir(ctx.data_dir)
        self.changed = False
        self.selected_id = ""
        self._editing = ""  # id of the user template shown ('' = a bundled one or a new copy)
        self._deleted: Path | None = None  # the last deleted template's kept file, for Undo

        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.copy_btn = QPushButton("Copy to edit")
        self.copy_btn.setToolTip("A copy of this template in your pack, ready to change (Ctrl+Shift+C)")
        self.delete_btn = QPushButton("Delete")
        self.undo_btn = QPushButton("Undo delete")
        self.undo_btn.hide()
        left = QVBoxLayout()
        left.addWidget(QLabel("Templates (yours are marked ✎)"))
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.copy_btn)
        row.addWidget(self.delete_btn)
        left.addLayout(row)
        left.addWidget(self.undo_btn)
        left_w = QWidget()
        left_w.setLayout(left)

        self.title_edit = QLineEdit()
        self.id_edit = QLineEdit()
        self.id_edit.setToolTip("The template's id: lower-case letters, digits and '-'; fixed once saved")
        self.focus_box = QComboBox()
        self.focus_box.addItem("No focus", "")
        for track in sorted(ctx.bank.tracks.values(), key=lambda t: t.title):
            self.focus_box.addItem(track.title, track.id)
        self.desc_edit = QPlainTextEdit()
        self.desc_edit.setPlaceholderText("What the loop is modelled on, in a sentence or two")
        self.desc_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Id:", self.id_edit)
        form.addRow("Domain &focus:", self.focus_box)
        form.addRow("&Description:", self.desc_edit)

        self.table = RoundsTable()
        self.add_btn = QPushButton("Add round")
        self.remove_btn = QPushButton("Remove round")
        self.up_btn = QPushButton("Move up")
        self.down_btn = QPushButton("Move down")
        rows = QHBoxLayout()
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            rows.addWidget(b)
        rows.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("muted")
        self.error = QLabel()
        self.error.setObjectName("notice")
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_btn = QPushButton("Save")
        self.save_btn.setObjectName("primary")
        self.save_btn.setToolTip("Save to your pack (Ctrl+S)")
        self.revert_btn = QPushButton("Revert")
        self.revert_btn.setToolTip("Discard the changes since the last save")
        self.close_btn = QPushButton("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.revert_btn)
        bottom.addStretch(1)
        bottom.addWidget(self.save_btn)
        bottom.addWidget(self.close_btn)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(QLabel("Rounds, in order (the break follows its round):"))
        right.addWidget(self.table, 1)
        right.addLayout(rows)
        right.addWidget(self.summary)
        right.addWidget(self.error)
        right.addLayout(bottom)
        right_w = QWidget()
        right_w.setLayout(right)

        split = QSplitter()
        split.addWidget(left_w)
        split.addWidget(right_w)
        split.setStretchFactor(1, 1)
        split.setSizes([210, 950])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.copy_btn.clicked.connect(self.copy_selected)
        self.delete_btn.clicked.connect(self.delete_selected)
        self.undo_btn.clicked.connect(self.undo_delete)
        self.add_btn.clicked.connect(lambda: self.table.add_round())
        self.remove_btn.clicked.connect(self.table.remove_current)
        self.up_btn.clicked.connect(lambda: self.table.move_current(-1))
        self.down_btn.clicked.connect(lambda: self.table.move_current(1))
        self.table.edited.connect(self._refresh_summary)
        self.save_btn.clicked.connect(self.save)
        self.revert_btn.clicked.connect(self._show_selected)
        self.close_btn.clicked.connect(self.accept)
        self._save_key = QShortcut(QKeySequence("Ctrl+S"), self)
        self._save_key.activated.connect(self.save)
        self._copy_key = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        self._copy_key.activated.connect(self.copy_selected)
        for w in (self.title_edit, self.id_edit):
            w.textChanged.connect(self._refresh_summary)
        self.focus_box.currentIndexChanged.connect(self._refresh_summary)
        self._fill_list()
        fit_to_screen(self, 1180, 680, cap=True)

    # -- the list -------------------------------------------------------------------------------

    def _fill_list(self, select: str = "") -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for t in sorted(self.ctx.bank.loops.values(), key=lambda t: (not self._mine(t), t.title.lower())):
            item = QListWidgetItem(("✎ " if self._mine(t) else "") + t.title)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(t.id + ("  (yours)" if self._mine(t) else "  (bundled: copy it to change it)"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0)
        self._show_selected()

    def _mine(self, t: LoopTemplate) -> bool:
        return template_edit.is_user_template(t, self.packs)

    def _selected(self) -> LoopTemplate | None:
        item = self.list.currentItem()
        return self.ctx.bank.loops.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _show_selected(self) -> None:
        t = self._selected()
        if t is None:
            return
        mine = self._mine(t)
        self._editing = t.id if mine else ""
        self._load_table(template_edit.to_table(t), editable=mine, new=False)
        self.delete_btn.setEnabled(mine)

    # -- the form -------------------------------------------------------------------------------

    def _load_table(self, table: dict[str, Any], *, editable: bool, new: bool) -> None:
        self.title_edit.setText(table["title"])
        self.id_edit.setText(table["id"])
        self.desc_edit.setPlainText(table.get("description", ""))
        self.focus_box.setCurrentIndex(max(0, self.focus_box.findData(table.get("focus", ""))))
        self.table.set_rounds(table["rounds"])
        self.title_edit.setReadOnly(not editable)
        self.desc_edit.setReadOnly(not editable)
        self.id_edit.setReadOnly(not (editable and new))
        controls: tuple[QWidget, ...] = (
            self.focus_box,
            self.table,
            self.add_btn,
            self.remove_btn,
            self.up_btn,
            self.down_btn,
        )
        for w in controls:
            w.setEnabled(editable)
        self.save_btn.setEnabled(editable)
        self.revert_btn.setEnabled(editable)
        self.error.hide()
        self._refresh_summary()
        if not editable:
            self.summary.setText(self.summary.text() + "  Bundled template: “Copy to edit” to change it.")

    def rounds(self) -> list[dict[str, Any]]:
        """The table's rounds as TOML tables (what :func:`template_edit.check` reads)."""
        return self.table.rounds()

    def form_table(self) -> dict[str, Any]:
        """Everything the form shows, as a template table."""
        table: dict[str, Any] = {"id": self.id_edit.text().strip(), "title": self.title_edit.text().strip()}
        if focus := self.focus_box.currentData():
            table["focus"] = focus
        if desc := self.desc_edit.toPlainText().strip():
            table["description"] = desc
        table["rounds"] = self.rounds()
        return table

    def _refresh_summary(self, *_: object) -> None:
        rows = self.rounds()
        work = sum(r["minutes"] for r in rows)
        rest = sum(r.get("break_minutes", 0) for r in rows)
        text = (
            f"{len(rows)} rounds: {_hm(work)} of rounds and {_hm(rest)} of breaks, {_hm(work + rest)} in all."
        )
        try:
            template = template_edit.check(self.form_table(), self.ctx.bank, replacing=self._editing)
            warnings = template_edit.pool_warnings(self.ctx.bank, template)
        except Invalid:
            warnings = []  # shown on Save, where the field is named
        self.summary.setText(" ".join([text, *warnings]))

    # -- actions --------------------------------------------------------------------------------

    def copy_selected(self) -> None:
        t = self._selected()
        if t is None:
            return
        self._editing = ""
        self._load_table(template_edit.copy_table(t, set(self.ctx.bank.loops)), editable=True, new=True)
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def save(self) -> None:
        if not self.save_btn.isEnabled():
            return
        try:
            saved = template_edit.save(self.form_table(), self.ctx.bank, self.packs, replacing=self._editing)
        except Invalid as exc:
            self.error.setText(f"Not saved: {exc.field}: {exc.problem}")
            self.error.show()
            return
        except OSError as exc:
            self.error.setText(f"Not saved: {self.packs} cannot be written ({exc})")
            self.error.show()
            return
        self.changed = True
        self.selected_id = saved.id
        self._fill_list(select=saved.id)
        self.summary.setText(f"Saved to {saved.source_file}. " + self.summary.text())

    def delete_selected(self) -> None:
        t = self._selected()
        if t is None or not self._mine(t):
            return
        if (
            QMessageBox.question(
                self, "Delete template", f"Delete your template “{t.title}”? You can undo this."
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            kept = template_edit.delete(t, self.ctx.bank, self.packs)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        self._deleted = kept
        self.undo_btn.setText(f"Undo delete of “{t.title}”")
        self.undo_btn.show()
        self.changed = True
        self.selected_id = ""
        self._fill_list()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        try:
            t = template_edit.undelete(self._deleted, self.ctx.bank)
        except (OSError, Invalid) as exc:
            QMessageBox.warning(self, "Cannot undo", str(exc))
            return
        self._deleted = None
        self.undo_btn.hide()
        self.selected_id = t.id
        self._fill_list(select=t.id)


def _hm(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"
