"""A coding problem's examples as the candidate reads them: the call as typed, and its result.

``f([1, 2], 3)`` rather than ``f(([1, 2], 3))``: list ``args`` are joined as positional
arguments, and an ``args_py`` tuple expression is split into its elements (source text kept).
The result is the TOML ``expected`` or, when the bank leaves it to the reference solution, the
reference's output. That output is computed by the judge in its own trusted child, in the
parent's judge, never in the candidate's kernel; it is cached, so after ``judge.warm_up`` (which
a coding round starts) :func:`examples` with ``compute=False`` finds it at no cost.
"""

from __future__ import annotations

import ast
import logging
from dataclasses import dataclass
from typing import Any

from mockint.bank.model import Question, TestCase

log = logging.getLogger(__name__)

#: A shown value longer than this many characters is cut, ending in "...".
MAX_CHARS = 400


@dataclass(frozen=True)
class Example:
    """One sample test: ``call`` (``entry_point(arg, ...)``) and ``result`` (a Python repr of
    the expected output, or ``None`` when it is not known yet)."""

    call: str
    result: str | None


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` cut to ``limit`` characters (ending in "...")."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def value_text(value: Any) -> str:
    """A value as Python would show it (numpy arrays and tensors by their own repr), shortened."""
    return shorten(repr(value))


def args_text(test: TestCase) -> str:
    """The positional arguments of ``test`` as typed between a call's parentheses."""
    if test.args is not None:
        return ", ".join(repr(a) for a in test.args)
    source = (test.args_py or "").strip()
    try:
        body = ast.parse(source, mode="eval").body
    except SyntaxError:
        return f"*{source}"
    if isinstance(body, ast.Tuple):
        parts = [ast.get_source_segment(source, elt) or ast.unparse(elt) for elt in body.elts]
        return ", ".join(parts)
    return f"*{source}"  # an expression that builds the tuple: unpacked, as Python would need


def call_text(entry_point: str, test: TestCase) -> str:
    """``entry_point(args)``, shortened to :data:`MAX_CHARS`."""
    return shorten(f"{entry_point}({args_text(test)})")


def reference_outputs(question: Question, compute: bool = True) -> dict[int, Any] | None:
    """Sample position (0-based among the sample tests) -> the reference's output, for samples
    without a TOML ``expected``. ``None`` when not cached and ``compute`` is false, or when the
    reference fails (logged). Blocking when it computes (a child process): not on the GUI thread."""
    from mockint.judge.cases import build_cases, libraries, question_sources
    from mockint.judge.errors import JudgeError
    from mockint.judge.judging import _limits
    from mockint.judge.reference import cached, expected_outputs

    cases = build_cases(question)
    libs = libraries(*question_sources(question))
    found: dict[int, Any] | None
    if compute:
        try:
            found = expected_outputs(question, cases, libs, _limits(question, None, None))
        except (JudgeError, OSError) as exc:
            log.warning("no reference outputs for %s: %s", question.id, exc)
            return None
    else:
        found = cached(question, cases, libs)
        if found is None:
            return None
    samples = [c for c in cases if c.sample]
    return {pos: found[c.index] for pos, c in enumerate(samples) if c.index in found}


def examples(question: Question, compute: bool = True) -> list[Example]:
    """Every sample test of a coding ``question`` as an :class:`Example`, in bank order."""
    samples = question.sample_tests
    outputs: dict[int, Any] | None = {}
    if any(not t.has_expected for t in samples):
        outputs = reference_outputs(question, compute)
    shown = []
    for pos, t in enumerate(samples):
        if t.has_expected:
            result = value_text(t.expected)
        elif outputs is not None and pos in outputs:
            result = value_text(outputs[pos])
        else:
            result = None
        shown.append(Example(call_text(question.entry_point, t), result))
    return shown
