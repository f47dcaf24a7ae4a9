"""Read a candidate's number and compare it with a question's answer within its tolerance.

A statistics-and-probability question (:class:`~mockint.bank.model.NumericAnswer`) has an
exact answer and a tolerance; the candidate types what they would say aloud. Accepted forms
(surrounding spaces ignored): a decimal ``0.0833``, ``-2``, ``.5``, ``1e-3``; a fraction of two
such numbers ``1/12``, ``-3 / 4``; a percentage ``8.33%`` (divided by 100); with a leading
``≈``, ``~`` or ``=`` dropped and ``,`` thousands separators (``1,000``) or ``_`` allowed.
A decimal comma (``0,5``) is refused with a message, as it is ambiguous with thousands.

Everything here is pure and Qt-free: the round view sends the typed text to
:meth:`mockint.interview.round_state.RoundState.check_answer`, which uses :func:`check`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mockint.bank.model import NumericAnswer

#: Shown with every error, so the candidate sees what would be read.
FORMS = "a number such as 0.25, 1/4 or 25%"

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
#: Slack for binary floating point (0.1 + 0.2 against 0.3) on top of the written tolerance.
_FLOAT_SLACK = 1e-12


class NumberError(ValueError):
    """The text is not a number this module reads; the message says why and what would be."""


@dataclass(frozen=True)
class NumericCheck:
    """One comparison: what was typed, the number read from it, and whether it is within tolerance."""

    input: str
    value: float
    correct: bool


def _decimal(text: str, whole: str) -> float:
    text = text.strip().replace("_", "")
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if "," in text:
        raise NumberError(f"{whole!r}: use a dot for decimals (0.5, not 0,5); enter {FORMS}")
    if not _DECIMAL.fullmatch(text):
        raise NumberError(f"{whole!r} is not {FORMS}" if text else f"enter {FORMS}")
    value = float(text)
    if not math.isfinite(value):
        raise NumberError(f"{whole!r} is too large; enter {FORMS}")
    return value


def parse_number(text: str) -> float:
    """The number in ``text`` (see the module docstring for the forms); raises :class:`NumberError`."""
    whole = text
    text = text.strip().replace("−", "-").lstrip("≈~=").strip()
    if not text:
        raise NumberError(f"enter {FORMS}")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if text.count("/") > 1:
        raise NumberError(f"{whole!r} has more than one '/'; enter {FORMS}")
    if "/" in text:
        top, bottom = text.split("/")
        numerator, denominator = _decimal(top, whole), _decimal(bottom, whole)
        if denominator == 0:
            raise NumberError(f"{whole!r} divides by zero")
        value = numerator / denominator
    else:
        value = _decimal(text, whole)
    return value / 100 if percent else value


def within(value: float, answer: NumericAnswer) -> bool:
    """Is ``value`` within the answer's tolerance (absolute: ``|value - answer| <= tolerance``;
    relative: ``<= tolerance * |answer|``)?"""
    if not math.isfinite(value):
        return False
    allowed = answer.tolerance * abs(answer.value) if answer.kind == "relative" else answer.tolerance
    return abs(value - answer.value) <= allowed + _FLOAT_SLACK * max(1.0, abs(answer.value))


def check(text: str, answer: NumericAnswer) -> NumericCheck:
    """Read ``text`` and compare it with ``answer``; raises :class:`NumberError` for unreadable text."""
    value = parse_number(text)
    return NumericCheck(input=text.strip(), value=value, correct=within(value, answer))


def show_number(value: float) -> str:
    """A number as the debrief writes it: up to 6 significant digits, no trailing zeros."""
    return f"{value:.6g}"


def describe(answer: NumericAnswer) -> str:
    """The answer and its tolerance in words, e.g. ``"0.0833333 (± 0.001)"`` or ``"120 (± 5%)"``."""
    if answer.kind == "relative":
        band = f"± {show_number(answer.tolerance * 100)}%"
    else:
        band = f"± {show_number(answer.tolerance)}"
    unit = f" {answer.unit}" if answer.unit else ""
    return f"{show_number(answer.value)}{unit} ({band})"
