"""The strict reading and the field checks behind :mod:`mockint.review.import_check` (no Qt, no SQL).

:func:`parse_json` and :func:`read_json_file` refuse what JSON allows but an export never holds
(NaN, a key twice, absurd size or depth). The ``Check`` callables (``_text``, ``_id``, ``_time``,
``_record``...) each take ``(value, where)``, return the value as the store keeps it, and raise
:class:`ImportRejected` naming ``where`` (the value's path in the document) and what is wrong.
Private to the review package: import the public names from :mod:`mockint.review.import_check`.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mockint.store.recordings import path_problem

#: Bytes of JSON :func:`read_json_file` accepts (a year of daily loops is a few megabytes).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Characters in one text field (notes, code, a verdict's output).
MAX_TEXT = 2_000_000
#: Items in one list (sessions; rounds of a session; verdicts of an answer...).
MAX_ITEMS = 1_000_000
#: Nesting depth of a verdict's ``detail``.
MAX_DEPTH = 32

_ID = re.compile(r"[0-9a-f]{32}")


class ImportRejected(ValueError):
    """The file is not a valid mockint history export; nothing was imported.

    ``where`` is the path of the first bad value in the document (``sessions[2].rounds[0].title``).
    """

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(
            f"{where}: {problem}. Nothing was imported." if where else f"{problem}. Nothing was imported."
        )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ImportRejected("", f"the key {_short(key)} appears twice in one object")
        data[key] = value
    return data


def parse_json(text: str | bytes) -> Any:
    """Parse an export strictly: no NaN or Infinity, no key twice in one object.

    Raises :class:`ImportRejected` for anything that is not such JSON (or nests too deeply).
    """

    def no_constants(name: str) -> Any:
        raise ImportRejected("", f"{name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=no_constants)
    except ImportRejected:
        raise
    except RecursionError:
        raise ImportRejected("", "the file nests too deeply to be a mockint export") from None
    except UnicodeDecodeError as exc:
        raise ImportRejected("", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except ValueError as exc:  # json.JSONDecodeError, and int strings past Python's digit limit
        raise ImportRejected("", f"the file is not valid JSON ({exc})") from None


def read_json_file(path: str | os.PathLike[str]) -> Any:
    """Read and :func:`parse_json` an export file of at most :data:`MAX_FILE_BYTES`.

    Raises ``OSError`` when it cannot be read, :class:`ImportRejected` when it is too big or not JSON.
    """
    file = Path(path)
    with file.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected("", f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    return parse_json(data)


Check = Callable[[Any, str], Any]


def _text(limit: int = MAX_TEXT) -> Check:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise ImportRejected(where, f"must be text, got {_kind(value)}")
        if len(value) > limit:
            raise ImportRejected(where, f"is longer than {limit} characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ImportRejected(
                where, "holds a character that is not valid Unicode (a lone surrogate)"
            ) from None
        return value

    return check


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ImportRejected(where, f"must be an id of 32 lowercase hex digits, got {_short(value)}")
    return value


def _time(value: Any, where: str) -> str:
    if isinstance(value, str) and len(value) <= 40:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if (
            moment is not None
            and moment.tzinfo is not None
            and moment.astimezone(UTC).isoformat(timespec="microseconds") == value
        ):
            return value
    raise ImportRejected(
        where,
        "must be an ISO-8601 UTC time with microseconds, as mockint writes it "
        f"(2024-05-01T09:00:00.000000+00:00), got {_short(value)}",
    )


def _optional(check: Check) -> Check:
    return lambda value, where: None if value is None else check(value, where)


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any, where: str) -> str:
        if value not in choices or not isinstance(value, str):
            raise ImportRejected(where, f"must be one of {', '.join(choices)}, got {_short(value)}")
        return value

    return check


def _int(low: int, high: int) -> Check:
    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ImportRejected(where, f"must be a whole number from {low} to {high}, got {_short(value)}")
        return value

    return check


def _seconds(value: Any, where: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
        or value > 1e9
    ):
        raise ImportRejected(where, f"must be a number of seconds from 0 to 1e9, got {_short(value)}")
    return float(value)


def _key_points(value: Any, where: str) -> str:
    if not isinstance(value, list) or len(value) > 10_000:
        raise ImportRejected(where, f"must be a list of key point numbers, got {_kind(value)}")
    for i, item in enumerate(value):
        _int(0, 10_000)(item, f"{where}[{i}]")
    if value != sorted(set(value)):
        raise ImportRejected(where, "must list each key point number once, in increasing order")
    return json.dumps(value)


def _json_value(value: Any, where: str, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ImportRejected(where, f"nests deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ImportRejected(where, "must be a finite number")
    elif isinstance(value, str):
        _text()(value, where)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise ImportRejected(where, f"has more than {MAX_ITEMS} items")
        for i, item in enumerate(value):
            _json_value(item, f"{where}[{i}]", depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _text(1000)(key, f"{where} key")
            _json_value(item, f"{where}.{key}", depth + 1)
    else:
        raise ImportRejected(where, f"is not a JSON value ({_kind(value)})")


def _recording_path(value: Any, where: str) -> str:
    text = _text(4096)(value, where)
    problem = path_problem(text)
    if problem:
        raise ImportRejected(where, f"{problem}, got {_short(text)}")
    return text


def _detail(value: Any, where: str) -> str:
    if not isinstance(value, dict):
        raise ImportRejected(where, f"must be an object, got {_kind(value)}")
    _json_value(value, where)
    return json.dumps(value)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _record(
    value: Any, where: str, fields: Mapping[str, Check], nested: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Check an object has exactly ``fields`` (plus the ``nested`` lists) and check each field."""
    if not isinstance(value, dict):
        raise ImportRejected(where, f"must be an object, got {_kind(value)}")
    expected = set(fields) | set(nested)
    missing = [k for k in (*fields, *nested) if k not in value]
    if missing:
        raise ImportRejected(where, f"lacks {', '.join(missing)}")
    unknown = sorted(set(value) - expected)
    if unknown:
        raise ImportRejected(where, f"has fields this version does not know: {', '.join(unknown)}")
    return {name: check(value[name], f"{where}.{name}") for name, check in fields.items()}


def _items(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportRejected(where, f"must be a list, got {_kind(value)}")
    if len(value) > MAX_ITEMS:
        raise ImportRejected(where, f"has more than {MAX_ITEMS} items")
    return value
