"""The worker helper: results for a deleted receiver are dropped, a newer keyed job replaces an
older one, and database jobs run one at a time on a single thread."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from mockint.ui.workers import run_in_background, wait_for_background


def _gated(gate: threading.Event, started: threading.Event | None = None, value: object = None):
    def work() -> object:
        if started is not None:
            started.set()
        assert gate.wait(10), "the test never opened the gate"
        return value

    return work


def test_a_result_for_a_deleted_receiver_is_dropped_without_error(qtbot) -> None:
    label = QLabel("waiting")
    gate, shown, dropped = threading.Event(), [], []

    def show(text: str) -> None:  # would raise RuntimeError on a deleted label
        label.setText(text)
        shown.append(text)

    job = run_in_background(
        _gated(gate, value="done"), receiver=label, on_done=show, on_dropped=dropped.append
    )
    shiboken6.delete(label)  # the page closed while the work ran
    assert not shiboken6.isValid(label)
    with qtbot.waitSignal(job.signals.finished, timeout=10_000):
        gate.set()
    assert shown == []
    assert dropped == ["done"]  # the result still reaches the clean-up hook


def test_an_error_for_a_deleted_receiver_is_dropped(qtbot) -> None:
    receiver = QObject()
    gate, errors = threading.Event(), []

    def boom() -> None:
        gate.wait(10)
        raise ValueError("late failure")

    job = run_in_background(boom, receiver=receiver, on_error=lambda exc, tb: errors.append(exc))
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(receiver))
    with qtbot.waitSignal(job.signals.failed, timeout=10_000):
        gate.set()
    assert errors == []


def test_a_live_receiver_gets_its_result_and_errors(qtbot) -> None:
    receiver = QObject()
    results, errors = [], []
    run_in_background(lambda: 41 + 1, receiver=receiver, on_done=results.append)
    run_in_background(lambda: 1 / 0, receiver=receiver, on_error=lambda exc, tb: errors.append((exc, tb)))
    qtbot.waitUntil(lambda: bool(results and errors), timeout=10_000)
    assert results == [42]
    assert isinstance(errors[0][0], ZeroDivisionError) and "ZeroDivisionError" in errors[0][1]


def test_a_newer_keyed_job_replaces_an_older_one(qtbot) -> None:
    receiver = QObject()
    gate, started, seen, errors = threading.Event(), threading.Event(), [], []
    older = run_in_background(
        _gated(gate, started, "old"),
        receiver=receiver,
        key="overview",
        on_done=seen.append,
        on_error=lambda exc, tb: errors.append(exc),
    )
    assert started.wait(10)  # the older job is running when the newer one comes
    run_in_background(lambda: "new", receiver=receiver, key="overview", on_done=seen.append)
    qtbot.waitUntil(lambda: seen == ["new"], timeout=10_000)
    with qtbot.waitSignal(older.signals.finished, timeout=10_000):
        gate.set()
    assert seen == ["new"]  # the older job's callback never ran
    assert errors == []


def test_a_replaced_job_that_has_not_started_does_not_run(qtbot) -> None:
    """On the one database thread a queued job waits; replaced before it starts, it is skipped."""
    gate, started, ran, seen = threading.Event(), threading.Event(), [], []

    def step(name: str):
        def work() -> str:
            ran.append(name)
            return name

        return work

    run_in_background(_gated(gate, started), db=True)  # holds the database thread
    assert started.wait(10)
    run_in_background(step("first"), key="sync", on_done=seen.append, db=True)
    run_in_background(step("second"), key="sync", on_done=seen.append, db=True)
    gate.set()
    qtbot.waitUntil(lambda: seen == ["second"], timeout=10_000)
    assert wait_for_background()
    assert ran == ["second"]


def test_keys_are_per_receiver(qtbot) -> None:
    a, b = QObject(), QObject()
    seen: list[str] = []
    run_in_background(lambda: "a", receiver=a, key="due", on_done=seen.append)
    run_in_background(lambda: "b", receiver=b, key="due", on_done=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert sorted(seen) == ["a", "b"]


def test_database_jobs_run_one_at_a_time_on_one_thread(qtbot) -> None:
    gate, started = threading.Event(), threading.Event()
    threads: list[int] = []
    order: list[int] = []
    active, overlap = [0], [0]
    lock = threading.Lock()

    def write(n: int) -> int:
        with lock:
            active[0] += 1
            overlap[0] = max(overlap[0], active[0])
        threads.append(threading.get_ident())
        order.append(n)
        with lock:
            active[0] -= 1
        return n

    done: list[int] = []
    run_in_background(_gated(gate, started), db=True)
    assert started.wait(10)
    for n in range(20):
        run_in_background(write, n, on_done=done.append, db=True)
    # Other work is not held up by the busy database thread ...
    other: list[str] = []
    run_in_background(lambda: "other", on_done=other.append)
    qtbot.waitUntil(lambda: other == ["other"], timeout=10_000)
    assert order == []  # ... while the database jobs wait their turn behind the running one
    gate.set()
    qtbot.waitUntil(lambda: len(done) == 20, timeout=10_000)
    assert order == list(range(20)) and done == list(range(20))  # in submission order
    assert len(set(threads)) == 1 and threads[0] != threading.main_thread().ident
    assert overlap[0] == 1

    more: list[int] = []
    run_in_background(lambda: threading.get_ident(), on_done=more.append, db=True)
    qtbot.waitUntil(lambda: bool(more), timeout=10_000)
    assert more == threads[:1]  # later store work runs on that same thread
