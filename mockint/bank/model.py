"""The question bank's data model: plain, immutable dataclasses with no I/O.

Everything here is produced by :mod:`mockint.bank.loader` from TOML files under ``rounds/``
(and user packs); the file format is documented in ``docs/bank-format.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockint.bank.tracks import Track

#: Round types, in the order a full onsite usually runs them.
ROUND_TYPES: tuple[str, ...] = (
    "phone_screen",
    "dsa",
    "ml_coding",
    "ml_theory",
    "stats_probability",
    "system_design",
    "general_system_design",
    "behavioral",
    "project_deep_dive",
    "hiring_manager",
)

#: Human-readable names of the round types.
ROUND_TYPE_NAMES: dict[str, str] = {
    "phone_screen": "Phone screen",
    "dsa": "DSA coding",
    "ml_coding": "ML coding",
    "ml_theory": "ML theory",
    "stats_probability": "Statistics and probability",
    "system_design": "ML system design",
    "general_system_design": "General system design",
    "behavioral": "Behavioral",
    "project_deep_dive": "Project deep dive",
    "hiring_manager": "Hiring manager",
}

#: ``family`` of a project-deep-dive probe: which side of the candidate's own project it digs
#: into (the order an interviewer usually walks a project in).
PROJECT_FAMILIES: tuple[str, ...] = (
    "motivation",
    "data",
    "modelling",
    "evaluation",
    "failures",
    "scale",
    "trade-offs",
    "impact",
)
#: ``family`` of a hiring-manager question; ``your_questions`` prompts invite the candidate's own
#: questions for the interviewer (``asks_for_questions = true``).
HIRING_MANAGER_FAMILIES: tuple[str, ...] = (
    "motivation",
    "scope",
    "team_fit",
    "working_style",
    "career",
    "your_questions",
)
#: The families each round type's questions must name in ``family`` (other types have none).
FAMILIES: dict[str, tuple[str, ...]] = {
    "project_deep_dive": PROJECT_FAMILIES,
    "hiring_manager": HIRING_MANAGER_FAMILIES,
}

#: Round types whose questions are design prompts run phase by phase (``[[phases]]`` with minutes,
#: key points, follow-ups and an outline), on the whiteboard-and-notes view.
DESIGN_ROUND_TYPES: tuple[str, ...] = ("system_design", "general_system_design")

#: Round types whose questions have a hint ladder (a phone screen's coding parts, through their problem).
HINT_ROUND_TYPES: tuple[str, ...] = ("dsa", "ml_coding", "phone_screen")
#: Round types whose questions have written follow-ups.
FOLLOW_UP_ROUND_TYPES: tuple[str, ...] = (
    "ml_theory",
    "behavioral",
    "system_design",
    "general_system_design",
    "phone_screen",
    "project_deep_dive",
    "hiring_manager",
)

#: Round types whose questions are judged coding problems.
CODING_ROUND_TYPES: frozenset[str] = frozenset({"dsa", "ml_coding"})

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

#: Levels a behavioral question's ``[levels]`` table describes, in order: what a strong story's
#: scope is at each (own task; a project across a team; work across teams or the organisation).
LEVELS: tuple[str, ...] = ("junior", "senior", "staff")

#: Comparators a coding problem may name in ``compare`` (see docs/bank-format.md).
COMPARATORS: tuple[str, ...] = ("exact", "unordered", "unordered_deep", "float", "allclose")

#: Input sizes a coding problem's ``size_generator`` is timed at when it gives no ``sizes``.
DEFAULT_SIZES: tuple[int, ...] = (1000, 2000, 4000, 8000, 16000)

#: Kinds of ML-coding problem (``kind`` in the TOML; required for ``ml_coding``): an algorithm
#: from scratch, an end-to-end data task judged by a metric, or a common ML operation.
ML_CODING_KINDS: tuple[str, ...] = ("from_scratch", "end_to_end", "operation")

#: ``[dataset].task`` of an end-to-end problem, and the metrics each may use.
DATASET_TASKS: tuple[str, ...] = ("binary", "multiclass", "regression")
DATASET_METRICS: dict[str, tuple[str, ...]] = {
    "binary": ("roc_auc", "average_precision", "accuracy", "macro_f1"),
    "multiclass": ("macro_f1", "accuracy"),
    "regression": ("rmse", "mae", "r2"),
}
#: Metrics where a lower score is better (Accepted when score <= threshold).
LOWER_IS_BETTER: frozenset[str] = frozenset({"rmse", "mae"})

#: The four overall recommendation bands, weakest first (score 1..4).
RECOMMENDATIONS: tuple[str, ...] = (
    "Strong no hire",
    "Leaning no hire",
    "Leaning hire",
    "Strong hire",
)


@dataclass(frozen=True)
class TestCase:
    """One hidden or sample test of a coding problem.

    Exactly one of ``args`` (JSON-like literal positional arguments) or ``args_py`` (a Python
    expression evaluated in the judge's child process with ``np`` = numpy, giving a tuple of
    positional arguments) is set. ``expected`` is ``None`` when the reference solution computes it
    (``has_expected`` tells the two apart, since ``None`` can be a real expected value).
    """

    group: str
    sample: bool
    args: tuple[Any, ...] | None = None
    args_py: str | None = None
    expected: Any = None
    has_expected: bool = False


@dataclass(frozen=True)
class Generator:
    """Code that makes ``count`` test inputs: ``generate(rng) -> tuple`` of positional args.

    ``rng`` is a :class:`random.Random` seeded with ``seed + i`` for the i-th case; the expected
    output always comes from the reference solution.
    """

    group: str
    code: str
    count: int = 1
    seed: int = 0


@dataclass(frozen=True)
class WrongSolution:
    """A plausible but wrong solution that the hidden tests must reject (a bank quality gate)."""

    name: str
    code: str
    why: str = ""


@dataclass(frozen=True)
class Dataset:
    """The ``[dataset]`` table of an end-to-end ML-coding problem (``kind = "end_to_end"``).

    ``generator`` is Python source defining ``make(seed, n_train, n_test)`` that returns
    ``(train_df, test_df, test_target)``: ``train_df`` holds the ``target`` column, ``test_df``
    does not, ``test_target`` is 1-D with ``n_test`` entries. ``task`` is one of
    :data:`DATASET_TASKS`; ``metric`` one of :data:`DATASET_METRICS` for it; Accepted when the
    score is ``>= threshold`` (``<=`` for the metrics in :data:`LOWER_IS_BETTER`).
    ``time_limit_s`` is the CPU seconds ``predict`` may use (import plus the call).
    """

    task: str
    target: str
    metric: str
    threshold: float
    generator: str
    seed: int = 0
    n_train: int = 4000
    n_test: int = 1000
    time_limit_s: float = 60.0

    @property
    def lower_is_better(self) -> bool:
        return self.metric in LOWER_IS_BETTER

    def meets(self, score: float) -> bool:
        """Does ``score`` reach the threshold?"""
        return score <= self.threshold if self.lower_is_better else score >= self.threshold


@dataclass(frozen=True)
class FollowUp:
    """A question the interviewer asks after an answer; ``key_point`` is the 1-based index of the
    key point it probes (0: it probes none in particular)."""

    text: str
    key_point: int = 0


@dataclass(frozen=True)
class Phase:
    """A phase of a system-design question with its suggested length in minutes.

    ``follow_ups`` are the interviewer's pushes in this phase (scale x10, label delay, a failure in
    production); ``outline`` is a model outline of a strong answer for the phase (markdown).
    """

    name: str
    minutes: float
    key_points: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    outline: str = ""


@dataclass(frozen=True)
class Part:
    """One part of a phone-screen set (intro, a short coding question, theory, your questions)."""

    kind: str
    title: str
    prompt: str
    minutes: float
    key_points: tuple[str, ...] = ()
    #: coding parts: the id of the dsa / ml_coding question the candidate solves in this part
    problem: str = ""
    #: theory parts: what a strong candidate says, and the interviewer's follow-ups
    model_answer: str = ""
    follow_ups: tuple[FollowUp, ...] = ()


#: How a numeric answer's ``tolerance`` is read: plus or minus that much, or that fraction of the answer.
TOLERANCE_KINDS: tuple[str, ...] = ("absolute", "relative")


@dataclass(frozen=True)
class NumericAnswer:
    """The checkable answer of a ``stats_probability`` question.

    ``value`` is the exact answer (a plain number: a probability 1/12 is ``0.08333...``, never
    a percentage); a candidate's number is right when it lies within ``tolerance`` of it:
    ``|x - value| <= tolerance`` for ``kind = "absolute"``, ``<= tolerance * |value|`` for
    ``"relative"``. ``unit`` is shown beside the answer field (e.g. "probability", "rolls").
    """

    value: float
    tolerance: float
    kind: str = "absolute"
    unit: str = ""


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
