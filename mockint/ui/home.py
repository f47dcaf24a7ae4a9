"""The home screen: start a loop, practise one round, review, continue an unfinished loop.

The domain focus row and the notices' wording are in :mod:`mockint.ui.home_focus`."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mockint.about import APP_NAME
from mockint.bank import ROUND_TYPE_NAMES, ROUND_TYPES
from mockint.bank.model import DIFFICULTIES
from mockint.interview import DEFAULT_TEMPLATE_ID
from mockint.ui import shortcuts
from mockint.ui.context import AppContext
from mockint.ui.home_focus import FocusRow, notice_texts
from mockint.ui.workers import run_in_background
from mockint.wording import plural


def _due_counts(db_path) -> dict[str, int]:
    """On a worker thread: due questions per round type (the scheduler and fsrs load here, not at launch)."""
    from mockint.review.schedule import due_counts_in

    return due_counts_in(db_path)


class HomePage(QWidget):
    """Offers the three things users come for, plus notices (skipped bank files, speech, store)."""

    #: Score the rounds left with "Score later".
    score_waiting_requested = Signal()
    #: Practise one chosen question: round type, question id.
    question_requested = Signal(str, str)
    #: Start a loop from this template id.
    start_loop_requested = Signal(str)
    #: Practise one round: round type, topic ('' = any), difficulty ('' = any).
    practice_requested = Signal(str, str, str)
    #: Open the review page (trends, weakest dimensions, calibration, retry queue).
    review_requested = Signal()
    #: Open the list of past sessions.
    history_requested = Signal()
    #: Practise the questions due for another try ('' = the round type with the most due).
    practise_due_requested = Signal(str)
    #: Continue this unfinished session id.
    continue_requested = Signal(str)
    #: Start today's plan: round type ("loop" = a full loop), today's question ids of that type.
    plan_item_requested = Signal(str, list)
    #: Open the plan screen.
    plan_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(APP_NAME)
        title.setObjectName("appTitle")
        subtitle = QLabel("Timed mock onsite loops for ML engineer interviews — private and offline.")
        subtitle.setObjectName("muted")

        self.template_box = QComboBox()
        self.template_box.setAccessibleName("Loop template")
        self._fill_templates()
        self.template_desc = QLabel()
        self.template_desc.setWordWrap(True)
        self.template_desc.setObjectName("muted")
        # A long template description scrolls inside the box instead of being clipped at 1366x768.
        self.template_scroll = QScrollArea()
        # The viewport is made here, not asked for: PySide6's first viewport() call costs 10-15 ms
        # of launch (it works out the wrapper type of Qt's own viewport class). Set before the
        # widget: a new viewport deletes the old one with what it holds.
        viewport = QWidget()
        viewport.setAutoFillBackground(False)
        self.template_scroll.setViewport(viewport)
        self.template_scroll.setWidget(self.template_desc)
        self.template_scroll.setWidgetResizable(True)
        self.template_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.template_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.template_desc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.template_desc.setAutoFillBackground(False)
        self.template_scroll.setMinimumHeight(120)
        #: The rounds in order with their minutes, always in view under the description.
        self.template_route = QLabel()
        self.template_route.setWordWrap(True)
        self.start_btn = QPushButton("Start full loop")
        self.start_btn.setObjectName("primary")
        self.start_btn.setToolTip(shortcuts.native("start_loop"))
        self.start_btn.setShortcut(shortcuts.keys("start_loop"))
        #: Copy and change templates (issue 16): opens the template editor.
        self.edit_templates_btn = QPushButton("Edit templates…")
        self.edit_templates_btn.setToolTip(
            shortcuts.hint(
                "Copy a template and change its rounds, minutes and difficulties", "edit_templates"
            )
        )
        self.edit_templates_btn.setShortcut(shortcuts.keys("edit_templates"))
        loop_box = QGroupBox("Full mock onsite")
        ll = QVBoxLayout(loop_box)
        ll.addWidget(self.template_box)
        ll.addWidget(self.template_scroll, 1)
        ll.addWidget(self.template_route)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_btn, 1)
        buttons.addWidget(self.edit_templates_btn)
        ll.addLayout(buttons)

        self.round_box = QComboBox()
        self.round_box.setAccessibleName("Round type")
        counts = Counter(q.round_type for q in ctx.bank.questions.values())
        for rt in ROUND_TYPES:
            count = counts[rt]
            self.round_box.addItem(f"{ROUND_TYPE_NAMES[rt]} ({plural(count, 'question')})", rt)
        self.topic_box = QComboBox()
        self.topic_box.setAccessibleName("Topic")
        self.difficulty_box = QComboBox()
        self.difficulty_box.setAccessibleName("Difficulty")
        self.difficulty_box.addItem("Any difficulty", "")
        for d in DIFFICULTIES:
            self.difficulty_box.addItem(d.capitalize(), d)
        self.practice_btn = QPushButton("Practise this round")
        self.practice_btn.setToolTip(shortcuts.native("practice"))
        self.practice_btn.setShortcut(shortcuts.keys("practice"))
        practice_box = QGroupBox("Practise one round")
        pl = QVBoxLayout(practice_box)
        pl.addWidget(self.round_box)
        pl.addWidget(self.topic_box)
        pl.addWidget(self.difficulty_box)
        from mockint.ui.question_picker import QuestionPicker  # pick one question (issue 11)

        self.question_picker = QuestionPicker(ctx.bank)
        pl.addWidget(self.question_picker)
        pl.addStretch(1)
        pl.addWidget(self.practice_btn)

        self.review_btn = QPushButton("Review progress")
        # Review and Past sessions keys are the main window's (File menu), so they work on every page.
        self.review_btn.setToolTip(
            shortcuts.hint("Trends, weakest dimensions, calibration, time use", "review")
        )
        self.history_btn = QPushButton("Past sessions")
        self.history_btn.setToolTip(shortcuts.native("history"))
        self.review_info = QLabel()
        self.review_info.setWordWrap(True)
        self.review_info.setObjectName("muted")
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_btn = QPushButton("Practise due questions")
        self.due_btn.setToolTip(
            shortcuts.hint("Questions due for another try, by the retry schedule", "practise_due")
        )
        self.due_btn.setShortcut(shortcuts.keys("practise_due"))
        self.due_btn.setEnabled(False)
        review_box = QGroupBox("Review")
        rl = QVBoxLayout(review_box)
        rl.addWidget(self.review_info, 1)
        rl.addWidget(self.due_label)
        rl.addWidget(self.due_btn)
        rl.addWidget(self.review_btn)
        rl.addWidget(self.history_btn)
        # Rounds left with "Score later" (issue 11 bug 3): shown until they are scored.
        self.unscored_btn = QPushButton()
        self.unscored_btn.setToolTip("Open the rubric for each round you chose to score later")
        self.unscored_btn.hide()
        self.unscored_btn.clicked.connect(self.score_waiting_requested)
        rl.addWidget(self.unscored_btn)

        self.continue_frame = QFrame()
        self.continue_frame.setObjectName("continueFrame")
        self.continue_label = QLabel()
        self.continue_label.setWordWrap(True)
        self.continue_btn = QPushButton("Continue")
        self.continue_btn.setObjectName("primary")
        cl = QHBoxLayout(self.continue_frame)
        cl.addWidget(self.continue_label, 1)
        cl.addWidget(self.continue_btn)
        self.continue_frame.hide()
        self._continue_id = ""

        self.notices = QLabel()
        self.notices.setObjectName("notice")
        self.notices.setWordWrap(True)
        self.notices.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notices.hide()

        # Domain focus (issue 16): the team's domain first, in loops and practice rounds alike.
        self.focus_row = FocusRow(ctx)
        self.focus_box, self.focus_note = self.focus_row.focus_box, self.focus_row.focus_note

        grid = QGridLayout()
        grid.addWidget(loop_box, 0, 0)
        grid.addWidget(practice_box, 0, 1)
        grid.addWidget(review_box, 0, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addWidget(self.continue_frame)
        layout.addWidget(self.focus_row)
        layout.addLayout(grid)
        from mockint.ui.plan_home import TodayBox  # study plan (issue 17)

        self.today_box = TodayBox(ctx)
        self.today_box.start_requested.connect(self.plan_item_requested)
        self.today_box.plan_requested.connect(self.plan_requested)
        layout.addWidget(self.today_box)
        layout.addWidget(self.notices)
        layout.addStretch(1)

        self.template_box.currentIndexChanged.connect(self._describe_template)
        self.start_btn.clicked.connect(
            lambda: self.start_loop_requested.emit(self.template_box.currentData())
        )
        self.edit_templates_btn.clicked.connect(self.edit_templates)
        self.round_box.currentIndexChanged.connect(self._fill_topics)
        self.practice_btn.clicked.connect(self._practise)
        self._fill_topics()
        self.review_btn.clicked.connect(self.review_requested)
        self.history_btn.clicked.connect(self.history_requested)
        self.due_btn.clicked.connect(lambda: self.practise_due_requested.emit(""))
        self.continue_btn.clicked.connect(lambda: self.continue_requested.emit(self._continue_id))
        self._describe_template()
        writable = ctx.store is not None
        for b in (self.start_btn, self.practice_btn, self.review_btn, self.history_btn):
            b.setEnabled(writable)
        self.start_btn.setEnabled(writable and self.template_box.count() > 0)
        self.refresh()

    def edit_templates(self) -> None:
        """Open the template editor; templates saved there are listed at once."""
        from mockint.ui.template_editor import TemplateEditor

        dialog = TemplateEditor(self.ctx, self)
        dialog.exec()
        if dialog.changed:
            self.reload_templates(dialog.selected_id)

    def reload_templates(self, select: str = "") -> None:
        """Refill the template list from ``ctx.bank.loops`` (after the editor changed them)."""
        self._fill_templates(select or self.template_box.currentData())
        self._describe_template()

    def _fill_templates(self, select: str = "") -> None:
        """The loaded templates in ``loop --list`` order (the default first), ``select`` chosen."""
        from mockint.bank.loop_list import ordered

        self.template_box.blockSignals(True)
        self.template_box.clear()
        for t in ordered(self.ctx.bank, DEFAULT_TEMPLATE_ID):
            self.template_box.addItem(
                f"{t.title} — {plural(len(t.rounds), 'round')}, {t.total_minutes:.0f} min", t.id
            )
        self.template_box.setCurrentIndex(max(0, self.template_box.findData(select)))
        self.template_box.blockSignals(False)

    def _fill_topics(self, *_: object) -> None:
        """Topics of the chosen round type, most common first."""
        counts = Counter(t for q in self.ctx.bank.by_round(self.round_box.currentData()) for t in q.topics)
        self.question_picker.set_round_type(self.round_box.currentData())
        self.topic_box.clear()
        self.topic_box.addItem("Any topic", "")
        for topic, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            self.topic_box.addItem(f"{topic} ({n})", topic)

    def _describe_template(self, *_: object) -> None:
        tid = self.template_box.currentData()
        t = self.ctx.bank.loops.get(tid)
        if t is None:
            self.template_desc.setText("No loop templates are loaded.")
            self.template_route.setText("")
            return
        rounds = " → ".join(f"{r.title or ROUND_TYPE_NAMES[r.round_type]} {r.minutes:g}′" for r in t.rounds)
        self.template_desc.setText(t.description)
        self.template_route.setText(rounds)

    def refresh(self) -> None:
        """Re-read what depends on the store (unfinished loop, session count) and the notices."""
        notices = notice_texts(self.ctx)
        self.notices.setText("<br><br>".join(notices))
        self.notices.setVisible(bool(notices))
        if self.ctx.store is None:
            self.review_info.setText("")
            return
        self._refresh_due()
        self.today_box.refresh()
        self._refresh_unscored()
        # A count, not sessions.list(): that reads every round and score (31 ms at 1,000 sessions)
        # on the GUI thread at launch and at every return home.
        count = self.ctx.store.sessions.count()
        self.review_info.setText(
            f"{count} past session{'s' if count != 1 else ''}. Open one to see its rounds, "
            "answers, code and scores."
            if count
            else "No sessions yet: your scores will show here."
        )
        unfinished = self.ctx.store.sessions.unfinished()
        if unfinished:
            s = unfinished[0]
            self._continue_id = s["id"]
            done = sum(1 for r in s["rounds"] if r["scores"])
            self.continue_label.setText(
                f"<b>Unfinished loop:</b> {s['title']}, started {s['started_at'][:16].replace('T', ' ')} — "
                f"{done} of {plural(len(s['rounds']), 'round')} scored."
            )
            self.continue_frame.show()
        else:
            self.continue_frame.hide()

    def _refresh_due(self) -> None:
        """Count the questions due for another try off the GUI thread (it may build retry cards),
        once the event loop runs: at launch, after the window has shown."""
        from mockint.review.plan_overview import pause_text  # a break: nothing is due (issue 17)

        if paused := pause_text(self.ctx.settings.paused_until):
            self.due_label.setText(paused)
            self.due_btn.setEnabled(False)
            return
        QTimer.singleShot(
            0,
            self,
            lambda: run_in_background(
                _due_counts,
                self.ctx.open_store.path,
                receiver=self,
                key="due",
                db=True,  # it may build retry cards: store work
                on_done=self._show_due,
                on_error=self._due_failed,
            ),
        )

    def _practise(self) -> None:
        if self.question_picker.question_id():
            self.question_requested.emit(self.round_box.currentData(), self.question_picker.question_id())
        else:
            self.practice_requested.emit(
                self.round_box.currentData(), self.topic_box.currentData(), self.difficulty_box.currentData()
            )

    def _refresh_unscored(self) -> None:
        from mockint.ui.score_later import count_unscored

        QTimer.singleShot(
            0,
            self,
            lambda: run_in_background(
                count_unscored,
                self.ctx.open_store.path,
                receiver=self,
                key="unscored",
                db=True,
                on_done=self._show_unscored,
            ),
        )

    def _show_unscored(self, count: int) -> None:
        from mockint.ui.score_later import waiting_text

        self.unscored_btn.setText(f"Score now: {waiting_text(count)}" if count else "")
        self.unscored_btn.setVisible(count > 0)

    def _due_failed(self, exc: BaseException, _tb: str) -> None:
        self.due_label.setText(f"Retry queue unavailable: {exc}")

    def _show_due(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        if total:
            parts = ", ".join(f"{ROUND_TYPE_NAMES[t]} {counts[t]}" for t in ROUND_TYPES if counts.get(t))
            self.due_label.setText(
                f"<b>{total} question{'s' if total != 1 else ''} due</b> for another try ({parts})."
            )
        else:
            self.due_label.setText("No questions are due for another try today.")
        self.due_btn.setEnabled(total > 0)
