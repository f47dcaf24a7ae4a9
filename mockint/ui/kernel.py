"""One IPython kernel in its own process, owned by one object with explicit states.

States: ``starting`` → ``ready`` ⇄ ``busy``; ``dead`` when the process dies; ``closed`` after
:meth:`KernelHandler.shutdown`. The kernel gets its own temporary working directory (it holds the
ipc socket files and the connection file), which is removed on shutdown, so nothing is left behind.
qtconsole is imported only here, when the first coding round needs a console, never at launch.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

STARTING, READY, BUSY, DEAD, CLOSED = "starting", "ready", "busy", "dead", "closed"

#: A kernel's working directory is ``<temp>/mockint-kernel-<owner pid>-<random>``.
WORKDIR_PREFIX = "mockint-kernel-"
#: A folder of the old name (no owner pid) is stale once it is this old, in seconds.
UNOWNED_STALE_AFTER_S = 24 * 3600.0


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows: assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def clean_stale_workdirs(
    temp_dir: str | os.PathLike[str] | None = None, now: float | None = None
) -> list[Path]:
    """Remove kernel working directories left by a mockint that died (kill -9, a crash).

    A ``mockint-kernel-<pid>-*`` folder is stale when process ``pid`` no longer exists; a folder
    of the old form (no pid) when it is older than :data:`UNOWNED_STALE_AFTER_S`. Folders of
    live processes (another mockint, this one) are kept. ``temp_dir`` defaults to the system
    temp folder. Returns the folders removed; a folder that cannot be removed is logged, never raised.
    """
    root = Path(temp_dir) if temp_dir is not None else Path(tempfile.gettempdir())
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = list(root.glob(f"{WORKDIR_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        owner = folder.name[len(WORKDIR_PREFIX) :].split("-", 1)[0]
        try:
            if not folder.is_dir() or folder.is_symlink():
                continue
            if owner.isdigit():
                stale = not _pid_alive(int(owner))
            else:
                stale = now - folder.stat().st_mtime > UNOWNED_STALE_AFTER_S
        except OSError:
            continue
        if stale:
            try:
                shutil.rmtree(folder)
                removed.append(folder)
            except OSError as exc:
                log.warning("could not remove the stale kernel folder %s: %s", folder, exc)
    if removed:
        log.info("removed %d stale kernel folder(s)", len(removed))
    return removed


class KernelHandler(QObject):
    """Starts, interrupts, restarts and shuts down one kernel for one console widget."""

    #: The state changed; carries the new state name.
    state_changed = Signal(str)
    #: The kernel restarted (by the user or after dying); the namespace is empty again.
    restarted = Signal()
    #: The kernel process died (os._exit, a crash) and qtconsole's restarter started a new one.
    died = Signal()
    #: The kernel process is running and the client is connected (``client`` is set).
    connected = Signal()
    #: The preload code (e.g. ``import numpy, torch``) has finished in the kernel.
    warmed = Signal()

    def __init__(self, parent: QObject | None = None, preload: str = "") -> None:
        super().__init__(parent)
        self.preload = preload
        self.warm = not preload
        self._preload_id = ""
        os.environ.setdefault("QT_API", "pyside6")
        from jupyter_client.kernelspec import KernelSpecManager
        from qtconsole.manager import QtKernelManager

        self.workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        self.manager = QtKernelManager(
            kernel_name="python3",
            # ipykernel's own spec, [sys.executable, "-m", "ipykernel_launcher", ...]: this app's
            # Python (the bundle itself when frozen, see mockint.frozen), never a "python3"
            # kernel.json from the user's jupyter folders, which may name a Python without torch.
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[]),
            transport="ipc",
            ip=str(self.workdir / "kernel"),
            connection_file=str(self.workdir / "kernel.json"),
        )
        self.manager.kernel_restarted.connect(self._on_restarted)
        self.client: Any = None  # a QtKernelClient (untyped) while connected
        self.state = CLOSED

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def start(self) -> None:
        """Launch the kernel process off the GUI thread, then connect on the GUI thread.

        The launch (connection file, ``Popen``) runs on the thread pool with qtconsole's
        Qt-timer-based restarter held back; the restarter and channels start back on this thread
        when the launch returns. The kernel boots in its own process; readiness is a signal.
        """
        from mockint.ui.workers import run_in_background

        self._set_state(STARTING)
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", "OMP_NUM_THREADS": "1"}
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # plots show in the console
        env.pop("QT_QPA_PLATFORM", None)
        self.manager.autorestart = False
        launch = functools.partial(
            self.manager.start_kernel,
            cwd=str(self.workdir),
            env=env,
            extra_arguments=["--HistoryManager.enabled=False"],
        )
        manager, workdir = self.manager, self.workdir
        # The handler may be gone (its page closed) while the launch ran: then the helper drops
        # the result and the kernel that was started is stopped, so no process or folder is left.
        run_in_background(
            launch,
            receiver=self,
            on_done=lambda _: self._launched(),
            on_error=self._launch_failed,
            on_dropped=lambda _: _stop_kernel(None, manager, workdir),
        )

    def _launch_failed(self, exc: BaseException, tb: str) -> None:
        log.error("kernel did not start: %s", exc)
        self._set_state(DEAD)

    def _launched(self) -> None:
        if self.state == CLOSED:  # closed while launching: stop the kernel that just started
            _stop_kernel(None, self.manager, self.workdir)
            return
        self.manager.autorestart = True
        self.manager.start_restarter()
        self._connect()

    def _connect(self) -> None:
        self.client = client = self.manager.client()
        client.start_channels()
        # "Ready" means output can reach the console: a shell reply alone is not enough, since
        # the iopub subscription may still be joining and the first print would be lost. So,
        # like jupyter_client's wait_for_ready, ask for kernel_info until iopub says something.
        self._iopub_live = False
        client.iopub_channel.message_received.connect(self._on_iopub)
        self._probe = QTimer(self)
        self._probe.setInterval(150)
        self._probe.timeout.connect(self._probe_iopub)
        self._probe.start()
        self._probe_iopub()
        self.connected.emit()

    def _probe_iopub(self) -> None:
        if self._iopub_live or self.client is None:
            self._probe.stop()
            return
        self.client.kernel_info()

    def _on_iopub(self, msg: dict) -> None:
        if self.client is None:  # shut down; a message still queued from before arrives late
            return
        if not self._iopub_live:
            self._iopub_live = True
            self._probe.stop()
            if self.preload and not self.warm and not self._preload_id:
                # Imports run silently before anyone uses the console (no prompt, no history).
                self._preload_id = self.client.execute(self.preload, silent=True, store_history=False)
            if self.state == STARTING and not self._preload_id:
                self._set_state(READY)
        if (
            self._preload_id
            and msg.get("msg_type") == "status"
            and msg.get("content", {}).get("execution_state") == "idle"
            and msg.get("parent_header", {}).get("msg_id") == self._preload_id
        ):
            self._preload_id = ""
            self.warm = True
            if self.state == STARTING:
                self._set_state(READY)
            self.warmed.emit()
            return
        # While the preload runs the console is still starting (it cannot take input yet), not
        # "busy" running the candidate's code.
        if msg.get("msg_type") == "status" and not self._preload_id:
            state = msg.get("content", {}).get("execution_state")
            if state == "busy" and self.state != CLOSED:
                self._set_state(BUSY)
            elif state == "idle" and self.state != CLOSED:
                self._set_state(READY)

    def _on_restarted(self, *args: object) -> None:
        # qtconsole emits kernel_restarted only for automatic restarts, i.e. after a death.
        log.warning("the kernel died and was restarted")
        self._set_state(STARTING)
        self.warm, self._preload_id = not self.preload, ""
        self.died.emit()
        self.restarted.emit()
        self._iopub_live = False
        self._probe.start()

    def is_alive(self) -> bool:
        return self.state not in (CLOSED, DEAD) and self.manager.is_alive()

    def interrupt(self) -> None:
        """Send SIGINT to the kernel: a running cell stops with KeyboardInterrupt; the namespace stays."""
        if self.is_alive():
            self.manager.interrupt_kernel()

    def restart(self) -> None:
        """Restart the kernel process; its namespace is lost."""
        if self.state == CLOSED:
            return
        self._set_state(STARTING)
        self.manager.restart_kernel(now=True)
        self.warm, self._preload_id = not self.preload, ""  # the new process imports the preload again
        self._iopub_live = False
        self._probe.start()
        self.restarted.emit()

    def shutdown(self) -> None:
        """Stop the channels and the kernel off the GUI thread, then remove the working folder.

        Stopping the channels takes about 0.5–0.7 s (ZMQ threads joining), so it runs on the
        worker helper's pool; the folder goes once the kernel has exited.
        """
        if self.state == CLOSED:
            return
        launching = self.client is None and self.state == STARTING
        self._set_state(CLOSED)
        if launching:
            return  # _launched sees CLOSED and stops the kernel once the launch returns
        client, self.client = self.client, None
        self._stop_in_background(client)

    def _stop_in_background(self, client) -> None:
        _stop_kernel(client, self.manager, self.workdir)


def _stop_kernel(client, manager, workdir: Path) -> None:
    """Stop channels and kernel off the GUI thread, then remove the kernel's folder.

    The restarter (a Qt timer) stops here on the GUI thread first; the worker then joins the
    channel threads with jupyter_client's own stop (qtconsole's adds a Qt signal that must not
    be emitted from there) and shuts the kernel down.
    """
    try:
        manager.autorestart = False
        if manager.has_kernel:
            manager.stop_restarter()
    except Exception:
        log.debug("restarter was not running", exc_info=True)

    def stop() -> None:
        from jupyter_client.threaded import ThreadedKernelClient  # loaded with qtconsole, not at launch

        try:
            if client is not None:
                ThreadedKernelClient.stop_channels(client)
            if manager.has_kernel:
                manager.shutdown_kernel(now=False)
        except Exception:
            log.warning("kernel shutdown was not clean", exc_info=True)
            try:
                manager.shutdown_kernel(now=True)
            except Exception:
                log.debug("forced kernel shutdown failed", exc_info=True)
        finally:
            manager.cleanup_resources()
            shutil.rmtree(workdir, ignore_errors=True)

    from mockint.ui.workers import run_in_background

    run_in_background(stop)


class KernelPool(QObject):
    """Keeps one spare kernel started ahead, with ``preload`` already run, so the next coding
    round's console is ready at once (kernel boot 0.3 s and ``import torch`` 1.5 s are paid in
    the previous round or the break, not when the round starts)."""

    def __init__(
        self, preload: str = "import numpy as np\nimport torch", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.preload = preload
        self.spare: KernelHandler | None = None

    def prestart(self) -> None:
        """Start a spare kernel unless one is already there."""
        if self.spare is None or self.spare.state in (DEAD, CLOSED):
            self.spare = KernelHandler(self, preload=self.preload)
            self.spare.start()

    def take(self) -> KernelHandler:
        """The spare kernel (however far it got), or a fresh one when there is none."""
        kernel = self.spare if self.spare is not None and self.spare.state not in (DEAD, CLOSED) else None
        self.spare = None
        if kernel is None:
            kernel = KernelHandler(self, preload=self.preload)
            kernel.start()
        return kernel

    def shutdown(self) -> None:
        if self.spare is not None:
            self.spare.shutdown()
            self.spare = None


def join_stopping_kernels(timeout_s: float = 10.0) -> bool:
    """Wait for kernels being shut down (called at exit so no kernel process outlives the app);
    they stop on the worker helper's pool, so this waits for its jobs. True when all finished."""
    from mockint.ui.workers import wait_for_background

    return wait_for_background(int(timeout_s * 1000))
