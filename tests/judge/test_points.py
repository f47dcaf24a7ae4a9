"""Partial credit and per-group results: ``points`` / ``max_points`` and each group's first failure."""

from __future__ import annotations

import pytest
from judge_helpers import LINEAR_PROBLEM, REFERENCE, SHORT, run

from mockint.judge import format_verdict

#: Right everywhere except x == 2 (a sample) and the 10**6 edge case.
WRONG_ON_TWO = "def f(x):\n    return 0 if x in (2, 10**6) else x * 1000003 + 17\n"


@pytest.fixture
def pointed(make_question):
    """The linear problem of the ``question`` fixture, with ``points = {edge = 4, random = 6}``."""
    return make_question(**LINEAR_PROBLEM, points={"edge": 4, "random": 6})


def test_every_test_is_one_point_by_default(question):
    v = run(question, WRONG_ON_TWO)
    assert v.verdict == "Wrong Answer"
    assert (v.passed, v.total, v.points, v.max_points) == (5, 7, 5, 7)
    d = v.to_dict()
    assert (d["points"], d["max_points"]) == (5, 7)
    assert d["groups"] == [
        {"name": "sample", "passed": 1, "total": 2, "points": 1, "max_points": 2, "failure": "wrong value"},
        {"name": "edge", "passed": 1, "total": 2, "points": 1, "max_points": 2, "failure": "wrong value"},
        {"name": "random", "passed": 3, "total": 3, "points": 3, "max_points": 3, "failure": None},
    ]
    assert "points" not in format_verdict(v).splitlines()[0]  # same as the test count: not repeated


def test_a_group_with_points_scores_them_only_when_all_its_tests_pass(pointed):
    v = run(pointed, WRONG_ON_TWO)
    assert (v.passed, v.total, v.points, v.max_points) == (5, 7, 1 + 0 + 6, 2 + 4 + 6)
    assert [(g.name, g.points, g.max_points) for g in v.groups] == [
        ("sample", 1, 2),
        ("edge", 0, 4),
        ("random", 6, 6),
    ]
    assert format_verdict(v).startswith("Wrong Answer — 5/7 tests passed (7/12 points) in ")
    v = run(pointed, REFERENCE)
    assert v.accepted and (v.points, v.max_points) == (12, 12)


def test_a_time_limit_keeps_the_points_of_the_tests_that_finished(question):
    code = "def f(x):\n    while x > 10**8:\n        pass\n    return x * 1000003 + 17\n"
    v = run(question, code, time_limit_s=SHORT)
    assert v.verdict == "Time Limit Exceeded"
    assert v.points == v.passed >= 4 and v.max_points == 7
    assert v.groups[-1].failure == "not run"


def test_a_compilation_error_scores_nothing(pointed):
    v = run(pointed, "def f(x):\n    return x +\n")
    assert (v.verdict, v.points, v.max_points) == ("Compilation Error", 0, 12)
    assert all(g.failure == "not run" for g in v.groups)


def test_a_hidden_groups_failure_names_no_expected_value(question):
    v = run(question, "def f(x):\n    return [x]\n")
    edge = v.groups[1]
    assert edge.name == "edge" and edge.failure is not None
    assert "73519" not in edge.failure and "7351922057" not in edge.failure


def test_samples_show_input_expected_actual_and_why(question):
    v = run(question, WRONG_ON_TWO)
    assert [s.to_dict() for s in v.samples] == [
        {
            "group": "sample",
            "sample": True,
            "passed": True,
            "args": "1",
            "expected": "1000020",
            "actual": "1000020",
            "error": None,
        },
        {
            "group": "sample",
            "sample": True,
            "passed": False,
            "args": "2",
            "expected": "2000023",
            "actual": "0",
            "error": "wrong value",
        },
    ]
    assert v.first_failed_sample == v.samples[1]


def test_the_check_form_is_one_test_worth_its_group_points(make_question):
    q = make_question(
        entry_point="add",
        reference="def add(a, b):\n    return a + b\n",
        check="def check(candidate):\n    assert candidate(1, 2) == 3\n",
        tests=[{"args": [2, 2], "sample": True}],
        points={"check": 9},
    )
    v = run(q, "def add(a, b):\n    return a + b\n")
    assert (v.points, v.max_points) == (10, 10)
    v = run(q, "def add(a, b):\n    return 4\n")
    assert (v.passed, v.points, v.max_points) == (1, 1, 10)
    assert (
        v.groups[1].failure == "an assertion in the hidden check failed (the last call: add(1, 2) returned 4)"
    )
