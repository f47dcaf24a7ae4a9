"""Issue 15's "Done when" for every bundled end-to-end problem: a constant predictor (built here
from the problem's task, whatever its own wrong solutions are) is rejected and the problem's
plain scikit-learn reference is Accepted, both through the real judge."""

from __future__ import annotations

import pytest

from mockint.bank import load_bank
from mockint.judge import format_verdict, judge, shutdown
from mockint.paths import rounds_dir

E2E = [q for q in load_bank([rounds_dir()]).by_round("ml_coding") if q.kind == "end_to_end"]


def _constant(question) -> str:
    ds = question.dataset
    if ds.task == "regression":
        value = f"float(train[{ds.target!r}].mean())"
    elif ds.task == "binary" and ds.metric in ("roc_auc", "average_precision"):
        value = f"float(train[{ds.target!r}].mean())"
    else:
        value = f"train[{ds.target!r}].mode()[0]"
    return f"def predict(train, test):\n    return [{value}] * len(test)\n"


@pytest.fixture(scope="module", autouse=True)
def _stop_spares():
    yield
    shutdown()


def test_the_bank_has_the_four_end_to_end_problems_of_this_lane():
    ids = {q.id for q in E2E}
    assert {"ml.e2e.app-deletion", "ml.e2e.card-fraud", "ml.e2e.house-prices", "ml.e2e.digits"} <= ids


def test_the_bank_has_the_time_split_forecast_and_pair_problems():
    ids = {q.id for q in E2E}
    assert {"ml.e2e.churn-time-split", "ml.e2e.demand-forecast", "ml.e2e.duplicate-questions"} <= ids


@pytest.mark.parametrize("question", E2E, ids=[q.id for q in E2E])
def test_constant_is_rejected_and_the_reference_accepted(question):
    constant = judge(question, _constant(question))
    assert constant.verdict == "Wrong Answer", format_verdict(constant)
    assert constant.score == pytest.approx(constant.baseline)
    reference = judge(question, question.reference)
    assert reference.accepted, format_verdict(reference)
    assert question.dataset.meets(reference.score)
    assert any(w.code for w in question.wrong_solutions)
