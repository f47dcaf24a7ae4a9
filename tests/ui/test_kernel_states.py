"""Issue 11 bug 13: the console reads "starting", not "busy", while the kernel starts and preloads."""

from __future__ import annotations

from mockint.ui.kernel import KernelHandler, join_stopping_kernels

KERNEL_TIMEOUT_MS = 30_000


def test_preload_counts_as_starting_not_busy(qtbot) -> None:
    kernel = KernelHandler(preload="import time\ntime.sleep(0.5)")
    states: list[str] = []
    kernel.state_changed.connect(states.append)
    try:
        with qtbot.waitSignal(kernel.warmed, timeout=KERNEL_TIMEOUT_MS):
            kernel.start()
        assert states == ["starting", "ready"]
        assert kernel.state == "ready"
        # Code the candidate runs is "busy" again.
        with qtbot.waitSignal(
            kernel.state_changed, timeout=KERNEL_TIMEOUT_MS, check_params_cb=lambda s: s == "busy"
        ):
            kernel.client.execute("time.sleep(0.3)")
        qtbot.waitUntil(lambda: kernel.state == "ready", timeout=KERNEL_TIMEOUT_MS)
        # A restart imports the preload again, and is "starting" until it has.
        states.clear()
        with qtbot.waitSignal(kernel.warmed, timeout=KERNEL_TIMEOUT_MS):
            kernel.restart()
        assert states == ["starting", "ready"]
    finally:
        kernel.shutdown()
        join_stopping_kernels()
