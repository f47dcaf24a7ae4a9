"""Fixtures for the store tests: a real SQLite file in tmp_path and a clock that steps forward."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

# Every store test fails if it leaves a database open, a process, a thread or a temp folder behind.
from leaks import no_leaks  # noqa: F401  (autouse; pytest puts tests/ on sys.path)

from mockint.store import Store


class SteppingClock:
    """Returns 2024-05-01 09:00 UTC, then one second later on every call, so order is certain."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mockint.sqlite3"


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def store(db_path: Path, clock: SteppingClock) -> Iterator[Store]:
    opened = Store.open(db_path, clock=clock)
    yield opened
    opened.close()
