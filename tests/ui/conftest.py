from __future__ import annotations

from pathlib import Path

import pytest

# Every GUI test fails if it leaves a kernel, a judge child, a thread, a temp folder or an open database behind.
from leaks import no_leaks  # noqa: F401  (autouse; pytest puts tests/ on sys.path)

from mockint.ui.app import application, make_context, shutdown
from mockint.ui.context import AppContext


class RecordingSpeaker:
    """Stands in for the speech engine in GUI tests: records what would be spoken."""

    def __init__(self) -> None:
        from mockint.speech import SpeechStatus

        self.status = SpeechStatus(True)
        self.muted = False
        self.spoken: list[str] = []
        self.chimes: list = []

    def speak(self, text: str, chime=None) -> None:
        if not self.muted:
            self.spoken.append(text)
            self.chimes.append(chime)

    def configure(self, rate_wpm: int, volume: float, voice: str) -> None:
        self.configured = (rate_wpm, volume, voice)

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def ctx(qapp, tmp_path: Path) -> AppContext:
    application()  # style sheet and app name, as the real app has them
    context = make_context(tmp_path / "data")
    context.speaker = RecordingSpeaker()
    context.speech_started = True
    yield context
    shutdown(context)


@pytest.fixture
def window(qtbot, ctx):
    """The main window on its home screen, shown."""
    from mockint.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win
