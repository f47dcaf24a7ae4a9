"""Verdicts from real child processes: every verdict, comparators, the check form, broken questions.

Hostile solutions (loops, hogs, floods, exits, forks, peeking) are in test_hostile.py."""

from __future__ import annotations

import pytest
from judge_helpers import REFERENCE, SHORT, run

from mockint.judge import JudgeError, format_verdict, judge


def test_accepted(question):
    v = run(question, REFERENCE)
    assert v.accepted and v.verdict == "Accepted"
    assert (v.passed, v.total) == (7, 7)
    assert [(g.name, g.passed, g.total) for g in v.groups] == [
        ("sample", 2, 2),
        ("edge", 2, 2),
        ("random", 3, 3),
    ]
    assert v.groups[1]["name"] == "edge"
    assert [s.args for s in v.samples] == ["1", "2"]
    assert [s.actual for s in v.samples] == ["1000020", "2000023"]
    assert all(s.passed and s.error is None for s in v.samples)
    assert v.first_failed_sample is None
    assert 0 <= v.runtime_s < 1 and v.peak_memory_mb > 1
    assert format_verdict(v).startswith("Accepted — 7/7 tests passed in ")
    d = v.to_dict()
    for key in (
        "verdict",
        "passed",
        "total",
        "groups",
        "runtime_s",
        "peak_memory_mb",
        "message",
        "samples",
        "first_failed_sample",
    ):
        assert key in d


def test_wrong_answer_on_a_sample_shows_actual_and_expected(question):
    v = run(question, "def f(x):\n    return (x * 1000003 + 17) if x > 1 else -1\n")
    assert v.verdict == "Wrong Answer" and v.passed == 6
    s = v.first_failed_sample
    assert s is not None and not s.passed
    assert (s.args, s.expected, s.actual) == ("1", "1000020", "-1")
    assert s.error == "wrong value"
    assert "sample test 1" in v.message
    text = format_verdict(v)
    assert "Expected output: 1000020" in text and "Your output:     -1" in text


def test_wrong_answer_on_a_hidden_test_names_its_group(question):
    v = run(question, "def f(x):\n    return 0 if x == 73519 else x * 1000003 + 17\n")
    assert v.verdict == "Wrong Answer"
    assert v.first_failed_sample is None
    assert "hidden test in group 'edge'" in v.message
    assert "73519" not in v.message  # hidden inputs stay hidden


def test_runtime_error_shows_the_candidates_frames_only(question):
    code = "def helper(x):\n    return x // (x - x)\n\ndef f(x):\n    return helper(x)\n"
    v = run(question, code)
    assert v.verdict == "Runtime Error"
    assert v.message.startswith("ZeroDivisionError on sample test 1")
    assert 'File "solution.py", line 5, in f' in v.message
    assert 'File "solution.py", line 2, in helper' in v.message
    assert "return x // (x - x)" in v.message
    assert "ZeroDivisionError: integer division or modulo by zero" in v.message
    assert "_child" not in v.message and "mockint" not in v.message
    assert v.first_failed_sample.error.startswith("ZeroDivisionError")


@pytest.mark.parametrize(
    ("code", "expect"),
    [
        ("def f(x):\n    return x +\n", "SyntaxError"),
        ("def g(x):\n    return x\n", "f is not defined in your code"),
        ("f = 3\n", "f is not callable"),
        ("import no_such_module_here\n\ndef f(x):\n    return x\n", "ModuleNotFoundError"),
        ("raise ValueError('at import')\n", "ValueError: at import"),
    ],
)
def test_compilation_errors(question, code, expect):
    v = run(question, code)
    assert v.verdict == "Compilation Error"
    assert expect in v.message
    assert v.passed == 0 and v.total == 7


def test_time_limit_outranks_an_earlier_wrong_answer(question):
    code = "def f(x):\n    if x == 2:\n        while True:\n            pass\n    return 0\n"
    v = run(question, code, time_limit_s=SHORT)
    assert v.verdict == "Time Limit Exceeded"
    assert v.samples[0].error == "wrong value" and v.samples[1].error == "not run"


def test_deep_legitimate_recursion_works(make_question):
    q = make_question(
        entry_point="depth",
        reference="def depth(n):\n    return n\n",
        tests=[{"args": [100_000], "expected": 100_000, "sample": True}],
    )
    code = (
        "import functools\n\n@functools.lru_cache(maxsize=None)\n"
        "def depth(n):\n    return 0 if n == 0 else depth(n - 1) + 1\n"
    )
    v = run(q, code, time_limit_s=5)
    assert v.accepted, v.message


def test_check_function_form(make_question):
    q = make_question(
        entry_point="add",
        starter="def add(a, b):\n    pass\n",
        reference="def add(a, b):\n    return a + b\n",
        check="def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-4, 1) == -3, 'negatives'\n",
    )
    v = run(q, "def add(a, b):\n    return a + b\n")
    assert v.accepted and (v.passed, v.total) == (1, 1)
    assert [(g.name, g.total) for g in v.groups] == [("check", 1)]
    v = run(q, "def add(a, b):\n    return abs(a) + b\n")
    assert v.verdict == "Wrong Answer" and "AssertionError: negatives" in v.message
    assert "(the last call: add(-4, 1) returned 5)" in v.message  # which call failed, with what
    assert "add(-4, 1)" in v.groups[0].failure
    v = run(q, "def add(a, b):\n    return a / 0\n")
    assert v.verdict == "Runtime Error" and 'File "solution.py", line 2, in add' in v.message


def test_unordered_comparator_and_leetcode_style_class(make_question):
    q = make_question(
        entry_point="pairs",
        compare="unordered",
        reference="def pairs(n):\n    return [[i, n - i] for i in range(n + 1)]\n",
        tests=[{"args": [3], "sample": True}],
    )
    assert run(q, "def pairs(n):\n    return [(n - i, i)[::-1] for i in reversed(range(n + 1))]\n").accepted
    code = "class Solution:\n    def pairs(self, n):\n        return [[i, n - i] for i in range(n + 1)]\n"
    assert run(q, code).accepted


def test_numpy_and_torch_outputs_under_allclose(make_question):
    q = make_question(
        round_type="ml_coding",
        entry_point="softmax",
        compare="allclose",
        rtol=1e-6,
        atol=1e-9,
        reference=(
            "import numpy as np\n\ndef softmax(x):\n    z = np.exp(x - x.max(-1, keepdims=True))\n"
            "    return z / z.sum(-1, keepdims=True)\n"
        ),
        tests=[
            {"args_py": "(np.array([[1.0, 2.0, 3.0]]),)", "sample": True},
            {"args_py": "(np.array([[3000.0, 3001.0]]),)", "group": "stability"},
        ],
    )
    torch_code = "import torch\n\ndef softmax(x):\n    return torch.softmax(torch.as_tensor(x), -1)\n"
    assert run(q, torch_code, time_limit_s=5).accepted
    naive = "import numpy as np\n\ndef softmax(x):\n    return np.exp(x) / np.exp(x).sum(-1, keepdims=True)\n"
    v = run(q, naive)
    assert v.verdict == "Wrong Answer" and "NaN positions differ" in v.message
    v = run(q, "import numpy as np\n\ndef softmax(x):\n    return np.zeros(x.shape, dtype=int)\n")
    assert "dtype mismatch" in v.first_failed_sample.error


def test_time_limit_override_and_validation(question):
    v = run(
        question,
        "import time\n\ndef f(x):\n    t = time.process_time()\n"
        "    while time.process_time() - t < 0.1:\n        pass\n    return x * 1000003 + 17\n",
        time_limit_s=0.3,
    )
    # 0.1 s of CPU per test exceeds the 0.3 s override; on a busy machine the wall-clock backstop
    # (2x the limit + 1 s) may come first, and the verdict says which limit fired
    assert v.verdict == "Time Limit Exceeded" and v.limit in ("cpu", "wall")
    assert ("CPU time" if v.limit == "cpu" else "wall-clock time") in v.message, v.message
    with pytest.raises(ValueError):
        judge(question, REFERENCE, time_limit_s=0)


def test_a_broken_reference_is_a_judge_error(make_question):
    q = make_question(entry_point="f", reference="def f(x):\n    return 1 // x\n", tests=[{"args": [0]}])
    with pytest.raises(JudgeError, match="reference solution raised on test 1"):
        judge(q, "def f(x):\n    return 0\n")


def test_a_discussion_question_is_a_judge_error():
    from mockint.bank.loader import parse_question

    theory = parse_question(
        {
            "id": "theory.x",
            "round_type": "ml_theory",
            "title": "T",
            "difficulty": "easy",
            "topics": ["t"],
            "minutes": 3,
            "prompt": "Why?",
            "key_points": ["a", "b", "c"],
            "common_mistake": "d",
        },
        "",
        "inline",
    )
    with pytest.raises(JudgeError, match="not a judged coding problem"):
        judge(theory, "pass")


def test_the_limit_counts_cpu_time_so_waiting_is_not_a_time_out(question):
    """7 calls sleeping 0.1 s each: 0.7 s of wall time against a 0.5 s limit, almost no CPU time.
    A busy machine stretches the wall clock the same way; only the wall-clock backstop (2x the
    limit + 1 s) ends waiting code."""
    v = run(
        question,
        "import time\n\ndef f(x):\n    time.sleep(0.1)\n    return x * 1000003 + 17\n",
        time_limit_s=0.5,
    )
    assert v.verdict == "Accepted", v.message
    assert v.limit is None and v.to_dict()["limit"] is None


def test_a_check_sees_the_helpers_defined_beside_the_entry_point(make_question):
    """HumanEval-style checks may call helpers from the prompt (e.g. ``decode_cyclic`` checks
    ``encode_cyclic`` through ``decode``); the check runs with the candidate module's names."""
    helper = "def shift(s, k):\n    return ''.join(chr((ord(c) - 97 + k) % 26 + 97) for c in s)\n\n"
    q = make_question(
        entry_point="unshift",
        starter=helper + "def unshift(s):\n    pass\n",
        reference=helper + "def unshift(s):\n    return shift(s, -3)\n",
        check="def check(candidate):\n    for w in ['abc', 'xyz', 'judge']:\n"
        "        assert candidate(shift(w, 3)) == w\n",
    )
    assert run(q, q.reference).accepted
    v = run(q, helper + "def unshift(s):\n    return shift(s, -2)\n")
    assert v.verdict == "Wrong Answer" and "unshift('def') returned 'bcd'" in v.message


def test_stop_at_first_failure_ends_the_run_at_the_first_wrong_case(question):
    """For callers that only ask "Accepted or not" (the bank gate): with the expected outputs
    known, the child is stopped at the first wrong value, so a later endless loop never runs."""
    assert run(question, REFERENCE).accepted  # the reference outputs are now cached
    code = "def f(x):\n    if x == 2:\n        while True:\n            pass\n    return 0\n"
    v = judge(question, code, stop_at_first_failure=True, measure_complexity=False)
    assert v.verdict == "Wrong Answer" and v.passed == 0, v.message
    assert v.samples[1].error == "not run"
    v = judge(question, code, measure_complexity=False, time_limit_s=SHORT)  # without: the loop is found
    assert v.verdict == "Time Limit Exceeded"


#: Inputs with a lone high surrogate next to a lone low one (``chr(0xD83D) + chr(0xDE00)``):
#: two code points that a JSON decoder joins into one if they cross as escaped text.
SURROGATES = {
    "entry_point": "f",
    "starter": "def f(s):\n    pass\n",
    "reference": "def f(s):\n    return [len(s), s]\n",
    "tests": [{"args": ["ab"], "expected": [2, "ab"], "sample": True}],
    "generators": [
        {
            "group": "astral",
            "code": "def generate(rng):\n    return ('x' + chr(0xD83D) + chr(0xDE00) + 'y',)\n",
        }
    ],
}


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "after-warm-up"])
def test_surrogate_code_points_reach_the_solution_and_come_back_unchanged(make_question, warm):
    """The bank's dsa.longest-distinct-run builds such strings. After ``warm_up`` the candidate's
    child decodes the reference's built inputs; they and the outputs must keep every code point
    (a joined pair makes the reference itself Wrong Answer)."""
    from mockint.judge import reference, warm_up

    reference.clear_cache()
    question = make_question(**SURROGATES)
    if warm:
        warm_up(question)
    right = run(question, SURROGATES["reference"], measure_complexity=False)
    assert right.accepted, format_verdict(right)
    # the right length, but the pair joined into one character: an output JSON text would hide
    joined = (
        "def f(s):\n    t = s.encode('utf-16', 'surrogatepass').decode('utf-16')\n    return [len(s), t]\n"
    )
    assert run(question, joined, measure_complexity=False).verdict == "Wrong Answer"
