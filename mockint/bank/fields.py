"""Typed reads from TOML tables, each problem named by its dotted field path.

:class:`Invalid` carries ``field`` (e.g. ``questions[3].hints[1]``) and ``problem``; the loader
turns it into a ``file: field: problem`` line (:class:`~mockint.bank.model.BankIssue`).
"""

from __future__ import annotations

import builtins
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any


class Invalid(Exception):
    """Raised inside validation; carries the field path and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class Fields:
    """Typed reads from one TOML table, with the table's path for error messages.

    Its methods ``str``, ``int`` and ``bool`` shadow the builtins inside the class body, so the
    signatures after them spell ``builtins.str`` and so on.
    """

    def __init__(self, table: Any, path: str) -> None:
        if not isinstance(table, dict):
            raise Invalid(path or "(top level)", f"expected a table, got {kind_of(table)}")
        self.table = table
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{field_key(key)}" if self.path else field_key(key)

    def _get(self, key: str, required: bool, default: Any) -> Any:
        if key not in self.table:
            if required:
                raise Invalid(self.name(key), "missing")
            return default
        return self.table[key]

    def str(
        self,
        key: builtins.str,
        required: builtins.bool = True,
        default: builtins.str = "",
        nonempty: builtins.bool = True,
    ) -> builtins.str:
        value = self._get(key, required, default)
        if not isinstance(value, str):
            raise Invalid(self.name(key), f"expected a string, got {kind_of(value)}")
        if required and nonempty and not value.strip():
            raise Invalid(self.name(key), "must not be empty")
        return value

    def choice(
        self,
        key: builtins.str,
        choices: Iterable[builtins.str],
        required: builtins.bool = True,
        default: builtins.str = "",
    ) -> builtins.str:
        choices = tuple(choices)
        value = self.str(key, required, default)
        if value not in choices:
            raise Invalid(self.name(key), f"{value!r} is not one of {', '.join(choices)}")
        return value

    def number(
        self,
        key: builtins.str,
        required: builtins.bool = True,
        default: float = 0.0,
        minimum: float = 0.0,
        positive: builtins.bool = False,
    ) -> float:
        value = self._get(key, required, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(self.name(key), f"expected a number, got {kind_of(value)}")
        # nan passes every comparison below and inf or a 400-digit whole number breaks the clock
        # later, so only finite numbers that fit a float are numbers here.
        if isinstance(value, int) and abs(value) > 1e300 or not math.isfinite(value):
            shown = (
                repr(value)
                if len(repr(value)) <= 24
                else f"{repr(value)[:12]}... ({len(repr(value))} characters)"
            )
            raise Invalid(self.name(key), f"must be a finite number, got {shown}")
        if positive and value <= 0:
            raise Invalid(self.name(key), f"must be greater than 0, got {value}")
        if value < minimum:
            raise Invalid(self.name(key), f"must be at least {minimum}, got {value}")
        return float(value)

    def int(
        self,
        key: builtins.str,
        required: builtins.bool = True,
        default: builtins.int = 0,
        minimum: builtins.int = 0,
    ) -> builtins.int:
        value = self._get(key, required, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(self.name(key), f"expected a whole number, got {kind_of(value)}")
        if value < minimum:
            raise Invalid(self.name(key), f"must be at least {minimum}, got {value}")
        return value

    def bool(self, key: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self._get(key, False, default)
        if not isinstance(value, bool):
            raise Invalid(self.name(key), f"expected true or false, got {kind_of(value)}")
        return value

    def strs(
        self,
        key: builtins.str,
        required: builtins.bool = False,
        min_len: builtins.int = 0,
        max_len: builtins.int = 10_000,
    ) -> tuple[builtins.str, ...]:
        value = self._get(key, required, [])
        if not isinstance(value, list):
            raise Invalid(self.name(key), f"expected a list of strings, got {kind_of(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise Invalid(f"{self.name(key)}[{i}]", "expected a non-empty string")
        if not min_len <= len(value) <= max_len:
            want = f"{min_len}" if min_len == max_len else f"{min_len}–{max_len}"
            raise Invalid(self.name(key), f"expected {want} entries, got {len(value)}")
        return tuple(value)

    def tables(
        self, key: builtins.str, required: builtins.bool = False, min_len: builtins.int = 0
    ) -> list[Fields]:
        value = self._get(key, required, [])
        if not isinstance(value, list):
            raise Invalid(self.name(key), f"expected an array of tables, got {kind_of(value)}")
        if len(value) < min_len:
            raise Invalid(self.name(key), f"expected at least {min_len} entries, got {len(value)}")
        return [Fields(item, f"{self.name(key)}[{i}]") for i, item in enumerate(value)]

    def unknown(self, allowed: Iterable[builtins.str]) -> None:
        extra = sorted(set(self.table) - set(allowed))
        if extra:
            raise Invalid(self.name(extra[0]), "unknown field (check its spelling)")


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_key(key: str) -> str:
    """A key as it reads in a dotted field path: bare when TOML allows it, else quoted, with control
    characters and line breaks escaped, so every problem stays one ``file: field: problem`` line."""
    if _BARE_KEY.fullmatch(key):
        return key
    escaped = "".join(
        "\\\\"
        if c == "\\"
        else '\\"'
        if c == '"'
        else f"\\u{ord(c):04x}"
        if unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in key
    )
    return f'"{escaped}"'


def kind_of(value: Any) -> str:
    return {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
