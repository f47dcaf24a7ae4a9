"""Stated requirements the judge checks beside the output (issue 15): ``inputs_unchanged``
(every input compared after the call, as plain data outside the candidate's process) and
``rng_param`` / ``random_output`` (output drawn only from the given generator)."""

from __future__ import annotations

from pathlib import Path

import pytest
from judge_helpers import run
from test_bank_fields import load

from mockint.judge.verdict import ACCEPTED, WRONG_ANSWER

STEP_REF = "def step(params, grads, lr):\n    return {k: params[k] - lr * grads[k] for k in params}\n"
STEP_ARGS = "({'w': np.arange(4.0), 'b': np.zeros(2)}, {'w': np.ones(4), 'b': np.ones(2)}, 0.1)"
ARRAY_REF = "def step(params, grads, lr):\n    return params - lr * grads\n"
MUTATES = "def step(params, grads, lr):\n    for k in params:\n        params[k] -= lr * grads[k]\n    return params\n"

DROP_REF = (
    "import numpy as np\n"
    "def drop(x, p, rng):\n"
    "    return np.where(rng.random(x.shape) >= p, x / (1 - p), 0.0)\n"
)
GLOBAL = DROP_REF.replace("rng.random(", "np.random.random(")
OWN_SEED = DROP_REF.replace("rng.random(", "np.random.default_rng(0).random(")
#: Keeps the global state still across its own draws and disables the judge's reseeding.
HOSTILE_GLOBAL = (
    "import numpy as np\n"
    "np.random.seed = lambda *a, **k: None\n"
    "def drop(x, p, rng):\n"
    "    state = np.random.get_state()\n"
    "    draw = np.random.random(x.shape)\n"
    "    np.random.set_state(state)\n"
    "    return np.where(draw >= p, x / (1 - p), 0.0)\n"
)
DROP_CHECK = """
def check(candidate):
    import numpy as np
    out = candidate(np.ones((50, 40)), 0.5, np.random.default_rng(3))
    assert abs((out == 0).mean() - 0.5) < 0.1, "drop rate"
"""


@pytest.fixture
def step_question(make_question):
    def make(**extra):
        fields = dict(
            round_type="ml_coding",
            entry_point="step",
            inputs_unchanged=True,
            starter="def step(params, grads, lr):\n    pass\n",
            reference=STEP_REF,
            compare="allclose",
        )
        return make_question(**{**fields, **extra})

    return make


@pytest.fixture
def drop_question(make_question):
    def make(form: str):
        extra = (
            {"check": DROP_CHECK, "tests": [{"args_py": "(np.ones(3), 0.0, np.random.default_rng(1))"}]}
            if form == "check"
            else {"tests": [{"args_py": "(np.ones((20, 5)), 0.5, np.random.default_rng(1))"}]}
        )
        return make_question(
            round_type="ml_coding",
            entry_point="drop",
            rng_param="rng",
            random_output=True,
            compare="allclose",
            starter="def drop(x, p, rng):\n    pass\n",
            reference=DROP_REF,
            **extra,
        )

    return make


def test_unmodified_inputs_are_accepted(step_question):
    assert run(step_question(tests=[{"args_py": STEP_ARGS}]), STEP_REF).verdict == ACCEPTED


def test_a_solution_that_mutates_gets_wrong_answer_naming_the_argument(step_question):
    verdict = run(step_question(tests=[{"args_py": STEP_ARGS}]), MUTATES)
    assert verdict.verdict == WRONG_ANSWER
    assert "argument `params` was modified in place: params['w'] changed at index (0,)" in verdict.message


def test_without_the_field_mutation_is_not_judged(make_question):
    q = make_question(
        round_type="ml_coding",
        entry_point="step",
        starter="def step(params, grads, lr):\n    pass\n",
        reference=STEP_REF,
        compare="allclose",
        tests=[{"args_py": STEP_ARGS}],
    )
    assert run(q, MUTATES).verdict == ACCEPTED


def test_shape_and_dtype_changes_count_as_modification(step_question):
    q = step_question(tests=[{"args_py": "(np.arange(4.0), np.ones(4), 0.1)"}], reference=ARRAY_REF)
    same_values = "import numpy as np\ndef step(params, grads, lr):\n    out = params - lr * grads\n"
    dtype = same_values + "    params.dtype = np.int64\n    return out\n"
    verdict = run(q, dtype)
    assert verdict.verdict == WRONG_ANSWER and "dtype <f8 became <i8" in verdict.message
    shape = same_values + "    params.shape = (2, 2)\n    return out\n"
    verdict = run(q, shape)
    assert verdict.verdict == WRONG_ANSWER and "shape (4,) became (2, 2)" in verdict.message


def test_a_hostile_solution_cannot_hide_the_change(step_question):
    """It mutates its input, then mutates every other equal array in its process (where an
    in-process copy would be) and patches the comparison functions: the judge's "before" state
    left the process before the solution ran, and the comparison runs in the parent."""
    hostile = (
        "import copy, gc\n"
        "import numpy as np\n"
        "np.array_equal = lambda *a, **k: True\n"
        "copy.deepcopy = lambda v, memo=None: v\n"
        "def step(params, grads, lr):\n"
        "    out = params - lr * grads\n"
        "    for obj in gc.get_objects():\n"
        "        if isinstance(obj, np.ndarray) and obj is not params and obj.shape == params.shape:\n"
        "            try:\n"
        "                obj[...] = 7.0\n"
        "            except ValueError:\n"
        "                pass\n"
        "    params[...] = 7.0\n"
        "    return out\n"
    )
    q = step_question(tests=[{"args_py": "(np.arange(4.0), np.ones(4), 0.1)"}], reference=ARRAY_REF)
    verdict = run(q, hostile)
    assert verdict.verdict == WRONG_ANSWER
    assert "argument `params` was modified in place" in verdict.message


def test_check_form_calls_are_held_to_inputs_unchanged(step_question):
    check = (
        "def check(candidate):\n"
        "    import numpy as np\n"
        "    out = candidate({'w': np.ones(3)}, {'w': np.ones(3)}, 0.5)\n"
        "    assert np.allclose(out['w'], 0.5)\n"
    )
    q = step_question(check=check)
    assert run(q, STEP_REF).verdict == ACCEPTED
    verdict = run(q, MUTATES)
    assert verdict.verdict == WRONG_ANSWER and verdict.groups[-1].name == "check"
    assert "argument `params` was modified in place" in verdict.message


@pytest.mark.parametrize("form", ["plain", "check"])
def test_randomness_from_rng_is_accepted(drop_question, form):
    assert run(drop_question(form), DROP_REF).verdict == ACCEPTED


@pytest.mark.parametrize("form", ["plain", "check"])
@pytest.mark.parametrize("code", [GLOBAL, HOSTILE_GLOBAL], ids=["global", "hostile"])
def test_global_random_state_is_rejected(drop_question, form, code):
    verdict = run(drop_question(form), code)
    assert verdict.verdict == WRONG_ANSWER
    assert "the output depends on global random state; draw all randomness from `rng`" in verdict.message


@pytest.mark.parametrize("form", ["plain", "check"])
def test_a_seed_of_its_own_is_rejected_when_output_is_random(drop_question, form):
    """Deterministic whatever the global state, so only the different-seed call catches it."""
    verdict = run(drop_question(form), OWN_SEED)
    assert verdict.verdict == WRONG_ANSWER
    assert "different seeds of `rng` gave the same output in every test" in verdict.message


def test_output_that_ignores_the_seed_is_fine_without_random_output(make_question):
    q = make_question(
        round_type="ml_coding",
        entry_point="drop",
        rng_param="rng",
        starter="def drop(x, p, rng):\n    pass\n",
        reference="def drop(x, p, rng):\n    return x * 0 + p\n",
        compare="allclose",
        tests=[{"args_py": "(np.ones(3), 0.5, np.random.default_rng(1))"}],
    )
    assert run(q, q.reference).verdict == ACCEPTED


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            'inputs_unchanged = "yes"\n',
            "problem.toml: inputs_unchanged: expected true or false, got a string",
        ),
        ('rng_param = "seed"\n', "problem.toml: rng_param: 'seed' is not a parameter of f in the reference"),
        ("rng_param = 3\n", "problem.toml: rng_param: expected a string, got a whole number"),
        ("random_output = true\n", "problem.toml: random_output: needs rng_param"),
    ],
)
def test_bad_requirement_fields_name_file_and_field(tmp_path: Path, fields, problem):
    bank, issues = load(tmp_path, fields)
    assert "t.fields" not in bank.questions
    assert len(issues) == 1 and issues[0].startswith(problem), issues


def test_requirement_fields_load(tmp_path: Path):
    bank, issues = load(tmp_path, 'inputs_unchanged = true\nrng_param = "x"\nrandom_output = true\n')
    q = bank.find("t.fields")
    assert issues == [] and (q.inputs_unchanged, q.rng_param, q.random_output) == (True, "x", True)
