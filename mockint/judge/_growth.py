"""Child side of growth timing: time one function on inputs of growing size, report each size.

Loaded by :mod:`mockint.judge._child` beside ``_report.py`` (standard library only, never
``mockint``). The parent fits the growth class (:mod:`mockint.judge.complexity`); this file only
measures. Events, on the result channel:

``size``        ``{"n", "seconds", "wall", "repeats"}``: the best CPU time (``seconds``) and the
                best wall time of one call at size ``n``, in seconds
``size_start``  ``{"n"}``: about to call at size ``n`` (the parent's per-size clock restarts)
``stopped``     ``{"n", "why", "seconds"}``: size ``n`` was not timed because the previous size
                took over the budget (``why = "slow"``) or ``n`` was predicted to
                (``why = "predicted"``, ``seconds`` the prediction)
``size_error``  ``{"n", "error"}``: the function raised at size ``n`` (timing ends)
``make_error``  ``{"n", "message"}``: the size generator raised (a problem in the bank)
"""

from __future__ import annotations

import gc
import math
import pickle
import random
from collections.abc import Callable
from typing import Any

Emit = Callable[[dict[str, Any]], None]

#: Repeat a size's call until this many seconds were spent timing it, or ...
REPEAT_S = 0.1
#: ... this many calls were made; the best (smallest) time is kept, as ``timeit`` advises.
MAX_REPEATS = 7


def predict(done: list[tuple[int, float]], n: int) -> float:
    """Seconds size ``n`` should take, from the growth between the last two timed sizes (taken
    as at least linear and at most cubic, so noise at tiny times cannot promise a fast size)."""
    (n1, t1), (n2, t2) = done[-2], done[-1]
    slope = math.log(max(t2, 1e-9) / max(t1, 1e-9)) / math.log(n2 / n1)
    return t2 * (n / n2) ** min(max(slope, 1.0), 3.0)


def time_sizes(
    fn: Callable[..., Any],
    make: Callable[[int, random.Random], Any],
    sizes: list[int],
    emit: Emit,
    *,
    budget_s: float,
    seed: Callable[[], None],
    clock: Callable[[], float],
    cpu_clock: Callable[[], float],
    describe: Callable[[BaseException], dict[str, Any]],
) -> None:
    """Call ``fn(*make(n, rng))`` for each size ``n`` in order and emit its best times.

    Both the process's CPU time (``cpu_clock``) and wall time (``clock``) are taken: CPU time is
    what the growth is fitted on, since on a busy machine a call longer than a scheduler time
    slice also waits for the CPU, and by how much depends on the other load; wall time is what
    the stopping rule uses, as it is what the user waits for. Input building is not timed; each repeat gets a fresh copy of the inputs (the function may
    change them), and inputs that cannot be pickled are timed once. Stops after a size whose best time exceeds ``budget_s`` seconds, before a size
    predicted to exceed it, and at the first exception.
    """
    done: list[tuple[int, float]] = []
    for n in sizes:
        if done and done[-1][1] > budget_s:
            emit({"ev": "stopped", "n": n, "why": "slow", "seconds": done[-1][1]})
            return
        if len(done) >= 2 and (guess := predict(done, n)) > budget_s:
            emit({"ev": "stopped", "n": n, "why": "predicted", "seconds": guess})
            return
        seed()
        try:
            args = make(n, random.Random(n))
            if not isinstance(args, tuple | list):
                raise TypeError(f"make(n, rng) must return a tuple of arguments, got {type(args).__name__}")
            args = tuple(args)
            try:
                blob: bytes | None = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # inputs that cannot be copied are timed once
                blob = None
        except BaseException as exc:
            err = describe(exc)
            emit({"ev": "make_error", "n": n, "message": f"{err['type']}: {err['message']}"})
            return
        best = best_cpu = math.inf
        spent = 0.0
        repeats = 0
        gc.collect()  # garbage from the last size should not be collected on this size's clock
        emit({"ev": "size_start", "n": n})
        while True:
            if repeats:
                assert blob is not None
                args = pickle.loads(blob)
            seed()
            try:
                start, start_cpu = clock(), cpu_clock()
                result = fn(*args)
                took, took_cpu = clock() - start, cpu_clock() - start_cpu
            except BaseException as exc:
                emit({"ev": "size_error", "n": n, "error": describe(exc)})
                return
            del result, args
            best = min(best, took)
            best_cpu = min(best_cpu, took_cpu)
            spent += took
            repeats += 1
            if spent >= REPEAT_S or repeats >= MAX_REPEATS or blob is None:
                break
        emit({"ev": "size", "n": n, "seconds": best_cpu, "wall": best, "repeats": repeats})
        done.append((n, best))
