"""The question bank's data model: plain, immutable dataclasses with no I/O.

Everything here is produced by :mod:`mockint.bank.loader` from TOML files under ``rounds/``
(and user packs); the file format is documented in ``docs/bank-format.md``. The fixed
vocabularies are in :mod:`mockint.bank.vocabulary`, the pieces a question carries by round kind in
:mod:`mockint.bank.question_parts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockint.bank.question_parts import (
    TOLERANCE_KINDS,
    WRONG_VERDICTS,
    Dataset,
    FollowUp,
    Generator,
    NumericAnswer,
    Part,
    Phase,
    TestCase,
    WrongSolution,
)
from mockint.bank.tracks import Track
from mockint.bank.vocabulary import (
    CODING_ROUND_TYPES,
    COMPARATORS,
    DATASET_METRICS,
    DATASET_TASKS,
    DEFAULT_SIZES,
    DESIGN_ROUND_TYPES,
    DIFFICULTIES,
    FAMILIES,
    FOLLOW_UP_ROUND_TYPES,
    HINT_ROUND_TYPES,
    HIRING_MANAGER_FAMILIES,
    LEVELS,
    LOWER_IS_BETTER,
    ML_CODING_KINDS,
    PROJECT_FAMILIES,
    RECOMMENDATIONS,
    ROUND_TYPE_NAMES,
    ROUND_TYPES,
)

#: The vocabularies and question parts stay importable from here, where most of the code imports them.
__all__ = [
    "Bank",
    "BankIssue",
    "CODING_ROUND_TYPES",
    "COMPARATORS",
    "DATASET_METRICS",
    "DATASET_TASKS",
    "DEFAULT_SIZES",
    "DESIGN_ROUND_TYPES",
    "DIFFICULTIES",
    "Dataset",
    "Dimension",
    "FAMILIES",
    "FOLLOW_UP_ROUND_TYPES",
    "FollowUp",
    "Generator",
    "HINT_ROUND_TYPES",
    "HIRING_MANAGER_FAMILIES",
    "LEVELS",
    "LOWER_IS_BETTER",
    "LoopTemplate",
    "ML_CODING_KINDS",
    "NumericAnswer",
    "PROJECT_FAMILIES",
    "Part",
    "Phase",
    "Question",
    "RECOMMENDATIONS",
    "ROUND_TYPES",
    "ROUND_TYPE_NAMES",
    "RoundSpec",
    "Rubric",
    "TOLERANCE_KINDS",
    "TestCase",
    "WRONG_VERDICTS",
    "WrongSolution",
]


@dataclass(frozen=True)
class Question:
    """A bank entry of any round type.

    Common fields are always set. Coding fields (``entry_point`` ... ``wrong_solutions``) are set for
    ``dsa`` and ``ml_coding``; ``phases`` for the design round types; ``parts`` for ``phone_screen``;
    ``key_points`` for discussion questions. ``minutes`` is the suggested time in minutes;
    ``time_limit_s`` is the judge's wall-clock limit per test run in seconds.
    ``size_generator`` (Python source defining ``make(n, rng)``, which returns the argument tuple
    for input size ``n``) and ``sizes`` let the judge time a solution's growth (empty: not
    timed); ``group_points`` gives some test groups a point value, from the TOML ``points`` table
    (every other test is worth 1 point).
    """

    id: str
    round_type: str
    title: str
    difficulty: str
    topics: tuple[str, ...]
    minutes: float
    prompt: str
    source_file: str
    key_points: tuple[str, ...] = ()
    common_mistake: str = ""
    competencies: tuple[str, ...] = ()
    #: behavioral only: ``(level, expected scope)`` pairs in :data:`LEVELS` order (empty: not given);
    #: debrief content, shown after the answer and never in :meth:`public_view`
    levels: tuple[tuple[str, str], ...] = ()
    # coding
    #: ml_coding only: one of :data:`ML_CODING_KINDS` ("" for other round types)
    kind: str = ""
    #: end-to-end problems only: the generated data and how predictions are scored
    dataset: Dataset | None = None
    entry_point: str = ""
    starter: str = ""
    reference: str = ""
    constraints: tuple[str, ...] = ()
    compare: str = "exact"
    rtol: float = 1e-9
    atol: float = 1e-9
    time_limit_s: float = 2.0
    tests: tuple[TestCase, ...] = ()
    generators: tuple[Generator, ...] = ()
    check: str = ""
    wrong_solutions: tuple[WrongSolution, ...] = ()
    size_generator: str = ""
    sizes: tuple[int, ...] = ()
    group_points: tuple[tuple[str, int], ...] = ()
    #: stated requirements the judge checks beside the output (docs/judge.md, "Stated
    #: requirements"): every input is unchanged after the call; ``rng_param`` names the
    #: argument that carries a ``numpy.random.Generator`` (output must not depend on global
    #: random state); ``random_output``: different seeds must give different outputs somewhere
    inputs_unchanged: bool = False
    rng_param: str = ""
    random_output: bool = False
    # system design
    phases: tuple[Phase, ...] = ()
    estimates: tuple[str, ...] = ()
    # phone screen
    parts: tuple[Part, ...] = ()
    # the interviewer's content (never in the candidate's view): coding problems have a ladder of
    # ``hints`` (nudge, approach, key step) and an ``editorial`` (markdown); discussion questions
    # have ``follow_ups`` and a ``model_answer`` (spoken style, about a minute)
    hints: tuple[str, ...] = ()
    editorial: str = ""
    model_answer: str = ""
    follow_ups: tuple[FollowUp, ...] = ()
    # statistics and probability: the number to check (None: a discussion question, key points
    # only) and the worked solution shown once the candidate has checked a number (markdown)
    numeric: NumericAnswer | None = None
    solution: str = ""
    # project deep dive and hiring manager: the question's family (one of :data:`FAMILIES` for its
    # round type); ``asks_for_questions``: the prompt invites the candidate's own questions for the
    # interviewer (the round shows their saved list beside it and the planner asks it last)
    family: str = ""
    asks_for_questions: bool = False

    @property
    def is_coding(self) -> bool:
        return self.round_type in CODING_ROUND_TYPES

    @property
    def sample_tests(self) -> tuple[TestCase, ...]:
        return tuple(t for t in self.tests if t.sample)

    def public_view(self) -> dict[str, Any]:
        """What the candidate may see: never hidden tests, reference or wrong solutions."""
        view: dict[str, Any] = {
            "id": self.id,
            "round_type": self.round_type,
            "title": self.title,
            "difficulty": self.difficulty,
            "topics": list(self.topics),
            "minutes": self.minutes,
            "statement": self.prompt,
        }
        if self.kind:
            view["kind"] = self.kind
        if self.dataset is not None:
            view["dataset"] = {
                "task": self.dataset.task,
                "target": self.dataset.target,
                "metric": self.dataset.metric,
                "threshold": self.dataset.threshold,
                "n_train": self.dataset.n_train,
                "n_test": self.dataset.n_test,
            }
        if self.is_coding:
            view.update(
                entry_point=self.entry_point,
                starter_code=self.starter,
                constraints=list(self.constraints),
                time_limit_s=self.time_limit_s,
                examples=[
                    {
                        "args": list(t.args) if t.args is not None else t.args_py,
                        "expected": t.expected if t.has_expected else None,
                    }
                    for t in self.sample_tests
                ],
            )
        if self.phases:
            view["phases"] = [{"name": p.name, "minutes": p.minutes} for p in self.phases]
        if self.parts:
            view["parts"] = [
                {"kind": p.kind, "title": p.title, "prompt": p.prompt, "minutes": p.minutes}
                for p in self.parts
            ]
        if self.competencies:
            view["competencies"] = list(self.competencies)
        if self.family:
            view["family"] = self.family
        if self.asks_for_questions:
            view["asks_for_questions"] = True
        if self.numeric is not None:  # that a number is asked, and in what unit; never the number
            view["numeric"] = {"unit": self.numeric.unit}
        return view


@dataclass(frozen=True)
class Dimension:
    """A rubric dimension; ``anchors[k]`` describes score ``k + 1`` (scores run 1..4)."""

    id: str
    name: str
    description: str
    anchors: tuple[str, str, str, str]


@dataclass(frozen=True)
class Rubric:
    """The scoring rubric of one round type; ``source`` names the public hiring practice followed."""

    round_type: str
    title: str
    source: str
    dimensions: tuple[Dimension, ...]
    recommendation_anchors: tuple[str, ...] = ()
    source_file: str = ""
    #: ml_coding only: the problem kind this rubric is for ("" = the round type's general rubric)
    kind: str = ""


@dataclass(frozen=True)
class RoundSpec:
    """One round of a loop template.

    ``minutes`` is the round's allowed time; ``questions`` how many bank questions it holds;
    ``topics`` and ``difficulties`` filter the planner (empty = any); ``stop`` is ``"soft"`` (the
    clock goes negative and the round continues) or ``"hard"`` (the round ends at zero);
    ``break_minutes`` is the break after this round.
    """

    round_type: str
    minutes: float
    questions: int = 1
    title: str = ""
    topics: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    stop: str = "soft"
    break_minutes: float = 0.0


@dataclass(frozen=True)
class LoopTemplate:
    """A loop template from ``rounds/loops/``: rounds in order with breaks between them."""

    id: str
    title: str
    description: str
    rounds: tuple[RoundSpec, ...]
    source_file: str = ""
    #: a domain track id (:mod:`mockint.bank.tracks`) whose questions come first; '' = none
    focus: str = ""

    @property
    def total_minutes(self) -> float:
        return sum(r.minutes + r.break_minutes for r in self.rounds)


@dataclass(frozen=True)
class BankIssue:
    """A validation problem, printed as ``file: field: problem``."""

    file: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.problem}"


@dataclass
class Bank:
    """Everything loaded: questions by id, rubrics by round type, loop templates and tracks by id.

    ``issues`` lists every problem found; files with problems are skipped whole and listed in
    ``skipped_files`` so the rest of the bank still loads.
    """

    questions: dict[str, Question] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    loops: dict[str, LoopTemplate] = field(default_factory=dict)
    issues: list[BankIssue] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    #: rubrics for one kind of ML-coding problem (``end_to_end``), by kind
    kind_rubrics: dict[str, Rubric] = field(default_factory=dict)
    #: domain tracks (a topic focus for a loop or practice round), by id
    tracks: dict[str, Track] = field(default_factory=dict)

    def rubric_for(self, round_type: str, questions: Any = ()) -> Rubric | None:
        """The rubric to score a round of ``round_type`` holding ``questions``: the kind's own
        rubric when every ML-coding question in it is of one kind that has one (an end-to-end
        round), else the round type's rubric; ``None`` when neither is loaded."""
        kinds = {getattr(q, "kind", "") for q in questions}
        if round_type == "ml_coding" and len(kinds) == 1 and (kind := kinds.pop()) in self.kind_rubrics:
            return self.kind_rubrics[kind]
        return self.rubrics.get(round_type)

    def by_round(self, round_type: str) -> list[Question]:
        """Questions of one round type, sorted by id."""
        return sorted(
            (q for q in self.questions.values() if q.round_type == round_type),
            key=lambda q: q.id,
        )

    def find(self, question_id: str) -> Question:
        """The question with this id; raises ``KeyError`` naming the id when absent."""
        try:
            return self.questions[question_id]
        except KeyError:
            raise KeyError(f"no question with id {question_id!r}") from None
