"""Comparators (docs/bank-format.md): each one's passing and failing cases and its reasons."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mockint.judge.compare import compare


def test_exact_treats_tuples_as_lists():
    assert compare("exact", [0, 1], (0, 1)) is None
    assert compare("exact", [[1, 2], [3]], ((1, 2), (3,))) is None


def test_exact_has_no_float_tolerance():
    assert compare("exact", 0.3, 0.1 + 0.2, rtol=1, atol=1) is not None
    assert compare("exact", 2.5, 2.5) is None


def test_exact_reasons_name_the_position_not_the_value():
    assert compare("exact", [1, 2, 3], [1, 2]) == "expected 3 items, got 2"
    reason = compare("exact", [[1, 2], [3, 4]], [[1, 2], [3, 5]])
    assert reason == "at [1][1]: wrong value"
    assert "5" not in reason.replace("[1][1]", "")
    assert compare("exact", [1], ["1"]) == "at [0]: expected int, got str"


def test_missing_return_is_named():
    assert compare("exact", [0, 1], None) == "returned None (is a return statement missing?)"
    assert compare("exact", None, None) is None


def test_exact_compares_arrays_by_value():
    assert compare("exact", [[1, 2]], np.array([[1, 2]])) is None
    assert compare("exact", [[1, 2]], np.array([[1, 3]])) is not None


def test_exact_dicts_and_sets():
    assert compare("exact", {"a": [1, 2]}, {"a": (1, 2)}) is None
    assert "keys differ" in compare("exact", {"a": 1}, {"b": 1})
    assert compare("exact", {1, 2}, {2, 1}) is None
    assert "sets differ" in compare("exact", {1, 2}, {1, 3})


def test_unordered_ignores_top_level_order_only():
    assert compare("unordered", [[1, 2], [3, 4]], [[3, 4], [1, 2]]) is None
    assert compare("unordered", [[1, 2], [3, 4]], [[4, 3], [1, 2]]) is not None


def test_unordered_keeps_counts():
    assert compare("unordered", [1, 1, 2], [1, 2, 2]) is not None
    assert compare("unordered", [1, 2], [1, 2, 2]) == "expected 2 items, got 3"


def test_unordered_deep_ignores_inner_order_too():
    expected = [["eat", "tea"], ["bat"]]
    assert compare("unordered_deep", expected, [["bat"], ["tea", "eat"]]) is None
    assert compare("unordered_deep", expected, [["bat"], ["tea", "tea"]]) is not None
    assert compare("unordered_deep", expected, [["bat", "eat", "tea"]]) is not None


def test_unordered_of_a_non_list_falls_back_to_exact():
    assert compare("unordered", 3, 3) is None
    assert compare("unordered", [1], 1) is not None


def test_float_uses_isclose_with_the_given_tolerances():
    assert compare("float", 1.0, 1.0 + 1e-12) is None
    assert compare("float", 1.0, 1.001) is not None
    assert compare("float", 1.0, 1.001, rtol=1e-2, atol=0) is None
    assert compare("float", 0.0, 1e-10, rtol=0, atol=1e-9) is None


def test_float_nested_and_nan():
    assert compare("float", [[0.5, math.nan]], [(0.5 + 1e-13, float("nan"))]) is None
    assert "at [0][1]" in compare("float", [[0.5, math.nan]], [[0.5, 0.0]])
    assert "at [1]" in compare("float", [1.0, 2.0], [1.0, 2.5])
    assert compare("float", {"loss": 0.25}, {"loss": 0.25 + 1e-12}) is None
    assert "expected a number" in compare("float", [1.0], ["1.0"])


def test_allclose_accepts_lists_and_tuples_as_arrays():
    expected = np.array([[0.1, 0.2], [0.3, 0.4]])
    assert compare("allclose", expected, [[0.1, 0.2], [0.3, 0.4 + 1e-12]]) is None
    assert compare("allclose", expected, ((0.1, 0.2), (0.3, 0.4))) is None


def test_allclose_checks_shape_first():
    reason = compare("allclose", np.zeros((2, 3)), np.zeros((3, 2)))
    assert reason == "shape mismatch: expected (2, 3), got (3, 2)"
    assert "shape mismatch" in compare("allclose", np.zeros(3), np.zeros((1, 3)))


def test_allclose_float_expected_needs_a_float_answer():
    reason = compare("allclose", np.array([1.0, 0.0]), np.array([1, 0]))
    assert reason.startswith("dtype mismatch: expected a float array (float64), got int64")
    assert compare("allclose", np.array([1.0, 0.0]), np.array([1.0, 0.0], dtype=np.float32)) is None
    assert compare("allclose", np.array([1, 0]), np.array([1.0, 0.0])) is None  # int expected: either


def test_allclose_nan_positions_must_match():
    assert compare("allclose", np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) is None
    reason = compare("allclose", np.array([np.nan, 1.0]), np.array([1.0, np.nan]))
    assert reason.startswith("NaN positions differ") and "(0,)" in reason
    assert "NaN positions differ" in compare("allclose", np.array([0.0, 1.0]), np.array([np.nan, 1.0]))


def test_allclose_tolerance_reason_names_the_worst_difference():
    reason = compare("allclose", np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.5, 3.0]), rtol=1e-6, atol=1e-6)
    assert reason.startswith("1 of 3 value(s) differ, first at index (1,)")
    assert "0.5" in reason
    assert compare("allclose", np.array([1.0]), np.array([1.0 + 1e-7]), rtol=1e-6, atol=0) is None


def test_allclose_infinities_match_when_equal():
    assert compare("allclose", np.array([np.inf, -np.inf]), np.array([np.inf, -np.inf])) is None
    assert compare("allclose", np.array([np.inf]), np.array([-np.inf])) is not None


def test_allclose_compares_tuples_and_dicts_of_arrays_item_by_item():
    expected = [np.ones((2, 2)), np.zeros(3)]
    assert compare("allclose", expected, (np.ones((2, 2)), np.zeros(3))) is None
    assert compare("allclose", expected, (np.ones((2, 2)), np.zeros(4))).startswith("at [1]: shape mismatch")
    grads = {"dW": np.ones(2), "db": np.zeros(1)}
    assert compare("allclose", grads, {"dW": np.ones(2), "db": np.zeros(1)}) is None
    assert "at ['db']" in compare("allclose", grads, {"dW": np.ones(2), "db": np.ones(1)})


def test_allclose_boolean_and_non_numeric():
    assert compare("allclose", np.array([True, False]), np.array([True, False])) is None
    assert "dtype mismatch" in compare("allclose", np.array([True, False]), np.array([1, 0]))
    assert compare("allclose", np.array([1.0]), None) is not None
    assert "numeric array" in compare("allclose", np.array([1.0]), "1.0")
    assert compare("allclose", ["a", "b"], ["a", "b"]) is None


def test_scalars_under_allclose():
    assert compare("allclose", 0.5, 0.5 + 1e-12) is None
    assert compare("allclose", 0.5, np.float64(0.5)) is None
    assert "shape mismatch" in compare("allclose", 0.5, [0.5])


def test_unknown_comparator_raises():
    with pytest.raises(ValueError, match="unknown comparator 'fuzzy'"):
        compare("fuzzy", 1, 1)


def test_odd_values_fail_the_comparison_without_raising():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = object.__hash__

    assert compare("exact", [1], [Weird()]).startswith("could not compare")
