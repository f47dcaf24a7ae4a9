"""Issue 11 bug 10: examples show the call as typed and its expected output (the reference's
when the bank leaves it to the reference), in the app's statement and in ``mockint bank show``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mockint import paths
from mockint.bank import load_bank
from mockint.bank.model import TestCase as Sample
from mockint.interview.examples import call_text, examples


@pytest.fixture(scope="module")
def bank():
    return load_bank([paths.rounds_dir()])


def test_list_args_print_as_the_call_a_user_types() -> None:
    test = Sample(group="sample", sample=True, args=([1, 2], 3))
    assert call_text("f", test) == "f([1, 2], 3)"


def test_an_args_py_tuple_is_split_into_arguments_with_its_source_kept() -> None:
    test = Sample(group="sample", sample=True, args_py="(np.array([1.0, 2.0]),  3)")
    assert call_text("f", test) == "f(np.array([1.0, 2.0]), 3)"
    bare = Sample(group="sample", sample=True, args_py="[1, 2], 3")
    assert call_text("f", bare) == "f([1, 2], 3)"
    built = Sample(group="sample", sample=True, args_py="make_inputs(4)")
    assert call_text("f", built) == "f(*make_inputs(4))"


def test_every_ml_coding_sample_has_a_real_expected_output(bank) -> None:
    ml = [q for q in bank.questions.values() if q.round_type == "ml_coding"]
    assert ml
    missing = [(q.id, ex.call[:60]) for q in ml for ex in examples(q) if ex.result in (None, "None")]
    assert not missing


def test_the_statement_shows_outputs_once_the_reference_is_cached(bank) -> None:
    from mockint.judge import warm_up
    from mockint.ui.render import problem_markdown

    q = bank.questions["ml.adam-optimizer"]
    warm_up(q)
    text = problem_markdown(q)
    assert "`adam_minimise(np.array([[2.0]]), np.array([2.0])" in text
    assert "→ `array([0.1])`" in text
    dsa = problem_markdown(bank.questions["dsa.add-32-bit"])
    assert "`add32(5, 9)`  \n→ `14`" in dsa


def test_bank_show_prints_calls_and_outputs_and_keeps_json_fields(tmp_path) -> None:
    env = {**os.environ}
    cmd = [sys.executable, "-m", "mockint", "bank", "show", "ml.adam-optimizer", "--data-dir", str(tmp_path)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    assert "Example: adam_minimise(np.array([[2.0]]), np.array([2.0]), np.array([0.0]), 0.1" in out
    assert "  -> array([0.1])" in out and "-> None" not in out
    view = json.loads(
        subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env, check=True).stdout
    )
    first = view["examples"][0]
    assert {"args", "expected", "call", "expected_text"} <= set(first)
    assert first["expected_text"] == "array([0.1])"
