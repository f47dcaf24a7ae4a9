"""Empirical complexity: time a solution at growing input sizes and name its growth class.

For a problem with a ``size_generator`` (code defining ``make(n, rng)`` that returns the
argument tuple for input size ``n``) and ``sizes`` (e.g. 1000, 2000, 4000, 8000, 16000), a child
process calls the entry point once per size, in order, and reports the best CPU time and the
best wall time of a few calls at each (:mod:`mockint.judge._growth`). Timing stops after a size that took over
:data:`SIZE_BUDGET_S`, or before one predicted to; the parent kills a child that reports nothing
for :data:`PROGRESS_S` or runs past :data:`TOTAL_S`.

:func:`fit` then takes the least-squares slope of log(seconds) against log(n) (the growth
exponent) and compares the fits of each class of :data:`~mockint.judge.verdict.GROWTH_CLASSES`
(constant, log n, n, n log n, n², n³): for each, the spread of log(seconds / f(n)) around its
mean, the smallest spread winning. The reference solution is timed the same way, once per
session (cached, like its outputs).

The fit uses CPU time: on a busy machine, a call longer than a scheduler time slice also waits
for the CPU, by an amount that depends on the other load, and that would bend the curve. The
stopping rule uses wall time, which is what the user waits for. Either is a measurement on the
user's machine, kept as the best of several calls; the result is advice beside the verdict,
never part of it.
The solution runs in the same kind of child as for the tests, so it could tamper with its own
timing (the harness's clock is bound before solution code runs, which stops the simple ways).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockint.bank.model import Question
from mockint.judge import reference
from mockint.judge.cases import Libraries
from mockint.judge.errors import JudgeError
from mockint.judge.runner import ChildRun, Limits, run_child
from mockint.judge.verdict import GROWTH_CLASSES, Complexity

log = logging.getLogger(__name__)

#: Stop timing after a size whose best call took longer than this (seconds).
SIZE_BUDGET_S = 1.0
#: Kill a growth child that reports nothing for this long (one call far over the budget).
PROGRESS_S = 3.0
#: Wall seconds a whole growth run may take once its child is ready.
TOTAL_S = 10.0
CACHE_SIZE = 32

# log f(n) for each growth class; log n is taken base 2 so it stays positive from n = 2.
_LOG_F = {
    "1": lambda n: 0.0,
    "log n": lambda n: math.log(math.log2(max(n, 2))),
    "n": lambda n: math.log(n),
    "n log n": lambda n: math.log(n) + math.log(math.log2(max(n, 2))),
    "n^2": lambda n: 2.0 * math.log(n),
    "n^3": lambda n: 3.0 * math.log(n),
}
assert tuple(_LOG_F) == GROWTH_CLASSES


@dataclass(frozen=True)
class Growth:
    """One solution's timings: ``seconds[i]`` / ``wall[i]`` are the best call's CPU / wall
    seconds at ``sizes[i]``; ``note`` says why timing stopped before the last size, or is empty."""

    sizes: tuple[int, ...]
    seconds: tuple[float, ...]
    wall: tuple[float, ...] = ()
    note: str = ""

    def fitted(self) -> tuple[str | None, float | None]:
        return fit(self.sizes, self.seconds)


_cache: OrderedDict[str, Growth] = OrderedDict()
_lock = threading.Lock()


def fit(sizes: Sequence[int], seconds: Sequence[float]) -> tuple[str | None, float | None]:
    """``(growth class, exponent)`` for timings ``seconds[i]`` (seconds) at sizes ``sizes[i]``.

    The exponent is the least-squares slope of log(seconds) on log(size); the class is the one
    in :data:`GROWTH_CLASSES` whose ``c * f(n)`` fits best in log space (smallest spread of
    ``log(seconds) - log f(n)``). ``(None, None)`` with fewer than two sizes.
    """
    points = [(n, math.log(max(t, 1e-9))) for n, t in zip(sizes, seconds, strict=True)]
    if len(points) < 2:
        return None, None
    xs = [math.log(n) for n, _ in points]
    ys = [y for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread_x = sum((x - mx) ** 2 for x in xs)
    if spread_x == 0:  # one size timed several times: no growth to see
        return None, None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread_x

    def spread(cls: str) -> float:
        rest = [y - _LOG_F[cls](n) for n, y in points]
        mean = sum(rest) / len(rest)
        return sum((r - mean) ** 2 for r in rest)

    return min(GROWTH_CLASSES, key=spread), slope


def growth_limits(limits: Limits) -> Limits:
    """The limits of a growth run: the judge's memory and output caps, the growth clock."""
    return Limits(
        time_limit_s=TOTAL_S,
        slack_s=0.5,
        memory_mb=limits.memory_mb,
        output_bytes=limits.output_bytes,
        result_bytes=limits.result_bytes,
        startup_s=limits.startup_s,
        recursion_limit=limits.recursion_limit,
        stack_mb=limits.stack_mb,
        file_mb=limits.file_mb,
        processes=limits.processes,
        progress_s=PROGRESS_S,
    )


def measure(
    question: Question, code: str, libs: Libraries, limits: Limits, *, reference: bool = False
) -> Growth:
    """Time ``code``'s entry point at the question's sizes in a child process.

    Never raises for what a candidate's code does (it ends timing, with a note). Raises
    :class:`JudgeError` when the size generator cannot even be loaded, and with
    ``reference=True`` when the code or the generator fails, as a broken reference does elsewhere.
    """
    glimits = growth_limits(limits)
    job = {
        "mode": "growth",
        "code": code,
        "entry_point": question.entry_point,
        "size_generator": question.size_generator,
        "sizes": list(question.sizes),
        "size_budget_s": SIZE_BUDGET_S,
        "numpy": libs.numpy,
        "torch": libs.torch,
        **glimits.job_fields(),
    }
    run = run_child(job, glimits)
    setup = run.first("setup_error")
    if setup is not None and not run.ready:  # before any solution code ran: the bank's problem
        raise JudgeError(f"{question.id}: the size generator failed: {setup.get('message')}")
    growth, problem = _read(run, glimits, question.sizes)
    if problem and reference:
        raise JudgeError(f"{question.id}: the reference solution could not be timed: {problem}")
    return growth


def _seconds(value: object) -> float | None:
    """A finite, non-negative number of seconds from an event, else ``None`` (the solution can
    write to the result pipe, so events are checked, not trusted)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _read(run: ChildRun, limits: Limits, planned: Sequence[int]) -> tuple[Growth, str | None]:
    """The timings in ``run`` and its note; the second item names a failure (else ``None``).

    Only sizes from ``planned``, in increasing order, are taken, so the fit always gets distinct
    positive sizes whatever the child wrote."""
    sizes: list[int] = []
    seconds: list[float] = []
    wall: list[float] = []
    started: int | None = None
    note = ""
    problem: str | None = None
    for event in run.events:
        kind = event.get("ev")
        n = event.get("n")
        if n not in planned or type(n) is not int:
            continue
        if kind == "size_start":
            started = n
        elif kind == "size" and (cpu := _seconds(event.get("seconds"))) is not None:
            if sizes and n <= sizes[-1]:
                continue
            sizes.append(n)
            seconds.append(cpu)
            wall.append(_seconds(event.get("wall")) or cpu)
            started = None
        else:
            noted = _event_note(kind, n, event)
            if noted is not None:
                note, problem = noted[0], noted[1] or problem
    note, problem = _end_note(run, limits, started, note, problem)
    return Growth(tuple(sizes), tuple(seconds), tuple(wall), note), problem


def _event_note(kind: Any, n: int, event: dict[str, Any]) -> tuple[str, str | None] | None:
    """The note (and failure, if any) a ``stopped``, ``size_error`` or ``make_error`` event
    at size ``n`` gives; ``None`` for any other event."""
    if kind == "stopped":
        took = _seconds(event.get("seconds")) or 0.0
        if event.get("why") == "predicted":
            return f"n = {n} not timed: predicted {took:.1f} s", None
        return f"n = {n} not timed: the size before took {took:.1f} s", None
    if kind == "size_error" and isinstance(event.get("error"), dict):
        err = event["error"]
        problem = f"stopped at n = {n}: {err.get('type')}: {err.get('message')}"
        return (f"stopped at n = {n}: out of memory" if err.get("memory") else problem), problem
    if kind == "make_error":
        problem = f"the size generator failed at n = {n}: {event.get('message')}"
        return problem, problem
    return None


def _end_note(
    run: ChildRun, limits: Limits, started: int | None, note: str, problem: str | None
) -> tuple[str, str | None]:
    """The note and failure once the run is over: how it ended wins over what the events said."""
    failed = run.first("load_failed")
    if failed is not None:
        note = problem = f"the code did not load: {failed.get('type')}: {failed.get('message')}"
    elif run.killed_for == "progress" and started is not None:
        note = f"stopped at n = {started}: one call ran over {limits.progress_s:g} s"
    elif run.killed_for == "progress":
        note = problem = f"stopped: building an input took over {limits.progress_s:g} s"
    elif run.killed_for == "time":
        note = f"stopped: timing ran over {limits.time_limit_s:g} s"
    elif run.killed_for:
        note = "stopped: printed or returned too much"
    elif not run.ready or (run.first("done") is None and not note):
        note = problem = (
            f"stopped: the timing process ended early (exit code {run.exit_code}, signal {run.signal})"
        )
    return note, problem


def reference_growth(question: Question, libs: Libraries, limits: Limits) -> Growth:
    """The reference solution's growth, timed once per session (the last :data:`CACHE_SIZE`
    questions are kept), and kept on disk too where :func:`mockint.judge.reference.use_disk_cache`
    set a folder (so each ``mockint judge`` command does not time the reference again). Raises :class:`JudgeError` if the reference or generator fails."""
    key = _key(question, libs)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    growth = _disk_load(key)
    if growth is None:
        growth = measure(question, question.reference, libs, limits, reference=True)
        _disk_save(key, growth)
    with _lock:
        _cache[key] = growth
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    log.debug(
        "reference growth for %s: %s", question.id, list(zip(growth.sizes, growth.seconds, strict=True))
    )
    return growth


def _disk_path(key: str) -> Path | None:
    folder = reference.disk_folder()  # the command line's cache folder, beside the outputs
    if folder is None:
        return None
    return folder / f"growth-{key.replace(':', '-').replace('/', '_')}.json"


def _disk_load(key: str) -> Growth | None:
    path = _disk_path(key)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        growth = Growth(
            tuple(int(n) for n in raw["sizes"]),
            tuple(float(t) for t in raw["seconds"]),
            tuple(float(t) for t in raw["wall"]),
            str(raw["note"]),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return growth if len(growth.sizes) == len(growth.seconds) else None


def _disk_save(key: str, growth: Growth) -> None:
    path = _disk_path(key)
    if path is not None:
        blob = {"sizes": growth.sizes, "seconds": growth.seconds, "wall": growth.wall, "note": growth.note}
        reference.write_cache_json(path, blob, "growth")


def clear_cache() -> None:
    """Forget every cached reference timing (tests and benchmarks measure cold runs)."""
    with _lock:
        _cache.clear()


def compare_growth(
    question: Question, code: str, libs: Libraries, ref_libs: Libraries, limits: Limits
) -> Complexity:
    """The candidate's growth beside the reference's (reference first, so the two never share
    the CPU while being timed). Raises :class:`JudgeError` only for a broken reference or
    size generator."""
    ref = reference_growth(question, ref_libs, limits)
    mine = measure(question, code, libs, limits)
    cls, exponent = mine.fitted()
    ref_cls, ref_exponent = ref.fitted()
    return Complexity(
        candidate=cls,
        reference=ref_cls,
        exponent=exponent,
        reference_exponent=ref_exponent,
        sizes=list(mine.sizes),
        seconds=list(mine.seconds),
        wall_seconds=list(mine.wall),
        reference_sizes=list(ref.sizes),
        reference_seconds=list(ref.seconds),
        note=mine.note,
    )


def _key(question: Question, libs: Libraries) -> str:
    blob = json.dumps(
        [
            question.entry_point,
            question.reference,
            question.size_generator,
            list(question.sizes),
            libs.numpy,
            libs.torch,
        ]
    )
    return f"{question.id}:{hashlib.sha256(blob.encode()).hexdigest()[:32]}"
