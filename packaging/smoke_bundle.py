"""Smoke-test the PyInstaller bundle headless and print its figures (`make bundle-smoke`).

    python packaging/smoke_bundle.py [dist/mockint] [--runs N] [--screenshot FILE]

Runs the bundle's executable from a temporary folder with a clean environment (no venv on PATH):

1. ``mockint --version``, ``mockint bank check`` (exit 0), ``mockint paths --json`` (the bank is
   the bundle's own copy);
2. the executable as an IPython kernel (``-m ipykernel_launcher -f FILE``, as the app starts it):
   a jupyter_client BlockingKernelClient asks it ``import numpy, torch; 1+1`` and expects ``2``;
3. ``mockint judge`` on a DSA and a torch ML-coding problem with their reference solutions (the
   executable as the judge's child): both Accepted;
4. under Xvfb: time from process start to the main window being mapped, for the bundle and, for
   comparison, the ``mockint`` of the venv running this script; then ``mockint practice dsa`` in the bundle, and a
   screenshot once its coding round's console is up (``--screenshot``).

Exits 1 at the first failed check. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KERNEL_CODE = "import numpy, torch; 1+1"


class SmokeError(Exception):
    pass


def clean_env(home: Path) -> dict[str, str]:
    """A plain user's environment: no venv, no PYTHONPATH, data and caches in ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "QT_QPA_PLATFORM", "DISPLAY")
    }
    env.update(
        PATH="/usr/local/bin:/usr/bin:/bin",
        HOME=str(home),
        MOCKINT_DATA_DIR=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "share"),
        XDG_CONFIG_HOME=str(home / "config"),
        TMPDIR=str(home / "tmp"),
        MOCKINT_SPEECH="0",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    proc.elapsed = time.perf_counter() - started  # type: ignore[attr-defined]
    return proc


def check(ok: bool, what: str, detail: str = "") -> None:
    if not ok:
        raise SmokeError(f"{what}\n{detail}".rstrip())
    print(f"ok   {what}")


# --------------------------------------------------------------------------- kernel


def kernel_answer(
    cmd: list[str], code: str, workdir: Path, env: dict[str, str] | None = None, timeout: float = 180
) -> tuple[str, float, float]:
    """Start ``cmd + ["-m", "ipykernel_launcher", "-f", FILE]`` as a kernel, run ``code``, return
    (its result's text/plain, seconds to the first kernel_info reply, seconds for the code).

    Waits by asking kernel_info until the shell answers (jupyter_client's wait_for_ready, without
    a manager, mistakes a slow start for a dead kernel).
    """
    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    conn, _ = write_connection_file(str(workdir / "kernel.json"), transport="ipc", ip=str(workdir / "kernel"))
    log = open(workdir / "kernel.log", "wb")  # noqa: SIM115
    started = time.perf_counter()
    kernel = subprocess.Popen(
        [*cmd, "-m", "ipykernel_launcher", "-f", conn, "--HistoryManager.enabled=False"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    client = BlockingKernelClient(connection_file=conn)
    client.load_connection_file()
    client.start_channels()
    try:
        deadline = started + timeout
        _wait_ready(client, kernel, deadline, timeout, workdir)
        ready_s = time.perf_counter() - started
        t0 = time.perf_counter()
        msg_id = client.execute(code)
        result, error = None, None
        while True:
            msg = client.get_iopub_msg(timeout=max(1.0, deadline - time.perf_counter()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "execute_result":
                result = msg["content"]["data"]["text/plain"]
            elif kind == "error":
                error = "\n".join(msg["content"]["traceback"])
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        run_s = time.perf_counter() - t0
        if error:
            raise SmokeError(f"the kernel could not run {code!r}:\n{error}")
        client.shutdown()
        kernel.wait(timeout=30)
        return result or "", ready_s, run_s
    finally:
        client.stop_channels()
        if kernel.poll() is None:
            _kill_group(kernel)
        log.close()


def _wait_ready(
    client: Any, kernel: subprocess.Popen, deadline: float, timeout: float, workdir: Path
) -> None:
    """Ask kernel_info until the shell answers, then until iopub says something; SmokeError if
    the kernel exits or ``deadline`` (perf_counter seconds) passes."""
    while True:
        if kernel.poll() is not None:
            raise SmokeError(f"the kernel exited with {kernel.returncode}:\n{_tail(workdir / 'kernel.log')}")
        if time.perf_counter() > deadline:
            raise SmokeError(
                f"the kernel did not answer in {timeout:.0f} s:\n{_tail(workdir / 'kernel.log')}"
            )
        client.kernel_info()
        try:
            reply = client.get_shell_msg(timeout=1)
        except Empty:
            continue
        if reply["msg_type"] == "kernel_info_reply":
            break
    # A shell reply can come before the iopub subscription is live, and the code's output
    # would then be lost: like the app's KernelHandler, ask until iopub says something.
    while True:
        if time.perf_counter() > deadline:
            raise SmokeError(f"the kernel's output channel never answered:\n{_tail(workdir / 'kernel.log')}")
        client.kernel_info()
        try:
            client.get_iopub_msg(timeout=0.5)
            break
        except Empty:
            continue


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


# --------------------------------------------------------------------------- X11 timing


class _XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _XMapEvent), ("pad", ctypes.c_long * 24)]


_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class Xvfb:
    """A private Xvfb server, and a watcher for top-level windows being mapped on it."""

    def __init__(self) -> None:
        if shutil.which("Xvfb") is None:
            raise SmokeError("Xvfb is not installed (Debian: xvfb)")
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as fh:
            number = fh.readline().strip()
        if not number:
            raise SmokeError("Xvfb did not start")
        self.display = f":{number}"
        x = self.x = ctypes.CDLL("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XGetGeometry.argtypes = [ctypes.c_void_p, ctypes.c_ulong, *[ctypes.c_void_p] * 7]
        # A window gone before we ask for its size is no reason to exit (Xlib's default handler).
        handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._on_error = handler(lambda dpy, err: 0)
        x.XSetErrorHandler(self._on_error)
        self.dpy = x.XOpenDisplay(self.display.encode())
        if not self.dpy:
            raise SmokeError(f"cannot open X display {self.display}")
        x.XSelectInput(self.dpy, x.XDefaultRootWindow(self.dpy), _SUBSTRUCTURE_NOTIFY_MASK)
        x.XFlush(self.dpy)
        self.fd = x.XConnectionNumber(self.dpy)

    def drain(self) -> None:
        event = _XEvent()
        while self.x.XPending(self.dpy):
            self.x.XNextEvent(self.dpy, ctypes.byref(event))

    def wait_for_map(self, proc: subprocess.Popen, timeout: float) -> float | None:
        """perf_counter() time of the next top-level window mapped, or None (timeout / exit)."""
        event = _XEvent()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and proc.poll() is None:
            while self.x.XPending(self.dpy):
                self.x.XNextEvent(self.dpy, ctypes.byref(event))
                if (
                    event.type == _MAP_NOTIFY
                    and not event.xmap.override_redirect
                    and min(self.size(event.xmap.window)) >= 200
                ):  # not a helper window
                    return time.perf_counter()
            select.select([self.fd], [], [], 0.05)
        return None

    def size(self, window: int) -> tuple[int, int]:
        root, x, y, w, h, border, depth = (
            ctypes.c_ulong(),
            ctypes.c_int(),
            ctypes.c_int(),
            ctypes.c_uint(),
            ctypes.c_uint(),
            ctypes.c_uint(),
            ctypes.c_uint(),
        )
        if not self.x.XGetGeometry(
            self.dpy, window, *(ctypes.byref(v) for v in (root, x, y, w, h, border, depth))
        ):
            return (0, 0)
        return (w.value, h.value)

    def close(self) -> None:
        self.x.XCloseDisplay(self.dpy)
        self.proc.terminate()
        self.proc.wait(timeout=10)


def time_to_window(xvfb: Xvfb, cmd: list[str], env: dict[str, str], cwd: Path, runs: int) -> list[float]:
    """Seconds from spawn to the first mapped top-level window, ``runs`` times after one warm-up."""
    env = {**env, "DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb"}
    times = []
    for i in range(runs + 1):
        xvfb.drain()
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        mapped = xvfb.wait_for_map(proc, timeout=120)
        _kill_group(proc)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        if mapped is None:
            raise SmokeError(f"{cmd[0]}: no window was mapped within 120 s\n{err[-3000:]}")
        if i:  # the first run warms the file cache and creates the database
            times.append(mapped - started)
    return times


def screenshot_after(
    xvfb: Xvfb, cmd: list[str], env: dict[str, str], cwd: Path, wait_s: float, out: Path
) -> None:
    """Run ``cmd`` on the Xvfb display, wait, grab the screen into ``out`` (PNG) with Qt."""
    env = {**env, "DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        if xvfb.wait_for_map(proc, timeout=120) is None:
            raise SmokeError(f"no window: {proc.stderr.read().decode(errors='replace')[-3000:]}")
        time.sleep(wait_s)
        grab = (
            "import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication([])\n"
            "ok = app.primaryScreen().grabWindow(0).save(sys.argv[1], 'PNG')\nsys.exit(0 if ok else 1)\n"
        )
        subprocess.run(
            [sys.executable, "-c", grab, str(out)],
            check=True,
            timeout=60,
            env={**os.environ, "DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb"},
        )
        check(proc.poll() is None, f"the bundle is still running after {wait_s:.0f} s; screenshot {out}")
    finally:
        _kill_group(proc)
        proc.stderr.close()


# --------------------------------------------------------------------------- main


def judge_checks(exe: Path, env: dict[str, str], work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from mockint import paths
    from mockint.bank import load_bank

    bank = load_bank([paths.rounds_dir()])
    coding = sorted((q for q in bank.questions.values() if q.is_coding and q.reference), key=lambda q: q.id)
    dsa = next(q for q in coding if q.round_type == "dsa")
    torch_q = next(q for q in coding if q.round_type == "ml_coding" and "torch" in q.reference)
    for q in (dsa, torch_q):
        solution = work / f"{q.entry_point}.py"
        solution.write_text(q.reference, encoding="utf-8")
        proc = run([str(exe), "judge", q.id, str(solution), "--json"], env, work)
        verdict = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
        check(
            proc.returncode == 0 and verdict.get("accepted") is True,
            f"`mockint judge {q.id}` accepts its reference ({proc.elapsed:.1f} s)",
            proc.stdout[-2000:] + proc.stderr[-3000:],
        )
    cheat = work / "cheat.py"
    cheat.write_text("import mockint.bank\n" + dsa.reference, encoding="utf-8")
    proc = run([str(exe), "judge", dsa.id, str(cheat), "--json"], env, work)
    verdict = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    check(
        verdict.get("accepted") is False and "No module named 'mockint" in verdict.get("message", ""),
        "a solution cannot import mockint in the frozen judge child",
        proc.stdout[-2000:] + proc.stderr[-3000:],
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Smoke-test the PyInstaller bundle.")
    p.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "mockint"), type=Path)
    p.add_argument("--runs", type=int, default=3, help="timed launches of each app (after a warm-up)")
    p.add_argument("--screenshot", type=Path, default=None, help="PNG of `practice dsa` in the bundle")
    p.add_argument("--no-window", action="store_true", help="skip the Xvfb checks")
    args = p.parse_args(argv)
    bundle = args.bundle.resolve()
    exe = bundle / "mockint"
    if not exe.is_file():
        print(f"error: {exe} does not exist: run `make bundle` first", file=sys.stderr)
        return 1
    size = subprocess.run(["du", "-sb", str(bundle)], capture_output=True, text=True).stdout.split()[0]
    print(f"bundle {bundle}: {int(size) / 2**20:.0f} MiB")
    work = Path(tempfile.mkdtemp(prefix="mockint-smoke-"))
    env = clean_env(work)
    try:
        proc = run([str(exe), "--version"], env, work)
        check(
            proc.returncode == 0 and proc.stdout.startswith("mockint "),
            f"`mockint --version`: {proc.stdout.strip()} ({proc.elapsed:.2f} s)",
            proc.stderr,
        )
        proc = run([str(exe), "bank", "check"], env, work)
        check(
            proc.returncode == 0,
            f"`mockint bank check`: {proc.stderr.strip()} ({proc.elapsed:.2f} s)",
            proc.stdout + proc.stderr,
        )
        proc = run([str(exe), "paths", "--json"], env, work)
        where = json.loads(proc.stdout)
        check(Path(where["bank"]).is_relative_to(bundle), f"the bank is the bundle's own: {where['bank']}")

        result, ready_s, run_s = kernel_answer(
            [str(exe)], KERNEL_CODE, Path(tempfile.mkdtemp(dir=work / "tmp")), env
        )
        check(
            result == "2",
            f"the bundle as a kernel answers {KERNEL_CODE!r} with {result} "
            f"(kernel ready in {ready_s:.1f} s, numpy+torch import and run {run_s:.1f} s)",
        )
        result, _, _ = kernel_answer(
            [str(exe)], "import sys; sys.executable", Path(tempfile.mkdtemp(dir=work / "tmp")), env
        )
        check(result.strip("'") == str(exe), f"the kernel's sys.executable is the bundle: {result}")

        judge_checks(exe, env, work)

        if not args.no_window:
            xvfb = Xvfb()
            try:
                frozen = time_to_window(xvfb, [str(exe)], env, work, args.runs)
                venv_exe = Path(sys.prefix) / "bin" / "mockint"  # the venv running this script
                source = (
                    time_to_window(xvfb, [str(venv_exe)], env, work, args.runs) if venv_exe.exists() else []
                )
                print(
                    f"time to window, bundle : median {statistics.median(frozen):.2f} s "
                    f"({', '.join(f'{t:.2f}' for t in frozen)})"
                )
                if source:
                    print(
                        f"time to window, venv   : median {statistics.median(source):.2f} s "
                        f"({', '.join(f'{t:.2f}' for t in source)})"
                    )
                if args.screenshot:
                    screenshot_after(xvfb, [str(exe), "practice", "dsa"], env, work, 25.0, args.screenshot)
            finally:
                xvfb.close()
    except SmokeError as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("bundle smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
