"""The judge's child process: runs one untrusted solution against test inputs, nothing else.

Started by :mod:`mockint.judge.pool` as ``python -P -B _child.py RESULT_FD PRELOAD IDLE_S`` in a
fresh temporary directory (on Linux, forked in that state by a fork server started as
``_child.py --fork-server CONTROL_FD PRELOAD``; see :mod:`mockint.judge._fork`): it imports
PRELOAD (``numpy,torch`` or nothing) at once, so it can wait as a spare, then waits up to
IDLE_S seconds for its job. This file and its sibling ``_report.py``
are the child's whole harness and use the standard library only: the child never imports
``mockint`` (mockint's folder is taken off ``sys.path`` before solution code runs, so
``import mockint.bank`` fails there).

Protocol. The parent writes one JSON job to stdin and closes it; stdin is then pointed at
``/dev/null``. The child answers with JSON lines ("events") on ``RESULT_FD``, never on stdout,
which belongs to the solution's own prints:

``warm``          PRELOAD is imported (sent before the job is read, so a spare says it is warm)
``inputs``        reprs of the sample cases' arguments (before any solution code runs)
``setup_error``   a test input could not be built (a bank problem, not the solution's)
``ready``         inputs built, limits set: the parent's time limit starts now
``loaded`` / ``load_failed``   the solution module ran (or failed to compile / import)
``case``          one case's outcome: an encoded return value or an error (the check case
                  reports nothing here: this process only answers the trusted checker's calls,
                  see :mod:`mockint.judge._checker`; ``"mode": "checker"`` runs that checker)
``done``          every case ran; ``runtime_s`` is the solution's own wall time in seconds,
                  ``cpu_s`` the process's CPU seconds since ready (what the time limit counts)

A job with ``"mode": "growth"`` times the entry point at growing input sizes instead (the
problem's ``size_generator`` builds the inputs; see :mod:`mockint.judge._growth` for its events).
A case that ends in ``RecursionError``, ``MemoryError`` or a write over the file-size limit ends
the run: unwinding a quarter-million frames takes about a second, and filling memory or a file to
its cap takes as long, so such a solution would otherwise run out of time on a long test list and
hide its real error (the output cap ends a run the same way).

The job holds the solution code, the entry point and the test *inputs* only. Expected outputs
never enter this process; return values go back as plain tagged data (see :func:`encode`) and are
compared by the parent.

Why this file stays whole (past the house's ~400 lines): it is one job, the harness inside
the untrusted process, and most of it is one :class:`_Harness` whose steps share the clocks, the
result channel and the limits bound before solution code runs. The pieces that could stand alone
already do (``_report``, ``_plain``, ``_checker``, ``_growth``, ``_limits``, ``_metric``); splitting
the harness further would spread its trust boundary over more loose files the child loads by path.
"""

from __future__ import annotations

import json
import linecache
import math
import os
import random
import sys
import threading
import time
import traceback
import types
from typing import TYPE_CHECKING, Any

# mypy reads the package branch only (the loose-file branch imports the same files by path).
if TYPE_CHECKING or __package__:  # imported by the parent (tests, tools)
    from mockint.judge import _checker, _fork, _purity, _serve
    from mockint.judge._growth import time_sizes
    from mockint.judge._limits import set_limits
    from mockint.judge._metric import run_metric
    from mockint.judge._report import (
        SOLUTION_FILE,
        args_repr,
        describe_error,
        encode,
        is_memory_error,
    )
else:  # run as a script: load the sibling file without putting mockint's folder on sys.path
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))
    import _checker
    import _fork
    import _purity
    import _serve
    from _growth import time_sizes
    from _limits import set_limits
    from _metric import run_metric
    from _report import SOLUTION_FILE, args_repr, describe_error, encode, is_memory_error

    sys.path.pop()

#: The harness's clocks, bound before solution code runs (patching ``time`` cannot change them).
_clock = time.perf_counter
_cpu_clock = time.thread_time  # per thread: with RLIMIT_CPU set, the process clock ticks coarsely
_process_cpu = time.process_time  # every thread's CPU: what the time limit counts
#: The encoder of input states, bound before solution code runs.
_plain_encode = _checker._plain.encode
_plain_decode = _checker._plain.decode


# --------------------------------------------------------------------------- the run


class _Channel:
    """Writes events as JSON lines to the result pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def emit(self, event: dict[str, Any]) -> None:
        data = (json.dumps(event, separators=(",", ":"), allow_nan=True) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]


class _NoMockint:
    """A ``sys.meta_path`` finder that refuses ``mockint`` and its submodules."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "mockint" or name.startswith("mockint."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _strip_mockint_path() -> None:
    """Keep the solution away from ``import mockint`` (and so the bank) without losing the
    environment's other packages: a source checkout's folder is taken off ``sys.path``; an
    installed mockint shares site-packages with numpy and torch, so that entry stays and a
    finder refuses the name instead (see docs/judge.md, Known limits)."""
    sys.path[:] = [
        p
        for p in sys.path
        if not os.path.isfile(os.path.join(p or ".", "mockint", "__init__.py"))
        or os.path.basename(os.path.normpath(p or ".")) in ("site-packages", "dist-packages")
    ]
    for name in [m for m in sys.modules if m == "mockint" or m.startswith("mockint.")]:
        del sys.modules[name]
    sys.meta_path.insert(0, _NoMockint())


def _import_optional(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


class _Harness:
    def __init__(self, job: dict[str, Any], channel: _Channel) -> None:
        self.job = job
        self.channel = channel
        self.np = _import_optional("numpy") if job.get("numpy") or job.get("torch") else None
        self.torch = _import_optional("torch") if job.get("torch") else None
        if self.torch is not None:
            self.torch.set_num_threads(1)
        _purity.bind_seeders(self.np, self.torch)
        self.solution_time = 0.0
        self.cpu_at_ready = 0.0
        self.module: types.ModuleType | None = None
        self.show: set[int] = set(job.get("show_args", []))
        #: case index -> its arguments' plain form as JSON text (immutable), taken before any
        #: solution code ran: the fresh inputs of the repeated calls of an ``rng_param`` problem
        self.frozen: dict[int, str] = {}

    def seed(self) -> None:
        """Same RNG state before every input build and every call, in every child."""
        random.seed(0)
        if self.np is not None:
            self.np.random.seed(0)
        if self.torch is not None:
            self.torch.manual_seed(0)

    def namespace(self) -> dict[str, Any]:
        return {"np": self.np, "numpy": self.np, "torch": self.torch, "math": math, "random": random}

    def build_inputs(self) -> list[Any] | None:
        """Each case's positional-argument tuple (or ``None`` for the check); ``None`` on failure."""
        generators = []
        inputs: list[Any] = []
        building_cases = False
        try:
            for k, code in enumerate(self.job.get("generators", [])):
                ns = self.namespace()
                exec(compile(code, f"<generator {k + 1}>", "exec"), ns)
                generators.append(ns["generate"])
            building_cases = True
            for case in self.job["cases"]:
                if "check" in case:
                    inputs.append(None)
                    continue
                self.seed()
                if "args" in case:
                    args = case["args"]
                elif "plain_json" in case:  # built once by the reference's child, cached by the parent
                    args = _checker._plain.decode(json.loads(case["plain_json"]))
                elif "args_py" in case:
                    args = eval(compile(case["args_py"], "<args_py>", "eval"), self.namespace())
                else:
                    args = generators[case["gen"]](random.Random(case["seed"]))
                if not isinstance(args, tuple | list):
                    raise TypeError(f"test inputs must be a tuple of arguments, got {type(args).__name__}")
                inputs.append(tuple(args))
        except BaseException as exc:
            err = describe_error(exc)
            current = len(inputs) if building_cases else -1
            where = f"case {current + 1}" if current >= 0 else "generator setup"
            self.channel.emit(
                {"ev": "setup_error", "i": current, "message": f"{where}: {err['type']}: {err['message']}"}
            )
            return None
        if self.job.get("send_inputs"):  # the reference's child: the parent caches built inputs
            for j, (case, args) in enumerate(zip(self.job["cases"], inputs, strict=True)):
                if args is not None and ("gen" in case or "args_py" in case):
                    try:
                        plain = _checker._plain.encode(args, strict=True)
                    except (TypeError, ValueError):
                        continue
                    self.channel.emit({"ev": "built", "i": j, "args": plain})
        self.record_inputs(inputs)
        shown = self.job.get("show_args", [])
        self.channel.emit(
            {"ev": "inputs", "reprs": {str(j): args_repr(inputs[j]) for j in shown if inputs[j] is not None}}
        )
        return inputs

    def record_inputs(self, inputs: list[Any]) -> None:
        """Before any solution code runs: send the parent each case's inputs that must stay
        unchanged (``inputs_unchanged``) and say which cases pass a random generator as the
        ``rng_param`` argument (those are called again; see :mod:`mockint.judge._purity`)."""
        unchanged = bool(self.job.get("inputs_unchanged"))
        rng = self.job.get("rng_index")
        if not unchanged and rng is None:
            return
        for j, args in enumerate(inputs):
            if args is None:
                continue
            event: dict[str, Any] = {"ev": "before", "i": j}
            if unchanged:
                event["states"] = _purity.input_states(args, None, _plain_encode)
            np = self.np
            if isinstance(rng, int) and rng < len(args) and np and isinstance(args[rng], np.random.Generator):
                try:
                    self.frozen[j] = json.dumps(_plain_encode(args, strict=True), allow_nan=True)
                    event["rng"] = True
                except (TypeError, ValueError):
                    pass
            self.channel.emit(event)

    def set_limits(self) -> None:
        set_limits(self.job)

    def load(self) -> Any:
        """Compile and run the solution module; returns the entry point or ``None`` (reported)."""
        code = self.job["code"]
        try:
            compiled = compile(code, SOLUTION_FILE, "exec")
        except BaseException as exc:
            msg = "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
            self.channel.emit(
                {
                    "ev": "load_failed",
                    "kind": "syntax",
                    "type": type(exc).__name__,
                    "message": msg,
                    "memory": is_memory_error(exc),
                }
            )
            return None
        linecache.cache[SOLUTION_FILE] = (len(code), None, code.splitlines(True), SOLUTION_FILE)
        module = types.ModuleType("solution")
        module.__file__ = SOLUTION_FILE
        sys.modules["solution"] = module
        self.module = module
        self.seed()
        start = _clock()
        try:
            exec(compiled, module.__dict__)
        except BaseException as exc:
            err = describe_error(exc)
            kind = "exit" if isinstance(exc, SystemExit) else "import"
            self.channel.emit({"ev": "load_failed", "kind": kind, **err})
            return None
        finally:
            self.solution_time += _clock() - start
        entry = self.job["entry_point"]
        fn = module.__dict__.get(entry)
        holder = module.__dict__.get("Solution")
        if fn is None and isinstance(holder, type) and callable(getattr(holder, entry, None)):
            try:  # LeetCode style: class Solution with the entry point as a method
                fn = getattr(holder(), entry)
            except BaseException as exc:
                self.channel.emit({"ev": "load_failed", "kind": "import", **describe_error(exc)})
                return None
        if not callable(fn):
            what = "is not callable" if fn is not None else "is not defined"
            self.channel.emit(
                {
                    "ev": "load_failed",
                    "kind": "missing",
                    "type": "NameError",
                    "message": f"{entry} {what} in your code",
                    "memory": False,
                }
            )
            return None
        self.channel.emit({"ev": "loaded"})
        return fn

    def run_case(self, i: int, fn: Any, args: tuple[Any, ...] | None) -> bool:
        """Run one case and report it; ``False`` when it ended in a RecursionError or out of memory."""
        event: dict[str, Any] = {"ev": "case", "i": i}
        self.seed()
        start = _clock()
        try:
            if args is None:
                return self.serve_check(fn)
            value = fn(*args)
        except BaseException as exc:
            self.solution_time += _clock() - start
            event["error"] = describe_error(exc)
            self.channel.emit(event)
            return not _ends_run(event["error"])
        self.solution_time += _clock() - start
        if self.job.get("inputs_unchanged"):
            try:
                event["after"] = _purity.input_states(args, None, _plain_encode)
            except BaseException as exc:
                if is_memory_error(exc):
                    event["error"] = describe_error(exc)
                    self.channel.emit(event)
                    return False
        self.encode_into(event, "value", value)
        del value
        go_on = True
        if i in self.frozen and "error" not in event:
            self.repeat_calls(i, fn, event)
            go_on = not _ends_run(event.get("error"))
        self.channel.emit(event)
        return go_on

    def encode_into(self, event: dict[str, Any], key: str, value: Any) -> None:
        try:
            event[key] = encode(value)
        except BaseException as exc:
            if is_memory_error(exc):
                event["error"] = describe_error(exc)
            else:
                event[key] = {
                    "__t": "object",
                    "type": type(value).__qualname__,
                    "repr": f"<a value the judge cannot read: {type(exc).__name__}: {exc}>",
                }

    def repeat_calls(self, i: int, fn: Any, event: dict[str, Any]) -> None:
        """An ``rng_param`` case again on fresh copies of its inputs: ``repeat`` with the same
        seed after moving every global random state, and (``random_output``) ``other`` with a
        different seed. The parent compares the values; an exception is the case's error."""
        kinds = ("repeat", "other") if self.job.get("random_output") else ("repeat",)
        rng = int(self.job["rng_index"])
        for n, kind in enumerate(kinds):
            try:
                args = list(_plain_decode(json.loads(self.frozen[i])))
                if kind == "other":
                    args[rng] = _purity.reseeded(args[rng], i)
            except BaseException as exc:  # the harness's own decoding: out of memory
                event["error"] = describe_error(exc)
                return
            _purity.disturb(2 * i + n + 1)
            start = _clock()
            try:
                value = fn(*args)
            except BaseException as exc:
                self.solution_time += _clock() - start
                event["error"] = describe_error(exc)
                return
            self.solution_time += _clock() - start
            del args
            self.encode_into(event, kind, value)
            del value
            if "error" in event:
                return

    def serve_check(self, fn: Any) -> bool:
        """The check case: answer the trusted checker's calls (see :mod:`mockint.judge._checker`).
        Nothing about the check's outcome is reported from here; ``False`` ends the run."""
        fds = self.job.get("call_fds")
        if not fds or self.module is None:
            return True
        link = _serve.Link(int(fds[0]), int(fds[1]))
        try:
            spent, go_on = _serve.serve(link, self.module, fn, self.job["entry_point"], _clock, self.job)
        finally:
            link.close()
        self.solution_time += spent
        return go_on

    def run(self) -> None:
        if self.job.get("mode") == "growth":
            self.run_growth()
            return
        if self.job.get("mode") == "checker":
            self.run_checker()
            return
        if self.job.get("mode") == "metric":  # an end-to-end problem: predict(train, test) once
            run_metric(self, _clock, _process_cpu, describe_error, encode)
            return
        inputs = self.build_inputs()
        if inputs is None:
            return
        fn = self.enter_candidate()
        if fn is None:
            return
        for i, args in enumerate(inputs):
            inputs[i] = None  # the solution may keep no reference to earlier inputs through us
            go_on = self.run_case(i, fn, args)
            del args
            if not go_on:
                break
        self.channel.emit(
            {"ev": "done", "runtime_s": self.solution_time, "cpu_s": _process_cpu() - self.cpu_at_ready}
        )

    def run_checker(self) -> None:
        """The trusted side of a check: no solution code runs in this process (see
        :mod:`mockint.judge._checker`); its outcome is the only check result the parent takes."""
        _checker.hide_from_same_user()
        fds = self.job["call_fds"]
        link = _checker.Link(int(fds[0]), int(fds[1]))
        self.channel.emit({"ev": "ready"})
        self.seed()
        try:
            _checker.run_check(self.job, link, self.namespace(), self.channel.emit)
        finally:
            link.close()
        self.channel.emit({"ev": "done", "runtime_s": 0.0, "cpu_s": _process_cpu()})

    def enter_candidate(self):
        """From here on only the candidate's code runs: hide mockint, apply the limits, say
        ready, load the solution (None when it failed to load; the failure is already reported)."""
        _strip_mockint_path()
        self.set_limits()
        _fork.make_dumpable()  # only the solution runs from here (see _fork.make_undumpable)
        self.cpu_at_ready = _process_cpu()
        self.channel.emit({"ev": "ready"})
        return self.load()

    def run_growth(self) -> None:
        """Time the entry point at each of the job's ``sizes`` (see :mod:`mockint.judge._growth`)."""
        try:
            ns = self.namespace()
            exec(compile(self.job["size_generator"], "<size_generator>", "exec"), ns)
            make = ns.get("make")
            if not callable(make):
                raise NameError("the size generator does not define make(n, rng)")
        except BaseException as exc:
            err = describe_error(exc)
            self.channel.emit(
                {"ev": "setup_error", "i": -1, "message": f"size generator: {err['type']}: {err['message']}"}
            )
            return
        fn = self.enter_candidate()
        if fn is None:
            return
        time_sizes(
            fn,
            make,
            [int(n) for n in self.job["sizes"]],
            self.channel.emit,
            budget_s=float(self.job["size_budget_s"]),
            seed=self.seed,
            clock=_clock,
            cpu_clock=_cpu_clock,
            describe=describe_error,
        )
        self.channel.emit(
            {"ev": "done", "runtime_s": self.solution_time, "cpu_s": _process_cpu() - self.cpu_at_ready}
        )


def _ends_run(error: dict[str, Any] | None) -> bool:
    """Does this case error end the run (see the module docstring)?"""
    if not error:
        return False
    return error.get("type") == "RecursionError" or bool(error.get("memory") or error.get("file_size"))


def _read_job(idle_s: float) -> dict[str, Any] | None:
    """The job from stdin, or ``None`` when none comes within ``idle_s`` or stdin closes."""
    import select

    ready, _, _ = select.select([0], [], [], idle_s)
    if not ready:
        return None
    data = sys.stdin.buffer.read()
    return json.loads(data) if data else None


def _preload(names: str) -> None:
    """Import each of the comma-separated ``names`` that is installed."""
    for name in filter(None, names.split(",")):
        _import_optional(name)


def _start_with_big_stack(target: Any, stack_mb: int) -> threading.Thread:
    """Start ``target`` on a thread with a ``stack_mb`` MiB stack, so deep recursion in the
    solution (up to the recursion limit) does not overflow; the default stack if refused."""
    for size in (stack_mb << 20, 0):
        try:
            threading.stack_size(size)
            worker = threading.Thread(target=target, name="solution", daemon=True)
            worker.start()
            return worker
        except (RuntimeError, ValueError, MemoryError):
            continue
        finally:
            threading.stack_size(0)  # threads the solution starts get the default stack
    raise RuntimeError("could not start the solution thread")


def main(argv: list[str]) -> None:
    """``_child.py RESULT_FD [PRELOAD [IDLE_S]]``: import PRELOAD (comma-separated), wait for a job.

    ``_child.py --fork-server CONTROL_FD PRELOAD``: import PRELOAD, then fork such children on
    request (:mod:`mockint.judge._fork`); each fork goes on from here as a started child does."""
    if argv[1:2] == ["--fork-server"]:
        _fork.make_undumpable()  # before the imports: nothing may attach while they run
        _preload(argv[3] if len(argv) > 3 else "")
        forked = _fork.serve(int(argv[2]))
        result_fd, idle_s = forked.result_fd, forked.idle_s
        argv[1:] = [str(result_fd), argv[3] if len(argv) > 3 else "", f"{idle_s:g}"]  # as if started
    else:
        _fork.make_undumpable()  # hidden while it waits, as a forked child is
        _preload(argv[2] if len(argv) > 2 else "")
        result_fd, idle_s = int(argv[1]), float(argv[3]) if len(argv) > 3 else 3600.0
    channel = _Channel(result_fd)
    channel.emit({"ev": "warm"})
    job = _read_job(idle_s)
    if job is None:
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.setrecursionlimit(int(job.get("recursion_limit", 250_000)))
    failure: list[BaseException] = []

    def work() -> None:
        try:
            _Harness(job, channel).run()
        except BaseException as exc:  # a harness fault or a solution that broke the pipe
            failure.append(exc)

    worker = _start_with_big_stack(work, int(job.get("stack_mb", 512)))
    parent = os.getppid()
    while worker.is_alive():
        worker.join(timeout=1.0)
        if os.getppid() != parent:  # the app died: do not outlive it
            os._exit(4)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    if failure:
        try:
            channel.emit({"ev": "internal", "message": f"{type(failure[0]).__name__}: {failure[0]}"})
        except BaseException:
            pass
    os._exit(3 if failure else 0)


if __name__ == "__main__":
    main(sys.argv)
