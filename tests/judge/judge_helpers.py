"""Shared by the judge tests: the linear test problem's reference and a checked ``judge`` call."""

from __future__ import annotations

import json
from typing import Any

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


#: f(x) = x * 1000003 + 17: two samples (TOML expected), hidden tests (reference expected).
LINEAR_PROBLEM: dict[str, Any] = {
    "entry_point": "f",
    "reference": REFERENCE,
    "tests": [
        {"args": [1], "expected": 1000020, "sample": True},
        {"args": [2], "expected": 2000023, "sample": True},
        {"args": [73519], "group": "edge"},
        {"args_py": "(10**6,)", "group": "edge"},
    ],
    "generators": [
        {"group": "random", "count": 3, "code": "def generate(rng):\n    return (rng.randrange(10**9),)\n"}
    ],
}
