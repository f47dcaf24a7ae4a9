"""Coding round start to console prompt, with the spare kernel started ahead (issue 3: ≤ 0.15 s).

Starts a :class:`KernelPool` spare (numpy and torch preloaded), waits until it is warm, as it is
after a previous round or a break, then times from building the coding round's view to the
console showing its first prompt. Prints the median of N runs, and the same without a spare.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QStackedWidget  # noqa: E402

from mockint.bank import load_bank  # noqa: E402
from mockint.paths import rounds_dir  # noqa: E402
from mockint.ui.coding_view import CodingRoundView  # noqa: E402
from mockint.ui.kernel import KernelPool, join_stopping_kernels  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))


def wait(app: QApplication, cond, timeout_s: float = 60.0) -> bool:
    """Run the event loop (as the app does) until ``cond()`` holds, checking every 2 ms."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    deadline = time.monotonic() + timeout_s
    timer.timeout.connect(lambda: (cond() or time.monotonic() > deadline) and loop.quit())
    timer.start()
    if not cond():
        loop.exec()
    timer.stop()
    return cond()


def prompt_shown(view: CodingRoundView) -> bool:
    return view.console is not None and "In [1]" in view.console._control.toPlainText()


def main() -> int:
    app = QApplication(sys.argv[:1])
    question = load_bank([rounds_dir()]).find("dsa.two-sum")
    import qtconsole.rich_jupyter_widget  # noqa: F401  (imported ahead, as the app's pool does)

    pool = KernelPool()
    window = QStackedWidget()  # views live in a window and are deleted as the app deletes them
    window.resize(1280, 800)
    window.show()

    def close(view: CodingRoundView) -> None:
        view.close_kernel()
        window.removeWidget(view)
        view.deleteLater()

    with_spare, without = [], []
    for _ in range(RUNS):
        pool.prestart()
        wait(app, lambda: pool.spare is not None and pool.spare.warm)
        start = time.perf_counter()
        view = CodingRoundView(question)
        window.addWidget(view)
        window.setCurrentWidget(view)
        view.start_console(pool.take())
        wait(app, lambda v=view: prompt_shown(v))
        with_spare.append(time.perf_counter() - start)
        close(view)
    for _ in range(RUNS):
        start = time.perf_counter()
        view = CodingRoundView(question)
        window.addWidget(view)
        window.setCurrentWidget(view)
        view.start_console()
        wait(app, lambda v=view: prompt_shown(v))
        without.append(time.perf_counter() - start)
        close(view)
    pool.shutdown()
    join_stopping_kernels()
    print(
        f"coding round start to console prompt, spare kernel warm : median {statistics.median(with_spare):.3f} s "
        f"(min {min(with_spare):.3f}, n={RUNS}; goal ≤ 0.15 s)"
    )
    print(
        f"coding round start to console prompt, no spare kernel   : median {statistics.median(without):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
