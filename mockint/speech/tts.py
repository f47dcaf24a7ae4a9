"""Text-to-speech behind a small interface: a pyttsx3 (espeak-ng) backend and an unavailable one.

Speaking happens on one background thread owned by :class:`QueuedSpeaker`, which creates the
pyttsx3 engine inside that thread (pyttsx3 engines must be used from the thread that made them).
``speak()`` returns at once, so the UI thread never waits for synthesis or playback.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import queue

log = logging.getLogger(__name__)

#: Default speaking rate in words per minute (espeak-ng's own default is 175).
DEFAULT_RATE_WPM = 170


@dataclass(frozen=True)
class SpeechStatus:
    """Whether speech works here; ``reason`` says why not, in words a user can act on."""

    available: bool
    reason: str = ""


class Speaker(Protocol):
    """Speaks text without blocking the caller."""

    status: SpeechStatus
    muted: bool

    def speak(self, text: str, chime: Path | None = None) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


class UnavailableSpeaker:
    """Used when no speech engine can start: says why, speaks nothing."""

    def __init__(self, reason: str) -> None:
        self.status = SpeechStatus(False, reason)
        self.muted = True
        self.spoken: list[str] = []

    def speak(self, text: str, chime: Path | None = None) -> None:
        log.debug("speech unavailable (%s); not speaking %r", self.status.reason, text[:40])

    def configure(self, rate_wpm: int, volume: float, voice: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


_STOP = object()


class QueuedSpeaker:
    """Speaks queued texts one after another on its own thread with pyttsx3.

    A newer ``speak()`` drops texts still waiting, so a time warning never queues behind a long
    prompt. ``rate_wpm`` is words per minute; ``volume`` runs 0.0–1.0. ``spoken`` lists every text
    handed to the engine (for the UI's transcript and for tests).
    """

    def __init__(self, rate_wpm: int = DEFAULT_RATE_WPM, volume: float = 1.0, voice: str = "") -> None:
        self.status = SpeechStatus(True)
        self.muted = False
        self.rate_wpm = rate_wpm
        self.volume = volume
        self.voice = voice
        self.spoken: list[str] = []
        import queue  # with subprocess, imported when used: the app's launch does without them

        self._queue: queue.Queue[Any] = queue.Queue()  # (kind, value) tuples or _STOP
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mockint-speech", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import pyttsx3

            engine = pyttsx3.init()
            engine.setProperty("rate", self.rate_wpm)
            engine.setProperty("volume", self.volume)
            if self.voice:
                engine.setProperty("voice", self.voice)
        except Exception as exc:  # any failure to start means "no speech engine"
            log.warning("speech engine did not start: %s", exc, exc_info=True)
            self.status = SpeechStatus(False, f"the speech engine did not start ({exc})")
            self._ready.set()
            return
        self._ready.set()
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            kind, value = item
            try:
                if kind == "chime":
                    play_wav(Path(value))
                elif kind == "config":
                    rate, volume, voice = value
                    engine.setProperty("rate", rate)
                    engine.setProperty("volume", volume)
                    if voice:
                        engine.setProperty("voice", voice)
                else:
                    self.spoken.append(value)
                    engine.say(value)
                    engine.runAndWait()
            except Exception:
                log.exception("speaking failed")

    def wait_ready(self, timeout_s: float = 5.0) -> SpeechStatus:
        """Block until the engine has started (or failed); returns the status."""
        self._ready.wait(timeout_s)
        return self.status

    def speak(self, text: str, chime: Path | None = None) -> None:
        """Say ``text`` after anything already being said; ``chime`` (a WAV) plays first."""
        if self.muted or not self.status.available or not text.strip():
            return
        self._drain()
        if chime is not None:
            self._queue.put(("chime", str(chime)))
        self._queue.put(("say", text))

    def configure(self, rate_wpm: int, volume: float, voice: str) -> None:
        """New rate (words per minute), volume (0.0–1.0) and voice, from the next utterance on."""
        self.rate_wpm, self.volume, self.voice = rate_wpm, volume, voice
        self._queue.put(("config", (rate_wpm, volume, voice)))

    def _drain(self) -> None:
        """Drop texts and chimes still waiting (a configuration change is kept)."""
        import queue

        kept = []
        try:
            while True:
                item = self._queue.get_nowait()
                if item is not _STOP and item[0] == "config":
                    kept.append(item)
        except queue.Empty:
            pass
        for item in kept:
            self._queue.put(item)

    def stop(self) -> None:
        """Drop whatever is waiting to be spoken."""
        self._drain()

    def close(self, timeout_s: float = 2.0) -> None:
        self._drain()
        self._queue.put(_STOP)
        self._thread.join(timeout_s)


def has_audio_output() -> bool:
    """True when a sound server or an ALSA sound card is present (Linux); True elsewhere."""
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "pulse" / "native").exists():
        return True
    cards = Path("/proc/asound/cards")
    if not cards.exists():
        return not Path("/proc").is_dir()  # Linux without ALSA: no sound; other systems: assume yes
    text = cards.read_text(errors="replace").strip()
    return bool(text) and "no soundcards" not in text


def play_wav(path: Path, timeout_s: float = 5.0) -> bool:
    """Play a short WAV with ALSA's ``aplay`` (what espeak-ng's playback uses); False if it could not.

    Blocks until played, so call it off the GUI thread (the speaker's thread does).
    """
    import subprocess

    exe = shutil.which("aplay")
    if exe is None or not path.exists():
        return False
    try:
        result = subprocess.run(
            [exe, "-q", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout_s
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def make_speaker(
    enabled: bool = True, rate_wpm: int = DEFAULT_RATE_WPM, volume: float = 1.0, voice: str = ""
) -> Speaker:
    """The best speaker this machine has: pyttsx3 with espeak-ng, else an unavailable one.

    Needs a speech engine and somewhere to play sound; the unavailable speaker's
    ``status.reason`` says which is missing.
    """
    if not enabled:
        return UnavailableSpeaker("speech is turned off")
    if not has_audio_output():
        return UnavailableSpeaker("no audio output device was found")
    if shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
        return UnavailableSpeaker("espeak-ng is not installed (sudo apt-get install espeak-ng)")
    try:
        import pyttsx3  # noqa: F401
    except ImportError as exc:
        return UnavailableSpeaker(f"pyttsx3 is not installed ({exc})")
    return QueuedSpeaker(rate_wpm=rate_wpm, volume=volume, voice=voice)


def synthesize_wav(text: str, out: Path, rate_wpm: int = DEFAULT_RATE_WPM) -> Path:
    """Speak ``text`` into a WAV file with espeak-ng and return its path.

    Calls espeak-ng directly rather than pyttsx3's ``save_to_file``, which can return before the
    file exists. Raises ``RuntimeError`` when espeak-ng is missing or fails.
    """
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        raise RuntimeError("espeak-ng is not installed")
    import subprocess

    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [exe, "-s", str(rate_wpm), "-w", str(out), text], capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"espeak-ng failed: {result.stderr.strip() or result.returncode}")
    return out
