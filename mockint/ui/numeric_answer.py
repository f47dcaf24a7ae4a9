"""The numeric answer of a statistics-and-probability question: a number field, Check, the verdict
and then the worked solution.

Renders the round's :class:`~mockint.interview.round_state.RoundState` for the question on
screen (its ``checks``; it follows ``events.current``) and sends the typed text to
``state.check_answer``, where the parsing and the tolerance check live (Qt-free,
:mod:`mockint.interview.numeric`). The saver stores each check as an ``answer_events`` row.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from mockint.interview.numeric import FORMS, NumberError, describe, show_number
from mockint.interview.round_state import Change, RoundState
from mockint.ui.state_binding import Bindings
from mockint.ui.theme import colour


class NumericAnswerPanel(QWidget):
    """ "Your answer" field with a Check button; after a check, right or wrong and the worked solution.

    Hidden while the question on screen asks for no number. ``elapsed()`` gives the seconds into
    the round each check is recorded at (default: seconds since the panel was made).
    """

    def __init__(
        self, state: RoundState, elapsed: Callable[[], float] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        started = time.monotonic()
        self.elapsed = elapsed or (lambda: time.monotonic() - started)
        self._bindings = Bindings(self)
        self.field = QLineEdit()
        self.field.setAccessibleName("Your answer")
        self.field.setPlaceholderText(FORMS)
        self.unit = QLabel()
        self.unit.setObjectName("muted")
        self.check_btn = QPushButton("Check")
        self.check_btn.setToolTip("Compare your number with the answer, then show the worked solution")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Check result")
        self.solution = QTextBrowser()
        self.solution.setAccessibleName("Worked solution")
        self.solution.setMinimumHeight(120)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Your answer</b>"))
        row.addWidget(self.field, 1)
        row.addWidget(self.unit)
        row.addWidget(self.check_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.solution, 1)
        self.check_btn.clicked.connect(self.check)
        self.field.returnPressed.connect(self.check)
        self._bindings.bind(state.events.current, self._on_state)
        self._bindings.bind(state.events.checks, self._on_state)
        self._qid = ""
        self._render()

    def release_state(self) -> None:
        """Stop rendering the state (the round closed)."""
        self._bindings.release()

    def check(self) -> None:
        """Check the typed number against the answer of the question on screen."""
        qid = self.state.current_id
        if not qid or getattr(self.state.question(qid), "numeric", None) is None:
            return
        try:
            self.state.check_answer(qid, self.field.text(), max(0.0, self.elapsed()))
        except NumberError as exc:
            self.result.setText(f"<span style='color:{colour('bad')}'>{exc}</span>")

    def _on_state(self, change: Change) -> None:
        if change.field == "current" or change.question_id == self.state.current_id:
            self._render()

    def _render(self) -> None:
        qid = self.state.current_id
        answer = getattr(self.state.question(qid), "numeric", None) if qid else None
        self.setVisible(answer is not None)
        if answer is None:
            return
        checks = self.state.checks(qid)
        if qid != self._qid:  # another question: its own last input, not the previous one's
            self._qid = qid
            self.field.setText(checks[-1].input if checks else "")
        self.unit.setText(answer.unit)
        if not checks:
            self.result.setText("")
            self.solution.hide()
            return
        last = checks[-1]
        tries = f" ({len(checks)} checks)" if len(checks) > 1 else ""
        if last.correct:
            verdict = f"<b style='color:{colour('good')}'>✓ Right.</b> {show_number(last.value)} is within the tolerance"
        else:
            verdict = f"<b style='color:{colour('bad')}'>✗ Not within the tolerance.</b> You gave {show_number(last.value)}"
        self.result.setText(f"{verdict}; the answer is {describe(answer)}{tries}.")
        q = self.state.question(qid)
        self.solution.setMarkdown("#### Worked solution\n\n" + q.solution.strip())
        self.solution.show()
