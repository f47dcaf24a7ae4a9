"""The parent's side of the stated requirements (bank fields ``inputs_unchanged``, ``rng_param``,
``random_output``): the job fields that ask the child for input states and repeated calls, and
the Wrong Answer reasons found by comparing what came back, as plain data, here
(:mod:`mockint.judge._purity` holds the comparison; docs/judge.md, "Stated requirements").

Trust: the "before" states come from ``before`` events sent before the child said ready, so
before any solution code ran; ``before`` events after that are ignored. A check's calls are
compared in the trusted checker instead (:mod:`mockint.judge._checker`), which reports how many
``rng_param`` calls it saw and how many gave a different output for a different seed.
"""

from __future__ import annotations

from typing import Any

from mockint.bank.model import Question
from mockint.bank.parse import entry_parameters
from mockint.judge import _purity
from mockint.judge.cases import Case
from mockint.judge.runner import ChildRun


def job_fields(question: Question) -> dict[str, Any]:
    """Fields for a candidate's job (and so its checker's): empty for a problem that states
    neither requirement."""
    names = entry_parameters(question.reference, question.entry_point) or []
    out: dict[str, Any] = {}
    if question.inputs_unchanged:
        out["inputs_unchanged"] = True
    if question.rng_param and question.rng_param in names:
        out["rng_param"] = question.rng_param
        out["rng_index"] = names.index(question.rng_param)
        if question.random_output:
            out["random_output"] = True
    if out:
        out["arg_names"] = names
    return out


def _before_ready(run: ChildRun) -> dict[int, dict[str, Any]]:
    """Case index -> its ``before`` event, from the events the child sent before it was ready."""
    found: dict[int, dict[str, Any]] = {}
    for event in run.events:
        if event.get("ev") == "ready":
            break
        if event.get("ev") == "before" and type(event.get("i")) is int:
            found.setdefault(event["i"], event)
    return found


def broken(question: Question, cases: list[Case], run: ChildRun) -> dict[int, str]:
    """Case index -> why that case broke a stated requirement (an argument it modified, output
    that moved with global random state, or, on the last such case, output that never moved
    with the seed of a ``random_output`` problem). Cases that raised are left to their error."""
    fields = job_fields(question)
    if not fields:
        return {}
    names = [str(n) for n in fields["arg_names"]]
    rng = question.rng_param or "rng"
    before = _before_ready(run)
    reasons: dict[int, str] = {}
    rng_calls = varied = 0
    last_rng: int | None = None
    check_failed = False
    seen: set[int] = set()
    for event in run.events:
        i = event.get("i")
        if event.get("ev") != "case" or type(i) is not int or not 0 <= i < len(cases) or i in seen:
            continue
        seen.add(i)  # the harness's own event comes first; a later one with this index is forged
        if "error" in event:
            continue
        if cases[i].source == "check":
            check_failed = event.get("check") != "pass"
            calls = event.get("rng_calls")
            if type(calls) is int and calls > 0:
                rng_calls += calls
                varied += event["rng_varied"] if type(event.get("rng_varied")) is int else 0
                last_rng = i
            continue
        was = before.get(i, {})
        if fields.get("inputs_unchanged") and isinstance(was.get("states"), dict):
            reason = _purity.modified_argument(was["states"], event.get("after"), names)
            if reason is not None:
                reasons[i] = reason
                continue
        if not was.get("rng"):
            continue
        if "repeat" not in event or not _purity.same(event.get("value"), event.get("repeat")):
            reasons[i] = _purity.GLOBAL_RNG.format(rng=rng)
            continue
        rng_calls += 1
        last_rng = i
        if "other" in event and not _purity.same(event.get("value"), event.get("other")):
            varied += 1
    every_case_ran = len(seen) == len(cases)
    settled = every_case_ran and not reasons and not check_failed  # no other failure to report first
    if fields.get("random_output") and settled and rng_calls and not varied and last_rng is not None:
        reasons.setdefault(last_rng, _purity.NOT_RANDOM.format(rng=rng))
    return reasons
