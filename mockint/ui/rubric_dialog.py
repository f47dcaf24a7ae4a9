"""The rubric dialog: each dimension's anchors for scores 1–4, the evidence, a self-score per
dimension, an overall recommendation and notes. Saving is enabled once everything is scored."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mockint.bank import RECOMMENDATIONS, Rubric
from mockint.ui import shortcuts
from mockint.ui.evidence_panel import EvidenceInput, EvidencePanel
from mockint.ui.fit import fit_to_screen
from mockint.ui.theme import colour


class RubricDialog(QDialog):
    """Collects ``scores`` (dimension id → 1..4), ``recommendation`` and ``notes``.

    ``evidence`` is a list of short lines shown above the dimensions (tests passed, phases with
    notes, time used) so the self-score can be checked against what happened. ``coverage`` adds an
    :class:`~mockint.ui.evidence_panel.EvidencePanel` per question (suggested key-point ticks to
    confirm, STAR for behavioral); their ``result()`` is in :attr:`coverage_results`.

    Ctrl+Enter saves (once everything is scored). "Score later" closes the dialog and emits
    :attr:`score_later_requested`: the round is kept unscored (only ``notes`` are saved) and can be
    scored from the history later.
    """

    #: "Score later" was pressed; the dialog is closed with :data:`SCORE_LATER` as its result.
    score_later_requested = Signal()
    SCORE_LATER = 2

    def __init__(
        self,
        rubric: Rubric,
        round_title: str,
        evidence: list[str],
        parent: QWidget | None = None,
        coverage: list[EvidenceInput] | None = None,
        *,
        preview: Callable[[dict[str, int]], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.rubric = rubric
        #: scores -> "Comes back for a retry in N days" (the retry queue, issue 17); None hides it.
        self.preview = preview
        self.setWindowTitle(f"Score this round — {round_title}")
        self.setModal(True)
        fit_to_screen(self, 980, 720, cap=True)
        self.groups: dict[str, QButtonGroup] = {}

        body = QWidget()
        layout = QVBoxLayout(body)
        muted = colour("muted")
        intro = QLabel(f"<b>{rubric.title}</b><br><span style='color:{muted}'>Source: {rubric.source}</span>")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if evidence:
            ev = QLabel("<b>Evidence</b><br>" + "<br>".join(f"• {line}" for line in evidence))
            ev.setObjectName("evidence")
            ev.setWordWrap(True)
            layout.addWidget(ev)
        # suggested key-point ticks and STAR evidence (mockint.ui.evidence_panel), one per question
        self.evidence_panels = [EvidencePanel(item, body) for item in coverage or []]
        for panel in self.evidence_panels:
            if len(self.evidence_panels) > 1:
                panel.setTitle(f"Heard in your answer — {panel.data.question.title}")
            layout.addWidget(panel)

        for dim in rubric.dimensions:
            box = QGroupBox(dim.name)
            grid = QGridLayout(box)
            if dim.description:
                desc = QLabel(dim.description)
                desc.setWordWrap(True)
                desc.setObjectName("muted")
                grid.addWidget(desc, 0, 0, 1, 4)
            group = QButtonGroup(self)
            for score in range(1, 5):
                radio = QRadioButton(str(score))
                radio.setAccessibleName(f"{dim.name} score {score}")
                anchor = QLabel(dim.anchors[score - 1])
                anchor.setWordWrap(True)
                anchor.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                anchor.setObjectName("anchor")
                cell = QVBoxLayout()
                cell.addWidget(radio)
                cell.addWidget(anchor, 1)
                grid.addLayout(cell, 1, score - 1)
                grid.setColumnStretch(score - 1, 1)
                group.addButton(radio, score)
            group.idClicked.connect(self._update_ok)
            self.groups[dim.id] = group
            layout.addWidget(box)

        rec_box = QGroupBox("Overall recommendation")
        rec_layout = QGridLayout(rec_box)
        self.recommendation_group = QButtonGroup(self)
        anchors = rubric.recommendation_anchors or ("",) * len(RECOMMENDATIONS)
        for i, (label, anchor_text) in enumerate(zip(RECOMMENDATIONS, anchors, strict=True)):
            radio = QRadioButton(label)
            self.recommendation_group.addButton(radio, i)
            rec_layout.addWidget(radio, 0, i)
            if anchor_text:
                text = QLabel(anchor_text)
                text.setWordWrap(True)
                text.setObjectName("anchor")
                text.setAlignment(Qt.AlignmentFlag.AlignTop)
                rec_layout.addWidget(text, 1, i)
            rec_layout.setColumnStretch(i, 1)
        self.recommendation_group.idClicked.connect(self._update_ok)
        layout.addWidget(rec_box)

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes: what went well, what to practise next")
        self.notes.setMaximumHeight(90)
        layout.addWidget(self.notes)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.later_btn = self.buttons.addButton("Score &later", QDialogButtonBox.ButtonRole.ResetRole)
        self.later_btn.setToolTip("Keep the round unscored for now; score it from Past sessions")
        self.later_btn.clicked.connect(self.score_later)
        save_btn = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_btn.setToolTip(shortcuts.hint("Save the scores", "save_scores"))
        for keys in shortcuts.shortcut("save_scores").keys:
            QShortcut(QKeySequence(keys), self).activated.connect(self._save_if_ready)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)  # "Still to score: ..." names every dimension: wrap, never widen
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        self.without_rating = QCheckBox("Save without rating")  # the FSRS card stays as it was
        self.without_rating.setToolTip("Save the scores but leave this question's retry schedule unchanged")
        self.without_rating.toggled.connect(self._update_ok)
        self.without_rating.setVisible(preview is not None)
        bottom.addWidget(self.without_rating)
        bottom.addWidget(self.buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)
        self.buttons.accepted.connect(self.accept)
        self._update_ok()

    def _update_ok(self, *_: object) -> None:
        missing = [d.name for d in self.rubric.dimensions if self.groups[d.id].checkedId() < 1]
        if self.recommendation_group.checkedId() < 0:
            missing.append("overall recommendation")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not missing)
        self.status.setText("Still to score: " + ", ".join(missing) if missing else "Ready to save.")
        if self.preview is not None and not missing:
            self.status.setText(
                "Ready to save. "
                + (
                    "The retry schedule stays as it was."
                    if self.without_rating.isChecked()
                    else self.preview(self.scores)
                )
            )

    def _save_if_ready(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()
        else:
            self._update_ok()

    def score_later(self) -> None:
        """Close without scores; the caller keeps the round unscored."""
        self.score_later_requested.emit()
        self.done(self.SCORE_LATER)

    def reject(self) -> None:
        """Escape does not lose the round: scoring is required to go on."""
        self.status.setText("Score every dimension and pick a recommendation to continue.")

    def set_score(self, dimension_id: str, score: int) -> None:
        """Tick a score (used by keyboard-free flows and tests)."""
        self.groups[dimension_id].button(score).click()

    def set_recommendation(self, index: int) -> None:
        self.recommendation_group.button(index).click()

    @property
    def scores(self) -> dict[str, int]:
        return {dim_id: group.checkedId() for dim_id, group in self.groups.items() if group.checkedId() > 0}

    @property
    def recommendation(self) -> str:
        i = self.recommendation_group.checkedId()
        return RECOMMENDATIONS[i] if i >= 0 else ""

    @property
    def coverage_results(self) -> list[dict]:
        """Each evidence panel's suggestions and final ticks, with its ``question`` id."""
        return [{"question": p.data.question.id, **p.result()} for p in self.evidence_panels]

    @property
    def dimension_names(self) -> dict[str, str]:
        return {d.id: d.name for d in self.rubric.dimensions}
