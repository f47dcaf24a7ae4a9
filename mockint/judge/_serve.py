"""The candidate's end of the check proxy, and the pipe both ends speak (:class:`Link`).

Standard library only; loaded by path by :mod:`mockint.judge._child` (and by
:mod:`mockint.judge._checker`, the trusted end). The protocol is in ``_checker``'s docstring:
here the candidate's process answers the checker's calls with plain-data values, the states of
the arguments a call changed, and the repeated calls of an ``rng_param`` problem. Nothing this
end sends is taken as a verdict.
"""

from __future__ import annotations

import json
import os
import types
from typing import TYPE_CHECKING, Any

# mypy reads the package branch only (the loose-file branch imports the same files by path).
if TYPE_CHECKING or __package__:
    from mockint.judge import _plain, _purity
    from mockint.judge._report import describe_error
else:  # loaded by path in a judge child (see _child.py)
    import _plain
    import _purity
    from _report import describe_error

#: Largest answer (bytes of JSON) the checker reads from the candidate for one call.
MAX_ANSWER_BYTES = 64 << 20


class Link:
    """JSON lines over a read fd and a write fd."""

    def __init__(self, read_fd: int, write_fd: int, cap: int = MAX_ANSWER_BYTES) -> None:
        self.read_fd, self.write_fd, self.cap = read_fd, write_fd, cap
        self.buf = bytearray()

    def send(self, message: dict[str, Any]) -> bool:
        data = memoryview((json.dumps(message, separators=(",", ":"), allow_nan=True) + "\n").encode())
        try:
            while data:
                data = data[os.write(self.write_fd, data) :]
        except OSError:  # the other end is gone
            return False
        return True

    def recv(self) -> dict[str, Any] | None:
        """The next message, or ``None`` at end of file; ``ValueError`` for a malformed or
        oversized one."""
        while (nl := self.buf.find(b"\n")) < 0:
            if len(self.buf) > self.cap:
                raise ValueError(f"an answer of more than {self.cap >> 20} MB")
            try:
                chunk = os.read(self.read_fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            self.buf += chunk
        line = bytes(self.buf[:nl])
        del self.buf[: nl + 1]
        message = json.loads(line)
        if type(message) is not dict:
            raise ValueError("not a JSON object")
        return message

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def serve(
    link: Link,
    module: types.ModuleType,
    entry: Any,
    entry_name: str,
    clock: Any,
    options: dict[str, Any] | None = None,
) -> tuple[float, bool]:
    """Answer the checker's calls until it is done. Returns the seconds spent in the solution's
    calls and whether the run may go on (``False`` after an error that ends the run).
    ``options`` is the job: its ``inputs_unchanged``, ``rng_index``, ``rng_param`` and
    ``random_output`` ask for the states and repeated calls described in the module docstring."""
    options = options or {}
    encode, decode = _plain.encode, _plain.decode  # bound before the solution's calls run
    calls = 0
    names = [
        k for k, v in vars(module).items() if not k.startswith("__") and isinstance(v, types.FunctionType)
    ]
    spent = 0.0
    if not link.send({"names": names}):
        return spent, True
    while True:
        try:
            request = link.recv()
        except ValueError:
            return spent, True
        if request is None or request.get("end"):
            return spent, True
        name = request.get("fn")
        # An unknown name gives None: calling it raises TypeError, reported as the call's error.
        target: Any = entry if name == entry_name else module.__dict__.get(str(name))
        raw_args, raw_kwargs = request.get("args", []), request.get("kwargs", {})
        args = [_plain.decode(a) for a in raw_args]
        kwargs = {str(k): _plain.decode(v) for k, v in raw_kwargs.items()}
        answer, took = _call_once(target, args, kwargs, clock, encode)
        spent += took
        calls += 1
        if options.get("inputs_unchanged"):
            try:
                answer["after"] = _purity.input_states(args, kwargs, encode)
            except BaseException:
                pass  # reported as not sent: the checker counts that as modified
        if name == entry_name and "error" not in answer and _rng_slot(options, raw_args, raw_kwargs):
            spent += _repeat_calls(
                target, raw_args, raw_kwargs, options, answer, calls, clock, decode, encode
            )
        mutated = _mutated_states(args, kwargs, raw_args, raw_kwargs)
        if mutated:
            answer["mutated"] = mutated
        if not link.send(answer):
            return spent, True
        error = answer.get("error")
        if error and (error.get("type") == "RecursionError" or error.get("memory") or error.get("file_size")):
            return spent, False


def _call_once(
    target: Any, args: list[Any], kwargs: dict[str, Any], clock: Any, encode: Any
) -> tuple[dict[str, Any], float]:
    """One call of the solution: the answer (``value`` in plain form, or ``error``) and the
    seconds it took."""
    answer: dict[str, Any] = {}
    start = clock()
    try:
        value = target(*args, **kwargs)
    except BaseException as exc:
        took = clock() - start
        answer["error"] = describe_error(exc)
        return answer, took
    took = clock() - start
    try:
        answer["value"] = encode(value)
    except BaseException as exc:
        answer["error"] = describe_error(exc)
    del value
    return answer, took


def _mutated_states(
    args: list[Any], kwargs: dict[str, Any], raw_args: list[Any], raw_kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The plain form after the call of each mutable argument the call changed, keyed ``"0"``,
    ``"1"``... or ``"k:NAME"``."""
    mutated = {}
    for key, new, old in [(str(i), a, raw_args[i]) for i, a in enumerate(args)] + [
        (f"k:{k}", v, raw_kwargs[k]) for k, v in kwargs.items()
    ]:
        if _plain.is_mutable(new):
            try:
                state = _plain.encode(new)
            except BaseException:
                continue
            if state != old:
                mutated[key] = state
    return mutated


def _rng_slot(options: dict[str, Any], args: list[Any], kwargs: dict[str, Any]) -> str | None:
    """Where a call passes the ``rng_param`` argument as a NumPy generator (plain form
    ``npgen``): its position as text, ``"k:NAME"``, or ``None``."""
    index, name = options.get("rng_index"), options.get("rng_param")
    if isinstance(index, int) and index < len(args):
        value, key = args[index], str(index)
    elif isinstance(name, str) and name in kwargs:
        value, key = kwargs[name], f"k:{name}"
    else:
        return None
    return key if isinstance(value, dict) and value.get("__t") == "npgen" else None


def _repeat_calls(
    target: Any,
    raw_args: list[Any],
    raw_kwargs: dict[str, Any],
    options: dict[str, Any],
    answer: dict[str, Any],
    salt: int,
    clock: Any,
    decode: Any,
    encode: Any,
) -> float:
    """The ``repeat`` (and ``other``) calls of an ``rng_param`` call, on inputs decoded afresh
    from the checker's plain forms; their values (or an error) go into ``answer``."""
    key = _rng_slot(options, raw_args, raw_kwargs)
    spent = 0.0
    kinds = ("repeat", "other") if options.get("random_output") else ("repeat",)
    for n, kind in enumerate(kinds):
        args = [decode(a) for a in raw_args]
        kwargs = {str(k): decode(v) for k, v in raw_kwargs.items()}
        if kind == "other" and key is not None:
            if key.startswith("k:"):
                kwargs[key[2:]] = _purity.reseeded(kwargs[key[2:]], 1000 + salt)
            else:
                args[int(key)] = _purity.reseeded(args[int(key)], 1000 + salt)
        _purity.disturb(1000 + 2 * salt + n)
        start = clock()
        try:
            value = target(*args, **kwargs)
        except BaseException as exc:
            spent += clock() - start
            answer.pop("value", None)
            answer["error"] = describe_error(exc)
            return spent
        spent += clock() - start
        try:
            answer[kind] = encode(value)
        except BaseException as exc:
            answer.pop("value", None)
            answer["error"] = describe_error(exc)
            return spent
        del value
    return spent
