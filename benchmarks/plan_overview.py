"""Time to work out the plan screen's data (:func:`mockint.review.plan_overview.plan_overview`:
a 30-day plan, the 6-week due calendar, readiness, streak and week) on synthetic histories of
100 and 1,000 sessions (``mockint.review.sample``), cards already in step; median of 5 runs.

Measured 2026-12-03 on the shared 2-core machine: 85 ms at 100 sessions, ~390 ms at 1,000, so
the plan screen and home's Today box compute it on a worker thread.
Run: ``.venv/bin/python benchmarks/plan_overview.py``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mockint import paths
from mockint.bank import load_bank
from mockint.review.exchange import import_json
from mockint.review.plan_overview import plan_overview
from mockint.review.sample import synthetic_export
from mockint.store import Store

RUNS = 5


def main() -> None:
    bank = load_bank([paths.rounds_dir()])
    target = (date.today() + timedelta(days=30)).isoformat()
    for sessions in (100, 1000):
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "mockint.sqlite3") as store:
            start = datetime.now(UTC) - timedelta(hours=8 * sessions)
            import_json(store, synthetic_export(bank, sessions, seed=1, start=start))
            state = store.review
            plan_overview(state, bank, date.today(), target, 90)  # builds the retry cards once
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                plan_overview(state, bank, date.today(), target, 90)
                times.append(time.perf_counter() - t0)
            print(
                f"{sessions:>5} sessions: plan overview {statistics.median(times) * 1000:.0f} ms (median of {RUNS})"
            )


if __name__ == "__main__":
    main()
