"""Launch-to-window: the mockint home window against a bare PySide6 window (whole process).

Each run starts a fresh Python process and measures wall time from just before the spawn to the
moment the window has been shown and painted (the child prints a marker, then exits). Prints the
median of N runs for each (``RUNS``, default 15, the two kinds taking turns) and their ratio. Goal (issue 2): mockint ≤ 3× the bare window; issue 18: ≤ 2.5×.
Both run with byte code cached and mockint with its parse cache warm (one warm-up run each), in
folders of this run. Also checks that numpy, qtconsole, torch and pyttsx3 are not imported before the window shows.
The mockint side runs what ``mockint`` runs: the command line's modules and its reading of the
arguments (:func:`mockint.cli.parse_args`), the cycle collector paused, then
:func:`mockint.ui.app.run_app`'s steps.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("RUNS", "15"))

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), app.quit()))
app.exec()
"""

MOCKINT = """
import logging, sys
from mockint.cli import parse_args  # `mockint` with no verb, as mockint.cli.main runs it:
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
args = parse_args(["--data-dir", sys.argv[1]])
import gc; gc.disable()  # mockint.cli.cmd_gui, until the window shows
from pathlib import Path
from PySide6.QtCore import QTimer
from mockint.ui.app import application, make_context  # mockint.ui.app.run_app from here
from mockint.ui.main_window import MainWindow
app = application()
ctx = make_context(Path(args.data_dir))
w = MainWindow(ctx); w.show()
QTimer.singleShot(0, gc.enable)
heavy = [m for m in ("numpy", "qtconsole", "torch", "pyttsx3") if m in sys.modules]
QTimer.singleShot(0, lambda: (print("SHOWN", ",".join(heavy) or "-", flush=True), app.quit()))
app.exec()
from mockint.ui.workers import wait_for_background
wait_for_background()  # the due count runs after the window shows; let it finish before exit
ctx.store.close()
"""


def measure(code: str, *args: str, cache: str = "") -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # Byte code cached as an installed app has it (pip compiles on install), kept out of the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    env["XDG_CACHE_HOME"] = cache  # the bank's parse cache of this run alone (not every checkout's)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.communicate(timeout=60)
    if not line.startswith("SHOWN"):
        raise RuntimeError(f"the window did not show: {line!r}")
    return elapsed, line.split(maxsplit=1)[1].strip() if " " in line.strip() else ""


def main() -> None:
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        measure(MOCKINT, data, cache=cache)  # warm the file and parse caches, create the database
        measure(BARE, cache=cache)
        bare: list[float] = []
        runs: list[tuple[float, str]] = []
        for _ in range(RUNS):  # interleaved, so a change in the machine's load hits both alike
            bare.append(measure(BARE, cache=cache)[0])
            runs.append(measure(MOCKINT, data, cache=cache))
    app = [t for t, _ in runs]
    heavy = {h for _, h in runs}
    b, m = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window : median {b:.3f} s over {RUNS} runs")
    print(f"mockint home window : median {m:.3f} s over {RUNS} runs")
    print(f"ratio               : {m / b:.2f}x (goal: at most 2.5x)")
    print(f"fastest runs        : {min(app):.3f} s vs {min(bare):.3f} s = {min(app) / min(bare):.2f}x")
    paired = statistics.median(a / x for a, x in zip(app, bare, strict=True))
    print(
        f"paired ratio        : {paired:.2f}x (median of each mockint run over the bare run just before it)"
    )
    print(f"heavy modules imported before the window showed: {', '.join(sorted(heavy))}")


if __name__ == "__main__":
    main()
