"""The trusted end of the check proxy: ``check(candidate)`` runs here, the solution in its own child.

Standard library only; loaded by path by :mod:`mockint.judge._child`. The candidate's end, and
the :class:`Link` both ends speak, are in :mod:`mockint.judge._serve`. The two
processes share nothing but a pair of pipes (set up by :mod:`mockint.judge.checkrun`), over which
JSON lines go:

- candidate -> checker, once it reaches the check: ``{"names": [...]}``, the solution module's
  top-level function names (helpers a HumanEval-style check may call);
- checker -> candidate, one per call: ``{"fn": NAME, "args": [...], "kwargs": {...}}`` in the
  plain-data forms of :mod:`mockint.judge._plain`;
- candidate -> checker, the answer: ``{"value": ...}`` or ``{"error": describe_error(...)}``, and
  ``"mutated"``: the state after the call of each mutable argument it changed ("0", "1"... or
  "k:NAME"), which the checker copies into its own arguments (so in-place work is seen). For a
  problem with ``inputs_unchanged``, ``"after"`` holds the state of every argument after the
  call, and the checker compares it with what it sent; for one with ``rng_param``, a call that
  passes a NumPy generator there is made again on fresh inputs (``"repeat"``: same seed, global
  random state moved; ``"other"``: another seed), and the checker compares the values
  (:mod:`mockint.judge._purity`).

The checker decodes what comes back into built-in values only, so the check compares plain data
with its own builtins: an object whose ``__eq__`` is always true, a patched ``abs`` or a
patched harness in the candidate's process cannot change what the check concludes. Only the
checker reports the check's outcome to the parent (``{"ev": "check", "outcome": ...}``); the
parent ignores any check result the candidate's process writes.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

# mypy reads the package branch only (the loose-file branch imports the same files by path).
if TYPE_CHECKING or __package__:
    from mockint.judge import _plain, _purity
    from mockint.judge._report import describe_error, short_repr
    from mockint.judge._serve import Link, _rng_slot
else:  # loaded by path in a judge child (see _child.py)
    import _plain
    import _purity
    from _report import describe_error, short_repr
    from _serve import Link, _rng_slot


class CandidateGone(BaseException):
    """The candidate's process ended (or broke the protocol) during the check: not catchable by a
    check's ``except Exception``; the parent's view of the candidate's exit gives the verdict."""


class CandidateFatal(BaseException):
    """The candidate's call ended in an error that ends the run (recursion, memory, exit)."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("type"))
        self.error = error


class Unsendable(Exception):
    """The check passed an argument that has no plain-data form (a problem of the bank)."""


class RequirementFailed(BaseException):
    """A stated requirement broken by a call (an input changed, output from global random
    state): a Wrong Answer that a check's ``except Exception`` cannot swallow."""


def _raise_candidate_error(error: dict[str, Any]) -> None:
    """Raise the candidate's exception inside the check as the built-in type it had (so a check
    that expects a ``ValueError`` sees one), marked as the candidate's."""
    if error.get("type") == "RecursionError" or error.get("memory") or error.get("file_size"):
        raise CandidateFatal(error)
    base = getattr(builtins, str(error.get("type")), None)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        if isinstance(base, type) and issubclass(base, BaseException):
            raise CandidateFatal(error)  # SystemExit, KeyboardInterrupt: not for a check to catch
        base = RuntimeError
    try:
        exc = base(error.get("message", ""))
    except BaseException:
        exc = RuntimeError(error.get("message", ""))
    exc._judge_candidate_error = error  # type: ignore[attr-defined]
    raise exc


def run_check(job: dict[str, Any], link: Link, namespace: dict[str, Any], emit: Any) -> None:
    """Wait for the candidate, run the job's check through proxies, and emit the outcome."""
    try:
        hello = link.recv()
    except ValueError:
        hello = None
    if hello is None:
        emit({"ev": "check", "outcome": "gone"})
        return
    entry = job["entry_point"]
    ns = _check_namespace(job, namespace)
    last: list[str | None] = [None, None]  # the last call's text and its result's repr
    counts = {"rng_calls": 0, "rng_varied": 0}
    for name in hello.get("names", []):
        if isinstance(name, str) and name.isidentifier() and name not in ns:
            ns[name] = _proxy(link, name, last)
    candidate = _proxy(link, entry, last, (job, counts))
    ns["__name__"] = "__check__"
    ns[entry] = candidate  # checks that call the function by name work unchanged
    try:
        exec(compile(job["check"], "<check>", "exec"), ns)
        ns[entry] = candidate
        ns["check"](candidate)
    except CandidateGone:
        emit({"ev": "check", "outcome": "gone"})
    except CandidateFatal as exc:
        emit({"ev": "check", "outcome": "error", "error": exc.error})
    except Unsendable as exc:
        emit({"ev": "check", "outcome": "setup", "message": str(exc)})
    except RequirementFailed as exc:
        event: dict[str, Any] = {"ev": "check", "outcome": "fail", "message": str(exc)}
        if last[0] is not None:
            event["call"], event["returned"] = last[0][:400], last[1]
            event["message"] = f"{exc} (the call: {last[0][:400]})"
        emit(event)
    except BaseException as exc:
        emit(_failure_event(exc, last))
    else:
        emit({"ev": "check", "outcome": "pass", **counts})
    finally:
        link.send({"end": True})


def _check_namespace(job: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``namespace`` with the problem's starter code run in it (when it runs)."""
    ns = dict(namespace)
    if job.get("starter"):  # the problem's own helpers, trusted: they win over the candidate's
        try:
            exec(compile(job["starter"], "<starter>", "exec"), ns)
        except BaseException:
            ns = dict(namespace)
    return ns


def _proxy(
    link: Link,
    name: str,
    last: list[str | None],
    requirements: tuple[dict[str, Any], dict[str, int]] | None = None,
) -> Any:
    """A stand-in for the candidate's function ``name``: each call goes over ``link``; ``last``
    is set to the call's text and, once it returns, its value's repr. With ``requirements``
    (the job and its counters; given for the entry point), each call is checked against the
    job's stated requirements and :class:`RequirementFailed` raised for one it breaks."""

    def call(*args: Any, **kwargs: Any) -> Any:
        parts = [short_repr(a) for a in args] + [f"{k}={short_repr(v)}" for k, v in kwargs.items()]
        last[0], last[1] = f"{name}({', '.join(parts)})", None
        try:
            sent = [_plain.encode(a, strict=True) for a in args]
            sent_kw = {k: _plain.encode(v, strict=True) for k, v in kwargs.items()}
        except _plain.Unsendable as exc:
            raise Unsendable(
                f"the check called {name} with an argument the judge cannot send: {exc}"
            ) from None
        if not link.send({"fn": name, "args": sent, "kwargs": sent_kw}):
            raise CandidateGone()
        value, error, answer = _read_answer(link, args, kwargs)
        if error is not None:
            _raise_candidate_error(error)
        last[1] = short_repr(value)
        if requirements is not None:
            job, counts = requirements
            problem = _broken_requirement(job, args, kwargs, sent, sent_kw, answer, counts)
            if problem is not None:
                raise RequirementFailed(problem)
        return value

    call.__name__ = call.__qualname__ = name
    return call


def _read_answer(
    link: Link, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, dict[str, Any] | None, dict[str, Any]]:
    """The candidate's answer to one call: its value, error and the whole answer (the mutated arguments are put
    back into ``args``/``kwargs``); :class:`CandidateFatal` for an answer that cannot be read."""
    error = None
    try:
        answer = link.recv()
        if answer is None:
            raise CandidateGone()
        if "error" in answer:
            error = answer["error"]
            if type(error) is not dict:
                raise ValueError("malformed error")
        for key, state in (answer.get("mutated") or {}).items():
            kind, _, rest = str(key).partition(":")
            target = (
                kwargs.get(rest)
                if kind == "k"
                else args[int(key)]
                if key.isdigit() and int(key) < len(args)
                else None
            )
            if target is not None:
                _plain.put_back(target, _plain.decode(state))
        value = _plain.decode(answer.get("value"))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise CandidateFatal(
            {
                "type": "JudgeProtocolError",
                "message": f"the answer could not be read ({exc})",
                "trace": f"the answer could not be read ({exc})",
                "memory": False,
                "file_size": False,
                "in_solution": False,
            }
        ) from None
    return value, error, answer


def _failure_event(exc: BaseException, last: list[str | None]) -> dict[str, Any]:
    """The outcome event when the check raised ``exc``: the candidate's own error if the check
    let it through, else a failure naming the last call and what it returned."""
    error = getattr(exc, "_judge_candidate_error", None)
    if isinstance(error, dict):
        return {"ev": "check", "outcome": "error", "error": error}
    err = describe_error(exc)
    text = f"{err['type']}: {err['message']}" if err["message"] else err["type"]
    if isinstance(exc, AssertionError) and not err["message"]:
        text = "an assertion in the hidden check failed"
    event = {"ev": "check", "outcome": "fail", "message": text}
    if last[0] is not None:
        got = f" returned {last[1]}" if last[1] is not None else " raised or did not return"
        event["call"], event["returned"] = last[0][:400], last[1]
        event["message"] = f"{text} (the last call: {last[0][:400]}{got})"
    return event


def _broken_requirement(
    job: dict[str, Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    sent: list[Any],
    sent_kw: dict[str, Any],
    answer: dict[str, Any],
    counts: dict[str, int],
) -> str | None:
    """The reason one call of the entry point broke a stated requirement (``None``: it kept
    them), from the plain forms this process sent and what came back."""
    names = [str(n) for n in job.get("arg_names") or []]
    if job.get("inputs_unchanged"):
        before = {
            str(i): s for i, (a, s) in enumerate(zip(args, sent, strict=True)) if not _purity.skipped(a)
        }
        before.update({f"k:{k}": sent_kw[k] for k, v in kwargs.items() if not _purity.skipped(v)})
        reason = _purity.modified_argument(before, answer.get("after"), names)
        if reason is not None:
            return reason
    if _rng_slot(job, sent, sent_kw) is None:
        return None
    rng = str(job.get("rng_param") or "rng")
    counts["rng_calls"] += 1
    if "repeat" not in answer or not _purity.same(answer.get("value"), answer.get("repeat")):
        return _purity.GLOBAL_RNG.format(rng=rng)
    if job.get("random_output"):
        if "other" not in answer:
            return _purity.NOT_RANDOM.format(rng=rng)
        if not _purity.same(answer.get("value"), answer.get("other")):
            counts["rng_varied"] += 1
    return None


def hide_from_same_user() -> None:
    """Make this process non-dumpable (Linux): other processes of the same user, the candidate's
    among them, can then neither ptrace it nor open its pipes through ``/proc/PID/fd`` (root
    with CAP_SYS_PTRACE still can)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass
