"""Decode the plain tagged values a judge child sends back (see :func:`mockint.judge._child.encode`).

Only JSON comes back from a child; nothing is unpickled. Decoding gives ordinary Python data:
lists for lists and tuples, ``dict``/``set`` for tagged dicts and sets (their keys and items made
hashable), NumPy arrays for arrays and tensors, NumPy scalars for NumPy scalars, and
:class:`Opaque` for any other object the solution returned.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from mockint.judge._report import decode_str


class WireError(ValueError):
    """A child sent a value that is not in the tagged form (a broken or forged result)."""


@dataclass(frozen=True)
class Opaque:
    """An object the child could not send as data: equal only to the same type with the same repr."""

    type: str
    repr: str

    def __repr__(self) -> str:
        return self.repr


def freeze(value: Any) -> Any:
    """A hashable equivalent of decoded data: lists become tuples, dicts and sets frozen."""
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return frozenset((freeze(k), freeze(v)) for k, v in value.items())
    if isinstance(value, set | frozenset):
        return frozenset(freeze(v) for v in value)
    np = _numpy_if_loaded()
    if np is not None and isinstance(value, np.ndarray):
        return ("ndarray", value.shape, freeze(value.tolist()))
    return value


def decode(data: Any) -> Any:
    """Turn one encoded value back into Python data; raises :class:`WireError` on unknown tags."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("__t")
    try:
        if tag == "dict":
            return {freeze(decode(k)): decode(v) for k, v in data["items"]}
        if tag == "set":
            return {freeze(decode(v)) for v in data["items"]}
        if tag == "ndarray":
            return _decode_array(data)
        if tag == "tensorlist":
            import numpy as np

            return np.asarray(decode(data["items"]))
        if tag == "npscalar":
            import numpy as np

            return np.dtype(data["dtype"]).type(decode(data["value"]))
        if tag == "bigint":
            return int(data["hex"], 16)
        if tag == "str":  # a string holding a surrogate, as UTF-8 with surrogates passed through
            return decode_str(data["b64"])
        if tag == "bytes":
            return base64.b64decode(data["b64"])
        if tag == "complex":
            return complex(data["re"], data["im"])
        if tag == "object":
            return Opaque(str(data["type"]), str(data["repr"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"malformed {tag!r} value: {exc}") from None
    raise WireError(f"unknown value tag {tag!r}")


def _decode_array(data: dict[str, Any]) -> Any:
    import numpy as np

    dtype = np.dtype(data["dtype"])
    shape = tuple(int(n) for n in data["shape"])
    if "b64" in data:
        raw = base64.b64decode(data["b64"])
        arr = np.frombuffer(raw, dtype=dtype).copy()
    elif dtype.kind == "O":
        items = decode(data["items"])
        arr = np.empty(len(items), dtype=object)
        arr[:] = items
    else:
        arr = np.array(decode(data["items"]), dtype=dtype)
    return arr.reshape(shape)


def _numpy_if_loaded() -> Any:
    import sys

    return sys.modules.get("numpy")
