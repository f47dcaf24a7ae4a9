"""Judge children forked from a fork server: what they hold, how they end, and the fallbacks."""

from __future__ import annotations

import os
import signal
import time

import pytest

from mockint.judge import JudgeError, forkserver, judge, pool, shutdown
from mockint.judge.forkserver import ForkedProcess

pytestmark = pytest.mark.skipif(not pool.USE_FORK_SERVER, reason="fork servers are Linux-only")

#: A solution that reports what its process holds, as plain data the parent compares.
INSPECT = """\
import os, sys, tempfile

def probe():
    fds = sorted(int(n) for n in os.listdir("/proc/self/fd"))
    here = os.getcwd()
    return [
        len(fds),
        os.environ["HOME"] == here and os.environ["TMPDIR"] == here and tempfile.gettempdir() == here,
        os.path.basename(here).startswith("mockint-judge-"),
        os.getsid(0) == os.getpid(),
        "mockint" in sys.modules,
    ]
"""


@pytest.fixture
def probe_question(make_question):
    # 5 descriptors: stdin, stdout, stderr, the result pipe, and the listing's own one
    return make_question(
        entry_point="probe", reference=INSPECT, tests=[{"args": [], "expected": [5, True, True, True, False]}]
    )


def _wait_gone(pid: int, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.02)
    return False


def test_a_forked_child_has_only_its_own_pipes_folder_and_session(probe_question):
    shutdown()
    verdict = judge(probe_question, probe_question.reference)
    assert verdict.accepted, verdict.message
    (child,) = pool.SPARES.children()
    assert isinstance(child.proc, ForkedProcess)  # the judgement ran in a forked child too
    shutdown()


def test_started_children_still_judge_when_fork_servers_are_off(probe_question, monkeypatch):
    shutdown()
    monkeypatch.setattr(pool, "USE_FORK_SERVER", False)
    verdict = judge(probe_question, probe_question.reference)
    assert verdict.accepted, verdict.message
    assert not isinstance(pool.SPARES.children()[0].proc, ForkedProcess)
    assert pool.SERVERS.pids() == set()
    shutdown()


def test_a_dead_fork_server_is_replaced_and_its_spare_is_not_used(probe_question):
    shutdown()
    assert judge(probe_question, probe_question.reference).accepted
    (server_pid,) = pool.SERVERS.pids()
    (spare,) = pool.SPARES.children()
    spare_pid = spare.proc.pid
    os.kill(server_pid, signal.SIGKILL)  # e.g. a solution that kills it: same user
    assert _wait_gone(spare_pid)  # the spare noticed: its stdin's writer is the app, its parent gone
    verdict = judge(probe_question, probe_question.reference)
    assert verdict.accepted, verdict.message
    assert pool.SERVERS.pids() and server_pid not in pool.SERVERS.pids()
    shutdown()


def test_closing_a_fork_server_ends_every_child_it_forked():
    shutdown()
    child = pool.spawn(("numpy",))
    assert child.warm(timeout_s=30)
    pid = child.proc.pid
    assert os.getpgid(pid) == pid  # its own process group
    pool.SERVERS.shutdown()  # what the app's end looks like to the server
    assert _wait_gone(pid)
    assert child.exited()
    child.dispose()
    shutdown()


def test_a_kill_reaches_a_strays_group_and_the_status_comes_back(make_question):
    """A solution that leaves a grandchild behind: the time limit kills the whole group, and the
    fork server reports the exit with the CPU it used."""
    shutdown()
    code = (
        "import os, time\n"
        "def f():\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(60)\n"
        "        os._exit(0)\n"
        "    while True:\n"
        "        pass\n"
    )
    q = make_question(
        entry_point="f", reference="def f():\n    return 1\n", tests=[{"args": [], "expected": 1}]
    )
    verdict = judge(q, code, time_limit_s=0.5)
    assert verdict.verdict == "Time Limit Exceeded", verdict.message
    shutdown()


def test_a_child_whose_server_ends_before_forking_it_counts_as_ended():
    """A cold server still importing numpy is killed: the child it owed reads as ended (so a
    spare pool drops it and starts another), and nothing raises or waits for it."""
    shutdown()
    child = pool.spawn(("numpy",))
    (server_pid,) = pool.SERVERS.pids()
    os.kill(server_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not child.exited() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.exited()
    child.dispose()
    again = pool.spawn(("numpy",))  # a new server forks the next one
    assert again.warm(timeout_s=30)
    again.dispose()
    shutdown()


#: Uses more CPU than its 1 s limit (but less than the limit plus slack, when the parent kills),
#: reports its own case and "done" on its result channel, then writes a forged "exited, no CPU
#: used" status into every descriptor its fork server holds (through /proc/PPID/fd, as the same
#: user can) and waits. Before the status channel was a socket this got Accepted.
FORGE_STATUS = """\
import os, time

def f():
    t = time.process_time()
    while time.process_time() - t < 1.15:
        pass
    result = max(int(n) for n in os.listdir("/proc/self/fd") if int(n) > 2)
    os.write(result, b'{"ev":"case","i":0,"value":1}\\n{"ev":"done","runtime_s":0.1,"cpu_s":0.1}\\n')
    time.sleep(0.3)
    ppid = os.getppid()
    for n in os.listdir(f"/proc/{ppid}/fd"):
        try:
            fd = os.open(f"/proc/{ppid}/fd/{n}", os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b'{"status": 0, "utime": 0, "stime": 0, "maxrss": 1}\\n')
            os.close(fd)
        except OSError:
            pass
    time.sleep(10)
    return 1
"""


def test_a_solution_cannot_forge_its_exit_status_through_the_servers_descriptors(make_question):
    shutdown()
    q = make_question(
        entry_point="f", reference="def f():\n    return 1\n", tests=[{"args": [], "expected": 1}]
    )
    verdict = judge(q, FORGE_STATUS, time_limit_s=1.0)
    assert verdict.verdict == "Time Limit Exceeded", verdict.message
    shutdown()


def test_a_stopped_fork_server_gives_a_judge_error_and_is_replaced(make_question, monkeypatch):
    """A solution stops its own fork server (same user): its run has no result (a JudgeError,
    not a verdict), the server is killed as hung, and the next run forks from a new one."""
    shutdown()
    monkeypatch.setattr(forkserver, "REPORT_TIMEOUT_S", 1.0)
    q = make_question(
        entry_point="f", reference="def f():\n    return 1\n", tests=[{"args": [], "expected": 1}]
    )
    stopper = "import os, signal\n\ndef f():\n    os.kill(os.getppid(), signal.SIGSTOP)\n    return 1\n"
    judge(q, q.reference)  # the reference's outputs, from an honest server
    (stopped,) = pool.SERVERS.pids()
    with pytest.raises(JudgeError, match="fork server"):
        judge(q, stopper)
    assert _wait_gone(stopped)  # killed as hung (a stopped process still takes SIGKILL)
    verdict = judge(q, q.reference)
    assert verdict.accepted, verdict.message
    assert stopped not in pool.SERVERS.pids()
    shutdown()


#: Tries to write a job of its own into the waiting spare's stdin, through /proc/<app>/fd (the
#: next judgement would then run this job's code instead of the solution sent to it).
INJECT_JOB = """\
import os

def f():
    parent = os.getppid()
    if b"--fork-server" in open(f"/proc/{{parent}}/cmdline", "rb").read():
        parent = int(open(f"/proc/{{parent}}/stat").read().rsplit(")", 1)[1].split()[1])
    opened = []
    for n in open({numbers!r}).read().split():
        try:
            fd = os.open(f"/proc/{{parent}}/fd/{{n}}", os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b'{{"code": "def f():\\\\n    return 1\\\\n", "x": ')
            os.close(fd)
            opened.append(n)
        except OSError:
            pass
    open({log!r}, "w").write(" ".join(opened))
    return 2
"""


@pytest.mark.parametrize("forked", [True, False], ids=["fork-server", "started"])
def test_a_solution_cannot_write_a_job_into_the_next_spare(make_question, monkeypatch, tmp_path, forked):
    shutdown()
    monkeypatch.setattr(pool, "USE_FORK_SERVER", forked)
    numbers, log = tmp_path / "fds", tmp_path / "opened"
    numbers.write_text("")
    real_spawn = pool.spawn

    def recording_spawn(*args, **kwargs):
        child = real_spawn(*args, **kwargs)
        with numbers.open("a") as fh:
            fh.write(f"{child.proc.stdin.fileno()}\n")
        return child

    monkeypatch.setattr(pool, "spawn", recording_spawn)
    q = make_question(
        entry_point="f", reference="def f():\n    return 1\n", tests=[{"args": [], "expected": 1}]
    )
    assert judge(q, q.reference).accepted
    code = INJECT_JOB.format(numbers=str(numbers), log=str(log))
    assert judge(q, code).verdict == "Wrong Answer"
    assert numbers.read_text().split()  # there were spares to aim at
    assert log.read_text() == ""  # no job channel could be opened
    assert judge(q, "def f():\n    return 3\n").verdict == "Wrong Answer"  # judged as sent
    shutdown()


def test_a_stopped_server_is_found_out_at_once_when_a_child_is_asked_for():
    shutdown()
    first = pool.spawn(())
    assert first.warm(timeout_s=30)
    first.dispose()
    (server_pid,) = pool.SERVERS.pids()
    os.kill(server_pid, signal.SIGSTOP)
    started = time.monotonic()
    child = pool.spawn(())
    with pytest.raises(JudgeError, match="did not start a child"):
        child.proc.pid  # noqa: B018
    assert time.monotonic() - started < forkserver.REPORT_TIMEOUT_S  # not the 120 s import wait
    assert child.exited() and child.lost
    child.dispose()
    assert _wait_gone(server_pid)
    shutdown()


def test_a_lost_childs_session_is_swept_only_while_its_number_is_still_its_own(tmp_path):
    """What is left of a lost child's session is killed, unless its pid has been taken by
    another process since (pid_max is often 32768), whose session must not be touched."""
    import subprocess

    sleeper = subprocess.Popen(["sleep", "30"], start_new_session=True)  # pid == its session id
    try:
        lost = ForkedProcess.__new__(ForkedProcess)
        lost._started = "1"  # as if the number belonged to an older process
        lost._lose(sleeper.pid)
        assert sleeper.poll() is None  # another process's session: untouched
        lost._started = forkserver.start_time(sleeper.pid)
        lost._lose(sleeper.pid)
        assert sleeper.wait(timeout=10) == -signal.SIGKILL
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize("forked", [True, False], ids=["fork-server", "started"])
def test_only_the_running_solution_is_dumpable_and_the_checker_never(make_question, monkeypatch, forked):
    """A waiting child is non-dumpable (no same-user process can take its channels); the
    solution's process becomes an ordinary one when it runs; the checker stays hidden."""
    shutdown()
    monkeypatch.setattr(pool, "USE_FORK_SERVER", forked)
    dumpable = (
        "import ctypes\n\ndef f():\n    return ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)\n"  # PR_GET_DUMPABLE
    )
    q = make_question(
        entry_point="f", reference="def f():\n    return 1\n", tests=[{"args": [], "expected": 1}]
    )
    assert judge(q, dumpable).accepted
    checked = make_question(
        entry_point="f",
        starter="def f():\n    pass\n",
        reference="def f():\n    return 1\n",
        check="import ctypes\n\ndef check(candidate):\n    assert ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) == 0\n",
    )
    verdict = judge(checked, checked.reference)
    assert verdict.accepted, verdict.message
    shutdown()
