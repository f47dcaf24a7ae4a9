"""Speech and audio behind small interfaces, each with an 'unavailable' backend (no Qt)."""

from __future__ import annotations

from mockint.speech.tts import (
    DEFAULT_RATE_WPM,
    QueuedSpeaker,
    Speaker,
    SpeechStatus,
    UnavailableSpeaker,
    make_speaker,
    synthesize_wav,
)

__all__ = [
    "DEFAULT_RATE_WPM", "QueuedSpeaker", "Speaker", "SpeechStatus", "UnavailableSpeaker",
    "make_speaker", "synthesize_wav",
]
