"""Judge test helpers: inline questions, and a check that no test leaks a process or a temp dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from judge_helpers import LINEAR_PROBLEM

from mockint.bank.loader import parse_question
from mockint.bank.model import Question
from mockint.judge import pool


def _make_question(**fields: Any) -> Question:
    table: dict[str, Any] = {
        "id": "test.inline",
        "round_type": "dsa",
        "title": "Inline",
        "difficulty": "easy",
        "topics": ["test"],
        "minutes": 5,
        "prompt": "A test problem.",
        "starter": "def f(x):\n    pass\n",
    }
    table.update(fields)
    if table["round_type"] == "ml_coding":  # the bank requires a kind for ML-coding problems
        table.setdefault("kind", "operation")
    return parse_question(table, "", "inline-test")


@pytest.fixture
def make_question():
    """Build a coding question from keyword fields, validated by the real bank loader
    (docs/bank-format.md); defaults fill the fields every question needs."""
    return _make_question


@pytest.fixture
def question(make_question):
    """The linear problem (``LINEAR_PROBLEM``)."""
    return make_question(**LINEAR_PROBLEM)


def _our_children(parent: int | None = None) -> set[int]:
    me = str(os.getpid() if parent is None else parent)
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[1] == me and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _judge_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(f"{pool.WORKDIR_PREFIX}{os.getpid()}-*")}


@pytest.fixture(autouse=True)
def no_leaks():
    """Fail a test that leaves a child process or a judge working directory behind (spares and
    fork servers aside; a fork server's children are the judge's children too)."""
    before_dirs = _judge_dirs()
    yield
    spares = {c.proc.pid for c in pool.SPARES.children()}
    spare_dirs = {Path(c.workdir).name for c in pool.SPARES.children()}
    servers = pool.SERVERS.pids()
    forked = set().union(*(_our_children(pid) for pid in servers))
    leaked = (_our_children() - servers | forked) - spares
    assert not leaked, f"child processes left running: {sorted(leaked)}"
    new_dirs = _judge_dirs() - before_dirs - spare_dirs
    assert not new_dirs, f"judge working directories left behind: {sorted(new_dirs)}"


@pytest.fixture(scope="session", autouse=True)
def stop_spares():
    yield
    pool.shutdown()
