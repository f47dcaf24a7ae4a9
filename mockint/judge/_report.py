"""How a judge child reports values and errors: tagged plain data and short, solution-only text.

Used inside the child (:mod:`mockint.judge._child` loads this file by path, so ``mockint`` never
goes on the child's ``sys.path``) and by the parent for the same short reprs. Stdlib only.
"""

from __future__ import annotations

import base64
import errno
import linecache
import reprlib
import sys
import types
from typing import Any

#: Filename the solution is compiled under; traceback frames from it are the solution's own.
SOLUTION_FILE = "solution.py"
#: Longest repr (characters) of an argument list or value shown to the user.
REPR_CHARS = 300
#: Ints with more bits than this travel as hex (the 4300-digit str() limit does not apply to hex).
_BIG_INT_BITS = 10_000
#: Nesting depth beyond which a value is sent as an opaque repr (guards against cycles).
_MAX_DEPTH = 200
#: How many solution frames a traceback keeps at each end (unbounded recursion makes thousands).
_TRACE_EDGE = 12

_repr = reprlib.Repr()
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdeque = 24
_repr.maxdict = 12
_repr.maxstring = 120
_repr.maxlong = 80
_repr.maxother = REPR_CHARS
_repr.maxlevel = 5


def short_repr(value: Any, limit: int = REPR_CHARS) -> str:
    """``repr(value)`` shortened to at most ``limit`` characters; never raises."""
    try:
        text = _repr.repr(value)
    except BaseException as exc:  # a hostile __repr__ must not break the harness
        text = f"<{type(value).__name__} object (repr failed: {type(exc).__name__})>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def args_repr(args: tuple[Any, ...]) -> str:
    """Positional arguments as they would appear in a call, shortened to ``REPR_CHARS``."""
    return short_repr_join([short_repr(a) for a in args])


def short_repr_join(parts: list[str]) -> str:
    text = ", ".join(parts)
    return text if len(text) <= REPR_CHARS else text[: REPR_CHARS - 3] + "..."


# --------------------------------------------------------------------------- value encoding


class Unencodable(Exception):
    pass


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-able form of ``value``: tuples become lists; dicts, sets, arrays, tensors, bytes,
    complex numbers, big ints and other objects become ``{"__t": tag, ...}`` tables.

    Every JSON object produced is such a tagged table, so tags never clash with user data.
    """
    if depth > _MAX_DEPTH:
        raise Unencodable("nested too deeply")
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is str:
        return encode_str(value)
    if kind is int:
        return value if value.bit_length() <= _BIG_INT_BITS else {"__t": "bigint", "hex": hex(value)}
    if kind is float:
        return value
    if kind is list or kind is tuple:
        flat = _flat_scalars(value)
        return flat if flat is not None else [encode(v, depth + 1) for v in value]
    library = _encode_library(value, depth)
    if library is not None:
        return library
    return _encode_subclass(value, depth)


def _encode_library(value: Any, depth: int) -> dict[str, Any] | None:
    """The form of a NumPy array or scalar or a torch tensor (when that library is already
    imported), else ``None``."""
    np = sys.modules.get("numpy")
    if np is not None:
        if isinstance(value, np.ndarray):
            return _encode_array(np, value, depth)
        if isinstance(value, np.generic):
            return {"__t": "npscalar", "dtype": value.dtype.str, "value": encode(value.item(), depth + 1)}
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return _encode_tensor(torch, value, depth)
    return None


def _encode_subclass(value: Any, depth: int) -> Any:
    """A subclass of a built-in as that built-in; any other object as its type name and repr."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return encode(int(value), depth)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return encode_str(str(value))
    if isinstance(value, dict):
        return {
            "__t": "dict",
            "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()],
        }
    if isinstance(value, set | frozenset):
        return {"__t": "set", "items": [encode(v, depth + 1) for v in value]}
    if isinstance(value, list | tuple):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, bytes | bytearray):
        return {"__t": "bytes", "b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, complex):
        return {"__t": "complex", "re": value.real, "im": value.imag}
    return {"__t": "object", "type": type(value).__qualname__, "repr": short_repr(value)}


_SCALARS = frozenset({int, float, str, bool, type(None)})


def has_surrogate(text: str) -> bool:
    """Does ``text`` hold a surrogate code point (U+D800 to U+DFFF)? JSON cannot carry one
    faithfully: a decoder joins an escaped high and low surrogate into one character, so
    ``"\\ud83d" + "\\ude00"`` (two characters) would arrive as one emoji."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")  # strict UTF-8 refuses every surrogate; C speed
    except UnicodeEncodeError:
        return True
    return False


def encode_str(text: str) -> Any:
    """``text`` itself, or, when it holds a surrogate, ``{"__t": "str", "b64": ...}``: its
    UTF-8 bytes with surrogates passed through, which decode back to the same code points."""
    if not has_surrogate(text):
        return text
    return {"__t": "str", "b64": base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")}


def decode_str(b64: str) -> str:
    """The inverse of :func:`encode_str`'s tagged form; raises ``ValueError`` if malformed."""
    return base64.b64decode(b64, validate=True).decode("utf-8", "surrogatepass")


def _flat_scalars(value: list[Any] | tuple[Any, ...]) -> list[Any] | None:
    """``value`` as a list when it holds only plain scalars (checked at C speed) and no string
    with a surrogate (those need :func:`encode_str`), else ``None``."""
    kinds = set(map(type, value))
    if not kinds <= _SCALARS:
        return None
    if str in kinds:
        strs = value if len(kinds) == 1 else [v for v in value if type(v) is str]
        if has_surrogate("".join(strs)):
            return None
    if int in kinds:
        ints = value if len(kinds) == 1 else [v for v in value if type(v) is int]
        if max(max(ints), -min(ints)).bit_length() > _BIG_INT_BITS:
            return None
    return value if type(value) is list else list(value)


def _encode_array(np: Any, arr: Any, depth: int, torch_dtype: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"__t": "ndarray", "shape": list(arr.shape), "dtype": arr.dtype.str}
    if torch_dtype:
        out["torch_dtype"] = torch_dtype
    if arr.dtype.kind in "biufc":
        out["b64"] = base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")
    else:
        out["items"] = [encode(v, depth + 1) for v in arr.ravel().tolist()]
    return out


def _encode_tensor(torch: Any, tensor: Any, depth: int) -> dict[str, Any]:
    name = str(tensor.dtype)
    t = tensor.detach().cpu()
    if t.layout != torch.strided:
        t = t.to_dense()
    if t.is_quantized:
        t = t.dequantize()
    if t.dtype in (torch.bfloat16,) or "float8" in name:
        t = t.float()
    elif t.dtype is getattr(torch, "complex32", None):
        t = t.to(torch.complex64)
    np = sys.modules.get("numpy")
    if np is None:  # torch without numpy: send a nested list
        return {"__t": "tensorlist", "torch_dtype": name, "items": encode(t.tolist(), depth + 1)}
    return _encode_array(np, t.numpy(), depth, torch_dtype=name)


# --------------------------------------------------------------------------- errors


def is_file_size_error(exc: BaseException) -> bool:
    """A write refused by ``RLIMIT_FSIZE`` (Python ignores SIGXFSZ, so the write fails with EFBIG)."""
    return isinstance(exc, OSError) and exc.errno == errno.EFBIG


def is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    # torch reports a failed allocation as RuntimeError("... DefaultCPUAllocator: can't allocate memory")
    text = str(exc) if isinstance(exc, RuntimeError) else ""
    return "can't allocate memory" in text or "DefaultCPUAllocator" in text


def _solution_frames(tb: types.TracebackType | None) -> list[str]:
    """Formatted traceback lines for the solution's own frames, outermost first.

    Runs of the same frame (deep recursion) collapse into one "repeated" line, as Python's own
    tracebacks do, and a very long trace keeps only both ends.
    """
    spots: list[tuple[int, str]] = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == SOLUTION_FILE:
            spots.append((tb.tb_lineno, tb.tb_frame.f_code.co_name))
        tb = tb.tb_next
    blocks: list[list[Any]] = []  # [spot, times]
    for spot in spots:
        if blocks and blocks[-1][0] == spot:
            blocks[-1][1] += 1
        else:
            blocks.append([spot, 1])
    lines: list[str] = []
    omitted = 0
    if len(blocks) > 2 * _TRACE_EDGE:
        omitted = sum(n for _, n in blocks[_TRACE_EDGE:-_TRACE_EDGE])
        blocks = blocks[:_TRACE_EDGE] + [[None, 0]] + blocks[-_TRACE_EDGE:]
    for spot, times in blocks:
        if spot is None:
            lines.append(f"  ... {omitted} more calls in your code ...")
            continue
        lineno, name = spot
        lines.append(f'  File "{SOLUTION_FILE}", line {lineno}, in {name}')
        src = linecache.getline(SOLUTION_FILE, lineno).strip()
        if src:
            lines.append(f"    {src}")
        if times > 1:
            lines.append(f"  [Previous line repeated {times - 1} more times]")
    return lines


def describe_error(exc: BaseException) -> dict[str, Any]:
    """Exception type, message and a traceback of the solution's frames only, and whether it is
    an out-of-memory error or a file-size limit."""
    frames = _solution_frames(exc.__traceback__)
    lines = ["Traceback (most recent call last, your code only):", *frames] if frames else []
    try:
        message = str(exc)
    except BaseException:
        message = "<message could not be shown>"
    if len(message) > 1000:
        message = message[:997] + "..."
    name = type(exc).__name__
    lines.append(f"{name}: {message}" if message else name)
    return {
        "type": name,
        "message": message,
        "trace": "\n".join(lines),
        "memory": is_memory_error(exc),
        "file_size": is_file_size_error(exc),
        "in_solution": bool(frames),
    }
