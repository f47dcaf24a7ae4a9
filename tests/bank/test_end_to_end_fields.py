"""The ``kind`` field of ML-coding problems and the ``[dataset]`` table of end-to-end ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mockint.bank import load_bank, load_paths
from mockint.paths import rounds_dir

E2E = '''
id = "ml.e2e.tiny"
round_type = "ml_coding"
kind = "end_to_end"
title = "Tiny"
difficulty = "medium"
topics = ["pandas"]
minutes = 45
prompt = "Predict y."
entry_point = "predict"
starter = "def predict(train, test):\\n    pass\\n"
reference = "def predict(train, test):\\n    return [0.5] * len(test)\\n"
hints = ["a", "b", "c"]
editorial = "e"

[dataset]
task = "binary"
target = "y"
metric = "roc_auc"
threshold = 0.7
seed = 3
time_limit_s = 30
n_train = 100
n_test = 50
generator = """
def make(seed, n_train, n_test):
    pass
"""

[[wrong_solutions]]
name = "constant"
why = "no signal"
code = "def predict(train, test):\\n    return [0.0] * len(test)\\n"
'''

SCRATCH = """
id = "ml.tiny"
round_type = "ml_coding"
kind = "from_scratch"
title = "Tiny"
difficulty = "easy"
topics = ["numpy"]
minutes = 10
prompt = "Double it."
entry_point = "g"
starter = "def g(a):\\n    pass\\n"
reference = "def g(a):\\n    return 2 * a\\n"
[[tests]]
args = [1]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "ml_coding" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_end_to_end_problem_loads_with_its_dataset(tmp_path: Path) -> None:
    _write(tmp_path, "e.toml", E2E)
    bank = load_paths([tmp_path])
    assert bank.issues == []
    q = bank.questions["ml.e2e.tiny"]
    assert q.kind == "end_to_end"
    assert q.dataset is not None
    assert (q.dataset.task, q.dataset.target, q.dataset.metric) == ("binary", "y", "roc_auc")
    assert (q.dataset.threshold, q.dataset.seed, q.dataset.n_train, q.dataset.n_test) == (0.7, 3, 100, 50)
    assert q.time_limit_s == 30.0
    assert q.tests == () and [w.name for w in q.wrong_solutions] == ["constant"]
    assert q.public_view()["dataset"]["metric"] == "roc_auc"
    assert "generator" not in q.public_view()["dataset"]


def test_kind_is_required_for_ml_coding_and_named_in_the_error(tmp_path: Path) -> None:
    missing = _write(tmp_path, "a.toml", SCRATCH.replace('kind = "from_scratch"\n', ""))
    wrong = _write(
        tmp_path, "b.toml", SCRATCH.replace("ml.tiny", "ml.tiny2").replace("from_scratch", "scratch")
    )
    bank = load_paths([tmp_path])
    lines = sorted(str(i) for i in bank.issues)
    assert f"{missing}: kind: missing" in lines
    assert any(
        line.startswith(f"{wrong}: kind: 'scratch' is not one of from_scratch, end_to_end") for line in lines
    )
    assert bank.questions == {}


def test_dataset_errors_name_the_field(tmp_path: Path) -> None:
    no_table = _write(tmp_path, "a.toml", E2E.split("[dataset]")[0])
    bad_metric = _write(
        tmp_path, "b.toml", E2E.replace("ml.e2e.tiny", "ml.e2e.b").replace('"roc_auc"', '"rmse"')
    )
    no_make = _write(
        tmp_path, "c.toml", E2E.replace("ml.e2e.tiny", "ml.e2e.c").replace("def make", "def build")
    )
    tests_given = _write(
        tmp_path, "d.toml", E2E.replace("ml.e2e.tiny", "ml.e2e.d") + "\n[[tests]]\nargs = [1]\n"
    )
    lines = sorted(str(i) for i in load_paths([tmp_path]).issues)
    assert any(line.startswith(f"{no_table}: dataset: missing") for line in lines)
    assert any(
        line.startswith(f"{bad_metric}: dataset.metric: 'rmse' is not one of roc_auc") for line in lines
    )
    assert any(line.startswith(f"{no_make}: dataset.generator: must define make") for line in lines)
    assert any(line.startswith(f"{tests_given}: tests: unknown field") for line in lines)


def test_every_bundled_ml_coding_problem_has_a_kind() -> None:
    bank = load_bank([rounds_dir()])
    kinds = {q.id: q.kind for q in bank.by_round("ml_coding")}
    assert kinds and all(k in ("from_scratch", "end_to_end", "operation") for k in kinds.values())
    assert kinds["ml.kmeans-lloyd"] == "from_scratch"
    assert kinds["ml.conv2d-forward"] == "operation"
    assert all(q.kind == "" for q in bank.by_round("dsa"))


def test_bank_list_json_gives_ml_coding_rows_a_kind(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mockint", "bank", "list", "--json", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    ml = [r for r in rows if r["round_type"] == "ml_coding"]
    assert ml and all(r["kind"] in ("from_scratch", "end_to_end", "operation") for r in ml)
    assert all("kind" not in r for r in rows if r["round_type"] == "dsa")


def test_end_to_end_rounds_are_scored_with_their_own_rubric() -> None:
    bank = load_bank([rounds_dir()])
    assert bank.issues == []
    e2e = [q for q in bank.by_round("ml_coding") if q.kind == "end_to_end"]
    scratch = [q for q in bank.by_round("ml_coding") if q.kind == "from_scratch"]
    rubric = bank.rubric_for("ml_coding", e2e[:1])
    assert rubric is not None and rubric.kind == "end_to_end"
    assert [d.id for d in rubric.dimensions] == [
        "data_understanding",
        "metric_choice",
        "validation",
        "modelling",
        "communication",
    ]
    assert bank.rubric_for("ml_coding", scratch[:1]) is bank.rubrics["ml_coding"]
    assert bank.rubric_for("ml_coding", [e2e[0], scratch[0]]) is bank.rubrics["ml_coding"]
    assert bank.rubrics["ml_coding"].kind == ""
