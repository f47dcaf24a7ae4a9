"""Empirical complexity: the fit, real timings of bank problems, and growth in judge() and the CLI.

Timings are real (child processes, CPU time), so the assertions compare growth classes and
their order, never seconds.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest
from judge_helpers import run

from mockint.bank import load_bank
from mockint.judge import GROWTH_CLASSES, JudgeError, format_verdict, judge, warm_up
from mockint.judge import complexity as growth
from mockint.judge._growth import predict
from mockint.judge.cases import libraries, question_sources
from mockint.judge.judging import _limits
from mockint.paths import rounds_dir

SIZES = [1000, 2000, 4000, 8000, 16000]

_CURVES = {
    "1": lambda n: 1.0,
    "log n": lambda n: math.log2(n),
    "n": lambda n: n,
    "n log n": lambda n: n * math.log2(n),
    "n^2": lambda n: n**2,
    "n^3": lambda n: n**3,
}


@pytest.mark.parametrize("cls", GROWTH_CLASSES)
def test_fit_names_the_class_of_an_exact_curve(cls):
    seconds = [3e-7 * _CURVES[cls](n) for n in SIZES]
    found, exponent = growth.fit(SIZES, seconds)
    assert found == cls
    assert exponent == pytest.approx({"1": 0, "n": 1, "n^2": 2, "n^3": 3}.get(cls, exponent), abs=1e-9)


def test_fit_tolerates_noise_and_needs_two_sizes():
    noisy = [2e-6 * n * n * (1 + 0.15 * (-1) ** i) for i, n in enumerate(SIZES)]
    assert growth.fit(SIZES, noisy)[0] == "n^2"
    assert growth.fit([1000, 2000], [0.01, 0.04]) == ("n^2", pytest.approx(2.0))
    assert growth.fit([1000], [0.01]) == (None, None)
    assert growth.fit([], []) == (None, None)


def test_prediction_assumes_at_least_linear_growth():
    assert predict([(1000, 0.1), (2000, 0.4)], 4000) == pytest.approx(1.6)
    assert predict([(1000, 0.2), (2000, 0.1)], 4000) == pytest.approx(0.2)  # noise: still linear
    assert predict([(1000, 1e-3), (2000, 1e-1)], 4000) == pytest.approx(0.8)  # capped at cubic


BANK = load_bank([rounds_dir()])
#: Bank problems with a size generator, and the wrong solution that is the slow brute force.
BRUTE_FORCE = {
    "dsa.two-sum": ("all-pairs", "n log n", "n^2"),
    "dsa.windows-summing-to-k": ("every-window", "n log n", "n^2"),
    "dsa.longest-few-kinds": ("every-start", "n log n", "n^2"),
    "dsa.count-in-range": ("scan-per-query", "n log n", "n^2"),
    "dsa.triplets-with-sum": ("all-triples", "n^2", "n^3"),
}


def _measure(question, code):
    libs = libraries(*question_sources(question), code)
    return growth.measure(question, code, libs, _limits(question, None, None))


@pytest.mark.parametrize("qid", sorted(BRUTE_FORCE))
def test_reference_grows_slower_than_the_brute_force(qid):
    """Reference at most n log n (n² for the triplets) and a higher class than the brute force,
    which reaches at least n² (n³); enough sizes are timed for a fit."""
    question = BANK.find(qid)
    name, ref_at_most, brute_at_least = BRUTE_FORCE[qid]
    brute = next(w for w in question.wrong_solutions if w.name == name)
    ref = _measure(question, question.reference)
    slow = _measure(question, brute.code)
    ref_cls, ref_exp = ref.fitted()
    slow_cls, slow_exp = slow.fitted()
    order = GROWTH_CLASSES.index
    summary = f"reference {ref_cls} {ref.seconds}; {name} {slow_cls} {slow.seconds} ({slow.note})"
    assert len(ref.sizes) == len(question.sizes) and ref.note == "", summary
    # three sizes for a fit; the time budget (predicted from wall time) may stop a brute force at
    # two on a busy machine, and says so in its note
    assert len(slow.sizes) >= 3 or (len(slow.sizes) == 2 and "not timed" in slow.note), summary
    assert order(ref_cls) <= order(ref_at_most), summary
    assert order(slow_cls) >= order(brute_at_least), summary
    assert order(slow_cls) > order(ref_cls) and slow_exp > ref_exp + 0.5, summary


def test_every_bank_size_generator_times_its_reference_at_three_sizes_or_more():
    timed = [q for q in BANK.questions.values() if q.size_generator]
    assert {q.id for q in timed} >= set(BRUTE_FORCE)
    for q in timed:
        if q.id not in BRUTE_FORCE:  # those are timed in the test above
            assert len(_measure(q, q.reference).sizes) >= 3, q.id


def test_judge_reports_growth_when_a_brute_force_runs_out_of_time():
    question = BANK.find("dsa.two-sum")
    v = judge(
        question, next(w.code for w in question.wrong_solutions if w.name == "all-pairs"), time_limit_s=1
    )
    assert v.verdict == "Time Limit Exceeded" and v.passed > 0
    c = v.complexity
    assert c is not None and c.candidate in ("n^2", "n^3") and c.reference in ("n", "n log n")
    d = v.to_dict()["complexity"]
    assert set(d) >= {"candidate", "reference", "exponent", "sizes", "seconds"}
    assert d["sizes"] == list(question.sizes[: len(d["sizes"])]) and len(d["seconds"]) == len(d["sizes"])
    assert "not timed" in c.note  # the growth predicted the next size to take too long
    assert f"Growth: ≈ {'n²' if c.candidate == 'n^2' else 'n³'} vs reference ≈ n" in format_verdict(v)


def test_accepted_runs_are_timed_other_verdicts_and_opt_outs_are_not():
    question = BANK.find("dsa.two-sum")
    v = run(question, question.reference)
    assert v.accepted and v.complexity is not None
    assert v.complexity.sizes == list(question.sizes) and v.complexity.note == ""
    assert v.complexity.candidate in ("n", "n log n")
    assert run(question, question.reference, measure_complexity=False).complexity is None
    wrong = next(w.code for w in question.wrong_solutions if w.name == "pairs-with-itself")
    assert run(question, wrong).complexity is None


@pytest.fixture
def sum_problem(make_question):
    """sum(xs) with a size generator over small sizes (quick to time)."""

    def build(**fields):
        table = dict(
            entry_point="f",
            reference="def f(xs):\n    return sum(xs)\n",
            tests=[{"args": [[1, 2, 3]], "sample": True}],
            size_generator="def make(n, rng):\n    return ([rng.randrange(100) for _ in range(n)],)\n",
            sizes=[1000, 2000, 4000, 8000],
        )
        table.update(fields)
        return make_question(**table)

    return build


def test_a_solution_that_fails_only_at_large_sizes_gets_a_note(sum_problem):
    code = "def f(xs):\n    if len(xs) > 2000:\n        raise ValueError('too long')\n    return sum(xs)\n"
    v = run(sum_problem(), code)
    assert v.accepted
    assert v.complexity.sizes == [1000, 2000]
    assert v.complexity.note == "stopped at n = 4000: ValueError: too long"


def test_a_call_that_never_returns_is_cut_off(sum_problem, monkeypatch):
    monkeypatch.setattr(growth, "PROGRESS_S", 0.5)
    code = "def f(xs):\n    while len(xs) > 2000:\n        pass\n    return sum(xs)\n"
    v = run(sum_problem(), code)
    assert v.accepted and v.complexity.sizes == [1000, 2000]
    assert v.complexity.note == "stopped at n = 4000: one call ran over 0.5 s"


def test_a_broken_size_generator_is_a_judge_error(sum_problem):
    with pytest.raises(JudgeError, match="size generator failed at n = 1000: TypeError"):
        judge(
            sum_problem(size_generator="def make(n, rng):\n    return n\n"),
            "def f(xs):\n    return sum(xs)\n",
        )
    with pytest.raises(JudgeError, match="the size generator failed: size generator: ZeroDivisionError"):
        judge(
            sum_problem(size_generator="1 / 0\ndef make(n, rng):\n    return (n,)\n"),
            "def f(xs):\n    return sum(xs)\n",
        )


def test_reference_growth_is_cached_and_warmed_up(sum_problem):
    q = sum_problem(id="test.growth-cache")
    growth.clear_cache()
    libs = libraries(*question_sources(q))
    warm_up(q)
    first = growth.reference_growth(q, libs, _limits(q, None, None))
    assert first.sizes == (1000, 2000, 4000, 8000)
    assert growth.reference_growth(q, libs, _limits(q, None, None)) is first


PROBLEM = """
id = "test.cli-growth"
round_type = "dsa"
title = "Sum"
difficulty = "easy"
topics = ["t"]
minutes = 5
prompt = "Return the sum of xs."
entry_point = "total"
starter = "def total(xs):\\n    pass\\n"
reference = "def total(xs):\\n    return sum(xs)\\n"
size_generator = "def make(n, rng):\\n    return ([rng.randrange(100) for _ in range(n)],)\\n"
sizes = [1000, 2000, 4000, 8000]

[[tests]]
args = [[1, 2, 3]]
sample = true
"""


def test_the_cli_json_includes_complexity(tmp_path):
    problem = tmp_path / "sum.toml"
    problem.write_text(PROBLEM, encoding="utf-8")
    solution = tmp_path / "solution.py"
    solution.write_text(
        textwrap.dedent("""
        def total(xs):
            t = 0
            for x in xs:
                t += x
            return t
    """),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mockint", "judge", str(problem), str(solution), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "Accepted" and (data["points"], data["max_points"]) == (1, 1)
    assert data["complexity"]["sizes"] == [1000, 2000, 4000, 8000]
    assert data["complexity"]["candidate"] in ("n", "n log n")


def test_forged_growth_events_cannot_break_the_fit(sum_problem):
    """The solution can write to its result pipe; odd sizes and times are ignored, not trusted."""
    code = (
        "import os, sys\n\n"
        'os.write(int(sys.argv[1]), b\'{"ev": "size", "n": "x", "seconds": "abc"}\\n\'\n'
        '         b\'{"ev": "stopped", "n": 1000, "seconds": "zz"}\\n\'\n'
        '         b\'{"ev": "size", "n": 0, "seconds": 1.0}\\n\'\n'
        '         b\'{"ev": "size", "n": 1000, "seconds": -1}\\n\')\n\n'
        "def f(xs):\n    return sum(xs)\n"
    )
    v = run(sum_problem(), code)
    assert v.accepted and v.complexity is not None
    assert v.complexity.sizes == [1000, 2000, 4000, 8000]
    assert v.complexity.candidate in GROWTH_CLASSES
