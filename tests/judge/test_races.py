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
