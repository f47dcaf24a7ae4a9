"""Quality gate for the bundled bank: every reference passes its own tests, every wrong solution fails.

Parametrized over whatever coding questions ``rounds/`` holds now; fails if it holds none. Growth
timing is left to test_complexity.py: this gate is about verdicts, and it judges every problem.
"""

from __future__ import annotations

import pytest

from mockint.bank import load_bank
from mockint.bank.model import CODING_ROUND_TYPES, Question
from mockint.judge import format_verdict, judge
from mockint.paths import rounds_dir

pytestmark = pytest.mark.slow  # `make test-fast` skips it; `make test` runs it


def _coding_questions() -> list[Question]:
    bank = load_bank([rounds_dir()])
    return sorted(
        (q for q in bank.questions.values() if q.round_type in CODING_ROUND_TYPES), key=lambda q: q.id
    )


QUESTIONS = _coding_questions()
WRONG = [(q, w.name) for q in QUESTIONS for w in q.wrong_solutions]


def test_the_bundled_bank_has_coding_questions():
    assert QUESTIONS, f"no dsa or ml_coding questions load from {rounds_dir()}"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_reference_is_accepted(question: Question):
    verdict = judge(question, question.reference, measure_complexity=False)
    assert verdict.accepted, f"{question.id} reference:\n{format_verdict(verdict)}"


@pytest.mark.parametrize(("question", "name"), WRONG, ids=[f"{q.id}::{name}" for q, name in WRONG])
def test_wrong_solution_is_rejected(question: Question, name: str):
    wrong = next(w for w in question.wrong_solutions if w.name == name)
    verdict = judge(question, wrong.code, measure_complexity=False)
    assert not verdict.accepted, (
        f"{question.id}: wrong solution {name!r} ({wrong.why}) passed every test; "
        "the hidden tests need a case that catches it"
    )
