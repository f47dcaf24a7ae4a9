"""Shared by the judge tests: the linear test problem's reference and a checked ``judge`` call."""

from __future__ import annotations

import json

from mockint.judge import VERDICTS, Verdict, judge

#: f(x) = x * 1000003 + 17, the reference of the ``question`` fixture (conftest.py).
REFERENCE = "def f(x):\n    return x * 1000003 + 17\n"

#: Limit for tests that must time out: small, so the suite stays quick.
SHORT = 0.5


def run(question, code: str, **kw) -> Verdict:
    """``judge`` that also checks the verdict is a known one and its dict is JSON-able."""
    verdict = judge(question, code, **kw)
    assert verdict.verdict in VERDICTS
    json.dumps(verdict.to_dict())
    return verdict
