"""GUI memory after a loop: resident set size at launch and after a whole quick drill (issue 18).

Opens the app as ``mockint`` does (bundled bank, a fresh data folder, the speech engine started
after the window shows, then the warm-up that imports what a loop needs, ``app.warm_up``: the
kernel manager, the console widget, numpy, the audio library), lets it settle on the home screen
and reads its resident set size (RSS, from ``/proc/self/status``, in MB = 10**6 bytes). So
"launch" is the settled home screen after that warm-up, which is what a user's app holds a few
seconds after it opens (those modules stay loaded: Python cannot unload them). Then it runs the quick drill as a user would:
each of its six rounds is opened (the coding rounds start their console kernels), finished with
Finish, scored in the rubric dialog, and each break skipped; from the summary it goes back home,
waits for the finished loop's kernels to stop, and reads the RSS again. Prints both and their
difference. Goal: the difference is at most 20 MB.

The kernels run in their own processes and are not counted; what is measured is the GUI process.
The user cache (parse cache, generated datasets) is a folder of this run, filled first by a
separate process as a used install has it (this machine's shared cache holds other checkouts').
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

GOAL_MB = 20.0


def rss_mb() -> float:
    """The process's resident set size in MB (VmRSS of /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmRSS in /proc/self/status")


def wait(cond, timeout_s: float = 90.0) -> None:
    """Run the event loop until ``cond()`` holds; raises TimeoutError after ``timeout_s``."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    deadline = time.monotonic() + timeout_s
    timer.timeout.connect(lambda: (cond() or time.monotonic() > deadline) and loop.quit())
    timer.start()
    if not cond():
        loop.exec()
    timer.stop()
    if not cond():
        raise TimeoutError(f"condition not met within {timeout_s} s")


def settle(seconds: float = 2.0) -> None:
    """Let queued work (background jobs, deferred deletes) run, then collect garbage."""
    from mockint.ui.workers import wait_for_background

    end = time.monotonic() + seconds
    wait(lambda: time.monotonic() > end, seconds + 5)
    wait_for_background(30_000)
    QApplication.sendPostedEvents(None, 0)  # deferred deletes of closed pages
    QApplication.processEvents()
    gc.collect()


def score(page) -> None:
    wait(lambda: page.rubric_dialog is not None and page.rubric_dialog.isVisible())
    dialog = page.rubric_dialog
    for dim in dialog.rubric.dimensions:
        dialog.set_score(dim.id, 3)
    dialog.set_recommendation(2)
    dialog.buttons.buttons()[0].click()


def run_drill(window) -> None:
    from mockint.ui.coding_view import CodingRoundView

    box = window.home.template_box
    box.setCurrentIndex(box.findData("quick-drill"))
    window.home.start_btn.click()
    page = window.loop_page
    for index in range(len(page.run.rounds)):
        wait(lambda i=index: page.run.stage == "round" and page.run.index == i)
        view = page.view
        if isinstance(view, CodingRoundView):  # a real console: wait for its kernel
            wait(lambda v=view: v.kernel is not None and v.kernel.state == "ready")
        page.finish_btn.click()
        score(page)
        wait(lambda: page.run.stage in ("break", "round", "summary"))
        if page.run.stage == "break":
            page.break_view.skip_btn.click()
    wait(lambda: window.stack.currentWidget() is window.summary)


FILL_CACHE = """
from mockint import paths
from mockint.bank import load_bank
from mockint.judge import datasets
bank = load_bank(paths.bank_roots(paths.Path(".")), cache_file=paths.bank_cache_path())
for q in bank.questions.values():
    if q.dataset is not None:
        datasets.files(q)
"""


def main() -> int:
    cache = tempfile.mkdtemp(prefix="mockint-bench-cache-")
    os.environ["XDG_CACHE_HOME"] = cache
    subprocess.run([sys.executable, "-c", FILL_CACHE], check=True)
    from mockint.ui.app import WARM_MODULES, application, make_context, shutdown, start_speech, warm_up
    from mockint.ui.kernel import join_stopping_kernels
    from mockint.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as data:
        app = application()
        ctx = make_context(Path(data))
        window = MainWindow(ctx)
        window.show()
        start_speech(ctx, window)
        warm_up()
        wait(lambda: all(m in sys.modules for m in WARM_MODULES))
        settle()
        launch = rss_mb()
        run_drill(window)
        window.show_home()
        settle()
        join_stopping_kernels()
        settle()
        after = rss_mb()
        window.close()
        shutdown(ctx)
        del app
    shutil.rmtree(cache, ignore_errors=True)
    diff = after - launch
    print(f"GUI resident memory at launch (home, warmed up, settled): {launch:.1f} MB")
    print(f"after a whole quick drill, back home         : {after:.1f} MB")
    print(f"difference                                   : {diff:+.1f} MB (goal: at most {GOAL_MB:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
