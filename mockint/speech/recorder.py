"""Record the candidate's answer: mono 16 kHz int16 through an injectable input stream (no Qt).

The default stream is ``sounddevice.InputStream``; PortAudio calls our callback on its own audio
thread, so recording never runs on the GUI thread. A GUI polls :attr:`Recorder.level` and
:attr:`Recorder.elapsed_s` on a timer for its meter and clock.

sounddevice is imported only when first needed: importing it loads PortAudio, which is missing on
some machines, and the app must still start there (:func:`input_status` explains what is missing).
"""

from __future__ import annotations

import logging
import math
import threading
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

#: Samples per second of every take; pocketsphinx's en-us model is trained on 16 kHz audio.
SAMPLE_RATE = 16_000
#: Samples per callback block: 50 ms, so the level meter moves at 20 Hz.
BLOCK_SIZE = 800
#: The level reported for digital silence (``-inf`` dBFS would not fit on a meter).
SILENCE_DBFS = -100.0
#: int16 full scale: the reference of dBFS.
FULL_SCALE = 32768.0

NO_INPUT = "no audio input device was found"
NO_OUTPUT = "no audio output device was found"


class RecorderError(Exception):
    """Recording could not start or a take could not be saved; the message says what to do."""


class InputStream(Protocol):
    """What the recorder needs of an input stream (``sounddevice.InputStream`` satisfies it)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


#: Called as ``factory(samplerate=, channels=, dtype=, blocksize=, callback=)``; the stream then
#: calls ``callback(indata, frames, time, status)`` with ``indata`` shaped (frames, channels).
StreamFactory = Callable[..., InputStream]


def rms_dbfs(samples: np.ndarray) -> float:
    """Root-mean-square level of int16 ``samples`` in dB relative to int16 full scale.

    ``20·log10(rms / 32768)``: a full-scale square wave is 0 dBFS, a full-scale sine −3.01 dBFS,
    a sine of amplitude 0.5 −9.03 dBFS. Empty or all-zero input gives :data:`SILENCE_DBFS`.
    """
    if samples.size == 0:
        return SILENCE_DBFS
    x = samples.astype(np.float64)
    rms = math.sqrt(float(np.mean(x * x)))
    if rms <= 0.0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * math.log10(rms / FULL_SCALE))


def _import_sounddevice() -> tuple[Any | None, str]:
    """The sounddevice module, or None and a reason a person can act on."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when the PortAudio library is missing
        return (
            None,
            f"PortAudio is not installed ({exc}); on Debian or Ubuntu: sudo apt-get install libportaudio2",
        )
    except ImportError as exc:
        return None, f"sounddevice is not installed ({exc})"
    return sounddevice, ""


def _device_status(direction: str) -> tuple[bool, str]:
    """Whether the default ``direction`` ("input" or "output") device handles 16 kHz mono int16."""
    sd, reason = _import_sounddevice()
    if sd is None:
        return False, reason
    try:
        if not any(d.get(f"max_{direction}_channels", 0) > 0 for d in sd.query_devices()):
            return False, NO_INPUT if direction == "input" else NO_OUTPUT
        check = sd.check_input_settings if direction == "input" else sd.check_output_settings
        check(samplerate=SAMPLE_RATE, channels=1, dtype="int16")
    except Exception as exc:  # PortAudioError, ValueError: any failure means "cannot use it"
        log.info("audio %s unavailable: %s", direction, exc)
        verb = "record" if direction == "input" else "play"
        return False, f"the default {direction} device cannot {verb} 16 kHz mono audio ({exc})"
    return True, ""


def input_status() -> tuple[bool, str]:
    """Whether the default input device can record 16 kHz mono int16 here. Never raises.

    Returns ``(True, "")`` or ``(False, reason)``; the reason is "no audio input device was found"
    when PortAudio lists no device with an input channel.
    """
    return _device_status("input")


def output_status() -> tuple[bool, str]:
    """Whether a take can be played back on the default output device. Never raises."""
    return _device_status("output")


def play(samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    """Start playing int16 mono ``samples`` on the default output; returns at once.

    Raises :class:`RecorderError` when playback cannot start (check :func:`output_status` first).
    """
    sd, reason = _import_sounddevice()
    if sd is None:
        raise RecorderError(reason)
    try:
        sd.play(samples, rate)
    except Exception as exc:
        raise RecorderError(f"the take could not be played ({exc})") from exc


def stop_playback() -> None:
    """Stop what :func:`play` started (no effect when nothing plays)."""
    sd, _ = _import_sounddevice()
    if sd is not None:
        try:
            sd.stop()
        except Exception:
            log.debug("stopping playback failed", exc_info=True)


class Playback:
    """Plays takes on the default output device through sounddevice (see :func:`output_status`)."""

    def status(self) -> tuple[bool, str]:
        return output_status()

    def play(self, samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
        play(samples, rate)

    def stop(self) -> None:
        stop_playback()


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """Write int16 mono ``samples`` to a 16-bit PCM WAV file (parent folders are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = np.ascontiguousarray(samples, dtype="<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())
    return path


def _sounddevice_stream(**kwargs: Any) -> InputStream:
    sd, reason = _import_sounddevice()
    if sd is None:
        raise RecorderError(reason)
    return sd.InputStream(**kwargs)


class Recorder:
    """Records one take at a time: :meth:`start`, then :meth:`stop` returns the samples.

    Samples are mono int16 at :data:`SAMPLE_RATE` (16 kHz), shaped ``(n,)``. While recording,
    :attr:`level` is the RMS level of the latest block in dBFS (see :func:`rms_dbfs`) and
    :attr:`elapsed_s` is the seconds of audio captured so far (counted in samples, so it follows
    the sound card's clock, not the wall clock). Both are safe to read from any thread.

    ``stream_factory`` makes the input stream (default: ``sounddevice.InputStream``); tests pass a
    fake that feeds known blocks. ``probe`` answers :meth:`input_status`; it defaults to the real
    device check for the default factory and to "available" for an injected one.
    """

    def __init__(
        self,
        stream_factory: StreamFactory | None = None,
        probe: Callable[[], tuple[bool, str]] | None = None,
        sample_rate: int = SAMPLE_RATE,
        block_size: int = BLOCK_SIZE,
    ) -> None:
        self.sample_rate = sample_rate
        self.block_size = block_size
        self._factory: StreamFactory = stream_factory or _sounddevice_stream
        if probe is None:
            probe = input_status if stream_factory is None else (lambda: (True, ""))
        self._probe = probe
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._n_samples = 0
        self._level = SILENCE_DBFS
        self._stream: InputStream | None = None
        self._take: np.ndarray | None = None
        #: Input overflows reported by the stream during the current or last take (lost audio).
        self.overflows = 0

    # -- state read by the GUI ----------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self._stream is not None

    @property
    def level(self) -> float:
        """RMS level of the latest block in dBFS; :data:`SILENCE_DBFS` when not recording."""
        with self._lock:
            return self._level

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio captured in the current (or last) take."""
        with self._lock:
            return self._n_samples / self.sample_rate

    @property
    def take(self) -> np.ndarray | None:
        """The last finished take (int16, shape ``(n,)``), or None before the first stop."""
        return self._take

    def samples_so_far(self) -> np.ndarray:
        """A copy of the current take's audio so far (int16, shape ``(n,)``; empty when not
        recording). Safe to call from any thread while PortAudio keeps adding blocks."""
        with self._lock:
            chunks = list(self._chunks)
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)

    def input_status(self) -> tuple[bool, str]:
        """``(available, reason)`` for recording with this recorder's stream. Never raises."""
        try:
            return self._probe()
        except Exception as exc:
            log.warning("input probe failed", exc_info=True)
            return False, f"the audio input could not be checked ({exc})"

    # -- recording ---------------------------------------------------------------------------
    def _callback(self, indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        # Runs on PortAudio's thread: copy and measure only; no logging of every block.
        block = np.array(indata[:, 0] if indata.ndim == 2 else indata, dtype=np.int16, copy=True)
        level = rms_dbfs(block)
        with self._lock:
            self._chunks.append(block)
            self._n_samples += block.size
            self._level = level
            if status:
                self.overflows += 1

    def start(self) -> None:
        """Open the input stream and start a new take (the previous take is kept until stop).

        Raises :class:`RecorderError` when already recording or when the stream cannot open.
        """
        if self._stream is not None:
            raise RecorderError("already recording")
        with self._lock:
            self._chunks = []
            self._n_samples = 0
            self._level = SILENCE_DBFS
            self.overflows = 0
        try:
            stream = self._factory(
                samplerate=self.sample_rate,
                channels=1,
                dtype="int16",
                blocksize=self.block_size,
                callback=self._callback,
            )
            stream.start()
        except RecorderError:
            raise
        except Exception as exc:
            log.warning("could not start recording", exc_info=True)
            raise RecorderError(f"recording could not start ({exc})") from exc
        self._stream = stream

    def stop(self) -> np.ndarray:
        """Stop recording and return the take: int16 mono samples, shape ``(n,)``.

        Raises :class:`RecorderError` when not recording.
        """
        stream = self._stream
        if stream is None:
            raise RecorderError("not recording")
        self._stream = None
        try:
            stream.stop()
        finally:
            try:
                stream.close()
            except Exception:
                log.debug("closing the input stream failed", exc_info=True)
        with self._lock:
            take = np.concatenate(self._chunks) if self._chunks else np.zeros(0, dtype=np.int16)
            self._chunks = []
            self._level = SILENCE_DBFS
        if self.overflows:
            log.warning("%d input overflows during the take: some audio was lost", self.overflows)
        self._take = take
        return take

    def save_wav(self, path: Path) -> Path:
        """Write the last take to ``path`` as 16-bit mono WAV and return the path.

        Raises :class:`RecorderError` when nothing has been recorded yet or the file cannot be
        written.
        """
        if self._take is None:
            raise RecorderError("there is no take to save yet")
        try:
            return write_wav(Path(path), self._take, self.sample_rate)
        except OSError as exc:
            raise RecorderError(f"the take could not be saved to {path} ({exc})") from exc
