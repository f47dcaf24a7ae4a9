"""Issue 15's "Done when" for every bundled end-to-end problem: a constant predictor (built here
from the problem's task, whatever its own wrong solutions are) is rejected and the problem's
plain scikit-learn reference is Accepted, both through the real judge."""

from __future__ import annotations

import pandas as pd
import pytest

from mockint.bank import load_bank
from mockint.judge import datasets, format_verdict, judge, shutdown
from mockint.paths import rounds_dir

# Like the bank gate, this judges every bundled problem of its kind (about 50 s on 2 cores):
# `make test` runs it, `make test-fast` skips it.
pytestmark = pytest.mark.slow

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


def test_the_bank_has_the_loan_default_problem():
    assert "ml.e2e.loan-default" in {q.id for q in E2E}


def test_loan_default_data_holds_the_traps_its_statement_and_editorial_describe():
    """What the candidate's CSV files hold: the leak, the train-only sensitive column and its
    proxy, blank and heavy-tailed income (the editorial's argument rests on each)."""
    question = next(q for q in E2E if q.id == "ml.e2e.loan-default")
    found = datasets.files(question)
    train, test = pd.read_csv(found.train), pd.read_csv(found.test)
    assert "sex" in train.columns and "sex" not in test.columns
    assert "defaulted" not in test.columns and "title" in test.columns
    # recoveries: written after a default, so nearly the label in train and 0 in every test row
    recovered = train["recoveries"] > 0
    assert recovered[train["defaulted"] == 1].mean() > 0.9
    assert recovered[train["defaulted"] == 0].mean() < 0.05
    assert (test["recoveries"] == 0).all()
    # title gives sex away: Mr only for men, Mrs, Ms and Miss only for women
    by_title = train.groupby("title")["sex"].agg(set)
    assert by_title["Mr"] == {"M"}
    assert all(by_title[t] == {"F"} for t in ("Mrs", "Ms", "Miss"))
    assert train["title"].isin(["Mr", "Mrs", "Ms", "Miss"]).mean() >= 0.85
    for frame in (train, test):
        income = frame["annual_income"]
        assert 0.03 < income.isna().mean() < 0.15
        assert frame.loc[income.isna(), "debt_to_income"].isna().all()
        assert income.max() > 20 * income.median()


@pytest.mark.parametrize("question", E2E, ids=[q.id for q in E2E])
def test_constant_is_rejected_and_the_reference_accepted(question):
    constant = judge(question, _constant(question))
    assert constant.verdict == "Wrong Answer", format_verdict(constant)
    assert constant.score == pytest.approx(constant.baseline)
    reference = judge(question, question.reference)
    assert reference.accepted, format_verdict(reference)
    assert question.dataset.meets(reference.score)
    assert any(w.code for w in question.wrong_solutions)
