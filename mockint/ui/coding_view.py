"""A coding round: the problem, a solution editor, an IPython console and the tests panel."""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockint.interview.round_state import Change, RoundState
from mockint.ui import cell_runner, data_files, theme
from mockint.ui.editor import CodeEditor
from mockint.ui.kernel import KernelHandler
from mockint.ui.render import problem_markdown
from mockint.ui.state_binding import Bindings
from mockint.ui.verdict_panel import VERDICT_COLOURS, VerdictPanel  # noqa: F401  (colours kept importable)

log = logging.getLogger(__name__)


@functools.cache
def _console_class() -> type:
    """qtconsole's RichJupyterWidget that drops kernel messages once detached (``kernel_client``
    None): a reply already queued when the round closes would otherwise reach a widget with no
    client and raise inside qtconsole. Imported on first use, never at launch."""
    from qtconsole.rich_jupyter_widget import RichJupyterWidget

    class DetachableConsole(RichJupyterWidget):
        def _dispatch(self, msg: dict) -> None:
            if self.kernel_client is not None:
                super()._dispatch(msg)

    return DetachableConsole


class CodingRoundView(QWidget):
    """Problem on the left; editor, console and tests panel on the right.

    Renders the round's :class:`RoundState` (code and verdict runs of the problem on screen) and
    sends intents to it (the code typed); judging is asked for through the signals, and the
    verdict comes back through ``state.add_verdict``. The view owns its console's
    :class:`KernelHandler` and shuts it down in :meth:`close_kernel`.
    """

    #: The user asked to judge code: question id, the editor's code.
    run_tests_requested = Signal(str, str)
    #: The user submitted: judge this final code of the question (id, code) and record it.
    submit_requested = Signal(str, str)

    def __init__(self, state: RoundState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.kernel: KernelHandler | None = None
        self.console: Any = None  # a qtconsole RichJupyterWidget (untyped), once started
        self._bindings = Bindings(self)
        self._loading = False

        #: One tab per planned problem (hidden when the round has one); the clock is the round's.
        self.problem_tabs = QTabBar()
        self.problem_tabs.setAccessibleName("Problems")
        self.problem_tabs.setExpanding(False)
        for i, q in enumerate(state.questions):
            self.problem_tabs.addTab(f"{i + 1}. {q.title}")
        self.problem_tabs.setVisible(len(state.questions) > 1)
        self.problem = QTextBrowser()
        self.problem.setOpenExternalLinks(False)
        self.problem.setAccessibleName("Problem statement")
        theme.zoomable_text(self.problem)  # the zoom shared with the editor and the console
        self.interviewer_slot = QVBoxLayout()  # filled by set_interviewer_panel
        self.interviewer_slot.setContentsMargins(0, 0, 0, 0)

        self.editor = CodeEditor()
        self.editor.textChanged.connect(self._on_code)

        self.run_console_btn = QPushButton("Run in console")
        self.run_console_btn.setToolTip("Run the editor's code in the console (Ctrl+Shift+Enter)")
        self.run_cell_btn = cell_runner.make_button()
        self.interrupt_btn = QPushButton("Interrupt")
        self.interrupt_btn.setToolTip("Interrupt the running cell (Ctrl+I)")
        self.restart_btn = QPushButton("Restart kernel")
        self.restart_btn.setToolTip("Start a fresh kernel; its variables are lost (Ctrl+Shift+R)")
        self.tests_btn = QPushButton("Run tests")
        self.tests_btn.setToolTip("Judge the editor's code against the hidden tests (Ctrl+Enter)")
        self.submit_btn = QPushButton("Submit")
        self.submit_btn.setObjectName("primary")
        self.submit_btn.setToolTip(
            "Judge this problem's final code; the round ends after the last problem (Ctrl+Shift+S)"
            if len(state.questions) > 1
            else "Judge the final code and end the round (Ctrl+Shift+S)"
        )
        self.kernel_label = QLabel("Console: not started")
        self.kernel_label.setObjectName("muted")
        buttons = QHBoxLayout()
        for b in (self.run_cell_btn, self.run_console_btn, self.interrupt_btn, self.restart_btn):
            buttons.addWidget(b)
        buttons.addWidget(self.kernel_label, 1)
        buttons.addWidget(self.tests_btn)
        buttons.addWidget(self.submit_btn)

        self.tests_panel = VerdictPanel()
        p = self.tests_panel  # its parts by their old names (tests use them)
        self.verdict_label, self.samples, self.details, self.runs = (
            p.verdict_label,
            p.samples,
            p.details,
            p.runs,
        )

        self.console_holder = QWidget()
        self.console_layout = QVBoxLayout(self.console_holder)
        self.console_layout.setContentsMargins(0, 0, 0, 0)
        self.kernel_notice = QLabel()
        self.kernel_notice.setObjectName("notice")
        self.kernel_notice.setWordWrap(True)
        self.kernel_notice.hide()
        self.console_layout.addWidget(self.kernel_notice)

        right = QSplitter(Qt.Orientation.Vertical)
        editor_box = QWidget()
        el = QVBoxLayout(editor_box)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(self.editor)
        el.addLayout(buttons)
        right.addWidget(editor_box)
        right.addWidget(self.console_holder)
        right.addWidget(self.tests_panel)
        right.setSizes([320, 150, 290])  # at 1366x768 the tests panel shows a few sample rows

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.problem, 1)
        ll.addLayout(self.interviewer_slot)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([460, 740])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problem_tabs)
        layout.addWidget(split, 1)

        self.tests_btn.clicked.connect(self.request_tests)
        self.submit_btn.clicked.connect(self.submit)
        self.run_console_btn.clicked.connect(self.run_in_console)
        self.run_cell_btn.clicked.connect(self.run_cell)
        self.interrupt_btn.clicked.connect(self.interrupt)
        self.restart_btn.clicked.connect(self.restart)
        for keys, slot in (
            ("Ctrl+Return", self.request_tests),
            ("Ctrl+Enter", self.request_tests),
            ("Ctrl+Shift+Return", self.run_in_console),
            ("Ctrl+I", self.interrupt),
            ("Ctrl+Shift+R", self.restart),
            ("Ctrl+Shift+S", self.submit),
            *((keys, self.run_cell) for keys in cell_runner.KEYS),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._bindings.bind(state.events.verdicts, self._on_verdicts)
        self._bindings.bind(state.events.code, self._on_state_code)
        self._bindings.bind(state.events.current, lambda change: self._show_question(change.value))
        self._bindings.bind(
            state.events.done, lambda change: self._label_tab(state.index_of(change.question_id))
        )
        self.problem_tabs.currentChanged.connect(self.state.show)
        for i in range(len(state.questions)):
            self._label_tab(i)
        self._show_question(state.current)

    # -- the round's state -----------------------------------------------------------------------
    @property
    def question(self):
        """The bank question on screen."""
        return self.state.questions[self.state.current]

    def current_question_id(self) -> str:
        """The id of the problem on screen."""
        return self.state.current_id

    @property
    def run_history(self) -> list[dict]:
        """Verdict runs of the problem on screen, oldest first (from the state)."""
        return list(self.state.verdicts(self.current_question_id()))

    def set_interviewer_panel(self, widget: QWidget) -> None:
        """Put ``widget`` in the interviewer's slot, under the problem statement (replaces any)."""
        while self.interviewer_slot.count():
            item = self.interviewer_slot.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None and old is not widget:
                old.setParent(None)
        self.interviewer_slot.addWidget(widget)

    def release_state(self) -> None:
        """Stop rendering the state (the round closed)."""
        self._bindings.release()

    def refresh_statement(self) -> None:
        """Render the statement again (the examples' outputs, once the reference has run)."""
        self.problem.setMarkdown(problem_markdown(self.question) + data_files.note(self, self.question))

    def _label_tab(self, index: int) -> None:
        q = self.state.questions[index]
        done = " ✓" if self.state.is_done(q.id) else ""
        self.problem_tabs.setTabText(index, f"{index + 1}. {q.title}{done}")
        self.problem_tabs.setTabToolTip(index, "Submitted" if done else "Not submitted yet")

    def _show_question(self, index: int) -> None:
        if self.problem_tabs.currentIndex() != index:
            self.problem_tabs.setCurrentIndex(index)
        q = self.state.questions[index]
        qid = q.id
        self.problem.setMarkdown(problem_markdown(q) + data_files.note(self, q))
        data_files.place(self)  # an end-to-end problem: train.csv / test.csv for the console
        self._loading = True
        self.editor.setPlainText(self.state.code(qid) or q.starter)
        self._loading = False
        if not self.state.code(qid):
            self.state.set_code(qid, self.editor.toPlainText())  # the starter is what is saved
        self.tests_panel.show_runs(self.state.verdicts(qid))

    def _on_code(self) -> None:
        if not self._loading:
            self.state.set_code(self.current_question_id(), self.editor.toPlainText())

    def _on_state_code(self, change: Change) -> None:
        if change.question_id == self.current_question_id() and change.value != self.editor.toPlainText():
            self._loading = True
            self.editor.setPlainText(change.value)
            self._loading = False

    def _on_verdicts(self, change: Change) -> None:
        self.tests_btn.setEnabled(True)
        self.submit_btn.setEnabled(True)
        if change.question_id == self.current_question_id() and change.value:
            self.tests_panel.add_run(change.value[-1])

    # -- console -------------------------------------------------------------------------------
    def start_console(self, kernel: KernelHandler | None = None) -> None:
        """Show the console on ``kernel`` (a pre-started spare) or on a new kernel.

        qtconsole is imported here, lazily, never at launch.
        """
        if self.kernel is not None:
            return
        os.environ.setdefault("QT_API", "pyside6")
        if kernel is None:
            kernel = KernelHandler(self)
            kernel.start()
        else:
            kernel.setParent(self)
        self.kernel = kernel
        data_files.place(self)
        kernel.state_changed.connect(self._on_kernel_state)
        kernel.died.connect(self._on_kernel_died)
        self._on_kernel_state(kernel.state)
        self.console = _console_class()()
        preloaded = (
            "np (numpy) and torch are imported" if kernel.preload else "numpy and torch are importable"
        ) + (
            "; pandas, scikit-learn, SciPy and Matplotlib (inline plots) too"
            if getattr(self.question, "dataset", None)
            else ""
        )
        self.console.banner = f"{preloaded}. Ctrl+I interrupts, Ctrl+Shift+R restarts.\n"
        self.console.setAccessibleName("IPython console")
        theme.attach_console(self.console)  # shared zoom, theme colours
        self.console_layout.addWidget(self.console)
        if kernel.client is not None:
            self._attach_console()
        else:
            kernel.connected.connect(self._attach_console)

    def _attach_console(self) -> None:
        if self.kernel is None:
            return
        self.console.kernel_manager = self.kernel.manager
        self.console.kernel_client = self.kernel.client

    def _on_kernel_state(self, state: str) -> None:
        self.kernel_label.setText(f"Console: {state}")
        if state == "busy":
            self.kernel_notice.hide()

    def _on_kernel_died(self) -> None:
        self.kernel_notice.setText(
            "The console's kernel stopped unexpectedly and was restarted. Your editor is untouched; "
            "variables defined in the console are gone."
        )
        self.kernel_notice.show()

    def run_cell(self) -> None:
        """Run the ``# %%`` cell under the editor's cursor in the console (Shift+Enter)."""
        cell_runner.run_cell(self)

    def run_in_console(self) -> None:
        if self.console is not None:
            self.console.execute(self.editor.toPlainText(), hidden=False)

    def interrupt(self) -> None:
        if self.kernel is not None:
            self.kernel.interrupt()

    def restart(self) -> None:
        if self.kernel is not None:
            self.kernel.restart()

    def close_kernel(self) -> None:
        if self.kernel is not None:
            if self.console is not None:
                # Detach the widget (qtconsole disconnects its own handlers) so no channel
                # message reaches it while the channels stop on another thread.
                self.console.kernel_client = None
                self.console.kernel_manager = None
            self.kernel.shutdown()

    # -- tests ---------------------------------------------------------------------------------
    def request_tests(self) -> None:
        if not self.tests_btn.isEnabled():
            return
        self._judging()
        self.run_tests_requested.emit(self.current_question_id(), self.editor.toPlainText())

    def submit(self) -> None:
        if not self.submit_btn.isEnabled():
            return
        self._judging("Judging your final submission…")
        self.submit_requested.emit(self.current_question_id(), self.editor.toPlainText())

    def _judging(self, text: str = "Judging…") -> None:
        self.tests_btn.setEnabled(False)
        self.submit_btn.setEnabled(False)
        self.tests_panel.show_judging(text)

    def show_judge_error(self, message: str) -> None:
        self.tests_btn.setEnabled(True)
        self.submit_btn.setEnabled(True)
        self.tests_panel.show_error(message)
