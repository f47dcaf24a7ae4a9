"""The code judge: runs a solution against a coding question's hidden tests in a child process.

``judge(question, code) -> Verdict`` is the whole API; :func:`format_verdict` renders a verdict
for the command line, :func:`warm_up` precomputes a question's reference outputs (and starts a
spare child with its libraries imported), :func:`shutdown` stops spare children (also at exit).
Core package: imports no Qt and nothing from ``mockint.ui``.

What the judge protects and what it does not: expected outputs, the reference solution and the
hidden check stay out of the solution's process (only inputs go in; a ``check`` function runs in
a separate trusted child that calls the solution through a plain-data proxy, so pass/fail is
decided outside the solution's process). The child cannot import ``mockint``.
It is not a file-system sandbox: code that deliberately opens the bank's TOML files on disk can
read them (and so copy the reference), as the user can. docs/judge.md describes the limits,
the verdict order, partial credit and growth timing.
"""

from __future__ import annotations

from mockint.judge.errors import JudgeError
from mockint.judge.judging import DEFAULT_MEMORY_MB, judge, warm_up
from mockint.judge.pool import shutdown
from mockint.judge.verdict import (
    GROWTH_CLASSES,
    VERDICTS,
    CaseResult,
    Complexity,
    GroupResult,
    Verdict,
    format_verdict,
)

__all__ = [
    "DEFAULT_MEMORY_MB",
    "GROWTH_CLASSES",
    "VERDICTS",
    "CaseResult",
    "Complexity",
    "GroupResult",
    "JudgeError",
    "Verdict",
    "format_verdict",
    "judge",
    "shutdown",
    "warm_up",
]
