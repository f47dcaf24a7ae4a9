"""Quality gate for the bundled bank: every reference passes its own tests, every wrong solution fails.

Parametrized over whatever coding questions ``rounds/`` holds now; fails if it holds none. Growth
timing is left to test_complexity.py: this gate is about verdicts, and it judges every problem.

Wrong solutions that declare ``verdict`` must get exactly that verdict. Those declared
"Time Limit Exceeded" (right answers, too slow for the largest tests) are marked ``limits``: each
must use its problem's whole CPU limit (2 s or more) before it is stopped, which no faster judge
can shorten, so together they take minutes. `make test` leaves them out and `make test-limits`
runs them; CI (`.ci/run`) runs both.

Every judgement is real and runs in its own child, as in the app. To keep the gate quick the
``verdicts`` fixture judges the selected cases up front, :data:`PARALLEL` problems at a time
(a problem's reference outputs first, so its built inputs are decoded, not rebuilt, by the
reference's own judgement and by its wrong solutions, which are stopped at their first failing
case), with a warm spare child per concurrent run; each test then asserts its own verdict.
Running two at a time is sound: the time limit counts each child's CPU seconds, which a busy
machine does not change (a wall-clock backstop of 2x the limit + 1 s only ends waiting code).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from mockint.bank import load_bank
from mockint.bank.model import CODING_ROUND_TYPES, Question
from mockint.judge import Verdict, format_verdict, judge, warm_up
from mockint.judge.pool import SPARES
from mockint.paths import rounds_dir

pytestmark = pytest.mark.slow  # `make test-fast` skips it; `make test` runs it

#: Problems judged at the same time (each judgement is one child process).
PARALLEL = 2


def _coding_questions() -> list[Question]:
    bank = load_bank([rounds_dir()])
    return sorted(
        (q for q in bank.questions.values() if q.round_type in CODING_ROUND_TYPES), key=lambda q: q.id
    )


QUESTIONS = _coding_questions()
#: The verdict a too-slow wrong solution declares; its test is in the ``limits`` lane.
TOO_SLOW = "Time Limit Exceeded"
WRONG = [
    pytest.param(
        q, w.name, marks=[pytest.mark.limits] if w.verdict == TOO_SLOW else [], id=f"{q.id}::{w.name}"
    )
    for q in QUESTIONS
    for w in q.wrong_solutions
]


def _judge_problem(question: Question, names: list[str | None]) -> dict[str | None, Verdict | BaseException]:
    """Judge the reference (``None``) and the named wrong solutions of one problem, in that order."""
    out: dict[str | None, Verdict | BaseException] = {}
    try:  # the reference's outputs and built inputs, once; every judgement below reuses them
        warm_up(question, growth=False)
    except BaseException as exc:  # the reference's test reports it; wrong solutions re-raise it too
        return {name: exc for name in names}
    for name in sorted(names, key=lambda n: n is not None):
        code = (
            question.reference
            if name is None
            else next(w.code for w in question.wrong_solutions if w.name == name)
        )
        try:
            # A wrong solution only has to fail somewhere: stop at its first failing case
            # (the reference ran first, so the expected outputs are known).
            out[name] = judge(
                question, code, measure_complexity=False, stop_at_first_failure=name is not None
            )
        except BaseException as exc:  # re-raised by the test it belongs to
            out[name] = exc
    return out


@pytest.fixture(scope="module")
def verdicts(request) -> dict[tuple[str, str | None], Verdict | BaseException]:
    """(question id, wrong solution name or None for the reference) -> its verdict, for every
    gate test selected in this session."""
    wanted: dict[str, list[str | None]] = {}
    by_id = {q.id: q for q in QUESTIONS}
    for item in request.session.items:
        if getattr(item, "module", None) is not sys.modules[__name__] or not hasattr(item, "callspec"):
            continue
        params = item.callspec.params
        if "question" in params:
            wanted.setdefault(params["question"].id, []).append(params.get("name"))
    results: dict[tuple[str, str | None], Verdict | BaseException] = {}
    before, SPARES.per_set = SPARES.per_set, PARALLEL
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="bank-gate") as pool:
            futures = {qid: pool.submit(_judge_problem, by_id[qid], names) for qid, names in wanted.items()}
            for qid, future in futures.items():
                for name, verdict in future.result().items():
                    results[(qid, name)] = verdict
    finally:
        SPARES.per_set = before
        SPARES.shutdown()
    return results


def _verdict(verdicts, question: Question, name: str | None) -> Verdict:
    found = verdicts[(question.id, name)]
    if isinstance(found, BaseException):
        raise found
    return found


def test_the_bundled_bank_has_coding_questions():
    assert QUESTIONS, f"no dsa or ml_coding questions load from {rounds_dir()}"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_reference_is_accepted(question: Question, verdicts):
    verdict = _verdict(verdicts, question, None)
    assert verdict.accepted, f"{question.id} reference:\n{format_verdict(verdict)}"


@pytest.mark.parametrize(("question", "name"), WRONG)
def test_wrong_solution_is_rejected(question: Question, name: str, verdicts):
    wrong = next(w for w in question.wrong_solutions if w.name == name)
    verdict = _verdict(verdicts, question, name)
    assert not verdict.accepted, (
        f"{question.id}: wrong solution {name!r} ({wrong.why}) passed every test; "
        "the hidden tests need a case that catches it"
    )
    if wrong.verdict:
        assert verdict.verdict == wrong.verdict, (
            f"{question.id}: wrong solution {name!r} ({wrong.why}) declares {wrong.verdict}, "
            f"got:\n{format_verdict(verdict)}"
        )
