"""The debrief of a round: the interviewer's written side (editorial, reference, model answer,
follow-ups) beside what the candidate did, rendered from :func:`mockint.interview.debrief.round_debrief`.

Shown after each round from a "Debrief" button on the rubric dialog (:func:`add_debrief_button`)
and from Past sessions (:func:`session_debrief`); sized to the screen with :mod:`mockint.ui.fit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from mockint.bank import Bank
from mockint.interview.debrief import round_debrief
from mockint.ui.fit import fit_to_screen


class DebriefDialog(QDialog):
    """A scrolling, read-only page of Markdown (the round's debrief) with a Close button."""

    def __init__(self, markdown: str, title: str = "Debrief", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(markdown)
        self.browser.setAccessibleName("Debrief")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1100, 760, cap=True)


def add_debrief_button(dialog: Any, markdown: Callable[[], str], title: str) -> QPushButton:
    """A "Debrief" button on ``dialog``'s button box (``dialog.buttons``) opening the debrief
    (``markdown()`` is read when clicked, so it shows the round as it ended)."""
    button = dialog.buttons.addButton("&Debrief", dialog.buttons.ButtonRole.ActionRole)
    button.setToolTip("The editorial or model answer beside what you did")

    def open_it() -> None:
        dialog.debrief = DebriefDialog(markdown(), f"Debrief: {title}", dialog)
        dialog.debrief.open()

    button.clicked.connect(open_it)
    return button


def live_debrief(planned, state, bank: Bank | None) -> str:
    """The debrief of a round still on screen: ``planned`` a PlannedRound, ``state`` its RoundState."""
    answers = []
    for q in state.questions:
        qid = q.id
        answers.append(
            {
                "code": state.code(qid),
                "notes": state.notes(qid),
                "phase_notes": state.phase_notes(qid),
                "key_points": sorted(state.ticks(qid)),
                "verdicts": list(state.verdicts(qid)),
                "hints": [{"hint": h.hint, "at_s": h.at_s} for h in state.hints_taken(qid)],
                "follow_ups": [
                    {"text": f.text, "key_point": f.key_point, "at_s": f.at_s} for f in state.follow_ups(qid)
                ],
                "time_s": state.time_on(qid),
            }
        )
    return round_debrief(planned.title, state.questions, answers, planned.used_s, planned.allowed_s, bank)


def session_debrief(detail: dict, bank: Bank, round_index: int | None = None) -> str:
    """The debrief of a stored session's rounds (``store.sessions.detail``), or of one round."""
    from mockint.review.reports import stored_round_debrief

    rounds = detail["rounds"] if round_index is None else [detail["rounds"][round_index]]
    return (
        "\n".join(stored_round_debrief(r, bank) for r in rounds)
        or "No debrief: the questions are not in the bank."
    )
