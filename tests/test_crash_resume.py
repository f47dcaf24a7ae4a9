"""Kill the app mid-loop (SIGKILL, as a crash or a power cut of the process would) and check that
what was typed and the time used are in the store, and that the loop continues where it stopped.

tests/crash_driver.py runs the real app headless on the quick drill with a fresh data folder and
types at a steady pace (5 keys a second, a brisk typist), logging each keystroke's full text and
the round clock. The test kills it at three points: while typing phone-screen notes, while typing
code in the DSA round, and in the break after the first round. Then it opens the store as the next
launch would and checks:

* the session is still unfinished, so the home screen offers "Continue";
* the notes or code typed 5 s or more before the kill are saved (the promise: seconds, not
  minutes, even for someone who never pauses while typing);
* the round's used time is saved to within the 5 s save interval (plus one 200 ms tick);
* ``resume_run`` rebuilds the run at the right round with the saved text; and the app itself,
  started again, continues there (via "Continue") with that text in the editor and the clock paused;
* no kernel or judge process outlives the crashed app by more than a few seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from mockint import paths
from mockint.bank import load_bank
from mockint.interview.resume import resume_run
from mockint.store import Store

# slow: three real app processes killed mid-loop (about 40 s); `make test-fast` skips it
pytestmark = [
    pytest.mark.gui,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL"),
]

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "crash_driver.py"
#: Saved text may lag what was typed by at most this much (the promise under test).
TEXT_LAG_S = 5.0
#: The clock is saved every 5 s (LoopController.SAVE_TIME_EVERY_S), checked every 200 ms tick.
CLOCK_LAG_S = 5.0 + 0.2 + 0.3
START_TIMEOUT_S = 60.0


def _events(log: Path) -> list[dict]:
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


def _env(tmp_path: Path) -> dict[str, str]:
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MOCKINT_SPEECH": "0",
        "TMPDIR": str(tmp),  # kernel and judge folders land here, not in the shared /tmp
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # the bank's parse cache too
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def _drive(tmp_path: Path, scenario: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(DRIVER),
            "--data-dir",
            str(tmp_path / "data"),
            "--log",
            str(log),
            "--scenario",
            scenario,
        ],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"{scenario}.err", "wb"),
        start_new_session=True,
    )


def _wait_for(
    proc: subprocess.Popen, log: Path, ready, what: str, timeout_s: float = START_TIMEOUT_S
) -> list:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        events = _events(log)
        if ready(events):
            return events
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    pytest.fail(f"the app never got to {what} (exit {proc.poll()}); log: {_events(log)[-5:]}")


def _kill_after(proc: subprocess.Popen, wait) -> tuple[float, list[psutil.Process]]:
    """Run ``wait()``, then SIGKILL the app; the app never outlives the test, even if waiting fails."""
    try:
        wait()
        return _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _kill(proc: subprocess.Popen) -> tuple[float, list[psutil.Process]]:
    """SIGKILL the app alone (its kernel and judge children are left to notice, as after a crash)."""
    children = psutil.Process(proc.pid).children(recursive=True)
    killed_at = time.time()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    return killed_at, children


def _orphans_exit(children: list[psutil.Process]) -> list[str]:
    """Children of the killed app that are still running after 10 s (then stopped, and reported)."""
    _, alive = psutil.wait_procs(children, timeout=10)
    names = []
    for child in alive:
        try:
            names.append(" ".join(child.cmdline())[:120])
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=5)
    return names


def _typed_before(events: list[dict], moment: float) -> dict:
    typed = [e for e in events if e["event"] == "text" and e["t"] <= moment]
    assert typed, "nothing was typed long enough before the kill"
    return typed[-1]


def _used_at(events: list[dict], round_index: int, moment: float) -> float:
    ticks = [e for e in events if e["event"] == "clock" and e["round"] == round_index and e["t"] <= moment]
    last = ticks[-1]
    return last["used_s"] + (moment - last["t"])


def _reopen(tmp_path: Path) -> tuple[dict, object]:
    db = paths.database_path(tmp_path / "data")
    with Store.open(db) as store:
        [session] = store.sessions.unfinished()
        detail = store.sessions.detail(session["id"])
        bank = load_bank(paths.bank_roots(tmp_path / "data"))
        run = resume_run(store, bank, detail)
    return detail, run


def _resume_in_the_app(tmp_path: Path) -> dict:
    log = tmp_path / "resume.jsonl"
    proc = _drive(tmp_path, "resume", log)
    try:
        events = _wait_for(
            proc,
            log,
            lambda ev: any(e["event"] in ("resumed", "nothing-to-continue") for e in ev),
            "the home screen's Continue",
        )
        assert proc.wait(60) == 0, (tmp_path / "resume.err").read_text(errors="replace")[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    [resumed] = [e for e in events if e["event"] == "resumed"]
    return resumed


def _typing_for(seconds: float, round_index: int):
    def ready(events: list[dict]) -> bool:
        typed = [e for e in events if e["event"] == "text" and e["round"] == round_index]
        return bool(typed) and typed[-1]["t"] - typed[0]["t"] >= seconds

    return ready


@pytest.mark.parametrize("scenario", ["phone", "coding"])
def test_text_typed_up_to_seconds_before_a_crash_is_saved_and_resumed(tmp_path: Path, scenario: str) -> None:
    log = tmp_path / f"{scenario}.jsonl"
    proc = _drive(tmp_path, scenario, log)
    round_index = 0 if scenario == "phone" else 1
    killed_at, children = _kill_after(
        proc, lambda: _wait_for(proc, log, _typing_for(9.0, round_index), f"{TEXT_LAG_S + 4:.0f} s of typing")
    )
    events = _events(log)
    leftovers = _orphans_exit(children)

    detail, run = _reopen(tmp_path)
    assert detail["status"] == "active"
    saved_round = detail["rounds"][round_index]
    answer = saved_round["answers"][0]
    stored = "".join(answer["phase_notes"].values()) if scenario == "phone" else answer["code"]
    due = _typed_before(events, killed_at - TEXT_LAG_S)
    typed = [e for e in events if e["event"] == "text"]
    snapshots = {typed[0]["text"][:-1]: 0.0}  # what the editor held before the first keystroke
    snapshots.update((e["text"], e["t"]) for e in typed)
    assert stored in snapshots, f"saved text is not anything that was on screen: {stored[-60:]!r}"
    saved_at = snapshots[stored]
    assert saved_at >= due["t"], (
        "none of the typing was saved"
        if saved_at == 0.0
        else f"only what was typed {killed_at - saved_at:.1f} s before the kill was saved"
    ) + f" ({len(stored)} characters saved; {len(due['text'])} were on screen {TEXT_LAG_S:.0f} s before it)"

    used_at_kill = _used_at(events, round_index, killed_at)
    assert used_at_kill - CLOCK_LAG_S <= saved_round["used_s"] <= used_at_kill + 0.5, (
        saved_round["used_s"],
        used_at_kill,
    )

    assert run.index == round_index and run.session_id == detail["id"]
    saved = run.current.saved[0]
    assert ("".join(saved["phase_notes"].values()) if scenario == "phone" else saved["code"]) == stored
    assert run.current.used_s == saved_round["used_s"]

    resumed = _resume_in_the_app(tmp_path)
    assert resumed["session"] == detail["id"] and resumed["round"] == round_index
    assert resumed["text"] == stored and resumed["paused"] is True
    assert leftovers == [], f"processes outlived the crashed app by 10 s: {leftovers}"


def test_a_crash_during_a_break_keeps_the_scored_round_and_resumes_at_the_next(tmp_path: Path) -> None:
    log = tmp_path / "break.jsonl"
    proc = _drive(tmp_path, "break", log)

    def five_seconds_into_the_break() -> None:
        events = _wait_for(proc, log, lambda ev: any(e["event"] == "break" for e in ev), "the break")
        first_break = next(e for e in events if e["event"] == "break")
        _wait_for(proc, log, lambda ev: ev[-1]["t"] - first_break["t"] >= 5.0, "5 s into the break")

    killed_at, children = _kill_after(proc, five_seconds_into_the_break)
    events = _events(log)
    leftovers = _orphans_exit(children)

    detail, run = _reopen(tmp_path)
    assert detail["status"] == "active"
    phone, dsa = detail["rounds"][:2]
    assert phone["status"] == "finished" and phone["recommendation"] and phone["scores"]
    scored_at = next(e["t"] for e in events if e["event"] == "scored")
    # The saved time lies between the clock's last tick before scoring and the scoring moment (the
    # clock stops at Finish, before the rubric is saved; how long before depends on the load).
    last_tick = [e for e in events if e["event"] == "clock" and e["round"] == 0 and e["t"] <= scored_at][-1]
    assert last_tick["used_s"] - 0.5 <= phone["used_s"] <= _used_at(events, 0, scored_at) + 0.5
    assert dsa["status"] == "pending" and dsa["used_s"] == 0
    assert run.index == 1 and run.current.spec.round_type == "dsa"
    first_break = next(e for e in events if e["event"] == "break")
    assert killed_at - first_break["t"] >= 5.0

    resumed = _resume_in_the_app(tmp_path)
    assert resumed["round"] == 1 and resumed["view"] == "CodingRoundView" and resumed["paused"] is True
    assert leftovers == [], f"processes outlived the crashed app by 10 s: {leftovers}"
