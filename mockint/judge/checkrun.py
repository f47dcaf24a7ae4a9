"""Run a job whose last case is a ``check(candidate)`` function: the candidate in one child, the
check in a second, trusted child, joined by the proxy's pipes (:mod:`mockint.judge._checker`).

The candidate's child runs its other cases as usual and then answers the checker's calls; the
checker alone reports whether the check passed. Any check result found among the candidate's
own events is dropped (it can only be forged), so nothing the candidate's process writes is
taken as the check's verdict. Both children are new for each run (a spare cannot get the
pipes): forked by the fork server where there is one, else started in parallel.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from mockint.judge.errors import JudgeError
from mockint.judge.pool import spawn
from mockint.judge.runner import ChildRun, Limits, job_preload, run_started

#: The checker gets this many times the problem's limit, and at least ``_MIN_CHECK_S``: it is
#: trusted bank code, and it waits for the candidate most of the time.
_CHECK_FACTOR = 3.0
_MIN_CHECK_S = 10.0
#: Job fields the checker needs to hold the candidate's calls to the stated requirements.
REQUIREMENT_FIELDS = ("inputs_unchanged", "rng_index", "rng_param", "random_output", "arg_names")


def checker_job(job: dict[str, Any], starter: str) -> dict[str, Any]:
    """The trusted child's job: the check, the problem's starter (its helpers), no solution code."""
    return {
        "mode": "checker",
        "check": job["check"],
        "starter": starter,
        "entry_point": job["entry_point"],
        "numpy": job.get("numpy", False),
        "torch": job.get("torch", False),
        # stated requirements the checker enforces on every call (mockint.judge._purity)
        **{key: job[key] for key in REQUIREMENT_FIELDS if key in job},
    }


def run_with_check(
    job: dict[str, Any], starter: str, limits: Limits, check_index: int, problem: str
) -> ChildRun:
    """Run ``job`` (the candidate) beside its checker; returns the candidate's run with the
    checker's outcome as the check case's event. Raises :class:`JudgeError` when a child cannot
    start or the check itself is broken (an argument it cannot send, or it ran out of time)."""
    check = checker_job(job, starter)
    check_limits = replace(limits, time_limit_s=max(limits.time_limit_s * _CHECK_FACTOR, _MIN_CHECK_S))
    to_candidate = os.pipe()  # checker writes, candidate reads
    to_checker = os.pipe()  # candidate writes, checker reads
    ends = (*to_candidate, *to_checker)
    try:
        candidate = spawn(job_preload(job), extra_fds=(to_candidate[0], to_checker[1]))
        try:
            checker = spawn(job_preload(check), extra_fds=(to_checker[0], to_candidate[1]))
        except JudgeError:
            candidate.dispose()
            raise
    finally:
        for fd in ends:
            os.close(fd)
    job = {**job, "call_fds": [to_candidate[0], to_checker[1]]}
    check["call_fds"] = [to_checker[0], to_candidate[1]]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-check") as pool:
        checked = pool.submit(run_started, checker, check, check_limits)
        try:
            run = run_started(candidate, job, limits)
        finally:
            verdict_run = checked.result()
    outcome = verdict_run.first("check")
    if not verdict_run.ready or (outcome is None and verdict_run.first("internal") is not None):
        detail = verdict_run.stderr_tail.strip()[-500:] or f"exit code {verdict_run.exit_code}"
        raise JudgeError(f"{problem}: the check's process failed: {detail}")
    if outcome is None and verdict_run.killed_for == "time":
        raise JudgeError(f"{problem}: the check did not finish within {check_limits.time_limit_s:g} s")
    if outcome is not None and outcome.get("outcome") == "setup":
        raise JudgeError(f"{problem}: {outcome.get('message')}")
    run.events = [e for e in run.events if not (e.get("ev") == "case" and e.get("i") == check_index)]
    event = _case_event(outcome, check_index)
    if event is not None:
        run.events.append(event)
    return run


def _case_event(outcome: dict[str, Any] | None, index: int) -> dict[str, Any] | None:
    """The check case's event from the checker's outcome (``None``: the candidate went away)."""
    if not outcome:
        return None
    kind = outcome.get("outcome")
    if kind == "pass":
        counts = {k: outcome[k] for k in ("rng_calls", "rng_varied") if type(outcome.get(k)) is int}
        return {"ev": "case", "i": index, "check": "pass", **counts}
    if kind == "fail":
        return {"ev": "case", "i": index, "check": "fail", "message": outcome.get("message")}
    if kind == "error" and isinstance(outcome.get("error"), dict):
        return {"ev": "case", "i": index, "error": outcome["error"]}
    return None
