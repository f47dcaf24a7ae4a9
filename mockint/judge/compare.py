"""Comparators: is a solution's output the expected one? (``compare`` in docs/bank-format.md.)

Each comparator takes decoded data (see :mod:`mockint.judge.wire`) and returns ``None`` when the
output is accepted, else a short reason. Reasons name positions, lengths, shapes, dtypes and
sizes of differences, not the expected values, so they can be shown for hidden tests too.

- ``exact``: ``==`` once tuples (and arrays) have become lists; no float tolerance.
- ``unordered``: the top-level list as a multiset (order ignored, counts kept).
- ``unordered_deep``: as ``unordered``, and each inner list is a multiset too.
- ``float``: numbers, or nested lists / dicts of numbers, by
  ``math.isclose(rel_tol=rtol, abs_tol=atol)``; NaN matches NaN.
- ``allclose``: arrays (NumPy arrays, tensors, nested lists) by shape, then dtype (a float
  expected array needs a float answer), then NaN positions, then ``numpy.isclose(actual,
  expected, rtol, atol)`` everywhere. Tuples and dicts of arrays are compared item by item.
"""

from __future__ import annotations

import cmath
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from mockint.judge.wire import Opaque, freeze

Comparator = Callable[[Any, Any, float, float], "str | None"]


def compare(kind: str, expected: Any, actual: Any, *, rtol: float = 1e-9, atol: float = 1e-9) -> str | None:
    """``None`` if ``actual`` passes as ``expected`` under comparator ``kind``, else why not.

    Raises ``ValueError`` for an unknown ``kind``; never raises for odd values (a value that
    cannot be compared is a failed comparison with the reason given).
    """
    try:
        fn = COMPARATORS[kind]
    except KeyError:
        raise ValueError(f"unknown comparator {kind!r}; expected one of {', '.join(COMPARATORS)}") from None
    if actual is None and expected is not None:
        return "returned None (is a return statement missing?)"
    try:
        return fn(expected, actual, rtol, atol)
    except Exception as exc:  # odd values must fail the test, not the judge
        return f"could not compare the output: {type(exc).__name__}: {exc}"


def normalize(value: Any) -> Any:
    """Tuples and arrays become lists, NumPy scalars become Python numbers (for ``exact``)."""
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # ndarray or NumPy scalar
        return normalize(value.tolist())
    return value


def _at(path: str) -> str:
    return f"at {path}: " if path else ""


def _type(value: Any) -> str:
    return value.type if isinstance(value, Opaque) else type(value).__name__


def _difference(expected: Any, actual: Any, path: str = "") -> str:
    """Where two unequal normalized values first differ."""
    if actual is None and expected is not None:
        return f"{_at(path)}got None"
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{_at(path)}expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            if e != a:
                return _difference(e, a, f"{path}[{i}]")
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            return f"{_at(path)}keys differ ({len(missing)} missing, {len(extra)} unexpected)"
        for k in expected:
            if expected[k] != actual[k]:
                return _difference(expected[k], actual[k], f"{path}[{k!r}]")
    if type(expected) is not type(actual) and not (_is_number(expected) and _is_number(actual)):
        return f"{_at(path)}expected {_type(expected)}, got {_type(actual)}"
    if isinstance(expected, set | frozenset):
        return (
            f"{_at(path)}sets differ ({len(expected - actual)} missing, {len(actual - expected)} unexpected)"
        )
    return f"{_at(path)}wrong value"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | complex) and not isinstance(value, bool)


def exact(expected: Any, actual: Any, rtol: float = 0.0, atol: float = 0.0) -> str | None:
    e, a = normalize(expected), normalize(actual)
    return None if e == a else _difference(e, a)


def _multiset_reason(expected: list[Any], actual: list[Any], key: Callable[[Any], Any]) -> str | None:
    if len(expected) != len(actual):
        return f"expected {len(expected)} items, got {len(actual)}"
    want, got = Counter(map(key, expected)), Counter(map(key, actual))
    if want == got:
        return None
    missing = sum((want - got).values())
    return f"{missing} expected item(s) missing and {missing} unexpected item(s) found (order ignored)"


def unordered(expected: Any, actual: Any, rtol: float = 0.0, atol: float = 0.0) -> str | None:
    e, a = normalize(expected), normalize(actual)
    if not isinstance(e, list) or not isinstance(a, list):
        return exact(e, a)
    return _multiset_reason(e, a, freeze)


def _bag(item: Any) -> Any:
    if isinstance(item, list):
        return ("bag", frozenset(Counter(freeze(x) for x in item).items()))
    return freeze(item)


def unordered_deep(expected: Any, actual: Any, rtol: float = 0.0, atol: float = 0.0) -> str | None:
    e, a = normalize(expected), normalize(actual)
    if not isinstance(e, list) or not isinstance(a, list):
        return exact(e, a)
    return _multiset_reason(e, a, _bag)


def _close(expected: Any, actual: Any, rtol: float, atol: float, path: str) -> str | None:
    if _is_number(expected):
        if not _is_number(actual):
            return f"{_at(path)}expected a number, got {_type(actual)}"
        if isinstance(expected, complex) or isinstance(actual, complex):
            ok = cmath.isclose(expected, actual, rel_tol=rtol, abs_tol=atol)
        elif math.isnan(expected) or math.isnan(actual):
            ok = math.isnan(expected) and math.isnan(actual)
        else:
            ok = math.isclose(expected, actual, rel_tol=rtol, abs_tol=atol)
        if ok:
            return None
        return f"{_at(path)}|difference| {abs(expected - actual):.3g} is over the tolerance (rtol={rtol:g}, atol={atol:g})"
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{_at(path)}expected a list, got {_type(actual)}"
        if len(expected) != len(actual):
            return f"{_at(path)}expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            reason = _close(e, a, rtol, atol, f"{path}[{i}]")
            if reason:
                return reason
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(expected) != set(actual):
            return _difference(expected, actual, path)
        for k in expected:
            reason = _close(expected[k], actual[k], rtol, atol, f"{path}[{k!r}]")
            if reason:
                return reason
        return None
    return None if expected == actual else _difference(expected, actual, path)


def float_close(expected: Any, actual: Any, rtol: float = 1e-9, atol: float = 1e-9) -> str | None:
    return _close(normalize(expected), normalize(actual), rtol, atol, "")


def _as_numeric_array(np: Any, value: Any) -> Any:
    """``value`` as a NumPy array, or ``None`` when it is ragged or not numbers."""
    if value is None or isinstance(value, str | Opaque | dict | set):
        return None
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    return arr if arr.dtype.kind in "biufc" else None


def _array_close(expected: Any, actual: Any, rtol: float, atol: float, path: str) -> str | None:
    import numpy as np

    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(expected) != set(actual):
            return _difference(normalize(expected), normalize(actual), path)
        for k in expected:
            reason = _array_close(expected[k], actual[k], rtol, atol, f"{path}[{k!r}]")
            if reason:
                return reason
        return None
    e = _as_numeric_array(np, expected)
    structured = isinstance(expected, list | tuple) and (
        e is None
        or any(isinstance(x, np.ndarray | list | tuple | dict) and not _flat_rows(x) for x in expected)
    )
    if structured:
        return _sequence_close(expected, actual, rtol, atol, path)
    if e is None:  # strings, None, objects: no tolerance applies
        return exact(expected, actual)
    a = _as_numeric_array(np, actual)
    if a is None:
        return f"{_at(path)}expected a numeric array of shape {e.shape}, got {_type(actual)}"
    return _numeric_close(np, e, a, rtol, atol, path)


def _sequence_close(expected: Any, actual: Any, rtol: float, atol: float, path: str) -> str | None:
    """Item by item, for a list or tuple that is not one rectangular numeric array."""
    if not isinstance(actual, list | tuple):
        return f"{_at(path)}expected a sequence of {len(expected)} items, got {_type(actual)}"
    if len(expected) != len(actual):
        return f"{_at(path)}expected {len(expected)} items, got {len(actual)}"
    for i, (ei, ai) in enumerate(zip(expected, actual, strict=True)):
        reason = _array_close(ei, ai, rtol, atol, f"{path}[{i}]")
        if reason:
            return reason
    return None


def _numeric_close(np: Any, e: Any, a: Any, rtol: float, atol: float, path: str) -> str | None:
    """Two numeric arrays: same shape, a float (complex, boolean) dtype where one is expected,
    NaNs in the same places, every value within ``atol + rtol * |expected|``."""
    if e.shape != a.shape:
        return f"{_at(path)}shape mismatch: expected {e.shape}, got {a.shape}"
    if e.dtype.kind in "fc" and a.dtype.kind != e.dtype.kind:
        kind = "float" if e.dtype.kind == "f" else "complex"
        return f"{_at(path)}dtype mismatch: expected a {kind} array ({e.dtype}), got {a.dtype}"
    if e.dtype.kind == "b":
        if a.dtype.kind != "b":
            return f"{_at(path)}dtype mismatch: expected a boolean array, got {a.dtype}"
        if np.array_equal(e, a):
            return None
        idx = tuple(int(i) for i in np.argwhere(e != a)[0])
        return f"{_at(path)}{int((e != a).sum())} value(s) differ, first at index {idx}"
    e_nan = np.isnan(e) if e.dtype.kind in "fc" else np.zeros(e.shape, bool)
    a_nan = np.isnan(a) if a.dtype.kind in "fc" else np.zeros(a.shape, bool)
    if not np.array_equal(e_nan, a_nan):
        idx = tuple(int(i) for i in np.argwhere(e_nan != a_nan)[0])
        return (
            f"{_at(path)}NaN positions differ: expected {int(e_nan.sum())} NaN(s), got "
            f"{int(a_nan.sum())}; first difference at index {idx}"
        )
    with np.errstate(all="ignore"):
        ok = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
        if bool(ok.all()):
            return None
        bad = np.abs(a.astype(complex if "c" in (a.dtype.kind + e.dtype.kind) else float) - e)[~ok]
        worst = float(np.max(np.where(np.isnan(bad), np.inf, bad)))
    idx = tuple(int(i) for i in np.argwhere(~ok)[0])
    return (
        f"{_at(path)}{int((~ok).sum())} of {ok.size} value(s) differ, first at index {idx}; "
        f"max |difference| {worst:.3g} (rtol={rtol:g}, atol={atol:g})"
    )


def _flat_rows(value: Any) -> bool:
    """True for a plain list of numbers (a row), which belongs inside a rectangular array."""
    return isinstance(value, list | tuple) and all(_is_number(v) for v in value)


def allclose(expected: Any, actual: Any, rtol: float = 1e-9, atol: float = 1e-9) -> str | None:
    return _array_close(expected, actual, rtol, atol, "")


COMPARATORS: dict[str, Comparator] = {
    "exact": exact,
    "unordered": unordered,
    "unordered_deep": unordered_deep,
    "float": float_close,
    "allclose": allclose,
}
