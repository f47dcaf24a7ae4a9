"""A whole quick-drill loop makes no network connection: mockint works offline and says so.

The loop is the GUI test ``tests/ui/test_quick_drill.py::test_quick_drill_runs_every_round_to_saved_scores``
(every round type, the IPython console, the judge, scoring, the summary, then ``mockint history``),
run by a child pytest with networking cut in two layers:

1. A ``sitecustomize`` module, put first on ``PYTHONPATH``, is loaded by every Python process of
   the run that inherits the environment: the app, the IPython kernel, ``mockint history``. It
   makes ``socket.socket.connect``/``connect_ex``/``sendto``/``bind``, ``socket.create_connection``,
   ``getaddrinfo`` and the other name look-ups fail for every address family but ``AF_UNIX``, and
   pyzmq's ``Socket.connect``/``bind`` fail for every transport but ``ipc://`` and ``inproc://``
   (libzmq's sockets are made in C, below ``socket``). Each attempt is written to a log; the test
   asserts the log is empty. What it cannot see: sockets opened from C or C++ (Qt's own network
   classes, which is why it also reports whether ``PySide6.QtNetwork`` was imported), and the
   judge's child processes, which get a fixed small environment without ``PYTHONPATH``.
2. Where ``unshare -rn`` works (Linux with user namespaces), the child runs in a network namespace
   of its own with no interface up, so the kernel refuses anything that got past layer 1, from C
   code and judge children included.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DRILL = "tests/ui/test_quick_drill.py::test_quick_drill_runs_every_round_to_saved_scores"

GUARD = textwrap.dedent(
    '''
    """Test guard (tests/test_no_network.py): record and refuse any network use in this process.

    Loopback (127.0.0.0/8, ::1) is let through but logged on its own: it never leaves the machine,
    and the test checks it is only the one use it knows of.
    """
    import atexit, errno, json, os, socket, sys

    _LOG = os.environ["MOCKINT_NET_LOG"]
    _LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", -1)}
    _LOCAL_ZMQ = ("ipc://", "inproc://")
    _LOOPBACK_ZMQ = ("tcp://127.", "tcp://[::1]", "tcp://localhost")


    def _record(call, target, loopback=False):
        line = {"pid": os.getpid(), "argv": sys.argv[:3], "call": call, "target": repr(target),
                "loopback": loopback}
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\\n")


    def _refused(call, target):
        _record(call, target)
        return OSError(errno.ENETUNREACH, f"network use refused by the offline test: {call} {target!r}")


    def _is_loopback(address):
        host = address[0] if isinstance(address, tuple) and address else address
        return isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))


    def _guard_method(name):
        original = getattr(socket.socket, name)

        def guarded(self, address, *args):
            if self.family not in _LOCAL_FAMILIES:
                if _is_loopback(address):
                    _record(name, address, loopback=True)
                elif name == "connect_ex":
                    _record(name, address)
                    return errno.ENETUNREACH
                else:
                    raise _refused(name, address)
            return original(self, address, *args)

        setattr(socket.socket, name, guarded)


    for _name in ("connect", "connect_ex", "bind"):
        _guard_method(_name)

    _sendto = socket.socket.sendto


    def _guarded_sendto(self, data, *args):
        if self.family not in _LOCAL_FAMILIES and not _is_loopback(args[-1] if args else None):
            raise _refused("sendto", args[-1] if args else None)
        return _sendto(self, data, *args)


    socket.socket.sendto = _guarded_sendto


    def _lookup(call):
        def refuse(*args, **kwargs):
            _record(call, args[:2])
            raise socket.gaierror(socket.EAI_NONAME, f"name look-up refused by the offline test: {args[:1]!r}")

        return refuse


    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        setattr(socket, _name, _lookup(_name))


    def _create_connection(address, *args, **kwargs):
        raise _refused("create_connection", address)


    socket.create_connection = _create_connection

    try:
        import zmq
        from zmq.sugar.socket import Socket as _ZmqSocket
    except ImportError:  # a process without pyzmq has no zmq sockets to guard
        _ZmqSocket = None
    if _ZmqSocket is not None:
        for _name in ("connect", "bind"):
            def _zmq_guard(original):
                def guarded(self, addr, *args, **kwargs):
                    endpoint = addr.decode() if isinstance(addr, bytes) else str(addr)
                    if endpoint.startswith(_LOOPBACK_ZMQ):
                        _record("zmq." + original.__name__, endpoint, loopback=True)
                    elif not endpoint.startswith(_LOCAL_ZMQ):
                        _record("zmq." + original.__name__, endpoint)
                        raise zmq.ZMQError(errno.ENETUNREACH, "network use refused by the offline test")
                    return original(self, addr, *args, **kwargs)

                return guarded

            setattr(_ZmqSocket, _name, _zmq_guard(getattr(_ZmqSocket, _name)))


    @atexit.register
    def _loaded():
        watched = ("PySide6.QtNetwork", "PySide6.QtWebEngineCore", "requests", "urllib3", "httpx", "aiohttp")
        with open(_LOG + ".modules", "a", encoding="utf-8") as log:
            log.write(json.dumps({"pid": os.getpid(), "argv": sys.argv[:3],
                                  "modules": [m for m in watched if m in sys.modules]}) + "\\n")
    '''
)

#: Loopback use the test knows and accepts: ipykernel (7.x) binds a PULL socket to a random port
#: on 127.0.0.1 for output from processes the user's code forks; it is hard-wired
#: (``IOPubThread(pipe=True)``), and where the bind fails (no loopback) it warns and goes on.
KNOWN_LOOPBACK = {("zmq.bind", "'tcp://127.0.0.1:*'")}


def _network_namespace() -> list[str]:
    """``unshare -rn`` when it works here: a network namespace with no interface up."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10)
    return [unshare, "-rn"] if probe.returncode == 0 else []


def _guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes load the guard; and the log it writes."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.jsonl"
    log.touch()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard_dir), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
        "MOCKINT_NET_LOG": str(log),
        "QT_QPA_PLATFORM": "offscreen",
        "MOCKINT_SPEECH": "0",
        # Proxies would make an HTTP client try the network first; none is expected at all.
        "http_proxy": "http://192.0.2.1:9",
        "https_proxy": "http://192.0.2.1:9",
    }
    return env, log


def _log(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_the_guard_records_and_refuses_network_use(tmp_path: Path) -> None:
    env, log = _guarded_env(tmp_path)
    code = textwrap.dedent(
        """
        import socket, urllib.request, zmq
        for attempt in (
            lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
            lambda: socket.socket().connect(("192.0.2.1", 80)),
            lambda: socket.getaddrinfo("example.com", 443),
            lambda: urllib.request.urlopen("http://example.com", timeout=1),
            lambda: zmq.Context.instance().socket(zmq.PUSH).connect("tcp://192.0.2.1:5555"),
        ):
            try:
                attempt()
                print("GOT THROUGH")
            except (OSError, zmq.ZMQError):
                pass
        a, b = socket.socketpair()  # AF_UNIX: allowed
        a.sendall(b"x"); assert b.recv(1) == b"x"
        """
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "GOT THROUGH" not in done.stdout, done.stderr
    calls = [u["call"] for u in _log(log) if not u["loopback"]]
    # urllib goes through the proxy set in the environment, hence a second create_connection.
    assert calls == ["create_connection", "connect", "getaddrinfo", "create_connection", "zmq.connect"], calls


@pytest.mark.gui
@pytest.mark.slow  # a whole quick drill in a child process; `make test-fast` skips it
def test_a_whole_quick_drill_makes_no_network_connection(tmp_path: Path) -> None:
    env, log = _guarded_env(tmp_path)
    namespace = _network_namespace()
    done = subprocess.run(
        [
            *namespace,
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "run"),
            DRILL,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "1 passed" in done.stdout

    used = _log(log)
    attempts = [u for u in used if not u["loopback"]]
    assert attempts == [], "network use during the quick drill:\n" + "\n".join(map(str, attempts))
    loopback = {(u["call"], u["target"]) for u in used if u["loopback"]}
    assert loopback <= KNOWN_LOOPBACK, f"loopback use beyond ipykernel's IOPub pipe: {loopback}"

    processes = [json.loads(line) for line in Path(f"{log}.modules").read_text(encoding="utf-8").splitlines()]
    # The guard ran in the app's process, the kernel's and `mockint history` (each wrote on exit).
    kinds = {" ".join(p["argv"]) for p in processes}
    assert any("pytest" in k for k in kinds), kinds
    assert any("ipykernel" in k for k in kinds), kinds
    assert any("mockint" in k and "history" in k for k in kinds) or len(processes) >= 3, kinds
    loaded = sorted({m for p in processes for m in p["modules"]})
    assert loaded == [], f"network-capable libraries the guard cannot see into were imported: {loaded}"
