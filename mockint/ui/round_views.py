"""Makes a round's view from its planned round and :class:`RoundState`, and wires the judge.

Every view made here has ``state`` (the RoundState), ``current_question_id() -> str`` and
``set_interviewer_panel(widget)``. :class:`RoundViewFactory` is what the loop page calls
(``LoopPage._make_view``), so a hook on every new view is one line there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TypeAlias

from PySide6.QtWidgets import QWidget

from mockint.bank import CODING_ROUND_TYPES, DESIGN_ROUND_TYPES, Question
from mockint.interview import PlannedRound
from mockint.interview.round_state import RoundState
from mockint.ui import announcements
from mockint.ui.candidate_panel import CandidateMaterial, ProjectPanel, QuestionsPanel
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.discussion_view import DesignRoundView, DiscussionRoundView
from mockint.ui.numeric_answer import NumericAnswerPanel
from mockint.ui.workers import run_in_background

#: What :meth:`RoundViewFactory.make` builds: each has ``release_state()``; coding and discussion
#: views (a phone screen's coding parts) also ``close_kernel()``.
RoundView: TypeAlias = CodingRoundView | DiscussionRoundView | DesignRoundView


class RoundViewFactory:
    """Builds round views. ``say`` speaks a line; ``kernels`` is the loop's KernelPool (or None);
    ``is_current(view)`` tells whether a view is still on screen; ``submitted(view, state)`` is
    called when a final submission's verdict is in (the page decides whether the round ends)."""

    def __init__(
        self,
        say: Callable[[str], None],
        kernels,
        is_current: Callable[[QWidget], bool],
        submitted: Callable[[QWidget, RoundState], None],
        problems: Mapping[str, Question] | None = None,
        attach_saver: Callable[[RoundState], object] | None = None,
        elapsed: Callable[[], float] | None = None,
        material: CandidateMaterial | None = None,
    ) -> None:
        self.say = say
        self.kernels = kernels
        self.is_current = is_current
        self.submitted = submitted
        #: Bank questions by id, for a phone screen's coding parts (``Part.problem``).
        self.problems = problems or {}
        #: Saves a part's own state (code and runs go to the phone screen's answer).
        self.attach_saver = attach_saver or (lambda state: None)
        #: Seconds into the round now (a stats round's checks are recorded at it); None: the panel's own.
        self.elapsed = elapsed
        #: The candidate's project and questions (deep dive, hiring manager); None: no side panel.
        self.material = material

    def make(self, planned: PlannedRound, state: RoundState, phase_minutes: list[float]) -> RoundView:
        """The view for ``planned``; ``phase_minutes`` are the clock's phase lengths (design)."""
        kind = planned.spec.round_type
        if kind in CODING_ROUND_TYPES:
            return self.coding(planned, state)
        if kind in DESIGN_ROUND_TYPES:
            design = DesignRoundView(state, phase_minutes or [p.minutes for p in state.questions[0].phases])
            design.follow_clock(0)
            self.say(announcements.design_intro(planned.title, state.questions[0]))
            return design
        view = DiscussionRoundView(state)
        if any(getattr(q, "numeric", None) is not None for q in state.questions):  # stats questions
            view.set_answer_panel(NumericAnswerPanel(state, self.elapsed))
        self._side_panel(kind, view, state)
        view.item_shown.connect(lambda i: self.say(view.items[i].spoken))
        self.say(announcements.discussion_intro(planned.title, view.items[0].spoken))
        self._coding_parts(view, state)
        return view

    def _side_panel(self, kind: str, view: DiscussionRoundView, state: RoundState) -> None:
        """A deep dive shows the candidate's project beside every probe; a hiring-manager round
        shows their questions beside the prompts that invite them (``asks_for_questions``)."""
        if self.material is None:
            return
        if kind == "project_deep_dive":
            view.set_side_panel(ProjectPanel(self.material))
        elif kind == "hiring_manager":
            panel = QuestionsPanel(self.material)
            view.set_side_panel(panel)

            def follow(index: int) -> None:
                q = state.questions[view.items[index].answer_index]
                view.show_side_panel(q.asks_for_questions)

            follow(view.index)
            view.item_shown.connect(follow)

    def _coding_parts(self, view: DiscussionRoundView, state: RoundState) -> None:
        """A phone screen's coding parts get the editor, console and judge on their ``problem``;
        the code and runs are saved with the phone screen's answer."""
        seen: dict[int, int] = {}
        for i, item in enumerate(view.items):
            q = state.questions[item.answer_index]
            part_no = seen.get(item.answer_index, 0)
            seen[item.answer_index] = part_no + 1
            part = q.parts[part_no] if q.parts else None
            problem = self.problems.get(getattr(part, "problem", "") or "") if part is not None else None
            if part is None or part.kind != "coding" or problem is None:
                continue
            part_state = RoundState([problem], [state.answer_id(q.id)])
            self.attach_saver(part_state)
            coding = CodingRoundView(part_state)
            coding.run_tests_requested.connect(
                lambda qid, code, c=coding, s=part_state: self.judge(c, s, qid, code)
            )
            coding.submit_requested.connect(
                lambda qid, code, c=coding, s=part_state: self.judge(
                    c, s, qid, code, final=True, ends_round=False
                )
            )
            run_in_background(_warm_up, problem, receiver=coding, on_done=partial(_refresh_statement, coding))
            coding.start_console(None)
            view.set_part_view(i, coding)

    def coding(self, planned: PlannedRound, state: RoundState) -> CodingRoundView:
        from mockint.judge import warm_up

        view = CodingRoundView(state)
        view.run_tests_requested.connect(lambda qid, code: self.judge(view, state, qid, code))
        view.submit_requested.connect(lambda qid, code: self.judge(view, state, qid, code, final=True))
        # Reference outputs and a spare judge process are ready before the first "Run tests".
        for q in state.questions:
            run_in_background(  # the examples' outputs
                warm_up, q, receiver=view, on_done=lambda _r: view.refresh_statement()
            )
        self.say(announcements.coding_intro(planned.title, state.questions[state.current]))
        view.start_console(self.kernels.take() if self.kernels is not None else None)
        return view

    def judge(
        self,
        view: CodingRoundView,
        state: RoundState,
        qid: str,
        code: str,
        final: bool = False,
        ends_round: bool = True,
    ) -> None:
        """Judge ``code`` for question ``qid`` off the GUI thread; the run goes into ``state``
        (the saver stores it even after the round closed; the view shows it)."""
        from mockint.judge import judge

        def done(verdict) -> None:
            state.add_verdict(qid, {**verdict.to_dict(), "final": final, "code": code})
            if final:
                state.mark_done(qid)
                if ends_round and self.is_current(view):
                    self.submitted(view, state)

        def failed(exc: BaseException, tb: str) -> None:
            if self.is_current(view):
                view.show_judge_error(str(exc))

        run_in_background(judge, state.question(qid), code, on_done=done, on_error=failed)


def _refresh_statement(view: CodingRoundView, _result: object) -> None:
    view.refresh_statement()


def _warm_up(question: Question):
    from mockint.judge import warm_up

    return warm_up(question)
