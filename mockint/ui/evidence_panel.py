"""Suggested key-point ticks and STAR evidence in the rubric dialog.

The panel scores the answer (transcript and typed notes) against the question's key points off the
UI thread (the embedding model loads there the first time: seconds) and shows each point as a
check box. A suggested point starts half-ticked ("suggested") and counts for nothing until the
candidate confirms it (one click ticks it) or clears it; a point not suggested can still be ticked.
:meth:`EvidencePanel.result` keeps both the suggestion and the final tick. Behavioral answers also
get their STAR parts and the I-versus-we share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mockint.bank.model import Question
from mockint.coverage import KeyPointScore, StarReport, get_embedder, score_key_points, star_report
from mockint.ui.workers import run_in_background

log = logging.getLogger(__name__)

#: Scoring function run off the UI thread: (question, text) -> (scores, method, notice).
Scorer = Callable[[Question, str], tuple[list[KeyPointScore], str, str]]


@dataclass(frozen=True)
class EvidenceInput:
    """What the panel scores: the ``question``, the answer ``text`` (transcripts and notes joined),
    the talk time ``duration_s`` (None: unknown) and key points already ``ticked`` in the round
    (``(phase, 1-based index)`` pairs)."""

    question: Question
    text: str
    duration_s: float | None = None
    ticked: frozenset[tuple[str, int]] = field(default_factory=frozenset)


def default_scorer(question: Question, text: str) -> tuple[list[KeyPointScore], str, str]:
    """Score with the shared model (word overlap only, with a notice, when it cannot load)."""
    embedder, status = get_embedder()
    method = "embedding+overlap" if embedder is not None else "overlap"
    return score_key_points(question, text, embedder), method, status.reason


class _PointLabel(QLabel):
    """A key point's text beside its check box: wraps, and a click on it clicks the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__()
        self._text, self._box = text, box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def set_suggested(self, on: bool) -> None:
        self.setText(f"{self._text}  (suggested)" if on else self._text)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._box.click()


class EvidencePanel(QGroupBox):
    """Key points heard in the answer, as suggested ticks to confirm or clear, and STAR evidence.

    ``scorer`` defaults to :func:`default_scorer`; ``background=False`` scores on the calling
    thread (tests). Emits :attr:`scored` when the suggestions are shown.
    """

    scored = Signal()

    def __init__(
        self,
        data: EvidenceInput,
        parent: QWidget | None = None,
        scorer: Scorer | None = None,
        background: bool = True,
    ) -> None:
        super().__init__("Heard in your answer", parent)
        self.data = data
        self.scores: list[KeyPointScore] = []
        self.method = ""
        self.boxes: list[QCheckBox] = []
        self.labels: list[_PointLabel] = []
        self.star: StarReport | None = None
        layout = QVBoxLayout(self)
        self.status = QLabel(
            "Checking your answer against the key points…"
            if data.text.strip()
            else "No transcript or notes to check against the key points."
        )
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.points = QVBoxLayout()
        layout.addLayout(self.points)
        row = QHBoxLayout()
        self.confirm_all = QPushButton("Confirm all suggestions")
        self.confirm_all.setToolTip("Tick every suggested key point (you can still clear any)")
        self.confirm_all.clicked.connect(self._confirm_all)
        self.confirm_all.hide()
        row.addWidget(self.confirm_all)
        row.addStretch(1)
        layout.addLayout(row)
        if data.question.round_type == "behavioral":
            self.star = star_report(data.text, data.duration_s)
            self.star_label = QLabel(format_star(self.star))
            self.star_label.setWordWrap(True)
            self.star_label.setObjectName("evidence")
            layout.addWidget(self.star_label)
        if not data.text.strip():
            return
        work = scorer or default_scorer
        if background:
            run_in_background(
                work,
                data.question,
                data.text,
                receiver=self.status,
                on_done=self._show,
                on_error=self._failed,
            )
        else:
            self._show(work(data.question, data.text))

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.status.setText(f"Key points could not be checked: {exc}")

    def _show(self, result: tuple[list[KeyPointScore], str, str]) -> None:
        self.scores, self.method, notice = result
        suggested = sum(s.covered for s in self.scores)
        text = (
            f"{suggested} of {len(self.scores)} key points seem covered. Suggested ticks are half-ticked: "
            "click to confirm, click again to clear. Only confirmed ticks count."
        )
        if self.method == "overlap" and notice:
            text += f" ({notice})"
        self.status.setText(text)
        for s in self.scores:
            where = f"{s.phase}: " if s.phase else ""
            box = QCheckBox(f"{where}{s.index}.")
            box.setToolTip(f"match {s.score:.2f}" + (" — suggested" if s.covered else ""))
            box.setAccessibleName(f"key point {where}{s.index}")
            label = _PointLabel(s.text, box)
            if (s.phase, s.index) in self.data.ticked:
                box.setChecked(True)
            elif s.covered:
                box.setTristate(True)
                box.setCheckState(Qt.CheckState.PartiallyChecked)
                label.set_suggested(True)
                box.clicked.connect(lambda _=False, b=box, lb=label: self._decided(b, lb))
            row = QHBoxLayout()
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            self.points.addLayout(row)
            self.boxes.append(box)
            self.labels.append(label)
        self.confirm_all.setVisible(suggested > 0)
        self.scored.emit()

    @staticmethod
    def _decided(box: QCheckBox, label: _PointLabel) -> None:
        if box.isTristate():  # the first click after a suggestion confirms it; later clicks toggle
            box.setTristate(False)
            box.setChecked(True)
            label.set_suggested(False)

    def _confirm_all(self) -> None:
        for box, label in zip(self.boxes, self.labels, strict=True):
            if box.isTristate() and box.checkState() == Qt.CheckState.PartiallyChecked:
                self._decided(box, label)

    def result(self) -> dict[str, Any]:
        """Suggestions and final ticks, for the saved evidence JSON:

        ``{"method", "key_points": [{"phase", "index", "score", "suggested", "ticked"}], "star"}``;
        ``ticked`` is True / False, or None for a suggestion left unconfirmed (it does not count).
        ``star`` is :meth:`StarReport.to_json` for behavioral questions, else None.
        """
        points = []
        for s, box in zip(self.scores, self.boxes, strict=True):
            state = box.checkState()
            ticked = None if state == Qt.CheckState.PartiallyChecked else state == Qt.CheckState.Checked
            points.append(
                {
                    "phase": s.phase,
                    "index": s.index,
                    "score": s.score,
                    "suggested": s.covered,
                    "ticked": ticked,
                }
            )
        return {
            "method": self.method,
            "key_points": points,
            "star": self.star.to_json() if self.star else None,
        }

    def confirmed(self) -> list[tuple[str, int]]:
        """``(phase, 1-based index)`` of every key point ticked (confirmed) in the panel."""
        return [(p["phase"], p["index"]) for p in self.result()["key_points"] if p["ticked"]]


def format_star(star: StarReport) -> str:
    """The STAR and ownership lines shown for a behavioral answer (rich text)."""
    cells = []
    for p in star.parts:
        mark = "✓" if p.present else "✗ missing"
        cells.append(
            f"<b>{p.name.capitalize()}</b> {mark}"
            + (f" · {p.words} words (~{p.seconds:.0f} s)" if p.present else "")
        )
    own = (
        "no “I” or “we” heard"
        if star.i_share is None
        else f"“I” {star.i_count} · “we” {star.we_count} ({star.i_share:.0%} I)"
    )
    return "<b>STAR</b>: " + " &nbsp;|&nbsp; ".join(cells) + f"<br><b>Ownership</b>: {own}"


def round_inputs(
    questions: list[Question],
    answer_ids: list[str],
    notes_by_answer: dict[int, str],
    takes: dict[str, dict],
    take_answers: dict[str, str],
) -> list[EvidenceInput]:
    """One :class:`EvidenceInput` per discussion/design question of a round that has key points.

    ``notes_by_answer`` maps the question's position to its typed notes; ``takes`` are the round's
    take reports (``transcript``, ``talk_time_s``) by take name and ``take_answers`` maps a take
    name to its answer id (the position of that id in ``answer_ids`` names the question)."""
    out = []
    for i, q in enumerate(questions):
        if q.is_coding or not (q.key_points or q.phases or q.parts or q.round_type == "behavioral"):
            continue
        aid = answer_ids[i] if i < len(answer_ids) else None
        mine = [r for name, r in takes.items() if aid is not None and take_answers.get(name) == aid]
        spoken = " ".join((r.get("transcript") or "") for r in mine if not r.get("transcript_error"))
        talk = sum(float(r.get("talk_time_s") or 0.0) for r in mine) or None
        out.append(
            EvidenceInput(q, "\n".join(t for t in (spoken, notes_by_answer.get(i, "")) if t.strip()), talk)
        )
    return out


def save_results(store: Any, questions: list[Question], answer_ids: list[str], results: list[dict]) -> None:
    """Store each panel's suggestion and final ticks on its question's answer (see
    :mod:`mockint.coverage.saved`). A missing store or a failed write is logged, never raised:
    the scores must still be saved."""
    if store is None:
        return
    from mockint.coverage.saved import save_coverage
    from mockint.store import StoreError

    ids = {q.id: aid for q, aid in zip(questions, answer_ids, strict=False)}
    for result in results:
        aid = ids.get(result.get("question", ""))
        if aid is None:
            continue
        try:
            save_coverage(store, aid, result)
        except (StoreError, ValueError) as exc:
            log.warning("coverage suggestions for %s not saved: %s", aid, exc)


def state_inputs(state: Any) -> list[EvidenceInput]:
    """:func:`round_inputs` from a round's :class:`~mockint.interview.round_state.RoundState`: each
    question's notes (and phase or part notes) and its analysed takes."""
    questions = list(state.questions)
    notes = {
        i: "\n".join(t for t in (state.notes(q.id), *state.phase_notes(q.id).values()) if t and t.strip())
        for i, q in enumerate(questions)
    }
    takes: dict[str, dict] = {}
    take_answers: dict[str, str] = {}
    for i, q in enumerate(questions):
        for name, report in state.takes(q.id).items():
            takes[f"{i}:{name}"] = report
            take_answers[f"{i}:{name}"] = state.answer_id(q.id)
    return round_inputs(questions, [state.answer_id(q.id) for q in questions], notes, takes, take_answers)
