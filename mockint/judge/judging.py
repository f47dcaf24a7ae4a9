"""``judge(question, code)``: run a solution against a coding question's tests in a child process.

One child runs the solution on every case (the time limit covers that whole run: import plus
every call). The expected outputs come from the bank (TOML ``expected``) or from the reference
solution run in a separate child (cached per question); they never enter the solution's process.
See :mod:`mockint.judge.runner` for the limits and :mod:`mockint.judge.assess` for how the
verdict is chosen.

For a problem with a ``size_generator``, a run that is Accepted, or that ran out of time with
every finished test passed (at least one), is then timed at growing input sizes beside the
reference (:mod:`mockint.judge.complexity`), so a brute force that passes the small tests learns
that it will not scale. Other verdicts are not timed: the code is wrong or broken, and its speed
is not the point yet.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from mockint.bank.model import Question
from mockint.judge import complexity, datasets, metric_task, reference, requirements
from mockint.judge.assess import assess
from mockint.judge.cases import build_cases, libraries, make_job, question_sources
from mockint.judge.checkrun import run_with_check
from mockint.judge.compare import compare
from mockint.judge.errors import JudgeError
from mockint.judge.runner import Limits, run_child
from mockint.judge.verdict import NOT_RUN, TIME_LIMIT, Verdict
from mockint.judge.wire import WireError, decode

log = logging.getLogger(__name__)

#: Address space (MiB) a solution may use beyond the interpreter and preloaded libraries: a few
#: hundred MiB, as judges allow, so a memory hog ends as Memory Limit Exceeded, not a time-out.
DEFAULT_MEMORY_MB = 512


def _limits(question: Question, time_limit_s: float | None, memory_limit_mb: int | None) -> Limits:
    limit = float(time_limit_s if time_limit_s is not None else question.time_limit_s)
    if limit <= 0:
        raise ValueError(f"time_limit_s must be positive, got {limit}")
    return Limits(
        time_limit_s=limit, slack_s=0.25 + 0.05 * limit, memory_mb=int(memory_limit_mb or DEFAULT_MEMORY_MB)
    )


def worth_timing(verdict: Verdict) -> bool:
    """Accepted, or out of time with at least one test passed and every finished test passed
    (a group's first failure is then "not run": cases run in order, so all after it did not run)."""
    if verdict.accepted:
        return True
    return (
        verdict.verdict == TIME_LIMIT
        and verdict.passed > 0
        and all(g.failure in (None, NOT_RUN) for g in verdict.groups)
    )


def _check_coding(question: Question) -> None:
    if not question.is_coding or not question.entry_point:
        raise JudgeError(f"{question.id} is a {question.round_type} question, not a judged coding problem")


def judge(
    question: Question,
    code: str,
    *,
    time_limit_s: float | None = None,
    memory_limit_mb: int | None = None,
    measure_complexity: bool = True,
    stop_at_first_failure: bool = False,
) -> Verdict:
    """Judge ``code`` (Python source defining ``question.entry_point``) on every case.

    ``time_limit_s`` (seconds) overrides the question's limit for the whole run; the reference
    gets a more generous one. ``memory_limit_mb`` (MiB) overrides :data:`DEFAULT_MEMORY_MB`.
    ``measure_complexity=False`` skips growth timing (see the module docstring), which otherwise
    adds up to a few seconds for a slow solution, a fraction of one for a fast one.
    ``stop_at_first_failure=True`` ends the run at the first wrong or failing case when the
    expected outputs are already known (for callers that only ask "Accepted or not", such as
    the bank gate): later cases are "not run", so a later time-out is not reported.
    Returns a :class:`Verdict` whatever the code does. Raises :class:`JudgeError` when the
    question cannot be judged (not a coding question, broken reference or inputs, no Python
    process could be started) and ``ValueError`` for a non-positive time limit.
    Blocking: call it off the GUI thread. Thread-safe.
    """
    _check_coding(question)
    if question.dataset is not None:  # end-to-end: predict(train, test) scored by a metric
        return metric_task.judge_metric(
            question, code, metric_task.limits_for(question, time_limit_s, memory_limit_mb)
        )
    limits = _limits(question, time_limit_s, memory_limit_mb)
    cases = build_cases(question)
    sources = question_sources(question)
    ref_libs = libraries(*sources)
    libs = libraries(*sources, code)
    started = time.perf_counter()
    expected = reference.cached(question, cases, ref_libs)
    inputs = reference.cached_inputs(question, cases, ref_libs) if expected is not None else None
    job = make_job(question, code, cases, libs, limits, inputs=inputs)
    job.update(requirements.job_fields(question))  # inputs unchanged, randomness from rng
    if expected is None:  # run the reference beside the candidate: two cores, half the wait
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-reference") as pool:
            future = pool.submit(reference.expected_outputs, question, cases, ref_libs, limits)
            run = _run_candidate(question, job, cases, limits)
            expected = future.result()
    else:
        stop = _first_failure(question, cases, expected) if stop_at_first_failure else None
        run = _run_candidate(question, job, cases, limits, stop)
    verdict = assess(question, cases, run, expected, limits)
    if measure_complexity and question.size_generator and worth_timing(verdict):
        verdict = replace(
            verdict, complexity=complexity.compare_growth(question, code, libs, ref_libs, limits)
        )
    log.debug(
        "judged %s: %s %d/%d in %.3f s (judge wall %.3f s)",
        question.id,
        verdict.verdict,
        verdict.passed,
        verdict.total,
        verdict.runtime_s,
        time.perf_counter() - started,
    )
    return verdict


def _run_candidate(question: Question, job: dict, cases: list, limits: Limits, stop=None):
    """The candidate's run; a ``check`` case is decided by a trusted checker child beside it."""
    check_index = next((c.index for c in cases if c.source == "check"), None)
    if check_index is None:
        return run_child(job, limits, stop)
    return run_with_check(job, question.starter, limits, check_index, question.id)


def _first_failure(question: Question, cases: list, expected: dict):
    """A ``stop`` for :func:`run_child`: true at the first case event that is an error or a
    value the parent's comparison rejects."""

    def stop(event: dict) -> bool:
        if (
            event.get("ev") != "case"
            or not isinstance(event.get("i"), int)
            or not 0 <= event["i"] < len(cases)
        ):
            return False
        if "error" in event:
            return True
        case = cases[event["i"]]
        want = case.expected if case.source == "toml" else expected.get(case.index)
        try:
            actual = decode(event.get("value"))
        except WireError:
            return True
        return compare(question.compare, want, actual, rtol=question.rtol, atol=question.atol) is not None

    return stop


def warm_up(question: Question, *, memory_limit_mb: int | None = None, growth: bool = True) -> None:
    """Compute and cache the reference outputs (and, with ``growth``, the reference's growth
    timings for a problem with a size generator) now, e.g. when a coding round opens, so the
    first :func:`judge` call waits for the candidate's children only, which then decode the
    reference's built inputs instead of running the generators again. Raises
    :class:`JudgeError` like :func:`judge`."""
    _check_coding(question)
    if question.dataset is not None:  # generate (or find cached) the data now
        datasets.files(question)
        return
    limits = _limits(question, None, memory_limit_mb)
    cases = build_cases(question)
    libs = libraries(*question_sources(question))
    reference.expected_outputs(question, cases, libs, limits)
    if growth and question.size_generator:
        complexity.reference_growth(question, libs, limits)
