"""The faster-whisper recogniser (no Qt): Whisper from a local CTranslate2 folder, never downloading.

:class:`FasterWhisperTranscriber` decodes with word timestamps and Silero voice-activity detection;
:func:`whisper_model_ok` and :func:`vad_model_path` say, without raising, whether it can run here.
"""

from __future__ import annotations

import importlib.util
import inspect
import threading
from pathlib import Path
from typing import Any

import numpy as np

from mockint.speech.audio import MODEL_RATE, FileInputMixin, resample
from mockint.speech.transcript import Transcript, TranscriptionError, Word
from mockint.speech.tts import SpeechStatus


def whisper_model_ok(model_dir: Path | None) -> tuple[bool, str]:
    """Whether faster-whisper can run from ``model_dir`` without downloading. Never raises."""
    if model_dir is None:
        return False, "no Whisper model folder was given"
    if importlib.util.find_spec("faster_whisper") is None:
        return False, "faster-whisper is not installed"
    model_dir = Path(model_dir)
    if not (model_dir / "model.bin").is_file():
        return False, f"{model_dir} does not hold a CTranslate2 Whisper model (model.bin is missing)"
    return True, ""


def vad_model_path() -> Path | None:
    """The Silero VAD ONNX file inside the installed ``faster_whisper`` package (what its
    ``vad_filter`` loads), or None when faster-whisper is not installed. Never downloads."""
    spec = importlib.util.find_spec("faster_whisper")
    locations = getattr(spec, "submodule_search_locations", None)
    if not locations:
        return None
    found = sorted(Path(next(iter(locations)), "assets").glob("silero_vad*.onnx"))
    return found[-1] if found else None


#: Voice-activity detection: a stretch of at least this much silence splits speech (faster-whisper's
#: default is 2000 ms; shorter keeps long pauses out of the decoded windows).
VAD_MIN_SILENCE_MS = 700
#: Audio kept either side of each speech stretch, so word edges are not cut.
VAD_SPEECH_PAD_MS = 300


class FasterWhisperTranscriber(FileInputMixin):
    """Whisper through faster-whisper, from a local CTranslate2 model folder.

    The folder is passed as a path (and ``local_files_only=True`` where the installed version
    accepts it), so faster-whisper never reaches the network. Runs on the CPU with int8 weights,
    greedy decoding (``beam_size=1``) and word timestamps. ``vad_filter`` (default on) decodes only
    the stretches Silero VAD hears as speech (:func:`vad_model_path`; timestamps stay those of the
    whole audio): without it, 25 s of faint noise after a sentence was decoded into repeats of that
    sentence. Whisper leaves "um"/"uh" out of its text (see :mod:`mockint.speech.fillers`).
    The model loads on first use (about 3 s) or in :meth:`warm_up`; decoding holds a lock.
    """

    name = "faster-whisper"

    def __init__(
        self,
        model_dir: Path,
        language: str = "en",
        cpu_threads: int = 0,
        beam_size: int = 1,
        vad_filter: bool = True,
    ) -> None:
        self.model_dir = Path(model_dir)
        ok, reason = whisper_model_ok(self.model_dir)
        self.status = SpeechStatus(ok, reason)
        self.language = language
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.vad_filter = vad_filter and vad_model_path() is not None
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the model now (about 3 s on 2 cores) rather than on the first transcription.
        Raises :class:`TranscriptionError` when it cannot load."""
        with self._lock:
            self._load()

    def _load(self) -> Any:
        if self._model is None:
            if not self.status.available:
                raise TranscriptionError(f"faster-whisper is unavailable: {self.status.reason}")
            from faster_whisper import WhisperModel

            kwargs: dict[str, Any] = {
                "device": "cpu",
                "compute_type": "int8",
                "cpu_threads": self.cpu_threads,
            }
            if "local_files_only" in inspect.signature(WhisperModel).parameters:
                kwargs["local_files_only"] = True
            try:
                self._model = WhisperModel(str(self.model_dir), **kwargs)
            except Exception as exc:
                raise TranscriptionError(
                    f"the Whisper model in {self.model_dir} did not load ({exc})"
                ) from exc
        return self._model

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        duration = samples.size / rate if rate else 0.0
        audio = resample(samples, rate, MODEL_RATE).astype(np.float32) / 32768.0
        with self._lock:
            model = self._load()
            try:
                vad = (
                    {
                        "vad_filter": True,
                        "vad_parameters": {
                            "min_silence_duration_ms": VAD_MIN_SILENCE_MS,
                            "speech_pad_ms": VAD_SPEECH_PAD_MS,
                        },
                    }
                    if self.vad_filter
                    else {}
                )
                segments, _info = model.transcribe(
                    audio, language=self.language, beam_size=self.beam_size, word_timestamps=True, **vad
                )
                segments = list(segments)  # decoding happens while iterating
            except Exception as exc:
                raise TranscriptionError(f"faster-whisper could not decode the audio ({exc})") from exc
        words = tuple(
            Word(w.word.strip(), float(w.start), float(w.end))
            for s in segments
            for w in (s.words or ())
            if w.word.strip()
        )
        text = " ".join(s.text.strip() for s in segments).strip()
        return Transcript(text=text, words=words, duration_s=duration, backend=self.name)
