"""The supervisor under load: a child that exits between two polls loses none of its results."""

from __future__ import annotations

import time

from judge_helpers import REFERENCE, run

from mockint.judge import runner


class _LateSupervisor(runner._Supervisor):
    """A supervisor whose first ``select()`` after the job is sent returns nothing, and only
    once the child has already exited: what a busy machine does when the child writes its last
    results and exits while the parent is not scheduled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        real_select = self.sel.select
        self.missed = False

        def select(timeout=None):
            if not self.missed and not self.pending:
                deadline = time.monotonic() + 30
                while not self.child.exited() and time.monotonic() < deadline:
                    time.sleep(0.01)
                self.missed = True
                return []
            return real_select(timeout)

        self.sel.select = select  # type: ignore[method-assign]


def test_results_written_before_an_unseen_exit_are_read(question, monkeypatch):
    monkeypatch.setattr(runner, "_Supervisor", _LateSupervisor)
    verdict = run(question, REFERENCE)
    assert verdict.verdict == "Accepted", verdict.message
    assert verdict.passed == verdict.total == 7


def test_a_loaded_machine_does_not_turn_a_correct_answer_into_a_time_out(question):
    """0.5 s of CPU work per run against a 1 s limit, while four spinning processes (each in its
    own session, as the judge child is) share the 2 cores: the wall clock stretches past the
    limit (at most 2/5 of the cores: over 1.25 s), the CPU time does not. (0.8 s of work was
    too close to the 3 s wall-clock backstop when the shared machine was loaded besides.)"""
    import subprocess
    import sys

    spinners = [
        subprocess.Popen([sys.executable, "-c", "while 1: pass"], start_new_session=True) for _ in range(4)
    ]
    try:
        code = (
            "import time\n\n_t = time.process_time()\nwhile time.process_time() - _t < 0.5:\n    pass\n\n"
            + REFERENCE
        )
        verdict = run(question, code, time_limit_s=1.0)
    finally:
        for p in spinners:
            p.kill()
            p.wait()
    assert verdict.verdict == "Accepted", verdict.message
