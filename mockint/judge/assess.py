"""Turn what a candidate's child reported into a :class:`~mockint.judge.verdict.Verdict`.

Comparison happens here, in the parent: the expected outputs (TOML values or the reference's
outputs) never reach the child. When several problems occur the most serious is reported, in the
order of :data:`~mockint.judge.verdict.SEVERITY` (TLE > MLE > OLE > CE > RTE > WA).

Partial credit: each group scores its points from the problem's ``points`` table when every test
in it passes (else 0), or 1 point per passed test when the table does not name it.

Choices worth knowing: a file write refused by the file-size limit is an Output Limit Exceeded,
as printing too much is. A RecursionError, an out-of-memory error or a refused file write ends
the run (the child runs no later case), so the cases after it count as not run. Code that raises ``SystemExit`` (``sys.exit()``) or ends the process while
it is being imported gets a Compilation Error, as any other import-time failure; inside the entry
point both are a Runtime Error. A child killed by the kernel with SIGKILL that the judge did not
send and that had not used up its CPU time is taken to be out of memory.
"""

from __future__ import annotations

import signal as signals
from dataclasses import dataclass
from typing import Any

from mockint.bank.model import Question
from mockint.judge import requirements
from mockint.judge import verdict as V
from mockint.judge._report import short_repr
from mockint.judge.cases import Case
from mockint.judge.compare import compare
from mockint.judge.errors import JudgeError
from mockint.judge.runner import ChildRun, Limits
from mockint.judge.wire import WireError, decode


@dataclass
class _Outcome:
    """One case after comparison. ``status``: pass, wrong, error, memory, file or not_run."""

    case: Case
    status: str = "not_run"
    reason: str | None = None
    actual: str = ""
    error: dict[str, Any] | None = None


def _signal_name(number: int) -> str:
    try:
        return signals.Signals(number).name
    except ValueError:
        return f"signal {number}"


def assess(
    question: Question, cases: list[Case], run: ChildRun, expected: dict[int, Any], limits: Limits
) -> V.Verdict:
    """The verdict for ``run`` of ``cases``; raises :class:`JudgeError` if inputs could not be built."""
    _require_ready(question, run)
    outcomes = [_Outcome(c) for c in cases]
    for event in run.events:
        if event.get("ev") == "case" and isinstance(event.get("i"), int) and 0 <= event["i"] < len(cases):
            _judge_case(question, outcomes[event["i"]], event, expected)
    for i, reason in requirements.broken(question, cases, run).items():  # stated requirements
        if outcomes[i].status in ("pass", "wrong"):
            outcomes[i].status, outcomes[i].reason = "wrong", reason

    load_failed = run.first("load_failed")
    loaded = run.first("loaded") is not None
    done = run.first("done")
    runtime = (
        float(done["runtime_s"]) if done and isinstance(done.get("runtime_s"), int | float) else run.elapsed_s
    )
    limit = limits.time_limit_s
    first_error = next((o for o in outcomes if o.status == "error"), None)
    first_memory = next((o for o in outcomes if o.status == "memory"), None)
    first_file = next((o for o in outcomes if o.status == "file"), None)
    first_wrong = next((o for o in outcomes if o.status == "wrong"), None)
    crashed = run.signal is not None and run.killed_for is None
    cpu_out = crashed and run.signal in (signals.SIGXCPU, signals.SIGKILL) and run.cpu_s >= limit
    unexplained_kill = crashed and run.signal == signals.SIGKILL and not cpu_out

    cpu_used = done.get("cpu_s") if done else None
    if run.cpu_after_ready_s is not None:  # the parent's own count: a forged "done" cannot lower it
        cpu_used = max(cpu_used if isinstance(cpu_used, int | float) else 0.0, run.cpu_after_ready_s)
    # The limit counts CPU time: a busy machine slows the wall clock, not the solution's work.
    over = cpu_used > limit if isinstance(cpu_used, int | float) else runtime > limit
    limit_kind = run.limit or ("cpu" if cpu_out or isinstance(cpu_used, int | float) else "wall")
    problems: dict[str, str] = {}
    if run.killed_for == "time" or cpu_out or over:
        problems[V.TIME_LIMIT] = _time_message(
            cases, outcomes, loaded or bool(load_failed), limit_kind, limits
        )
        runtime = max(runtime, min(run.elapsed_s, limit + limits.slack_s))
    if first_memory or (load_failed and load_failed.get("memory")) or unexplained_kill:
        problems[V.MEMORY_LIMIT] = _memory_message(cases, first_memory, unexplained_kill, limits)
    file_killed = crashed and run.signal == getattr(signals, "SIGXFSZ", None)
    output = _output_message(
        run, cases, first_file, bool(load_failed and load_failed.get("file_size")) or file_killed, limits
    )
    if output:
        problems[V.OUTPUT_LIMIT] = output
    if load_failed and not load_failed.get("memory") and not load_failed.get("file_size"):
        problems[V.COMPILATION_ERROR] = _load_message(question, load_failed)
    elif not loaded and not crashed and not run.killed_for:
        problems[V.COMPILATION_ERROR] = (
            f"Your code ended the process while being imported (exit code {run.exit_code})."
        )
    rte = _runtime_message(
        cases, outcomes, first_error, run, loaded, done, crashed, unexplained_kill or file_killed
    )
    if rte:
        problems[V.RUNTIME_ERROR] = rte
    if first_wrong:
        problems[V.WRONG_ANSWER] = _wrong_message(cases, first_wrong)

    verdict = next((v for v in V.SEVERITY if v in problems), V.ACCEPTED)
    if verdict == V.ACCEPTED and sum(o.status == "pass" for o in outcomes) != len(cases):
        verdict, problems[V.RUNTIME_ERROR] = V.RUNTIME_ERROR, "Not every test reported a result."
    samples = [_sample_result(o, run, expected, cases) for o in outcomes if o.case.sample]
    groups = _groups(outcomes, dict(question.group_points))
    return V.Verdict(
        verdict=verdict,
        passed=sum(o.status == "pass" for o in outcomes),
        total=len(cases),
        runtime_s=runtime,
        peak_memory_mb=run.peak_memory_mb,
        groups=groups,
        samples=samples,
        first_failed_sample=next((s for s in samples if not s.passed), None),
        message=problems.get(verdict, f"All {len(cases)} tests passed."),
        stdout=run.prints,
        time_limit_s=limit,
        limit=limit_kind if verdict == V.TIME_LIMIT else None,
        points=sum(g.points for g in groups),
        max_points=sum(g.max_points for g in groups),
    )


def _require_ready(question: Question, run: ChildRun) -> None:
    """Raise :class:`JudgeError` when the child never reached "ready" (a bank or judge problem)."""
    setup = run.first("setup_error")
    if setup is not None and not run.ready:  # sent instead of "ready"; later ones are forged
        raise JudgeError(f"{question.id}: a test input could not be built: {setup.get('message')}")
    if not run.ready:
        detail = run.stderr_tail.strip()[-800:] or f"exit code {run.exit_code}, signal {run.signal}"
        raise JudgeError(f"the judge's child process failed before running your code: {detail}")


def _time_message(
    cases: list[Case], outcomes: list[_Outcome], imported: bool, limit_kind: str, limits: Limits
) -> str:
    """The time-limit message; ``imported``: the solution module finished loading (or failed to)."""
    finished = sum(o.status != "not_run" for o in outcomes)
    where = (
        "while importing your code"
        if not imported
        else (f"for all {len(cases)} tests together ({finished} finished in time)")
    )
    limit = limits.time_limit_s
    if limit_kind == "wall":
        wall = limits.wall_limit_s(True)
        return (
            f"Time limit exceeded: your code was still running after {wall:g} s of wall-clock time "
            f"{where} (waiting or sleeping counts here; the CPU limit is {limit:g} s)."
        )
    return f"Time limit exceeded: your code used over {limit:g} s of CPU time {where}."


def _output_message(
    run: ChildRun, cases: list[Case], first_file: _Outcome | None, file_over: bool, limits: Limits
) -> str | None:
    """The output-limit message (prints, a file or return values too large), or ``None``;
    ``file_over``: the loading failed on, or a signal ended the run for, the file-size limit."""
    if run.killed_for == "output":
        return (
            f"Output limit exceeded: your code printed more than "
            f"{limits.output_bytes // 1024} KB. Remove debug prints."
        )
    if first_file or file_over:
        where = f" on {_where(cases, first_file.case)}" if first_file else ""
        after = _not_run_after(cases, first_file) if first_file else ""
        return (
            f"Output limit exceeded: your code wrote a file larger than {limits.file_mb} MB{where}. "
            "The judge calls your function and reads what it returns; no files are needed."
            f"{after}"
        )
    if run.killed_for == "result_size":
        return f"Output limit exceeded: your return values came to more than {limits.result_bytes >> 20} MB."
    return None


def _judge_case(question: Question, out: _Outcome, event: dict[str, Any], expected: dict[int, Any]) -> None:
    case = out.case
    if isinstance(event.get("error"), dict):
        out.error = event["error"]
        out.status = (
            "memory" if out.error.get("memory") else "file" if out.error.get("file_size") else "error"
        )
        out.reason = f"{out.error.get('type')}: {out.error.get('message')}".rstrip(": ")
        return
    if case.source == "check":
        passed = event.get("check") == "pass"
        out.status = "pass" if passed else "wrong"
        out.reason = None if passed else str(event.get("message") or "the hidden check failed")
        return
    try:
        actual = decode(event.get("value"))
    except WireError as exc:
        out.status, out.reason = "error", f"the judge could not read the returned value ({exc})"
        out.error = {"type": "JudgeProtocolError", "message": out.reason, "trace": out.reason}
        return
    # Shown output is the repr of the decoded plain data, made here: nothing the candidate's
    # process wrote as text is displayed as its output.
    out.actual = short_repr(actual)
    want = case.expected if case.source == "toml" else expected.get(case.index)
    out.reason = compare(question.compare, want, actual, rtol=question.rtol, atol=question.atol)
    out.status = "wrong" if out.reason else "pass"


def _where(cases: list[Case], case: Case) -> str:
    if case.sample:
        return case.label(cases)
    return f"a hidden test in group '{case.group}' ({case.label(cases)})"


def _memory_message(cases: list[Case], first: _Outcome | None, killed: bool, limits: Limits) -> str:
    text = f"Memory limit exceeded: your code needed more than {limits.memory_mb} MB"
    if first is not None:
        return f"{text} on {_where(cases, first.case)} ({first.reason}).{_not_run_after(cases, first)}"
    if killed:
        return f"{text}; the system stopped the process."
    return f"{text} while being imported."


def _load_message(question: Question, event: dict[str, Any]) -> str:
    kind = event.get("kind")
    if kind == "syntax":
        return f"Your code does not compile:\n{event.get('message', '')}"
    if kind == "missing":
        return f"{event.get('message')}: define a function named {question.entry_point}."
    if kind == "exit":
        return (
            "Your code called sys.exit() (SystemExit) while being imported; remove it, the "
            f"judge calls {question.entry_point} itself.\n{event.get('trace', '')}"
        ).rstrip()
    return f"Your code failed while being imported:\n{event.get('trace') or event.get('message')}"


def _runtime_message(
    cases: list[Case],
    outcomes: list[_Outcome],
    first_error: _Outcome | None,
    run: ChildRun,
    loaded: bool,
    done: dict[str, Any] | None,
    crashed: bool,
    killed: bool,
) -> str | None:
    if first_error is not None and first_error.error is not None:
        head = f"{first_error.error.get('type')} on {_where(cases, first_error.case)}"
        text = f"{head}\n{first_error.error.get('trace', '')}".rstrip()
        if first_error.error.get("type") == "RecursionError":
            text += _not_run_after(cases, first_error, " Does the recursion reach its base case?")
        return text
    if run.protocol_error is not None:
        return "Your code wrote to the judge's result channel; the results could not be read."
    stopped = next((o for o in outcomes if o.status == "not_run"), None)
    # A "done" line is believed only when every case has its result: the solution can write one.
    if not loaded or (done is not None and stopped is None) or run.killed_for or killed:
        return None
    at = f" during {_where(cases, stopped.case)}" if stopped else ""
    if crashed:
        assert run.signal is not None
        return f"Your code crashed (signal {run.signal}, {_signal_name(run.signal)}){at}."
    return f"Your code ended the process (exit code {run.exit_code}){at} before every test had run."


def _not_run_after(cases: list[Case], first: _Outcome, hint: str = "") -> str:
    """The note for a case that ended the run (the child stops after it; see the module docstring)."""
    later = len(cases) - first.case.index - 1
    return f"\nThe {later} tests after it were not run.{hint}" if later else ""


def _wrong_message(cases: list[Case], first: _Outcome) -> str:
    return f"Wrong answer on {_where(cases, first.case)}: {first.reason}."


def _groups(outcomes: list[_Outcome], points: dict[str, int]) -> list[V.GroupResult]:
    """Per group, in order of first appearance: passed / total, points, the first failure's reason."""
    members: dict[str, list[_Outcome]] = {}
    for o in outcomes:
        members.setdefault(o.case.group, []).append(o)
    out = []
    for name, group in members.items():
        passed = sum(o.status == "pass" for o in group)
        failed = next((o for o in group if o.status != "pass"), None)
        if name in points:
            worth = points[name]
            score = worth if passed == len(group) else 0
        else:
            worth, score = len(group), passed
        reason = None if failed is None else (failed.reason or V.NOT_RUN)
        out.append(V.GroupResult(name, passed, len(group), score, worth, reason))
    return out


def _sample_result(o: _Outcome, run: ChildRun, expected: dict[int, Any], cases: list[Case]) -> V.CaseResult:
    inputs = run.first("inputs") or {}
    reprs = inputs.get("reprs", {}) if isinstance(inputs.get("reprs"), dict) else {}
    case = o.case
    args = reprs.get(str(case.index))
    if not isinstance(args, str):
        args = (
            ", ".join(short_repr(a) for a in case.payload["args"])
            if "args" in case.payload
            else str(case.payload.get("args_py", ""))
        )
    want = case.expected if case.source == "toml" else expected.get(case.index)
    reason = None if o.status == "pass" else (o.reason or V.NOT_RUN)
    return V.CaseResult(
        group=case.group,
        sample=True,
        passed=o.status == "pass",
        args=args,
        expected=short_repr(want),
        actual=o.actual,
        error=reason,
    )
