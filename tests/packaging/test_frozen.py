"""The frozen bundle's dispatch (mockint.frozen via packaging/entry.py), exercised unfrozen.

The bundle's executable is also the IPython kernel and the judge's child; here a plain Python runs
packaging/entry.py the way the bundle runs it, so the dispatch is tested without building one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from packaging_support import ROOT, load_script

from mockint import frozen, paths

ENTRY = ROOT / "packaging" / "entry.py"
smoke = load_script("smoke_bundle")


def test_ordinary_command_lines_are_not_dispatched() -> None:
    assert frozen.dispatch([]) is None
    assert frozen.dispatch(["bank", "check"]) is None
    assert frozen.dispatch(["-m", "something_else"]) is None


def test_judge_child_command_unfrozen_and_frozen(monkeypatch) -> None:
    assert frozen.judge_child_command("/x/_child.py") == [sys.executable, "-P", "-B", "/x/_child.py"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert frozen.judge_child_command("/x/_child.py") == [sys.executable, frozen.JUDGE_CHILD_FLAG]


def test_jupyter_native_kernel_argv_is_what_the_dispatch_runs() -> None:
    """The app asks jupyter for ipykernel's own spec; its argv must be the one dispatch() takes."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager(kernel_dirs=[]).get_kernel_spec("python3").argv
    assert argv[0] == sys.executable
    assert argv[1:3] == ["-m", frozen.KERNEL_MODULE]


def test_entry_script_runs_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "MOCKINT_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run(
        [sys.executable, str(ENTRY), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("mockint ")


@pytest.fixture
def short_tmp():
    """A temporary folder with a short path: ipc socket paths must stay under ~100 bytes."""
    path = Path(tempfile.mkdtemp(prefix="mockint-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_entry_script_runs_a_kernel_that_answers(short_tmp: Path) -> None:
    """entry.py as the kernel (jupyter's argv after the executable), answering a client."""
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    result, _, _ = smoke.kernel_answer(
        [sys.executable, str(ENTRY)],
        "import numpy; int(numpy.arange(3).sum()) + 1",
        short_tmp,
        env,
        timeout=90,
    )
    assert result == "4"


@pytest.fixture
def as_if_frozen(monkeypatch, tmp_path: Path):
    """sys.frozen set and sys.executable a stand-in for the bundle's executable (entry.py).
    The judge's spares and fork servers are stopped on both sides, so its children (and fork
    servers) are the bundle's own."""
    from mockint.judge import shutdown

    exe = tmp_path / "mockint-frozen"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ENTRY}" "$@"\n')
    exe.chmod(0o755)
    shutdown()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    yield exe
    shutdown()


def _dsa_question():
    from mockint.bank import load_bank

    bank = load_bank([paths.rounds_dir()])
    return next(
        q
        for q in sorted(bank.questions.values(), key=lambda q: q.id)
        if q.round_type == "dsa" and q.reference
    )


def test_frozen_judge_child_accepts_the_reference(as_if_frozen) -> None:
    from mockint.judge import judge

    question = _dsa_question()
    started = time.monotonic()
    verdict = judge(question, question.reference)
    assert verdict.accepted, verdict
    assert time.monotonic() - started < 60


def test_frozen_judge_child_cannot_import_mockint(as_if_frozen) -> None:
    from mockint.judge import judge

    question = _dsa_question()
    code = "import mockint.bank\n" + question.reference
    verdict = judge(question, code)
    assert not verdict.accepted
    assert "mockint" in str(verdict.to_dict())
