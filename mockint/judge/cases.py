"""Turn a coding :class:`~mockint.bank.model.Question` into the flat list of cases a child runs.

Order: the ``tests`` in bank order, then each generator's ``count`` cases (seeds ``seed + i``),
then the ``check`` function as one case of group ``check``. A case's expected output comes from
the TOML ``expected`` when given, else from the reference solution; the check carries its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from mockint.bank.model import Question
from mockint.judge.errors import JudgeError
from mockint.judge.runner import Limits

CHECK_GROUP = "check"

_NUMPY = re.compile(r"\b(numpy|np)\b")
_TORCH = re.compile(r"\btorch\b")


@dataclass(frozen=True)
class Case:
    """One case: what the child is sent (``payload``) and where its expected output comes from.

    ``source`` is ``"toml"`` (``expected`` holds it), ``"reference"`` (the reference's output) or
    ``"check"`` (the check function decides).
    """

    index: int
    group: str
    sample: bool
    payload: dict[str, Any]
    source: str
    expected: Any = None

    def label(self, cases: list[Case]) -> str:
        """A label for messages, such as ``sample test 2`` or ``test 7 of 12``."""
        if self.sample:
            return f"sample test {1 + sum(1 for c in cases[: self.index] if c.sample)}"
        return f"test {self.index + 1} of {len(cases)}"


@dataclass(frozen=True)
class Libraries:
    """Which heavy libraries the child imports (and seeds) before the clock starts."""

    numpy: bool = False
    torch: bool = False


def build_cases(question: Question) -> list[Case]:
    """Every case of a coding question, in order; raises :class:`JudgeError` if it has none."""
    cases: list[Case] = []
    for t in question.tests:
        payload = {"args": list(t.args)} if t.args is not None else {"args_py": t.args_py}
        cases.append(
            Case(
                len(cases), t.group, t.sample, payload, "toml" if t.has_expected else "reference", t.expected
            )
        )
    for k, g in enumerate(question.generators):
        for i in range(g.count):
            cases.append(Case(len(cases), g.group, False, {"gen": k, "seed": g.seed + i}, "reference"))
    if question.check:
        cases.append(Case(len(cases), CHECK_GROUP, False, {"check": True}, "check"))
    if not cases:
        raise JudgeError(f"{question.id}: the question has no tests, generators or check")
    return cases


def libraries(*sources: str) -> Libraries:
    """NumPy and/or torch when any source mentions them (a plain DSA run imports neither)."""
    text = "\n".join(sources)
    torch = bool(_TORCH.search(text))
    return Libraries(numpy=torch or bool(_NUMPY.search(text)), torch=torch)


def question_sources(question: Question) -> list[str]:
    """Every piece of the question's code a child may run (reference, inputs, generators, check)."""
    return [
        question.reference,
        question.check,
        question.size_generator,
        *(g.code for g in question.generators),
        *(t.args_py or "" for t in question.tests),
    ]


def make_job(
    question: Question,
    code: str,
    cases: list[Case],
    libs: Libraries,
    limits: Limits,
    *,
    only: list[int] | None = None,
    inputs: dict[int, Any] | None = None,
) -> dict[str, Any]:
    """The JSON job for one child: code, entry point and inputs, never an expected output.

    ``only`` restricts the run to those case indices (the reference needs only the cases without
    a TOML ``expected``); the child then numbers cases by their position in ``only``. ``inputs``
    (case index -> plain-data arguments, from :func:`mockint.judge.reference.cached_inputs`)
    replaces those cases' generators, so heavy inputs are built once per problem.
    Raises :class:`JudgeError` when a test's ``args`` cannot be sent as JSON.
    """
    chosen = [cases[i] for i in only] if only is not None else cases
    job = {
        "code": code,
        "entry_point": question.entry_point,
        "cases": [
            {"plain_json": inputs[c.index]} if inputs and c.index in inputs else c.payload for c in chosen
        ],
        "generators": [g.code for g in question.generators],
        "check": question.check,
        "show_args": [n for n, c in enumerate(chosen) if c.sample],
        "numpy": libs.numpy,
        "torch": libs.torch,
        **limits.job_fields(),
    }
    try:  # the literal args (cached inputs came from JSON, and are the bulk of a big job)
        json.dumps([c.payload for c in chosen], allow_nan=True)
    except (TypeError, ValueError) as exc:
        raise JudgeError(f"{question.id}: a test's args cannot be sent to the judge: {exc}") from None
    return job


def reference_key(question: Question, cases: list[Case], libs: Libraries) -> str:
    """Cache key of the reference's outputs: the question id and a hash of all that shapes them."""
    needed = [c.payload for c in cases if c.source == "reference"]
    blob = json.dumps(
        [
            question.entry_point,
            question.reference,
            needed,
            [g.code for g in question.generators],
            libs.numpy,
            libs.torch,
        ],
        sort_keys=True,
        default=repr,
    )
    return f"{question.id}:{hashlib.sha256(blob.encode()).hexdigest()[:32]}"
