"""The judge's metric mode for end-to-end problems: predict(train, test) scored on hidden labels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockint.bank import load_paths
from mockint.judge import datasets, judge

PROBLEM = '''
id = "ml.e2e.tiny-metric"
round_type = "ml_coding"
kind = "end_to_end"
title = "Tiny"
difficulty = "medium"
topics = ["pandas"]
minutes = 45
prompt = "Predict y from x."
entry_point = "predict"
starter = "def predict(train, test):\\n    pass\\n"
reference = """
from sklearn.linear_model import LogisticRegression


def predict(train, test):
    model = LogisticRegression().fit(train[["x", "z"]], train["y"])
    return model.predict_proba(test[["x", "z"]])[:, 1]
"""

[dataset]
task = "binary"
target = "y"
metric = "roc_auc"
threshold = 0.8
seed = 7
time_limit_s = 20
n_train = 300
n_test = 100
generator = """
import numpy as np
import pandas as pd


def make(seed, n_train, n_test):
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    y = (x + 0.3 * rng.normal(size=n) > 0.5).astype(int)
    frame = pd.DataFrame({"x": x, "z": z})
    train = frame.iloc[:n_train].reset_index(drop=True)
    train["y"] = y[:n_train]
    return train, frame.iloc[n_train:].reset_index(drop=True), y[n_train:]
"""
'''


@pytest.fixture(scope="module")
def question(tmp_path_factory):
    root = tmp_path_factory.mktemp("bank")
    (root / "ml_coding").mkdir()
    (root / "ml_coding" / "tiny.toml").write_text(PROBLEM, encoding="utf-8")
    datasets.use_cache_dir(root / "cache")
    bank = load_paths([root])
    assert bank.issues == []
    yield bank.questions["ml.e2e.tiny-metric"]
    datasets.use_cache_dir(None)


def _judge(question, code: str):
    return judge(question, code)


def test_a_plain_pipeline_is_accepted_with_score_threshold_and_baseline(question):
    v = _judge(question, question.reference)
    assert v.verdict == "Accepted", v.message
    assert v.metric == "roc_auc" and v.threshold == 0.8
    assert v.score is not None and v.score >= 0.8
    assert v.baseline == 0.5
    d = v.to_dict()
    assert {"metric", "score", "threshold", "baseline"} <= set(d)
    assert "ROC AUC" in v.message and "0.8" in v.message


def test_a_constant_predictor_is_a_wrong_answer_naming_score_threshold_and_baseline(question):
    v = _judge(question, "def predict(train, test):\n    return [0.3] * len(test)\n")
    assert v.verdict == "Wrong Answer"
    assert v.score == 0.5
    assert "0.5000" in v.message and ">= 0.8" in v.message and "baseline" in v.message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("return [0.5, 0.2, 0.1]", "returned 3 values for the 100 rows"),
        ("return [float('nan')] + [0.5] * (len(test) - 1)", "1 NaN or infinite values"),
        ("return [[0.5, 0.5]] * len(test)", "looks like predict_proba"),
        ("return (test['x'] > 0.5).astype(int)", "hard 0/1 labels"),
        ("return test['x'] * 10", "between 0 and 1"),
        ("return ['a'] * len(test)", "must return numbers"),
    ],
)
def test_unusable_predictions_are_wrong_answers_that_say_why(question, body, words):
    v = _judge(question, f"def predict(train, test):\n    {body}\n")
    assert v.verdict == "Wrong Answer", v.message
    assert v.score is None
    assert words in v.message


def test_errors_and_missing_entry_point_are_judged_like_any_run(question):
    assert _judge(question, "def predict(train, test):\n    return 1 / 0\n").verdict == "Runtime Error"
    assert _judge(question, "def guess(train, test):\n    pass\n").verdict == "Compilation Error"


def test_the_hidden_labels_are_not_in_the_childs_process_or_folder(question):
    """A predict that hunts for the labels (its folder, the frames, its globals, the
    environment) finds only the two CSV files: it would score perfectly if it found them."""
    hidden = datasets.labels(question)
    code = (
        f"HIDDEN = {hidden!r}\n"
        + """
import gc
import os
import sys


def predict(train, test):
    found = sorted(os.listdir("."))
    assert found == ["test.csv", "train.csv"], found
    assert "y" not in test.columns and list(test.columns) == ["x", "z"]
    assert "y" in train.columns and len(train) == 300
    for name in os.listdir("."):
        with open(name) as fh:
            assert "y" not in fh.readline().strip().split(",") or name == "train.csv"
    text = repr(os.environ) + repr(sys.argv)
    assert "label" not in text.lower(), text
    import numpy as np

    for o in gc.get_objects():  # no list or array in this process holds the hidden labels
        if o is HIDDEN:
            continue
        if isinstance(o, list) and len(o) == len(HIDDEN):
            assert o != HIDDEN
        if isinstance(o, np.ndarray) and o.shape == (len(HIDDEN),):
            assert o.tolist() != HIDDEN
    return [0.5] * len(test)
"""
    )
    v = _judge(question, code)
    assert v.verdict == "Wrong Answer", v.message  # not a Runtime Error: every assertion held
    assert v.score == 0.5


def test_the_dataset_is_generated_once_and_cached_on_disk(question, monkeypatch):
    first = datasets.files(question)
    assert first.train.is_file() and first.test.is_file()
    datasets._memory.clear()

    def fail(*args):
        raise AssertionError("regenerated")

    monkeypatch.setattr(datasets, "_generate", fail)
    again = datasets.files(question)
    assert again.folder == first.folder
    assert len(datasets.labels(question)) == 100


def test_copy_into_writes_only_the_two_csv_files(question, tmp_path):
    copied = datasets.copy_into(question, tmp_path / "round")
    assert sorted(p.name for p in copied) == ["test.csv", "train.csv"]
    assert sorted(p.name for p in (tmp_path / "round").iterdir()) == ["test.csv", "train.csv"]


def test_cli_judge_json_has_the_metric_fields(question, tmp_path):
    problem = Path(question.source_file)
    solution = tmp_path / "s.py"
    solution.write_text("def predict(train, test):\n    return list(test['x'].rank(pct=True))\n")
    out = subprocess.run(
        [sys.executable, "-m", "mockint", "judge", str(problem), str(solution), "--json"],
        capture_output=True,
        text=True,
    )
    d = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert d["verdict"] == "Accepted" and d["metric"] == "roc_auc"
    assert d["threshold"] == 0.8 and d["baseline"] == 0.5 and d["score"] > 0.8


def test_pandas_sklearn_scipy_and_matplotlib_work_in_the_child(question):
    code = """
import matplotlib.pyplot as plt
import scipy.stats
from sklearn.ensemble import RandomForestClassifier


def predict(train, test):
    plt.hist(train["x"])
    plt.savefig("plot.png")
    model = RandomForestClassifier(n_estimators=20, random_state=0).fit(train[["x"]], train["y"])
    p = model.predict_proba(test[["x"]])[:, 1]
    return scipy.stats.rankdata(p) / len(p)
"""
    v = _judge(question, code)
    assert v.verdict == "Accepted", v.message
