"""Live captions under the question while the candidate speaks (used by the recorder widget).

Chunks of the take so far (see :mod:`mockint.speech.live`) are transcribed off the GUI thread
with :func:`~mockint.ui.workers.run_in_background`, one at a time, and appended to a label. The
label is cleared when the take's full transcript arrives. When the recogniser is unavailable the
label says why instead (recording still works); nothing here raises into the event loop.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QWidget

from mockint.speech.live import LiveCaptions, caption_text
from mockint.speech.recorder import Recorder
from mockint.speech.transcribe import Transcriber
from mockint.ui.workers import run_in_background

log = logging.getLogger(__name__)


class CaptionLine:
    """A word-wrapped label (``label``) fed from ``recorder`` through ``transcriber``.

    Call :meth:`start` when a take starts, :meth:`tick` on the recorder's refresh timer, and
    :meth:`clear` when the take's transcript is shown (or the take is abandoned)."""

    def __init__(self, recorder: Recorder, transcriber: Transcriber, parent: QWidget | None = None) -> None:
        self.recorder = recorder
        self.transcriber = transcriber
        self.label = QLabel(parent)
        self.label.setObjectName("captions")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Live captions")
        font = self.label.font()
        font.setItalic(True)  # a preview, set apart from the final transcript below it
        self.label.setFont(font)
        self.label.hide()
        self.state: LiveCaptions | None = None
        self.enabled = True

    def start(self) -> None:
        """A take started: empty captions, listening."""
        self.state = LiveCaptions(self.recorder.sample_rate)
        if not self.enabled:
            self.clear()
            return
        if not self.transcriber.status.available:
            self.label.setText(f"Live captions are unavailable: {self.transcriber.status.reason}.")
        else:
            self.label.setText("Live captions: listening…")
        self.label.show()

    def tick(self) -> None:
        """Send the next chunk to be transcribed when one is due (see :class:`LiveCaptions`)."""
        state = self.state
        if state is None or not self.enabled or not self.transcriber.status.available or state.busy:
            return
        rate = self.recorder.sample_rate
        if self.recorder.elapsed_s * rate - state.cut < state.chunk_s * rate:
            return  # not due: skip copying the take so far
        samples = self.recorder.samples_so_far()
        chunk = state.next_chunk(samples)
        if chunk is None:
            return
        start, end = chunk

        def done(text: str) -> None:
            state.add(text)
            if state is self.state:
                self.label.setText(state.text or "Live captions: listening…")

        def failed(exc: BaseException, tb: str) -> None:
            log.info("a live caption chunk failed: %s", exc)
            state.failed()

        run_in_background(
            caption_text,
            self.transcriber,
            samples[start:end],
            self.recorder.sample_rate,
            receiver=self.label,
            on_done=done,
            on_error=failed,
        )

    def stop(self) -> None:
        """The take ended: no more chunks; the captions stay until :meth:`clear`."""
        if self.state is not None and self.state.text:
            self.label.setText(self.state.text + " …")
        self.state = None

    def clear(self) -> None:
        """Hide the captions (the full transcript replaces them)."""
        self.state = None
        self.label.clear()
        self.label.hide()
