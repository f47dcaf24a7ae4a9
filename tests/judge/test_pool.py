"""Spare children, the reference cache, and questions whose inputs are broken."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mockint.judge import JudgeError, judge, shutdown, warm_up
from mockint.judge import reference as judge_reference
from mockint.judge.cases import build_cases, libraries, question_sources
from mockint.judge.pool import CHILD_SCRIPT, SPARES, spawn


@pytest.fixture
def numpy_question(make_question):
    return make_question(
        round_type="ml_coding",
        entry_point="total",
        compare="float",
        reference="import numpy as np\n\ndef total(x):\n    return float(np.sum(x))\n",
        tests=[{"args_py": "(np.arange(4.0),)", "sample": True}],
    )


def test_a_numpy_run_leaves_a_spare_that_the_next_run_uses(numpy_question):
    shutdown()
    assert judge(numpy_question, numpy_question.reference).accepted
    spares = SPARES.children()
    assert [c.preload for c in spares] == [("numpy",)]
    used = spares[0].proc.pid
    assert SPARES.wait_warm(("numpy",), timeout_s=30)
    assert not SPARES.wait_warm(("torch",), timeout_s=0)  # no such spare
    assert judge(numpy_question, numpy_question.reference).accepted
    assert used not in {c.proc.pid for c in SPARES.children()}  # taken, and replaced
    assert len(SPARES.children()) == 1
    shutdown()
    assert SPARES.children() == []


def test_plain_python_runs_keep_a_spare_too(make_question):
    shutdown()
    q = make_question(entry_point="f", reference="def f(x):\n    return x\n", tests=[{"args": [1]}])
    assert judge(q, q.reference).accepted
    assert [c.preload for c in SPARES.children()] == [()]
    shutdown()


def test_taking_a_spare_starts_its_replacement_before_the_run_ends(numpy_question):
    """Back-to-back torch runs used to wait for a spare that was started only after the run."""
    shutdown()
    first = SPARES.take(("numpy",))  # no spare yet: a fresh child, and nothing else starts
    assert SPARES.children() == []
    first.dispose()
    SPARES.refill(("numpy",))
    spare = SPARES.children()[0]
    taken = SPARES.take(("numpy",))
    assert taken is spare
    assert [c.preload for c in SPARES.children()] == [("numpy",)]  # already replaced
    assert SPARES.children()[0] is not spare
    taken.dispose()
    shutdown()


def test_a_spare_exits_when_its_app_goes_away():
    child = spawn(("numpy",))
    assert child.proc.stdin is not None
    child.proc.stdin.close()  # what the app's death looks like from the child
    deadline = time.monotonic() + 10
    while not child.exited() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.exited()
    child.dispose()


def test_reference_outputs_are_cached(numpy_question):
    judge_reference.clear_cache()
    cases = build_cases(numpy_question)
    libs = libraries(*question_sources(numpy_question))
    assert judge_reference.cached(numpy_question, cases, libs) is None
    warm_up(numpy_question)
    assert judge_reference.cached(numpy_question, cases, libs) == {0: 6.0}


def test_a_test_input_that_cannot_be_built_is_a_judge_error(make_question):
    q = make_question(entry_point="f", reference="def f(x):\n    return x\n", tests=[{"args_py": "(1 / 0,)"}])
    with pytest.raises(JudgeError, match="test input could not be built: case 1: ZeroDivisionError"):
        judge(q, q.reference)
    q = make_question(
        entry_point="f",
        reference="def f(x):\n    return x\n",
        generators=[{"code": "def generate(rng):\n    return 5\n"}],
    )
    with pytest.raises(JudgeError, match="must be a tuple of arguments"):
        judge(q, q.reference)


def test_the_disk_cache_gives_a_new_process_the_reference_outputs(numpy_question, tmp_path):
    """What each ``mockint judge`` command uses: plain JSON files, read back as the same values."""
    cases = build_cases(numpy_question)
    libs = libraries(*question_sources(numpy_question))
    judge_reference.use_disk_cache(tmp_path)
    try:
        judge_reference.clear_cache()
        warm_up(numpy_question)
        files = list(tmp_path.iterdir())
        assert len(files) == 1 and files[0].suffix == ".json"
        judge_reference.clear_cache()  # as a new process starts
        assert judge_reference.cached(numpy_question, cases, libs) == {0: 6.0}
        files[0].write_text("not json", encoding="utf-8")
        judge_reference.clear_cache()
        assert judge_reference.cached(numpy_question, cases, libs) is None  # unreadable: ignored
    finally:
        judge_reference.use_disk_cache(None)
        judge_reference.clear_cache()


def test_the_disk_cache_keeps_the_references_growth_timings(make_question, tmp_path, monkeypatch):
    from mockint.judge import complexity
    from mockint.judge.judging import _limits

    q = make_question(
        entry_point="f",
        reference="def f(xs):\n    return sum(xs)\n",
        tests=[{"args": [[1, 2]], "expected": 3}],
        size_generator="def make(n, rng):\n    return ([rng.randrange(9) for _ in range(n)],)\n",
        sizes=[1000, 2000, 4000],
    )
    libs = libraries(*question_sources(q))
    judge_reference.use_disk_cache(tmp_path)
    try:
        complexity.clear_cache()
        first = complexity.reference_growth(q, libs, _limits(q, None, None))
        assert [p.name.startswith("growth-") for p in tmp_path.iterdir()] == [True]
        complexity.clear_cache()  # as a new process starts: no timing run this time

        def no_run(*args, **kwargs):
            raise AssertionError("timed again")

        monkeypatch.setattr(complexity, "measure", no_run)
        assert complexity.reference_growth(q, libs, _limits(q, None, None)) == first
    finally:
        judge_reference.use_disk_cache(None)
        complexity.clear_cache()


def test_a_childs_harness_loads_its_own_files_not_the_mockint_package():
    """The child loads its harness by path. Where ``mockint`` is importable (an editable install,
    the installed wheel; here through ``PYTHONPATH``), ``_plain`` once imported
    ``mockint.judge._report`` first, which loads the whole judge and bank packages into every
    child (about 0.1 s of CPU per judgement) before the harness strips them again."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    child = subprocess.run(
        [sys.executable, "-P", "-B", "-X", "importtime", str(CHILD_SCRIPT), "1", "", "0.01"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root.parent,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == '{"ev":"warm"}'
    imported = [line.rsplit("|", 1)[-1].strip() for line in child.stderr.splitlines() if "|" in line]
    assert "_report" in imported and "_plain" in imported  # the check can see the harness's imports
    assert [m for m in imported if m.startswith("mockint")] == []
