"""Plain data for the check proxy: values that cross between the check's trusted process and the
candidate's process keep their built-in type (a tuple stays a tuple, a dict key stays a tuple).

Standard library only (NumPy and torch are used when already imported): loaded by path in both
judge children. Decoding only ever builds built-in types, NumPy arrays and scalars, torch tensors
(when the decoding process has torch), NumPy random generators and :class:`Foreign`, so nothing
the candidate's process sends can carry its own ``__eq__``, ``__sub__`` or ``__abs__``.

Forms (JSON): ``None``/bool/int/float/str as themselves, a list as a JSON list, everything else
a ``{"__t": tag, ...}`` table: ``tuple``, ``dict`` (``items`` of key/value pairs), ``set``,
``frozenset``, ``bytes``, ``bytearray``, ``complex``, ``bigint`` (hex), ``ndarray`` (dtype,
shape, base64 bytes or items), ``npscalar``, ``tensor`` (an ndarray plus torch's dtype name),
``npgen`` (bit generator name and state), ``pyrandom`` (``random.Random`` state) and ``object``
(any other value: its type name and a short repr).
"""

from __future__ import annotations

import base64
import random
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

_MAX_DEPTH = 200
# Its sibling: by package inside the app and tests, by path inside the judge children. The
# child decides by ``__package__``, not by trying the package first: where mockint is installed
# (an editable install, the wheel) that import would load the whole ``mockint.judge`` package
# into every child, about 0.1 s of CPU each, only for the harness to drop it again.
if TYPE_CHECKING or __package__:
    from mockint.judge._report import _BIG_INT_BITS, _SCALARS, _flat_scalars, decode_str, encode_str
else:  # pragma: no cover - runs inside the judge children
    from _report import _BIG_INT_BITS, _SCALARS, _flat_scalars, decode_str, encode_str


class Unsendable(TypeError):
    """A value that has no plain-data form (a function, an open file...)."""


class Foreign:
    """Stands for an object the candidate returned that is not plain data: equal to nothing but
    itself, with the candidate's repr for messages."""

    __slots__ = ("type_name", "text")

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except BaseException as exc:
        text = f"<{type(value).__name__} object (repr failed: {type(exc).__name__})>"
    return text if len(text) <= 300 else text[:297] + "..."


def encode(value: Any, *, strict: bool = False, depth: int = 0) -> Any:
    """The plain-data form of ``value``. ``strict``: raise :class:`Unsendable` for an object with
    no plain form (the check's own arguments) instead of sending its type and repr."""
    if depth > _MAX_DEPTH:
        raise Unsendable("nested too deeply")
    kind = type(value)
    if value is None or kind is bool or kind is float:
        return value
    if kind is str:
        return encode_str(value)
    if kind is int:
        return value if value.bit_length() <= _BIG_INT_BITS else {"__t": "bigint", "hex": hex(value)}
    d = depth + 1
    for exact_kind, encoder in _BUILTIN_ENCODERS:  # by identity: a subclass is handled below
        if kind is exact_kind:
            return encoder(value, strict, d)
    library = _encode_library(value, strict, d)
    if library is not None:
        return library
    if strict:
        raise Unsendable(f"a {kind.__qualname__} cannot be sent as plain data")
    return _encode_loose(value, depth)


def _encode_items(values: Any, strict: bool, d: int) -> list[Any]:
    return [encode(v, strict=strict, depth=d) for v in values]


def _encode_list(value: list[Any], strict: bool, d: int) -> Any:
    return _flat_scalars(value) or _encode_items(value, strict, d)


def _encode_tuple(value: tuple[Any, ...], strict: bool, d: int) -> Any:
    return {"__t": "tuple", "items": _flat_scalars(value) or _encode_items(value, strict, d)}


def _encode_dict(value: dict[Any, Any], strict: bool, d: int) -> Any:
    pairs = [[encode(k, strict=strict, depth=d), encode(v, strict=strict, depth=d)] for k, v in value.items()]
    return {"__t": "dict", "items": pairs}


def _encode_set(value: set[Any] | frozenset[Any], strict: bool, d: int) -> Any:
    return {"__t": type(value).__name__, "items": _encode_items(value, strict, d)}


def _encode_bytes(value: bytes | bytearray, strict: bool, d: int) -> Any:
    return {"__t": type(value).__name__, "b64": base64.b64encode(value).decode("ascii")}


def _encode_complex(value: complex, strict: bool, d: int) -> Any:
    return {"__t": "complex", "re": value.real, "im": value.imag}


def _encode_pyrandom(value: random.Random, strict: bool, d: int) -> Any:
    return {"__t": "pyrandom", "state": encode(value.getstate(), depth=d)}


#: The built-in types with a form of their own, matched by identity (``type(value) is ...``).
_BUILTIN_ENCODERS: tuple[tuple[type[Any], Callable[[Any, bool, int], Any]], ...] = (
    (list, _encode_list),
    (tuple, _encode_tuple),
    (dict, _encode_dict),
    (set, _encode_set),
    (frozenset, _encode_set),
    (bytes, _encode_bytes),
    (bytearray, _encode_bytes),
    (complex, _encode_complex),
    (random.Random, _encode_pyrandom),
)


def _encode_library(value: Any, strict: bool, d: int) -> dict[str, Any] | None:
    """The form of a NumPy array, scalar or generator or a torch tensor (only when the library is
    already imported), else ``None``."""
    np = sys.modules.get("numpy")
    if np is None:
        return None
    if isinstance(value, np.ndarray):
        return _encode_array(np, value, strict, d)
    if isinstance(value, np.generic):
        return {
            "__t": "npscalar",
            "dtype": value.dtype.str,
            "value": encode(value.item(), strict=strict, depth=d),
        }
    if isinstance(value, np.random.Generator):
        bitgen = value.bit_generator
        return {"__t": "npgen", "name": type(bitgen).__name__, "state": encode(bitgen.state, depth=d)}
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        t = value.detach().cpu()
        name = str(t.dtype).replace("torch.", "")
        if t.dtype == torch.bfloat16 or "float8" in name:
            t = t.float()
        out = _encode_array(np, t.contiguous().numpy(), strict, d)
        out["__t"], out["torch"] = "tensor", name
        if value.requires_grad:
            out["grad"] = True
        return out
    return None


def _encode_loose(value: Any, depth: int) -> Any:
    """A value with no exact plain form: a subclass of a built-in crosses as the built-in (an int
    whose ``__eq__`` is always true...), anything else as its type name and repr."""
    for base, exact in _EXACT:
        if isinstance(value, base):  # the base type's own slot: an override cannot change it
            return encode(exact(value), depth=depth)
    if isinstance(value, list | tuple | dict | set | frozenset):
        plain: tuple[type[Any], ...] = (list, tuple, dict, set, frozenset)
        container = next(b for b in plain if isinstance(value, b))
        try:
            return encode(container(value), depth=depth)
        except BaseException:
            pass
    return {"__t": "object", "type": type(value).__qualname__, "repr": _short(value)}


_EXACT: tuple[tuple[type[Any], Callable[[Any], Any]], ...] = (
    (int, int.__index__),
    (float, float.__float__),
    (str, str.__str__),
    (bytes, bytes.__bytes__),
    (complex, complex.__complex__),
)


def _encode_array(np: Any, arr: Any, strict: bool, depth: int) -> dict[str, Any]:
    arr = np.asarray(arr)
    out: dict[str, Any] = {"__t": "ndarray", "dtype": arr.dtype.str, "shape": list(arr.shape)}
    if arr.dtype.kind in "biufc":
        out["b64"] = base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")
    else:
        out["dtype"] = "O" if arr.dtype.kind == "O" else arr.dtype.str
        out["items"] = [encode(v, strict=strict, depth=depth) for v in arr.ravel().tolist()]
    return out


def decode(data: Any, depth: int = 0) -> Any:
    """Built-in values back from :func:`encode`; raises ``ValueError`` on a malformed form."""
    if depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    d = depth + 1
    if type(data) is list:
        if set(map(type, data)) <= _SCALARS:
            return list(data)  # a copy: the caller may compare the original after a call
        return [decode(v, d) for v in data]
    if type(data) is not dict:
        raise ValueError(f"not plain data: {type(data).__name__}")
    tag = data.get("__t")
    handler = _DECODERS.get(tag) if type(tag) is str else None
    if handler is None:
        raise ValueError(f"unknown value tag {tag!r}")
    try:
        return handler(data, d)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed {tag!r} value: {exc}") from None


def _decode_tuple(data: dict[str, Any], d: int) -> tuple[Any, ...]:
    items = data["items"]
    if type(items) is list and set(map(type, items)) <= _SCALARS:
        return tuple(items)
    return tuple(decode(v, d) for v in items)


def _decode_pyrandom(data: dict[str, Any], d: int) -> random.Random:
    rng = random.Random()
    rng.setstate(decode(data["state"], d))
    return rng


def _decode_npgen(data: dict[str, Any], d: int) -> Any:
    np = _numpy()
    bitgen = getattr(np.random, str(data["name"]))
    if not (isinstance(bitgen, type) and issubclass(bitgen, np.random.BitGenerator)):
        raise ValueError(f"unknown bit generator {data['name']!r}")
    gen = np.random.Generator(bitgen())
    gen.bit_generator.state = decode(data["state"], d)
    return gen


def _decode_tensor(data: dict[str, Any], d: int) -> Any:
    arr = _decode_array(_numpy(), data, d)
    torch = _torch()
    t = torch.from_numpy(arr.copy()) if arr.dtype.kind != "O" else torch.tensor(arr.tolist())
    dtype = getattr(torch, str(data["torch"]), None)
    if not isinstance(dtype, torch.dtype):
        raise ValueError(f"unknown tensor dtype {data['torch']!r}")
    t = t.to(dtype)
    return t.requires_grad_() if data.get("grad") else t


#: Each tag's decoder: ``(form, depth of its items) -> value``.
_DECODERS: dict[str, Callable[[dict[str, Any], int], Any]] = {
    "tuple": _decode_tuple,
    "dict": lambda data, d: {decode(k, d): decode(v, d) for k, v in data["items"]},
    "set": lambda data, d: {decode(v, d) for v in data["items"]},
    "frozenset": lambda data, d: frozenset(decode(v, d) for v in data["items"]),
    "str": lambda data, d: decode_str(data["b64"]),
    "bytes": lambda data, d: base64.b64decode(data["b64"]),
    "bytearray": lambda data, d: bytearray(base64.b64decode(data["b64"])),
    "complex": lambda data, d: complex(float(data["re"]), float(data["im"])),
    "bigint": lambda data, d: int(str(data["hex"]), 16),
    "pyrandom": _decode_pyrandom,
    "object": lambda data, d: Foreign(str(data["type"]), str(data["repr"])),
    "ndarray": lambda data, d: _decode_array(_numpy(), data, d),
    "npscalar": lambda data, d: _numpy().dtype(str(data["dtype"])).type(decode(data["value"], d)),
    "npgen": _decode_npgen,
    "tensor": _decode_tensor,
}


def _numpy() -> Any:
    np = sys.modules.get("numpy")
    if np is None:
        import numpy as np  # noqa: PLC0415 - only when an array arrives
    return np


def _torch() -> Any:
    found = sys.modules.get("torch")
    if found is not None:
        return found
    import torch  # noqa: PLC0415 - only when a tensor arrives

    return torch


def _decode_array(np: Any, data: dict[str, Any], depth: int) -> Any:
    shape = tuple(int(n) for n in data["shape"])
    if "b64" in data:
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in "biufc":
            raise ValueError("binary array of a non-numeric dtype")
        return np.frombuffer(base64.b64decode(data["b64"]), dtype=dtype).copy().reshape(shape)
    items = [decode(v, depth) for v in data["items"]]
    if data["dtype"] == "O":
        arr = np.empty(len(items), dtype=object)
        arr[:] = items
        return arr.reshape(shape)
    return np.array(items, dtype=np.dtype(str(data["dtype"]))).reshape(shape)


def put_back(target: Any, new: Any) -> bool:
    """Make ``target`` (a check's argument) equal to ``new`` (its state after the candidate's
    call) in place, where its type allows; ``False`` when it cannot be changed in place."""
    kind = type(target)
    if kind is list and type(new) is list:
        target[:] = new
    elif kind is dict and type(new) is dict:
        target.clear()
        target.update(new)
    elif kind is set and type(new) is set:
        target.clear()
        target.update(new)
    elif kind is bytearray and type(new) is bytearray:
        target[:] = new
    elif kind is random.Random and type(new) is random.Random:
        target.setstate(new.getstate())
    else:
        np = sys.modules.get("numpy")
        torch = sys.modules.get("torch")
        if np is not None and isinstance(target, np.ndarray) and isinstance(new, np.ndarray):
            if target.shape != new.shape or not target.flags.writeable:
                return False
            target[...] = new
        elif (
            np is not None
            and isinstance(target, np.random.Generator)
            and isinstance(new, np.random.Generator)
        ):
            target.bit_generator.state = new.bit_generator.state
        elif torch is not None and isinstance(target, torch.Tensor) and isinstance(new, torch.Tensor):
            if target.shape != new.shape:
                return False
            with torch.no_grad():
                target.copy_(new)
        else:
            return False
    return True


def is_mutable(value: Any) -> bool:
    """Could a call change ``value`` in place (so its state after the call is sent back)?"""
    kind = type(value)
    if kind in (list, dict, set, bytearray, random.Random):
        return True
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray | np.random.Generator):
        return True
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)
