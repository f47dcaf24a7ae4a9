"""The bank fields the judge reads beyond the basics: ``size_generator``, ``sizes`` and ``points``.

Real TOML files in a temporary folder, loaded by the real loader; problems must come back as
``file: field: problem`` lines (docs/bank-format.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockint.bank.loader import load_paths
from mockint.bank.model import DEFAULT_SIZES

HEAD = """
id = "t.fields"
round_type = "dsa"
title = "Fields"
difficulty = "easy"
topics = ["t"]
minutes = 5
prompt = "Return x."
entry_point = "f"
starter = "def f(x):\\n    pass\\n"
reference = "def f(x):\\n    return x\\n"
"""

TESTS = """
[[tests]]
args = [1]
sample = true

[[tests]]
args = [2]
group = "edge"

[[generators]]
group = "large"
code = "def generate(rng):\\n    return (rng.randrange(10),)\\n"
"""

MAKE = 'size_generator = "def make(n, rng):\\n    return (n,)\\n"\n'


def load(tmp_path: Path, fields: str):
    path = tmp_path / "problem.toml"
    path.write_text(HEAD + fields + TESTS, encoding="utf-8")
    bank = load_paths([path])
    return bank, [str(issue).replace(str(path), "problem.toml") for issue in bank.issues]


def test_fields_are_optional(tmp_path):
    bank, issues = load(tmp_path, "")
    q = bank.find("t.fields")
    assert issues == []
    assert (q.size_generator, q.sizes, q.group_points) == ("", (), ())


def test_size_generator_with_sizes_and_points(tmp_path):
    bank, issues = load(tmp_path, MAKE + "sizes = [10, 20, 40]\npoints = { edge = 3, large = 0 }\n")
    assert issues == []
    q = bank.find("t.fields")
    assert q.size_generator.startswith("def make(n, rng)")
    assert q.sizes == (10, 20, 40)
    assert dict(q.group_points) == {"edge": 3, "large": 0}


def test_sizes_default_when_left_out(tmp_path):
    bank, issues = load(tmp_path, MAKE)
    assert issues == [] and bank.find("t.fields").sizes == DEFAULT_SIZES


def test_points_may_name_the_check_group(tmp_path):
    check = 'check = "def check(candidate):\\n    assert candidate(3) == 3\\n"\npoints = { check = 5 }\n'
    bank, issues = load(tmp_path, check)
    assert issues == [] and dict(bank.find("t.fields").group_points) == {"check": 5}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            'size_generator = "def build(n, rng):\\n    return (n,)\\n"\n',
            "problem.toml: size_generator: must define make(n, rng)",
        ),
        (
            'size_generator = "def make(n, rng)\\n    return (n,)\\n"\n',
            "problem.toml: size_generator: Python syntax error on line 1: expected ':'",
        ),
        ("size_generator = 3\n", "problem.toml: size_generator: expected a string, got a whole number"),
        ("sizes = [10, 20, 40]\n", "problem.toml: sizes: given without a size_generator"),
        (MAKE + "sizes = [10, 20]\n", "problem.toml: sizes: expected at least 3 sizes, got 2"),
        (
            MAKE + 'sizes = "10, 20, 40"\n',
            "problem.toml: sizes: expected a list of whole numbers, got a string",
        ),
        (
            MAKE + "sizes = [10, 20, 20]\n",
            "problem.toml: sizes[2]: must be larger than the size before it (20)",
        ),
        (
            MAKE + "sizes = [0, 20, 40]\n",
            "problem.toml: sizes[0]: expected a whole number from 1 to 10^9, got 0",
        ),
        (
            MAKE + "sizes = [10, 2.5, 40]\n",
            "problem.toml: sizes[1]: expected a whole number from 1 to 10^9, got 2.5",
        ),
        (
            MAKE + "sizes = [10, 20, 10000000000]\n",
            "problem.toml: sizes[2]: expected a whole number from 1 to 10^9, got 10000000000",
        ),
        (
            "points = { edgy = 2 }\n",
            "problem.toml: points.edgy: no test, generator or check is in group 'edgy'",
        ),
        ("points = { edge = -1 }\n", "problem.toml: points.edge: must be at least 0, got -1"),
        ("points = { edge = 1.5 }\n", "problem.toml: points.edge: expected a whole number, got a number"),
        (
            'points = { "big tests" = 1 }\n',
            "problem.toml: points.\"big tests\": no test, generator or check is in group 'big tests'",
        ),
        ("points = [1, 2]\n", "problem.toml: points: expected a table, got a list"),
    ],
)
def test_problems_are_reported_as_file_field_problem(tmp_path, fields, problem):
    bank, issues = load(tmp_path, fields)
    assert issues == [problem]
    assert bank.questions == {}


WRONG = """
[[wrong_solutions]]
name = "slow"
why = "right answers, one pass per query"
code = "def f(x):\\n    return x\\n"
"""


def test_a_wrong_solution_may_declare_its_verdict(tmp_path):
    path = tmp_path / "problem.toml"
    path.write_text(
        HEAD + TESTS + WRONG.replace('name = "slow"\n', 'name = "slow"\nverdict = "Time Limit Exceeded"\n')
    )
    bank = load_paths([path])
    assert bank.issues == []
    assert [(w.name, w.verdict) for w in bank.find("t.fields").wrong_solutions] == [
        ("slow", "Time Limit Exceeded")
    ]


def test_an_undeclared_verdict_is_empty(tmp_path):
    path = tmp_path / "problem.toml"
    path.write_text(HEAD + TESTS + WRONG)
    bank = load_paths([path])
    assert bank.issues == [] and bank.find("t.fields").wrong_solutions[0].verdict == ""


def test_an_unknown_verdict_names_its_file_and_field(tmp_path):
    path = tmp_path / "problem.toml"
    path.write_text(HEAD + TESTS + WRONG.replace('name = "slow"\n', 'name = "slow"\nverdict = "Too Slow"\n'))
    bank = load_paths([path])
    issues = [str(issue).replace(str(path), "problem.toml") for issue in bank.issues]
    assert len(issues) == 1 and issues[0].startswith(
        "problem.toml: wrong_solutions[0].verdict: 'Too Slow' is not one of Wrong Answer, Time Limit Exceeded"
    ), issues
    assert "t.fields" not in bank.questions


def test_the_verdicts_a_wrong_solution_may_declare_are_the_judges_rejections():
    from mockint.bank.model import WRONG_VERDICTS
    from mockint.judge import verdict

    rejections = {
        verdict.WRONG_ANSWER,
        verdict.TIME_LIMIT,
        verdict.MEMORY_LIMIT,
        verdict.RUNTIME_ERROR,
        verdict.OUTPUT_LIMIT,
        verdict.COMPILATION_ERROR,
    }
    assert set(WRONG_VERDICTS) == rejections and verdict.ACCEPTED not in WRONG_VERDICTS
