"""What the judge says about one run: :class:`Verdict`, per-case :class:`CaseResult`, text form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ACCEPTED = "Accepted"
WRONG_ANSWER = "Wrong Answer"
TIME_LIMIT = "Time Limit Exceeded"
MEMORY_LIMIT = "Memory Limit Exceeded"
RUNTIME_ERROR = "Runtime Error"
OUTPUT_LIMIT = "Output Limit Exceeded"
COMPILATION_ERROR = "Compilation Error"

#: Every verdict the judge gives.
VERDICTS: tuple[str, ...] = (
    ACCEPTED,
    WRONG_ANSWER,
    TIME_LIMIT,
    MEMORY_LIMIT,
    RUNTIME_ERROR,
    OUTPUT_LIMIT,
    COMPILATION_ERROR,
)

#: When several problems occur in one run, the first of these in this order is reported.
#: A Compilation Error means no test ran, so it only competes with limits hit while importing.
SEVERITY: tuple[str, ...] = (
    TIME_LIMIT,
    MEMORY_LIMIT,
    OUTPUT_LIMIT,
    COMPILATION_ERROR,
    RUNTIME_ERROR,
    WRONG_ANSWER,
    ACCEPTED,
)


@dataclass(frozen=True)
class CaseResult:
    """One test case as the user may see it (sample tests only; hidden tests are never listed).

    ``args``, ``expected`` and ``actual`` are reprs shortened to about 300 characters
    (``actual`` is ``""`` when the case did not return). ``error`` says why the case failed: the
    exception, the comparator's reason, or "not run"; ``None`` when it passed.
    """

    group: str
    sample: bool
    passed: bool
    args: str
    expected: str
    actual: str
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GroupResult:
    """Tests passed in one group (``sample``, ``hidden``, a generator's group, ``check``)."""

    name: str
    passed: int
    total: int

    def __getitem__(self, key: str) -> Any:
        """``group["name"]`` works as well as ``group.name`` (groups read like plain dicts)."""
        if key not in ("name", "passed", "total"):
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True)
class Verdict:
    """The outcome of judging one solution.

    ``verdict`` is one of :data:`VERDICTS`. ``passed`` / ``total`` count test cases (a ``check``
    function counts as one). ``runtime_s`` is the solution's own wall time in seconds (import plus
    every call; the time limit applies to this whole run). ``peak_memory_mb`` is the child
    process's peak resident set size in MiB, interpreter and libraries included. ``samples`` lists
    every sample test in bank order; ``message`` explains a failure (the exception and the
    solution's own traceback for a Runtime Error, the failing group for a Wrong Answer on a
    hidden test). ``stdout`` is the start of what the solution printed (stdout and stderr).
    """

    verdict: str
    passed: int
    total: int
    runtime_s: float
    peak_memory_mb: float
    groups: list[GroupResult] = field(default_factory=list)
    samples: list[CaseResult] = field(default_factory=list)
    first_failed_sample: CaseResult | None = None
    message: str = ""
    stdout: str = ""
    time_limit_s: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.verdict == ACCEPTED

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field (groups as ``{name, passed, total}`` dicts)."""
        return {
            "verdict": self.verdict,
            "accepted": self.accepted,
            "passed": self.passed,
            "total": self.total,
            "runtime_s": round(self.runtime_s, 4),
            "peak_memory_mb": round(self.peak_memory_mb, 1),
            "time_limit_s": self.time_limit_s,
            "groups": [asdict(g) for g in self.groups],
            "samples": [s.to_dict() for s in self.samples],
            "first_failed_sample": self.first_failed_sample.to_dict() if self.first_failed_sample else None,
            "message": self.message,
            "stdout": self.stdout,
        }


def format_verdict(v: Verdict) -> str:
    """A few human lines for the command line, e.g.
    ``Accepted — 12/12 tests passed in 0.08 s, 14 MB``, then groups and the failure detail."""
    head = (
        f"{v.verdict} — {v.passed}/{v.total} tests passed in {v.runtime_s:.2f} s, {v.peak_memory_mb:.0f} MB"
    )
    lines = [head]
    if v.verdict != COMPILATION_ERROR and not v.accepted and len(v.groups) > 1:
        lines.append("  " + " · ".join(f"{g.name} {g.passed}/{g.total}" for g in v.groups))
    if v.message and not v.accepted:
        lines += ["  " + _clip(line) for line in v.message.splitlines()]
    s = v.first_failed_sample
    if s is not None and v.verdict in (WRONG_ANSWER, RUNTIME_ERROR):
        lines.append(f"  Sample input:    {s.args}")
        lines.append(f"  Expected output: {s.expected}")
        if s.actual:
            lines.append(f"  Your output:     {s.actual}")
    if v.stdout.strip() and not v.accepted:
        lines.append("  Your prints (start):")
        lines += ["    " + _clip(line) for line in v.stdout.strip().splitlines()[:10]]
    return "\n".join(lines)


def _clip(line: str, width: int = 160) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."
