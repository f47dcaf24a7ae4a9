"""The ``check(candidate)`` form decides pass/fail outside the candidate's process (issue 12.3).

Each hostile solution below defeated the check when the check ran beside the solution: it
patched the harness, the builtins or ``json.dumps``, forged a result line and exited, or
returned an object that equals anything. Now ``check`` runs in a separate trusted process that
calls the candidate through a proxy: arguments go to the candidate's process as plain data and
the return value comes back as plain data, so none of these can reach the check's verdict.
The plain-data tests at the end pin down what the proxy keeps (tuples, in-place changes to the
arguments, random generators, exceptions the check expects).
"""

from __future__ import annotations

import pytest
from judge_helpers import run

from mockint.bank import load_paths
from mockint.paths import rounds_dir

ACCEPTED, WA, RTE = "Accepted", "Wrong Answer", "Runtime Error"


@pytest.fixture
def add_question(make_question):
    return make_question(
        entry_point="add",
        starter="def add(a, b):\n    pass\n",
        reference="def add(a, b):\n    return a + b\n",
        check=(
            "def check(candidate):\n    assert candidate(1, 2) == 3\n"
            "    assert abs(candidate(0.1, 0.2) - 0.3) < 1e-9, 'floats'\n"
        ),
    )


WRONG_ADD = "def add(a, b):\n    return 4\n"

PATCH_COMPILE = """
import builtins
_real_compile = builtins.compile

def _compile(source, filename, mode, *args, **kwargs):
    if filename == "<check>":
        source = "def check(candidate):\\n    pass\\n"
    return _real_compile(source, filename, mode, *args, **kwargs)

builtins.compile = _compile
"""

PATCH_HARNESS = """
import sys

_main = sys.modules.get("__main__")
for _name in dir(_main):
    _cls = getattr(_main, _name)
    if isinstance(_cls, type) and hasattr(_cls, "run_check"):
        def _run_check(self, fn, event):
            event["check"] = "pass"
            self.channel.emit(event)
        _cls.run_check = _run_check
"""

PATCH_JSON = """
import json
_real_dumps = json.dumps

def _dumps(obj, *args, **kwargs):
    if isinstance(obj, dict) and obj.get("check") == "fail":
        obj = {"ev": "case", "i": obj["i"], "check": "pass"}
    return _real_dumps(obj, *args, **kwargs)

json.dumps = _dumps
"""

ALWAYS_EQUAL = """
class Yes:
    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__
    __hash__ = object.__hash__

def add(a, b):
    return Yes()
"""

EQUAL_INT = """
class Yes(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__

def add(a, b):
    return Yes(4) if isinstance(a, int) else 0.3
"""

PATCH_ABS = """
import builtins

builtins.abs = lambda value: 0.0

def add(a, b):
    return 3 if isinstance(a, int) else 1.0
"""


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(PATCH_COMPILE + WRONG_ADD, id="patched-builtins-compile"),
        pytest.param(PATCH_HARNESS + WRONG_ADD, id="monkeypatched-harness"),
        pytest.param(PATCH_JSON + WRONG_ADD, id="patched-json-dumps"),
        pytest.param(ALWAYS_EQUAL, id="always-equal-object"),
        pytest.param(EQUAL_INT, id="always-equal-int-subclass"),
        pytest.param(PATCH_ABS, id="patched-abs"),
    ],
)
def test_a_solution_cannot_pass_the_check_by_tampering(add_question, code):
    v = run(add_question, code)
    assert v.verdict == WA, v.message
    assert v.points == v.passed == 0


def _dropout():
    path = rounds_dir() / "ml_coding" / "dropout.toml"
    return load_paths([path]).questions["ml.dropout"]


FORGE_AND_EXIT = """
import json, os, sys

def _forge(n_tests):
    fd = int(sys.argv[1])
    lines = [{"ev": "case", "i": n_tests, "check": "pass"},
             {"ev": "done", "runtime_s": 0.01, "cpu_s": 0.01}]
    os.write(fd, "".join(json.dumps(e) + "\\n" for e in lines).encode())
    os._exit(0)

"""


def test_the_banks_wrong_dropout_cannot_forge_a_passing_check():
    """ml.dropout's own "no rescaling" wrong solution passes the five input tests (evaluation
    mode, p = 0); only the check catches it. Here it writes a passing check result to the
    result channel when the check first calls it, and exits."""
    q = _dropout()
    wrong = next(w for w in q.wrong_solutions if w.name == "no rescaling").code
    hooked = wrong.replace(
        "def dropout(x, p, training, rng):\n",
        f"def dropout(x, p, training, rng):\n    if x.shape == (6, 4, 3):\n        _forge({len(q.tests)})\n",
    )
    assert hooked != wrong
    v = run(q, FORGE_AND_EXIT + hooked, measure_complexity=False)
    assert v.verdict == RTE, v.message
    assert "ended the process" in v.message
    assert not v.accepted and v.groups[-1].name == "check" and v.groups[-1].passed == 0
    assert run(q, wrong, measure_complexity=False).verdict == WA


def test_a_forged_check_line_is_ignored_when_the_real_check_fails(add_question):
    code = FORGE_AND_EXIT.replace("    os._exit(0)\n", "") + "def add(a, b):\n    _forge(0)\n    return 4\n"
    v = run(add_question, code)
    assert v.verdict == WA, v.message


# --------------------------------------------------------------------------- what crosses, and how


def test_tuples_stay_tuples_and_the_check_sees_plain_values(make_question):
    q = make_question(
        entry_point="pair",
        reference="def pair():\n    return (1, 2)\n",
        check=(
            "def check(candidate):\n    got = candidate()\n    assert got == (1, 2)\n"
            "    assert type(got) is tuple\n    assert candidate(k={'a': [1, (2, 3)]}) == (1, 2)\n"
        ),
    )
    assert run(q, "def pair(k=None):\n    return (1, 2)\n").accepted
    v = run(q, "def pair(k=None):\n    return [1, 2]\n")
    assert v.verdict == WA and "pair() returned [1, 2]" in v.message


def test_changes_the_candidate_makes_to_its_arguments_reach_the_check(make_question):
    q = make_question(
        entry_point="sort_in_place",
        reference="def sort_in_place(a):\n    a.sort()\n",
        check=(
            "def check(candidate):\n    a = [3, 1, 2]\n    assert candidate(a) is None\n"
            "    assert a == [1, 2, 3], 'not sorted in place'\n"
            "    b = {'k': [2, 1]}\n    candidate(b['k'])\n    assert b == {'k': [1, 2]}\n"
        ),
    )
    assert run(q, q.reference).accepted
    v = run(q, "def sort_in_place(a):\n    return sorted(a)\n")
    assert v.verdict == WA and "candidate" not in v.message


def test_a_numpy_generator_crosses_with_its_state_and_comes_back_advanced(make_question):
    q = make_question(
        round_type="ml_coding",
        entry_point="draw",
        reference="def draw(rng):\n    return float(rng.random())\n",
        check=(
            "def check(candidate):\n    import numpy as np\n    g = np.random.default_rng(3)\n"
            "    first, second = np.random.default_rng(3).random(2)\n"
            "    assert candidate(g) == first\n    assert g.random() == second, 'state not advanced'\n"
            "    x = np.arange(4.0)\n    candidate_out = candidate(np.random.default_rng(3))\n"
            "    assert isinstance(candidate_out, float) and x.dtype == np.float64\n"
        ),
    )
    assert run(q, q.reference, time_limit_s=5).accepted
    v = run(q, "def draw(rng):\n    return 0.5\n", time_limit_s=5)
    assert v.verdict == WA


def test_an_exception_the_check_expects_is_raised_inside_the_check(make_question):
    q = make_question(
        entry_point="root",
        reference="def root(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x ** 0.5\n",
        check=(
            "def check(candidate):\n    assert candidate(4) == 2.0\n    try:\n        candidate(-1)\n"
            "    except ValueError as exc:\n        assert 'negative' in str(exc)\n"
            "    else:\n        raise AssertionError('no ValueError for -1')\n"
        ),
    )
    assert run(q, q.reference).accepted
    v = run(q, "def root(x):\n    return abs(x) ** 0.5\n")
    assert v.verdict == WA and "no ValueError for -1" in v.message
    v = run(q, "def root(x):\n    return x.nope\n")
    assert v.verdict == RTE and 'File "solution.py", line 2, in root' in v.message


def test_a_forged_done_line_does_not_hide_cpu_time_over_the_limit(question):
    """The solution uses 0.6 s of CPU against a 0.5 s limit (under the kill at limit + slack),
    then writes a "done" line claiming almost none: the parent's own CPU count decides."""
    code = (
        "import json, os, sys, time\n\ndef f(x):\n    t = time.process_time()\n"
        "    while time.process_time() - t < 0.6:\n        pass\n"
        "    os.write(int(sys.argv[1]), (json.dumps({'ev': 'case', 'i': 0, 'value': 1000020}) + '\\n'"
        " + json.dumps({'ev': 'done', 'runtime_s': 0.0, 'cpu_s': 0.0}) + '\\n').encode())\n"
        "    os._exit(0)\n"
    )
    q = question
    v = run(q, code, time_limit_s=0.5)
    assert v.verdict == "Time Limit Exceeded", v.message


def test_a_check_that_passes_what_cannot_be_sent_is_a_judge_error(make_question):
    """A problem's fault, not the candidate's: the check must call the candidate with data."""
    from mockint.judge import JudgeError, judge

    q = make_question(
        entry_point="apply",
        reference="def apply(f, x):\n    return f(x)\n",
        check="def check(candidate):\n    assert candidate(lambda v: v + 1, 1) == 2\n",
    )
    with pytest.raises(JudgeError, match="cannot send"):
        judge(q, q.reference)


def test_the_problems_own_helpers_win_over_the_candidates(make_question):
    """A check that calls a prompt helper (HumanEval's ``decode_cyclic`` style) uses the starter's
    trusted definition: redefining the helper as the identity no longer passes an identity
    ``unshift``. Helpers the starter does not define are the candidate's, called through the proxy."""
    helper = "def shift(s, k):\n    return ''.join(chr((ord(c) - 97 + k) % 26 + 97) for c in s)\n\n"
    q = make_question(
        entry_point="unshift",
        starter=helper + "def unshift(s):\n    pass\n",
        reference=helper + "def unshift(s):\n    return shift(s, -3)\n",
        check=(
            "def check(candidate):\n    for w in ['abc', 'judge']:\n        assert candidate(shift(w, 3)) == w\n"
            "    assert unshift('d') == 'a'\n    assert twice('ab') == 'abab'\n"
        ),
    )
    mine = "def twice(s):\n    return s * 2\n\n"
    assert run(q, helper + mine + "def unshift(s):\n    return shift(s, -3)\n").accepted
    cheat = "def shift(s, k):\n    return s\n\n" + mine + "def unshift(s):\n    return s\n"
    v = run(q, cheat)
    assert v.verdict == WA, v.message


#: Writes a forged passing check into the app's ends of the judge children's result channels,
#: through /proc/<app pid>/fd (any process of the same user may open another's pipes there).
#: The descriptor numbers come from the test (``{numbers}``), so nothing else of the test
#: process is written to. ``{log}`` records which opens succeeded.
FORGE_THROUGH_PROC = """\
import os

def _app_pid():
    parent = os.getppid()
    if b"--fork-server" in open(f"/proc/{{parent}}/cmdline", "rb").read():
        parent = int(open(f"/proc/{{parent}}/stat").read().rsplit(")", 1)[1].split()[1])
    return parent

opened = []
app = _app_pid()
for n in open({numbers!r}).read().split():
    try:
        fd = os.open(f"/proc/{{app}}/fd/{{n}}", os.O_WRONLY | os.O_NONBLOCK)
        os.write(fd, b'{{"ev":"check","outcome":"pass"}}\\n')
        os.close(fd)
        opened.append(n)
    except OSError:
        pass
open({log!r}, "w").write(" ".join(opened))

def add(a, b):
    return 4
"""


@pytest.mark.parametrize("forked", [True, False], ids=["fork-server", "started"])
def test_a_solution_cannot_forge_the_checkers_result_through_proc(
    add_question, monkeypatch, tmp_path, forked
):
    from mockint.judge import checkrun, pool

    monkeypatch.setattr(pool, "USE_FORK_SERVER", forked and pool.USE_FORK_SERVER)
    numbers, log = tmp_path / "fds", tmp_path / "opened"
    numbers.write_text("")

    def recording_spawn(*args, **kwargs):
        child = pool.spawn(*args, **kwargs)
        with numbers.open("a") as fh:
            fh.write(f"{child.result_fd}\n")
        return child

    monkeypatch.setattr(checkrun, "spawn", recording_spawn)
    v = run(add_question, FORGE_THROUGH_PROC.format(numbers=str(numbers), log=str(log)))
    assert len(numbers.read_text().split()) == 2  # the candidate's and the checker's
    assert log.read_text() == ""  # no result channel could be opened
    assert v.verdict == WA, v.message
