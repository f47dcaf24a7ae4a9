"""Start the GUI: load the bank, open the store, show the home window, then start the extras.

Launch stays fast: qtconsole, torch and the speech engine are not imported before the window is
visible; the speaker starts on the event loop's first turn after the window shows, and what a
loop needs is imported after that (:func:`warm_up`).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mockint import paths
from mockint.about import APP_ID, APP_NAME, __version__
from mockint.bank import load_bank
from mockint.interview import DEFAULT_TEMPLATE_ID
from mockint.settings import load as load_settings
from mockint.ui.context import AppContext
from mockint.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def make_context(data_dir: Path) -> AppContext:
    """Load the bank (bundled + packs) and open the store; a store error is kept, not raised."""
    from mockint.store import Store, StoreError

    bank = load_bank(paths.bank_roots(data_dir), cache_file=paths.bank_cache_path())
    try:
        store = Store.open(paths.database_path(data_dir))
        error = ""
    except StoreError as exc:
        log.error("cannot open the store: %s", exc)
        store, error = None, str(exc)
    return AppContext(
        data_dir=data_dir, bank=bank, store=store, store_error=error, settings=load_settings(data_dir)
    )


def start_speech(ctx: AppContext, window: MainWindow) -> None:
    """Create the speaker (off the launch path) and show a notice if speech is unavailable."""
    from mockint.speech import make_speaker

    enabled = os.environ.get("MOCKINT_SPEECH", "1") != "0" and ctx.settings.speech
    ctx.speaker = make_speaker(
        enabled=enabled, rate_wpm=ctx.settings.rate_wpm, volume=ctx.settings.volume, voice=ctx.settings.voice
    )
    wait = getattr(ctx.speaker, "wait_ready", None)
    if wait is not None:
        wait(2.0)
    ctx.speech_started = True
    window.speech_ready()


#: What a loop needs, imported one module per event-loop turn once the home window shows, so the
#: first loop and its first coding round do not wait for them (about 0.8 s on an idle 2-core
#: machine: the kernel manager and the console widget, numpy, the audio library). The cost is that
#: they stay in memory (about 100 MB) from launch, loop or not: Python cannot unload modules.
WARM_MODULES = (
    "numpy",
    "jupyter_client",
    "qtconsole.manager",
    "qtconsole.rich_jupyter_widget",
    "qtconsole.client",
    "mockint.ui.loop_page",
    "mockint.ui.recorder_widget",
    "mockint.ui.live_captions",
    "mockint.speech.transcribe",
    "mockint.judge.judging",
    "mockint.speech.recorder",
)


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import ``modules`` one per event-loop turn (the window stays responsive), then probe the
    audio library (sounddevice, PortAudio) as the recorder does; a failure only logs. At the end
    Qt's image-format plugins are loaded (the console's first output loads them), the source lines
    PySide6 read of every imported module are dropped, and the heap freed since launch (the bank's
    load, the imports' garbage) goes back to the system."""
    if not modules:
        from PySide6.QtGui import QImageReader

        from mockint.ui.memory import drop_caches, trim_heap

        QImageReader.supportedImageFormats()  # loads Qt's image plugins, as the first console does
        drop_caches()  # the imports' source lines (see drop_caches)
        trim_heap()
        return
    import importlib

    try:
        importlib.import_module(modules[0])
        if modules[0] == "mockint.speech.recorder":
            sys.modules[modules[0]]._import_sounddevice()
    except Exception as exc:  # a missing optional piece is reported where it is used
        log.info("warm-up: %s not imported: %s", modules[0], exc)
    QTimer.singleShot(0, lambda: warm_up(modules[1:]))


def application() -> QApplication:
    """The QApplication (created once), with the app's name, icon and style sheet."""
    os.environ.setdefault("QT_API", "pyside6")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icons = paths.assets_dir() / "icons"
    icon = QIcon()  # the rendered sizes, then the SVG (needs Qt's svg plugin) for any other size
    for png in sorted(icons.glob(f"hicolor/*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    if (icons / "mockint.svg").exists():
        icon.addFile(str(icons / "mockint.svg"))
    if not icon.isNull():
        app.setWindowIcon(icon)
    from mockint.settings import Settings
    from mockint.ui import theme

    theme.apply(Settings(), app)  # the default look; the window applies the user's settings
    return app


def shutdown(ctx: AppContext) -> None:
    """Stop kernels and speech, close the store."""
    from mockint.ui.kernel import join_stopping_kernels
    from mockint.ui.workers import wait_for_background

    wait_for_background(15_000)
    # Deliver callbacks of work that just finished (a kernel launched as the window closed is
    # stopped by its callback), then wait for kernels to exit.
    QApplication.processEvents()
    join_stopping_kernels()
    if "mockint.judge" in sys.modules:  # stop the judge's pre-started spare children
        sys.modules["mockint.judge"].shutdown()
    ctx.speaker.close()
    if ctx.store is not None:
        from mockint.store import backup_if_due

        backup_if_due(ctx.store)  # at most every 30 min, only if changed; logs a failure
        ctx.store.close()


def _clean_stale_kernel_folders() -> None:
    from mockint.ui.kernel import clean_stale_workdirs

    clean_stale_workdirs()


def run_app(data_dir: Path, start: tuple[str, str] | None = None, focus: str = "") -> int:
    """Run the GUI until its window closes; ``start`` is ("loop", TEMPLATE) or ("practice", TYPE);
    ``focus`` a domain track id for this launch's loops and rounds (not saved; '' = the setting)."""
    app = application()
    ctx = make_context(data_dir)
    if focus:
        ctx.settings.focus = focus
    if ctx.store is None:
        from mockint.ui.damaged_db_dialog import recover_store

        if not recover_store(ctx):  # damaged, a good backup exists, and the user chose Quit
            return 1
    window = MainWindow(ctx)
    window.show()
    import gc

    QTimer.singleShot(0, gc.enable)  # paused by the command line until the window shows
    QTimer.singleShot(0, lambda: start_speech(ctx, window))
    QTimer.singleShot(0, _clean_stale_kernel_folders)  # a kill -9 leaves its kernel's folder
    QTimer.singleShot(0, warm_up)
    launched = ctx.store
    if launched is not None:
        from mockint.store import backup_if_due

        QTimer.singleShot(0, lambda: backup_if_due(launched))  # the history as it was at launch
    if start is not None:
        kind, value = start
        if kind == "loop":
            QTimer.singleShot(0, lambda: window.start_loop(value or DEFAULT_TEMPLATE_ID))
        elif kind == "question":  # "ROUND_TYPE:QUESTION_ID" (mockint practice --question)
            QTimer.singleShot(0, lambda: window.practise_question(*value.split(":", 1)))
        else:
            QTimer.singleShot(0, lambda: window.start_practice(value))
    code = app.exec()
    shutdown(ctx)
    return code
