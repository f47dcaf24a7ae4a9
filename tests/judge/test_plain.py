"""The check proxy's plain data (``mockint/judge/_plain.py``): built-in types survive the trip,
and nothing a candidate sends decodes to an object with its own behaviour."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from mockint.judge import _plain


def _trip(value, strict=True):
    return _plain.decode(json.loads(json.dumps(_plain.encode(value, strict=strict), allow_nan=True)))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        2**20000,
        1.5,
        "s",
        [1, (2, 3)],
        (1,),
        (),
        {"a": [1], (1, 2): {3}},
        frozenset({1}),
        b"x",
        bytearray(b"y"),
        1 + 2j,
    ],
    ids=lambda v: type(v).__name__,
)
def test_built_in_values_keep_their_type_and_value(value):
    back = _trip(value)
    assert type(back) is type(value) and back == value


def test_arrays_scalars_and_generators_keep_dtype_shape_and_state():
    arr = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    back = _trip(arr)
    assert back.dtype == arr.dtype and back.shape == arr.shape and (back == arr).all()
    assert _trip(np.int16(7)).dtype == np.int16
    g = np.random.default_rng(3)
    g.random()
    assert _trip(g).random() == g.random()
    r = random.Random(4)
    assert _trip(r).random() == r.random()


def test_hostile_objects_arrive_as_plain_values_or_opaque_stand_ins():
    class Yes:
        def __eq__(self, other):
            return True

    class SneakyInt(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    stand_in = _trip(Yes(), strict=False)
    assert stand_in != 0 and stand_in != stand_in.__class__  # equal to nothing else
    assert type(_trip(SneakyInt(3), strict=False)) is int
    with pytest.raises(_plain.Unsendable):
        _plain.encode(lambda: 1, strict=True)
    with pytest.raises(ValueError):
        _plain.decode({"__t": "npgen", "name": "save", "state": {}})


@pytest.mark.parametrize(
    "value", ["\ud83d\ude00", ("x\ud800", "\udc00y"), ["é", "\udfff"], {"\ud800": 1}], ids=repr
)
def test_strings_with_surrogates_cross_unchanged(value):
    """A JSON decoder joins an escaped high and low surrogate into one character, so these
    cross tagged; the generator's input reaches the candidate exactly as built."""
    back = _trip(value)
    assert type(back) is type(value) and back == value
