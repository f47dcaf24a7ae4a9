"""Stated requirements the judge checks beside the output: inputs left unchanged, randomness
drawn only from the problem's ``rng`` argument (bank fields ``inputs_unchanged``, ``rng_param``,
``random_output``; see docs/judge.md, "Stated requirements").

Standard library only (NumPy when already imported): loaded by path in the judge children, as
:mod:`mockint.judge._plain` is, and imported by the parent. Everything here works on the
**plain-data forms** of :mod:`mockint.judge._plain` (JSON lists and ``{"__t": ...}`` tables),
so the comparison never runs the candidate's objects: an ``__eq__`` that is always true, a
patched ``numpy.array_equal`` or a changed copy in the candidate's process cannot change it.
Arrays compare by dtype, shape and bytes (so ``-0.0`` and ``0.0`` differ, and NaN equals the
same NaN); lists, tuples, dicts and sets compare item by item.

The side that compares (the parent for ordinary cases, the trusted checker for a check's calls)
holds the "before" form, taken before any solution code ran, and receives the "after" form.
"""

from __future__ import annotations

import base64
import math
import random
import sys
from typing import Any

#: The Wrong Answer reason for output that changed when only global random state did.
GLOBAL_RNG = "the output depends on global random state; draw all randomness from `{rng}`"
#: The reason when every different seed gave the same output (``random_output`` problems).
NOT_RANDOM = (
    "different seeds of `{rng}` gave the same output in every test; the output is random, so "
    "draw it from `{rng}` (not from a generator or seed of your own)"
)


def skipped(value: Any) -> bool:
    """Random generators change state when used: they are not inputs that must stay unchanged."""
    if type(value) is random.Random:
        return True
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.random.Generator)


def same(a: Any, b: Any) -> bool:
    """Are two plain-data forms equal? NaN equals NaN (in arrays, bit for bit)."""
    return difference(a, b) is None


def difference(before: Any, after: Any, path: str = "") -> str | None:
    """Where plain form ``after`` first differs from ``before`` (``None``: equal): a short
    phrase such as ``"[2] changed"``, ``"['m'] changed at index (0, 3)"`` or ``"shape (3,)
    became (4,)"``. ``path`` is the subscript so far (for nested values)."""
    if type(before) is not type(after):
        return f"{path or 'its value'} changed type" if path else "its type changed"
    if isinstance(before, float):
        if before == after or (math.isnan(before) and math.isnan(after)):
            return None
        return _changed(path)
    if isinstance(before, list):
        if len(before) != len(after):
            return f"{path or 'its'} length {len(before)} became {len(after)}".replace("its length", "length")
        for i, (x, y) in enumerate(zip(before, after, strict=True)):
            found = difference(x, y, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if not isinstance(before, dict):
        return None if before == after else _changed(path)
    tag = before.get("__t")
    if tag != after.get("__t"):
        return f"{path or 'its value'} changed type" if path else "its type changed"
    if tag in ("ndarray", "tensor"):
        return _array_difference(before, after, path)
    if tag == "dict":
        return _dict_difference(before.get("items", []), after.get("items", []), path)
    if tag in ("tuple", "set", "frozenset"):
        return difference(before.get("items"), after.get("items"), path)
    keys = set(before) | set(after)
    return None if all(difference(before.get(k), after.get(k)) is None for k in keys) else _changed(path)


def _changed(path: str) -> str | None:
    return f"{path} changed" if path else "its value changed"


def _dict_difference(before: list[Any], after: list[Any], path: str) -> str | None:
    if len(before) != len(after):
        return f"{path or 'its'} key count {len(before)} became {len(after)}".replace("its key", "key")
    for key, value in before:
        match = next((v for k, v in after if same(k, key)), _MISSING)
        label = f"{path}[{_key_text(key)}]"
        if match is _MISSING:
            return f"{label} was removed"
        found = difference(value, match, label)
        if found is not None:
            return found
    return None


_MISSING = object()


def _key_text(key: Any) -> str:
    return repr(key) if isinstance(key, str | int | float | bool) or key is None else "..."


def _array_difference(before: dict[str, Any], after: dict[str, Any], path: str) -> str | None:
    where = path or "its"
    if before.get("shape") != after.get("shape"):
        return f"{where} shape {tuple(before.get('shape') or ())} became {tuple(after.get('shape') or ())}"
    for key in ("dtype", "torch"):
        if before.get(key) != after.get(key):
            return f"{where} dtype {before.get(key)} became {after.get(key)}"
    if "b64" in before or "b64" in after:
        if before.get("b64") == after.get("b64"):
            return None
        at = _first_changed_index(before, after)
        return f"{path or 'its values'} changed" + (f" at index {at}" if at else "")
    return difference(before.get("items"), after.get("items"), path)


def _first_changed_index(before: dict[str, Any], after: dict[str, Any]) -> str:
    """The first changed position of two same-shape binary arrays, as ``(i, j)``; ``""`` when
    NumPy is not loaded here or the forms are malformed."""
    np = sys.modules.get("numpy")
    if np is None:
        return ""
    try:
        dtype = np.dtype(str(before["dtype"]))
        shape = tuple(int(n) for n in before["shape"])
        a = np.frombuffer(base64.b64decode(before["b64"]), dtype=np.uint8)
        b = np.frombuffer(base64.b64decode(after["b64"]), dtype=np.uint8)
        if a.size != b.size or dtype.itemsize == 0:
            return ""
        flat = int(np.flatnonzero(a != b)[0]) // dtype.itemsize
        index = np.unravel_index(flat, shape) if shape else ()
    except (KeyError, TypeError, ValueError, IndexError):
        return ""
    return "(" + ", ".join(str(int(i)) for i in index) + ("," if len(index) == 1 else "") + ")"


def modified_argument(
    before: dict[str, Any], after: Any, names: list[str], keyword: bool = False
) -> str | None:
    """The Wrong Answer reason when an input changed, else ``None``.

    ``before`` maps an argument's position (``"0"``, ``"1"``...; ``"k:NAME"`` for a keyword) to
    its plain form before the call; ``after`` should map the same keys to the forms after it (a
    missing or malformed entry counts as modified: the candidate's process sent it).
    ``names`` are the entry point's parameter names, for the message.
    """
    if not isinstance(after, dict):
        after = {}
    for key, old in before.items():
        name = _arg_name(key, names)
        label = f"`{name}`" if name.isidentifier() else name
        if key not in after:
            return f"argument {label} was modified in place (its state after the call was not reported)"
        found = difference(old, after[key], name)
        if found is not None:
            return f"argument {label} was modified in place: {found}"
    return None


def _arg_name(key: str, names: list[str]) -> str:
    if key.startswith("k:"):
        return key[2:]
    if key.isdigit() and int(key) < len(names):
        return names[int(key)]
    return f"{int(key) + 1}" if key.isdigit() else key


def input_states(args: Any, kwargs: dict[str, Any] | None, encode: Any) -> dict[str, Any]:
    """The plain forms (``encode`` is :func:`mockint.judge._plain.encode`) of every argument
    that must stay unchanged, keyed as :func:`modified_argument` expects; random generators are
    left out (see :func:`skipped`). An argument with no plain form is sent as its opaque form."""
    states: dict[str, Any] = {}
    items = [(str(i), a) for i, a in enumerate(args)] + [(f"k:{k}", v) for k, v in (kwargs or {}).items()]
    for key, value in items:
        if skipped(value):
            continue
        states[key] = encode(value)
    return states


def reseeded(gen: Any, salt: int) -> Any:
    """A generator of ``gen``'s bit-generator type with a seed unlike any a test uses: the
    "different seed" call of a ``random_output`` problem."""
    return type(gen)(type(gen.bit_generator)(0x5EED_0000 + salt))


#: The global seeders, bound by :func:`bind_seeders` before solution code runs (so a solution
#: that replaces ``numpy.random.seed`` with a no-op cannot keep the global state still).
_SEEDERS: list[Any] = []


def bind_seeders(np: Any, torch: Any) -> None:
    """Take ``random.seed``, ``numpy.random.seed`` and ``torch.manual_seed`` now (the harness
    calls this before any solution code runs)."""
    _SEEDERS[:] = [random.seed]
    if np is not None:
        _SEEDERS.append(np.random.seed)
    if torch is not None:
        _SEEDERS.append(torch.manual_seed)


def disturb(salt: int) -> None:
    """Move every global random state (``random``, NumPy's legacy global, torch's) to a seed
    that no test uses, so output that depends on it changes between two calls."""
    for seed in _SEEDERS:
        seed((0xD15_0000 + salt) % 2**32)
