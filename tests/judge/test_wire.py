"""Values cross from the child as tagged JSON, never pickles: encode (child) then decode (parent)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from mockint.judge._report import REPR_CHARS, encode, short_repr
from mockint.judge.wire import Opaque, WireError, decode


def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value), allow_nan=True)))


def test_plain_data_and_tuples():
    assert roundtrip([1, "a", None, True, 2.5]) == [1, "a", None, True, 2.5]
    assert roundtrip((1, (2, 3))) == [1, [2, 3]]
    assert math.isnan(roundtrip(float("nan")))
    assert roundtrip(float("-inf")) == float("-inf")


def test_dicts_keep_non_string_keys_and_sets_stay_sets():
    assert roundtrip({1: "a", (2, 3): [4]}) == {1: "a", (2, 3): [4]}
    assert roundtrip({"__t": "dict"}) == {"__t": "dict"}  # user data never mistaken for a tag
    assert roundtrip({frozenset({1}), 2}) == {frozenset({1}), 2}


def test_big_ints_bytes_and_complex():
    big = 7**20_000
    assert roundtrip(big) == big
    assert roundtrip([big, 1]) == [big, 1]
    assert roundtrip(b"\x00\xff") == b"\x00\xff"
    assert roundtrip(1 + 2j) == 1 + 2j


def test_numpy_arrays_keep_dtype_and_shape():
    arr = np.arange(6, dtype=np.float32).reshape(2, 3)
    back = roundtrip(arr)
    assert isinstance(back, np.ndarray) and back.dtype == np.float32 and back.shape == (2, 3)
    assert np.array_equal(back, arr)
    assert roundtrip(np.array(["a", "bc"])).tolist() == ["a", "bc"]
    assert roundtrip(np.array([1, None], dtype=object)).tolist() == [1, None]
    scalar = roundtrip(np.int32(7))
    assert scalar == 7 and scalar.dtype == np.int32


def test_tensors_become_arrays():
    t = torch.arange(4, dtype=torch.float32, requires_grad=True) * 2
    back = roundtrip(t)
    assert isinstance(back, np.ndarray) and back.dtype == np.float32
    assert back.tolist() == [0.0, 2.0, 4.0, 6.0]
    half = roundtrip(torch.ones(2, dtype=torch.bfloat16))
    assert half.dtype == np.float32 and half.tolist() == [1.0, 1.0]


def test_other_objects_are_opaque_reprs():
    class Node:
        def __repr__(self):
            return "Node(1)"

    back = roundtrip(Node())
    assert back == Opaque("test_other_objects_are_opaque_reprs.<locals>.Node", "Node(1)")


def test_cycles_do_not_hang():
    loop: list = []
    loop.append(loop)
    with pytest.raises(Exception, match="nested too deeply"):
        encode(loop)


def test_unknown_tags_are_refused():
    with pytest.raises(WireError):
        decode({"__t": "pickle", "data": "..."})
    with pytest.raises(WireError):
        decode({"no": "tag"})


def test_short_repr_is_bounded():
    assert len(short_repr(list(range(10_000)))) <= REPR_CHARS
    assert len(short_repr("x" * 10_000)) <= REPR_CHARS

    class Hostile:
        def __repr__(self):
            raise RuntimeError("boom")

    assert "Hostile" in short_repr(Hostile())  # a failing __repr__ never breaks the harness


#: A lone high surrogate then a lone low one: two characters that a JSON decoder would join into
#: one (U+1F600) if they crossed as ordinary escaped text.
PAIR = "\ud83d\ude00"


@pytest.mark.parametrize(
    "value",
    [PAIR, "a" + PAIR + "é", [PAIR, "b"], [1, PAIR], {PAIR: PAIR}, {PAIR}, ("\udfff",)],
    ids=["str", "mixed", "flat-list", "mixed-list", "dict", "set", "tuple"],
)
def test_strings_with_surrogates_keep_every_code_point(value):
    back = roundtrip(value)
    want = list(value) if isinstance(value, tuple) else value
    assert back == want  # a joined pair would be one character, and unequal
    assert "\\ud83d" not in json.dumps(encode(value))  # never sent as escaped text


def test_ordinary_strings_cross_as_plain_json_text():
    assert encode("héllo €") == "héllo €" and encode(["a", "ü"]) == ["a", "ü"]
    assert encode("\U0001f600") == "\U0001f600"  # a real astral character is not a surrogate
