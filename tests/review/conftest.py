"""Fixtures for the review tests: a real SQLite store on a settable clock, the bundled bank."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from review_helpers import Clock, Recorder

from mockint import paths
from mockint.bank import Bank, load_bank
from mockint.store import Store


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank([paths.rounds_dir()])


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2024, 5, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data" / "mockint.sqlite3", clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def record(store: Store, clock: Clock, bank: Bank) -> Recorder:
    return Recorder(
        store, clock, {rt: {d.id: d.name for d in r.dimensions} for rt, r in bank.rubrics.items()}
    )
