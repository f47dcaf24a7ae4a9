"""The pieces a :class:`mockint.bank.model.Question` carries, by round kind: a coding problem's
tests, generators, wrong solutions and dataset; a design question's phases; a phone screen's parts
and their follow-ups; a stats question's numeric answer. Plain immutable dataclasses with no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockint.bank.vocabulary import LOWER_IS_BETTER


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


#: Verdicts a wrong solution may declare as the one it is written to get (the judge's names,
#: :mod:`mockint.judge.verdict`; the bank sits below the judge, so they are spelled out here).
WRONG_VERDICTS = (
    "Wrong Answer",
    "Time Limit Exceeded",
    "Memory Limit Exceeded",
    "Runtime Error",
    "Output Limit Exceeded",
    "Compilation Error",
)


@dataclass(frozen=True)
class WrongSolution:
    """A plausible but wrong solution that the hidden tests must reject (a bank quality gate).

    ``verdict`` (optional, one of :data:`WRONG_VERDICTS`) is the verdict it is written to get,
    e.g. ``"Time Limit Exceeded"`` for a right-but-too-slow variant; the bank gate then asserts
    that exact verdict, not only "not Accepted". ``""`` when undeclared.
    """

    name: str
    code: str
    why: str = ""
    verdict: str = ""


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
