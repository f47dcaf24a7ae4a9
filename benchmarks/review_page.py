"""Review page opening time on a history of 1,000 sessions. Goal (issue 6): ≤ 300 ms.

Builds a synthetic history (``mockint.review.sample``: a third full loops, the rest practice
rounds; about 2,200 rounds, 4,800 answers, 10,500 scores) in a temporary database, then times,
in one process with an offscreen Qt:

* first open: the page is built, shown and refreshed until the numbers are on screen and painted,
  with every retry card built from scratch (what the first open after an upgrade or import costs);
* open, new page: the same with the cards already in step (the first open of each app run),
  median of RUNS;
* re-open: showing the same page again with the history unchanged (the main window keeps the
  page, so every later visit in a run), median of RUNS;
* filter change: picking a round type until the redrawn numbers are on screen, median of RUNS.

Also prints the CPU time of an open (all threads) and of its data work alone (read, sync,
analyse, one thread), which a busy machine inflates far less than wall time.

With PySide6 6.12.0 on CPython 3.11 this process may abort at exit with "Fatal Python error:
none_dealloc": that PySide6 build drops a reference to ``None`` on every void call (on 3.12+
``None`` is immortal, so it is harmless there). The figures are printed before that happens. Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/review_page.py``.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mockint import paths  # noqa: E402
from mockint.bank import load_bank  # noqa: E402
from mockint.review.exchange import import_json  # noqa: E402
from mockint.review.overview import build_overview, key_point_totals, load_snapshot  # noqa: E402
from mockint.store import Store  # noqa: E402
from mockint.store.review_state import ReviewState  # noqa: E402
from mockint.ui.app import application  # noqa: E402
from mockint.ui.review_page import ReviewPage  # noqa: E402

SESSIONS = int(os.environ.get("SESSIONS", "1000"))
RUNS = int(os.environ.get("RUNS", "7"))
GOAL_MS = 300.0
#: CPU time (all threads) of each open_page call.
OPEN_CPU: list[float] = []


def wait_for(signal, app: QApplication, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)
    app.processEvents()  # the paint that follows the redraw


def open_page(store: Store, bank, app: QApplication) -> tuple[float, ReviewPage]:
    cpu_start = time.process_time()
    start = time.perf_counter()
    page = ReviewPage(store, bank)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    wait_for(page.overview_ready, app)
    elapsed = (time.perf_counter() - start) * 1000
    OPEN_CPU.append((time.process_time() - cpu_start) * 1000)
    if page.overview is None or len(page.overview.sessions) != SESSIONS:
        raise RuntimeError("the page did not show the whole history")
    return elapsed, page


def close_page(page: ReviewPage, app: QApplication) -> None:
    """Close and delete the page now, so its teardown is not timed as part of the next open."""
    page.close()
    page.deleteLater()
    loop = QEventLoop()  # a deferred delete runs once an event loop runs
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    app.processEvents()
    gc.collect()


def main() -> None:
    app = application()
    bank = load_bank(
        paths.bank_roots(Path(tempfile.gettempdir()) / "mockint-bench-none"),
        cache_file=paths.bank_cache_path(),
    )
    from mockint.review.sample import synthetic_export

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "mockint.sqlite3")
        start = time.perf_counter()
        added = import_json(store, synthetic_export(bank, SESSIONS, seed=1)).added
        print(
            f"history: {added['sessions']} sessions, {added['rounds']} rounds, {added['answers']} answers, "
            f"{added['scores']} scores, {added['verdicts']} verdicts "
            f"(generated and imported in {time.perf_counter() - start:.1f} s)"
        )

        first, page = open_page(store, bank, app)
        close_page(page, app)
        opens, reopens, filters = [], [], []
        for _ in range(RUNS):
            elapsed, page = open_page(store, bank, app)
            opens.append(elapsed)
            start = time.perf_counter()
            page.type_box.setCurrentIndex(page.type_box.findData("dsa"))
            wait_for(page.overview_ready, app)
            filters.append((time.perf_counter() - start) * 1000)
            page.hide()
            start = time.perf_counter()
            page.show()
            page.refresh()
            wait_for(page.overview_ready, app)
            reopens.append((time.perf_counter() - start) * 1000)
            close_page(page, app)

        cpu = []
        totals = key_point_totals(bank)
        for _ in range(RUNS):
            start = time.thread_time()
            state = ReviewState.open(store.path)
            build_overview(load_snapshot(state), totals)
            state.close()
            cpu.append((time.thread_time() - start) * 1000)
        store.close()

    median = statistics.median(opens)
    print(f"first open (all retry cards built): {first:7.1f} ms")
    print(
        f"open, new page (median of {RUNS}):    {median:7.1f} ms   goal ≤ {GOAL_MS:.0f} ms "
        f"{'OK' if median <= GOAL_MS else 'OVER'}   (min {min(opens):.1f}, max {max(opens):.1f})"
    )
    print(f"re-open, history unchanged (median):{statistics.median(reopens):7.1f} ms")
    print(f"filter change (median):             {statistics.median(filters):7.1f} ms")
    print(
        f"open, new page, CPU time of all threads (median): {statistics.median(OPEN_CPU[1:]):7.1f} ms   "
        "(what the open costs on an idle machine, where it is CPU-bound)"
    )
    print(
        f"data work of an open, CPU (median): {statistics.median(cpu):7.1f} ms   (read, sync cards, analyse)"
    )
    print(
        f"machine load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs",
        flush=True,
    )
    sys.exit(0)


if __name__ == "__main__":
    main()
