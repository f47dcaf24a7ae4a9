"""The candidate's own material beside a round's prompt: their past project in a project deep
dive, their questions for the interviewer in a hiring-manager round. Both are kept in the settings
file; each panel shows the text and lets the candidate enter or edit it there and then.

:class:`CandidateMaterial` reads and saves the two settings fields for the panels (and the
settings dialog's tab, :class:`CandidateTab`); the panels only show text and send edits.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.candidate import PROJECT_FIELDS, parse_questions, project_markdown

log = logging.getLogger(__name__)

_PROJECT_HINTS = {
    "problem": "What problem, for whom, and why it mattered",
    "data": "Where the data and labels came from, how much",
    "model": "What you built and what you compared it with",
    "metrics": "How you measured it, offline and online; the result",
    "role": "What you owned and decided; who else worked on it",
}


class CandidateMaterial(QObject):
    """The candidate's project and questions in ``ctx.settings``; ``save_*`` writes the settings
    file and returns '' or the reason it could not be saved (the panel shows it)."""

    #: The project or the questions were saved (either panel redraws from the settings).
    material_did_change = Signal()

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @property
    def project(self) -> dict[str, str]:
        return dict(self.ctx.settings.project)

    @property
    def questions(self) -> list[str]:
        return list(self.ctx.settings.interviewer_questions)

    def save_project(self, project: dict[str, str]) -> str:
        return self._save(project=project)

    def save_questions(self, questions: list[str]) -> str:
        return self._save(interviewer_questions=questions)

    def _save(self, **changes: Any) -> str:
        from mockint.settings import _checked, save

        try:
            checked = {key: _checked(key, value) for key, value in changes.items()}
            new = replace(self.ctx.settings, **checked)
            save(self.ctx.data_dir, new)
        except (OSError, ValueError) as exc:
            log.warning("candidate material not saved: %s", exc)
            return f"Not saved: {exc}"
        self.ctx.settings = new
        self.material_did_change.emit()
        return ""


def _edit(placeholder: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class ProjectForm(QWidget):
    """The five parts of a project as text boxes (used in the round and in the settings dialog)."""

    def __init__(self, project: dict[str, str], lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QPlainTextEdit] = {}
        for name, label in PROJECT_FIELDS:
            edit = _edit(_PROJECT_HINTS[name], lines)
            edit.setAccessibleName(label)
            edit.setPlainText(project.get(name, ""))
            self.edits[name] = edit
            form.addRow(label, edit)

    def value(self) -> dict[str, str]:
        return {name: e.toPlainText().strip() for name, e in self.edits.items() if e.toPlainText().strip()}

    def set_value(self, project: dict[str, str]) -> None:
        for name, edit in self.edits.items():
            edit.setPlainText(project.get(name, ""))


class _MaterialPanel(QWidget):
    """A title, the material as read-only text with Edit, or an editor with Save and Cancel."""

    def __init__(self, material: CandidateMaterial, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.material = material
        self.title = QLabel(f"<b>{html.escape(title)}</b>")
        self.shown = QTextBrowser()
        self.shown.setAccessibleName(title)
        self.edit_btn = QPushButton("Edit")
        self.save_btn = QPushButton("Save")
        self.cancel_btn = QPushButton("Cancel")
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.status.hide()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.shown)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.edit_btn)
        head.addWidget(self.save_btn)
        head.addWidget(self.cancel_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self.edit_btn.clicked.connect(lambda: self.set_editing(True))
        self.cancel_btn.clicked.connect(lambda: self.set_editing(False))
        self.save_btn.clicked.connect(self._save)
        material.material_did_change.connect(self.refresh)

    def add_editor(self, widget: QWidget) -> None:
        self.editor_page = widget
        self.pages.addWidget(widget)

    def editing(self) -> bool:
        return self.pages.currentIndex() == 1

    def set_editing(self, on: bool) -> None:
        if on:
            self.load_editor()
        self.pages.setCurrentIndex(1 if on else 0)
        self.edit_btn.setVisible(not on)
        self.save_btn.setVisible(on)
        self.cancel_btn.setVisible(on and not self.empty())
        self.status.hide()

    def _save(self) -> None:
        problem = self.store()
        if problem:
            self.status.setText(problem)
            self.status.show()
            return
        self.set_editing(self.empty())

    def refresh(self) -> None:
        self.shown.setMarkdown(self.markdown())
        if not self.editing() and self.empty():
            self.set_editing(True)

    # for subclasses
    def empty(self) -> bool:
        raise NotImplementedError

    def markdown(self) -> str:
        raise NotImplementedError

    def load_editor(self) -> None:
        raise NotImplementedError

    def store(self) -> str:
        raise NotImplementedError


class ProjectPanel(_MaterialPanel):
    """The candidate's project beside a deep-dive probe; entered here when none is saved yet."""

    def __init__(self, material: CandidateMaterial, parent: QWidget | None = None) -> None:
        super().__init__(material, "Your project", parent)
        self.save_btn.setText("Save project")
        self.form = ProjectForm(material.project, lines=2)
        hint = QLabel(
            "Enter the project you want to be asked about, once; it is kept in Settings for every deep dive."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(hint)
        pl.addWidget(self.form, 1)
        self.add_editor(page)
        self.refresh()
        self.set_editing(self.empty())

    def empty(self) -> bool:
        return not self.material.project

    def markdown(self) -> str:
        return project_markdown(self.material.project)

    def load_editor(self) -> None:
        self.form.set_value(self.material.project)

    def store(self) -> str:
        value = self.form.value()
        if not value:
            return "Write at least the problem, so the probes have something to dig into."
        return self.material.save_project(value)


class QuestionsPanel(_MaterialPanel):
    """The candidate's questions for the interviewer, shown when the round invites them."""

    def __init__(self, material: CandidateMaterial, parent: QWidget | None = None) -> None:
        super().__init__(material, "Your questions for the interviewer", parent)
        self.save_btn.setText("Save questions")
        self.text = _edit("One question per line, e.g. How will you judge my first six months?", 6)
        self.text.setTabChangesFocus(False)
        self.text.setAccessibleName("Your questions for the interviewer")
        self.add_editor(self.text)
        self.refresh()
        self.set_editing(self.empty())

    def empty(self) -> bool:
        return not self.material.questions

    def markdown(self) -> str:
        return "\n".join(f"{i}. {q}" for i, q in enumerate(self.material.questions, 1))

    def load_editor(self) -> None:
        self.text.setPlainText("\n".join(self.material.questions))

    def store(self) -> str:
        questions = parse_questions(self.text.toPlainText())
        if not questions:
            return "Write at least one question, one per line."
        return self.material.save_questions(questions)


class CandidateTab(QWidget):
    """The settings dialog's tab: the project's five parts and the questions, one per line."""

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            "The project deep dive asks about this project; the hiring-manager round shows your "
            "questions when it is your turn to ask."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.project = ProjectForm(settings.project, lines=3)
        self.setMinimumWidth(720)  # room for a sentence a line; the dialog is otherwise narrow
        self.questions = _edit("One question per line", 4)
        self.questions.setTabChangesFocus(False)
        self.questions.setAccessibleName("Questions for the interviewer")
        self.questions.setPlainText("\n".join(settings.interviewer_questions))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("<b>Your past ML project</b>"))
        layout.addWidget(self.project)
        layout.addWidget(QLabel("<b>Your questions for the interviewer</b>"))
        layout.addWidget(self.questions, 1)

    def values(self) -> dict[str, Any]:
        """``project`` and ``interviewer_questions`` for :class:`mockint.settings.Settings`."""
        return {
            "project": self.project.value(),
            "interviewer_questions": parse_questions(self.questions.toPlainText()),
        }
