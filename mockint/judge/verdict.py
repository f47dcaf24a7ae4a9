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

#: A group's ``failure`` when its first failing test did not run (time ran out before it).
NOT_RUN = "not run"

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
    """Tests passed in one group (``sample``, ``hidden``, a generator's group, ``check``).

    ``points`` / ``max_points``: the group's score. A group the problem gives points to (the TOML
    ``points`` table) scores all of them only when every test in it passes, else 0; any other
    group scores 1 point per passed test. ``failure`` is why the group's first failing test
    failed (the comparator's reason, which names positions and sizes but never expected values;
    the exception; or ``"not run"``), ``None`` when all passed.
    """

    name: str
    passed: int
    total: int
    points: int = 0
    max_points: int = 0
    failure: str | None = None

    def __getitem__(self, key: str) -> Any:
        """``group["name"]`` works as well as ``group.name`` (groups read like plain dicts)."""
        if key not in _GROUP_KEYS:
            raise KeyError(key)
        return getattr(self, key)


_GROUP_KEYS = ("name", "passed", "total", "points", "max_points", "failure")

#: Growth classes, slowest-growing first; :data:`Complexity.candidate` is one of these names.
GROWTH_CLASSES: tuple[str, ...] = ("1", "log n", "n", "n log n", "n^2", "n^3")
_PRETTY = {"1": "constant", "n^2": "n²", "n^3": "n³"}


@dataclass(frozen=True)
class Complexity:
    """Empirical growth of the solution's running time, beside the reference's.

    ``sizes`` are the input sizes timed (from the problem's ``size_generator``); ``seconds`` the
    best CPU time of one call at each and ``wall_seconds`` the best wall time, in seconds (the fit
    uses CPU time, which other programs on the machine do not inflate). ``exponent`` is the
    least-squares slope of log(seconds) against log(size); ``candidate`` the name in :data:`GROWTH_CLASSES` whose
    curve fits the points best (``None`` when fewer than two sizes were timed). The
    ``reference_*`` fields are the same for the problem's reference solution. ``note`` says why
    timing stopped before the last size (a size took over the per-size budget, or was predicted
    to), or is empty.
    """

    candidate: str | None
    reference: str | None
    exponent: float | None
    reference_exponent: float | None
    sizes: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    wall_seconds: list[float] = field(default_factory=list)
    reference_sizes: list[int] = field(default_factory=list)
    reference_seconds: list[float] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("exponent", "reference_exponent"):
            if d[key] is not None:
                d[key] = round(d[key], 2)
        d["seconds"] = [round(t, 6) for t in self.seconds]
        d["wall_seconds"] = [round(t, 6) for t in self.wall_seconds]
        d["reference_seconds"] = [round(t, 6) for t in self.reference_seconds]
        return d

    def summary(self) -> str:
        """``≈ n² vs reference ≈ n log n``."""

        def name(cls: str | None) -> str:
            return "not measured" if cls is None else "≈ " + _PRETTY.get(cls, cls)

        return f"{name(self.candidate)} vs reference {name(self.reference)}"


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
    ``points`` / ``max_points`` is the partial credit: the sum over :attr:`groups`.
    ``limit`` is which limit ended a Time Limit Exceeded: ``"cpu"`` (the solution's CPU seconds
    went over ``time_limit_s``) or ``"wall"`` (the wall-clock backstop, for code that waits);
    ``None`` for every other verdict.
    ``complexity`` is the measured growth when the problem has a size generator and the run was
    Accepted or ran out of time with every finished test passed; else ``None``.
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
    points: int = 0
    max_points: int = 0
    complexity: Complexity | None = None
    limit: str | None = None
    #: end-to-end problems: the metric's name, the predictions' score on the hidden labels
    #: (``None`` when predict failed or returned unusable values), the Accepted threshold and a
    #: trivial baseline's score (prior probability, majority class or train mean)
    metric: str | None = None
    score: float | None = None
    threshold: float | None = None
    baseline: float | None = None

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
            "points": self.points,
            "max_points": self.max_points,
            "complexity": self.complexity.to_dict() if self.complexity else None,
            "limit": self.limit,
            "metric": self.metric,
            "score": self.score,
            "threshold": self.threshold,
            "baseline": self.baseline,
        }


def format_verdict(v: Verdict) -> str:
    """A few human lines for the command line, e.g.
    ``Accepted — 12/12 tests passed in 0.08 s, 14 MB``, then groups and the failure detail."""
    score = f" ({v.points}/{v.max_points} points)" if v.max_points != v.total else ""
    head = (
        f"{v.verdict} — {v.passed}/{v.total} tests passed{score} in {v.runtime_s:.2f} s, "
        f"{v.peak_memory_mb:.0f} MB"
    )
    if v.metric is not None:  # an end-to-end problem: one score, no test count
        shown = "no score" if v.score is None else f"{v.metric} {v.score:.4f}"
        head = f"{v.verdict} — {shown} in {v.runtime_s:.2f} s, {v.peak_memory_mb:.0f} MB"
    lines = [head]
    if v.metric is not None:
        lines += ["  " + _clip(line) for line in v.message.splitlines()]
    elif v.verdict != COMPILATION_ERROR and not v.accepted and len(v.groups) > 1:
        lines.append("  " + " · ".join(f"{g.name} {g.passed}/{g.total}" for g in v.groups))
    if v.complexity is not None:
        lines.append("  Growth: " + _growth_line(v.complexity))
    if v.message and not v.accepted and v.metric is None:
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


def _growth_line(c: Complexity) -> str:
    """``≈ n² vs reference ≈ n log n (exponent 1.98 vs 1.03; n = 1000–4000; why it stopped)``."""
    detail = []
    if c.exponent is not None and c.reference_exponent is not None:
        detail.append(f"exponent {c.exponent:.2f} vs {c.reference_exponent:.2f}")
    if c.sizes:
        detail.append(f"n = {c.sizes[0]}–{c.sizes[-1]}" if len(c.sizes) > 1 else f"n = {c.sizes[0]}")
    if c.note:
        detail.append(c.note)
    return c.summary() + (f" ({'; '.join(detail)})" if detail else "")


def _clip(line: str, width: int = 160) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."
