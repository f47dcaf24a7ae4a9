"""What a recogniser returns and the interface every backend meets (no Qt, no backend imports).

:class:`Transcript` (text and optional :class:`Word` timings), :class:`TranscriptionError` (the
one error a backend raises, with a message a person can act on) and the :class:`Transcriber`
protocol. The backends live in :mod:`mockint.speech.asr_pocketsphinx` and
:mod:`mockint.speech.asr_whisper`; :mod:`mockint.speech.transcribe` picks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockint.speech.tts import SpeechStatus


class TranscriptionError(Exception):
    """Audio could not be read or decoded; the message says what to do."""


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said, in seconds from the start of the audio."""

    text: str
    start_s: float
    end_s: float

    def to_dict(self) -> dict[str, Any]:
        """``{"word", "start", "end", "start_s", "end_s"}``: seconds to 3 decimals (``start`` and
        ``end`` repeat ``start_s`` and ``end_s``, which older readers use)."""
        start, end = round(self.start_s, 3), round(self.end_s, 3)
        return {"word": self.text, "start": start, "end": end, "start_s": start, "end_s": end}


@dataclass(frozen=True)
class Transcript:
    """What a backend heard.

    ``text`` is the transcript as the backend wrote it (Whisper punctuates, pocketsphinx does not);
    ``words`` holds word timings in seconds, empty when the backend gives none; ``duration_s`` is
    the length of the audio; ``backend`` names the backend ("pocketsphinx", "faster-whisper").
    """

    text: str
    words: tuple[Word, ...] = ()
    duration_s: float = 0.0
    backend: str = ""

    @property
    def has_timings(self) -> bool:
        return bool(self.words)


class Transcriber(Protocol):
    """Turns speech into a :class:`Transcript`. ``status`` says whether it works here, and why not."""

    name: str
    status: SpeechStatus

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        """Transcribe mono int16 ``samples`` at ``rate`` Hz; raises :class:`TranscriptionError`."""
        ...

    def transcribe_file(self, path: Path) -> Transcript:
        """Transcribe an audio file; raises :class:`TranscriptionError`."""
        ...
