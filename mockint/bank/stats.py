"""Parse the fields of a statistics-and-probability question (``round_type = "stats_probability"``).

Most such questions ask for a number: ``answer`` (the exact value, a plain number),
``tolerance`` (> 0), ``tolerance_kind`` (``"absolute"``, the default, or ``"relative"``), an
optional ``unit`` shown beside the answer field, and ``solution`` (the worked solution, markdown,
required with an answer). The rest (A/B testing, experiment design) have key points only. Every
question has ``key_points`` (3–6), an optional ``common_mistake``, and the interviewer's
``model_answer`` and ``[[follow_ups]]`` as theory questions do. Format: ``docs/bank-format.md``.

Raises :class:`~mockint.bank.fields.Invalid` naming the field on the first problem.
"""

from __future__ import annotations

import math
from typing import Any

from mockint.bank import interviewer
from mockint.bank.fields import Fields, Invalid
from mockint.bank.model import TOLERANCE_KINDS, NumericAnswer

#: Top-level keys a stats question may have besides the common ones.
KEYS = interviewer.DISCUSSION_KEYS + (
    "key_points",
    "common_mistake",
    "answer",
    "tolerance",
    "tolerance_kind",
    "unit",
    "solution",
)
_WITH_ANSWER = ("tolerance", "tolerance_kind", "unit")


def fields(f: Fields) -> dict[str, Any]:
    """The stats fields of ``f`` as :class:`~mockint.bank.model.Question` keyword arguments."""
    key_points = f.strs("key_points", True, 3, 6)
    return dict(
        key_points=key_points,
        common_mistake=f.str("common_mistake", required=False),
        numeric=numeric_answer(f),
        solution=f.str("solution", required="answer" in f.table),
        **interviewer.discussion_fields(f, key_points, key_point_required=True),
    )


def numeric_answer(f: Fields) -> NumericAnswer | None:
    """``answer`` with its tolerance, or None when the question asks for no number.

    A tolerance that would accept 0 for a non-zero answer (absolute ``>= |answer|``, relative
    ``>= 1``) or a relative tolerance of an answer of 0 (only 0 itself would pass) is a mistake
    in the file, reported on ``tolerance``.
    """
    if "answer" not in f.table:
        for key in _WITH_ANSWER:
            if key in f.table:
                raise Invalid(f.name(key), "given without an answer")
        return None
    value = f.number("answer", minimum=-math.inf)
    tolerance = f.number("tolerance", positive=True)
    kind = f.choice("tolerance_kind", TOLERANCE_KINDS, required=False, default="absolute")
    if kind == "relative":
        if value == 0:
            raise Invalid(f.name("tolerance_kind"), "a relative tolerance of an answer of 0 accepts only 0")
        if tolerance >= 1:
            raise Invalid(f.name("tolerance"), f"a relative tolerance of {tolerance:g} would accept 0")
    elif value != 0 and tolerance >= abs(value):
        raise Invalid(f.name("tolerance"), f"±{tolerance:g} around {value:g} would accept 0")
    return NumericAnswer(value=value, tolerance=tolerance, kind=kind, unit=f.str("unit", required=False))
