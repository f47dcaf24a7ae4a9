"""Audio for the recognisers (no Qt): reading files, band-limited resampling, cutting at pauses.

All of it is plain numpy DSP on mono int16 samples, shared by every backend: :func:`load_audio`
(soundfile, else the standard library's ``wave``), :func:`resample` to the 16 kHz the models
expect, :func:`split_at_quiet` for decoding long audio in pieces, and :class:`FileInputMixin`,
which gives a backend ``transcribe_file`` from its ``transcribe``.
"""

from __future__ import annotations

import math
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mockint.speech.transcript import Transcript, TranscriptionError

#: The sample rate the pocketsphinx en-us and Whisper models are trained on.
MODEL_RATE = 16_000


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


class FileInputMixin:
    """Gives a backend ``transcribe_file(path)``: :func:`load_audio`, then its ``transcribe``."""

    def transcribe(self, samples: np.ndarray, rate: int) -> Transcript:  # pragma: no cover - overridden
        raise NotImplementedError

    def transcribe_file(self, path: Path) -> Transcript:
        audio = load_audio(path)
        return self.transcribe(audio.samples, audio.rate)
