"""Speech and audio behind small interfaces, each with an 'unavailable' backend (no Qt).

Text-to-speech is imported eagerly (the app needs it at launch). Recording, transcription and
metrics pull in numpy, so their names load on first use (PEP 562 ``__getattr__``): importing
``mockint.speech`` stays cheap on the launch path.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mockint.speech.tts import (
    DEFAULT_RATE_WPM,
    QueuedSpeaker,
    Speaker,
    SpeechStatus,
    UnavailableSpeaker,
    make_speaker,
    synthesize_wav,
)

if TYPE_CHECKING:
    from mockint.speech.metrics import (
        FILLERS,
        SpeakingMetrics,
        analyse_take,
        count_fillers,
        speaking_metrics,
        take_report,
        voiced_spans,
        word_error_rate,
    )
    from mockint.speech.recorder import (
        SAMPLE_RATE,
        Playback,
        Recorder,
        RecorderError,
        input_status,
        output_status,
        rms_dbfs,
        write_wav,
    )
    from mockint.speech.transcribe import (
        Audio,
        FasterWhisperTranscriber,
        PocketsphinxTranscriber,
        Transcriber,
        Transcript,
        TranscriptionError,
        UnavailableTranscriber,
        Word,
        load_audio,
        make_transcriber,
        transcribe_file,
    )

_LAZY = {
    "mockint.speech.recorder": (
        "SAMPLE_RATE",
        "Playback",
        "Recorder",
        "RecorderError",
        "input_status",
        "output_status",
        "rms_dbfs",
        "write_wav",
    ),
    "mockint.speech.transcribe": (
        "Audio",
        "FasterWhisperTranscriber",
        "PocketsphinxTranscriber",
        "Transcriber",
        "Transcript",
        "TranscriptionError",
        "UnavailableTranscriber",
        "Word",
        "load_audio",
        "make_transcriber",
        "transcribe_file",
    ),
    "mockint.speech.metrics": (
        "FILLERS",
        "SpeakingMetrics",
        "analyse_take",
        "count_fillers",
        "speaking_metrics",
        "take_report",
        "voiced_spans",
        "word_error_rate",
    ),
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mockint.speech' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_RATE_WPM",
    "QueuedSpeaker",
    "Speaker",
    "SpeechStatus",
    "UnavailableSpeaker",
    "make_speaker",
    "synthesize_wav",
    "SAMPLE_RATE",
    "Playback",
    "Recorder",
    "RecorderError",
    "input_status",
    "output_status",
    "rms_dbfs",
    "write_wav",
    "Audio",
    "FasterWhisperTranscriber",
    "PocketsphinxTranscriber",
    "Transcriber",
    "Transcript",
    "TranscriptionError",
    "UnavailableTranscriber",
    "Word",
    "load_audio",
    "make_transcriber",
    "transcribe_file",
    "FILLERS",
    "SpeakingMetrics",
    "analyse_take",
    "count_fillers",
    "speaking_metrics",
    "take_report",
    "voiced_spans",
    "word_error_rate",
]
