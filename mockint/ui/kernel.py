"""One IPython kernel in its own process, owned by one object with explicit states.

States: ``starting`` → ``ready`` ⇄ ``busy``; ``dead`` when the process dies; ``closed`` after
:meth:`KernelHandler.shutdown`. The kernel gets its own temporary working directory (it holds the
ipc socket files and the connection file), which is removed on shutdown, so nothing is left behind.
qtconsole is imported only here, when the first coding round needs a console, never at launch.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

STARTING, READY, BUSY, DEAD, CLOSED = "starting", "ready", "busy", "dead", "closed"


class KernelHandler(QObject):
    """Starts, interrupts, restarts and shuts down one kernel for one console widget."""

    #: The state changed; carries the new state name.
    state_changed = Signal(str)
    #: The kernel restarted (by the user or after dying); the namespace is empty again.
    restarted = Signal()
    #: The kernel process is running and the client is connected (``client`` is set).
    connected = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        os.environ.setdefault("QT_API", "pyside6")
        from qtconsole.manager import QtKernelManager

        self.workdir = Path(tempfile.mkdtemp(prefix="mockint-kernel-"))
        self.manager = QtKernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(self.workdir / "kernel"),
            connection_file=str(self.workdir / "kernel.json"),
        )
        self.manager.kernel_restarted.connect(self._on_restarted)
        self.client = None
        self.state = CLOSED

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def start(self) -> None:
        """Launch the kernel process and connect; the kernel boots in its own process.

        On the GUI thread this is a ``Popen`` plus writing the connection file (about 20 ms
        measured); the boot (0.3 s) happens in the kernel process and readiness arrives as a
        signal. Launching from a worker thread was tried and dropped: jupyter_client's launch
        there left the console's first execute unanswered in about one run in three.
        """
        self._set_state(STARTING)
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", "OMP_NUM_THREADS": "1"}
        env.pop("QT_QPA_PLATFORM", None)
        try:
            self.manager.start_kernel(cwd=str(self.workdir), env=env,
                                      extra_arguments=["--HistoryManager.enabled=False"])
        except Exception as exc:
            log.error("kernel did not start: %s", exc, exc_info=True)
            self._set_state(DEAD)
            return
        self._connect()

    def _connect(self) -> None:
        self.client = self.manager.client()
        self.client.start_channels()
        # "Ready" means output can reach the console: a shell reply alone is not enough, since
        # the iopub subscription may still be joining and the first print would be lost. So,
        # like jupyter_client's wait_for_ready, ask for kernel_info until iopub says something.
        self._iopub_live = False
        self.client.iopub_channel.message_received.connect(self._on_iopub)
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
        if not self._iopub_live:
            self._iopub_live = True
            self._probe.stop()
            if self.state == STARTING:
                self._set_state(READY)
        if msg.get("msg_type") == "status":
            state = msg.get("content", {}).get("execution_state")
            if state == "busy" and self.state != CLOSED:
                self._set_state(BUSY)
            elif state == "idle" and self.state != CLOSED:
                self._set_state(READY)

    def _on_restarted(self, *args: object) -> None:
        self._set_state(STARTING)
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
        self._iopub_live = False
        self._probe.start()
        self.restarted.emit()

    def shutdown(self) -> None:
        """Stop the channels and the kernel off the GUI thread, then remove the working folder.

        Stopping the channels takes about 0.5–0.7 s (ZMQ threads joining), so it runs on a plain
        thread; the folder goes once the kernel has exited.
        """
        if self.state == CLOSED:
            return
        self._set_state(CLOSED)
        client, self.client = self.client, None
        self._stop_in_background(client)

    def _stop_in_background(self, client) -> None:
        manager, workdir = self.manager, self.workdir
        try:
            if manager.has_kernel:
                manager.stop_restarter()
        except Exception:
            log.debug("restarter was not running", exc_info=True)

        def stop() -> None:
            try:
                if client is not None:
                    client.stop_channels()
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

        thread = threading.Thread(target=stop, name="mockint-kernel-stop", daemon=False)
        thread.start()
        _stopping.append(thread)


_stopping: list[threading.Thread] = []


def join_stopping_kernels(timeout_s: float = 10.0) -> None:
    """Wait for kernels being shut down (called at exit so no kernel process outlives the app)."""
    for thread in list(_stopping):
        thread.join(timeout_s)
        _stopping.remove(thread)

