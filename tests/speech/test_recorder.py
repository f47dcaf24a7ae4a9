from __future__ import annotations

import importlib.abc
import json
import os
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockint.speech import SAMPLE_RATE, Recorder, RecorderError, input_status, output_status, rms_dbfs
from mockint.speech.recorder import NO_INPUT, SILENCE_DBFS


class FakeStream:
    """Stands in for sounddevice.InputStream: the test pushes blocks through the callback."""

    def __init__(self, samplerate: int, channels: int, dtype: str, blocksize: int, callback: Any) -> None:
        assert (samplerate, channels, dtype) == (SAMPLE_RATE, 1, "int16")
        self.blocksize = blocksize
        self.callback = callback
        self.started = self.closed = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.closed = True

    def feed(self, samples: np.ndarray) -> None:
        """Deliver ``samples`` as PortAudio would: (frames, 1) int16 blocks of ``blocksize``."""
        assert self.started
        for i in range(0, samples.size, self.blocksize):
            block = samples[i : i + self.blocksize].astype(np.int16).reshape(-1, 1)
            self.callback(block, block.shape[0], None, 0)


class FakeDevice:
    """A stream factory that remembers the streams it made."""

    def __init__(self) -> None:
        self.streams: list[FakeStream] = []

    def __call__(self, **kwargs: Any) -> FakeStream:
        stream = FakeStream(**kwargs)
        self.streams.append(stream)
        return stream


def sine(seconds: float, amplitude: float = 0.5, hz: float = 1000.0) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return np.round(amplitude * 32767 * np.sin(2 * np.pi * hz * t)).astype(np.int16)


def test_records_a_sine_then_silence_with_live_level_and_elapsed_time(tmp_path: Path) -> None:
    device = FakeDevice()
    rec = Recorder(stream_factory=device)
    assert rec.input_status() == (True, "")
    rec.start()
    assert rec.recording and rec.level == SILENCE_DBFS and rec.elapsed_s == 0.0
    stream = device.streams[0]
    tone = sine(1.0, amplitude=0.5)
    stream.feed(tone)
    # 800-sample blocks hold whole 1 kHz cycles: RMS of a 0.5 sine is 0.5/sqrt(2), i.e. -9.03 dBFS.
    assert rec.level == pytest.approx(-9.03, abs=0.01)
    assert rec.elapsed_s == pytest.approx(1.0)
    stream.feed(np.zeros(SAMPLE_RATE // 2, dtype=np.int16))
    assert rec.level == SILENCE_DBFS
    assert rec.elapsed_s == pytest.approx(1.5)
    take = rec.stop()
    assert not rec.recording and stream.closed
    assert take.dtype == np.int16 and take.shape == (24_000,)
    np.testing.assert_array_equal(take[:16_000], tone)
    assert not take[16_000:].any()
    assert rec.level == SILENCE_DBFS

    path = rec.save_wav(tmp_path / "takes" / "answer.wav")
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, SAMPLE_RATE)
        saved = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    np.testing.assert_array_equal(saved, take)


def test_a_new_take_starts_from_zero() -> None:
    device = FakeDevice()
    rec = Recorder(stream_factory=device)
    rec.start()
    device.streams[0].feed(sine(0.5))
    rec.stop()
    rec.start()
    assert rec.elapsed_s == 0.0
    device.streams[1].feed(sine(0.25))
    assert rec.stop().size == 4_000
    assert rec.take is not None and rec.take.size == 4_000


def test_misuse_raises_our_error(tmp_path: Path) -> None:
    rec = Recorder(stream_factory=FakeDevice())
    with pytest.raises(RecorderError, match="no take"):
        rec.save_wav(tmp_path / "x.wav")
    with pytest.raises(RecorderError, match="not recording"):
        rec.stop()
    rec.start()
    with pytest.raises(RecorderError, match="already recording"):
        rec.start()
    assert rec.stop().size == 0


def test_a_stream_that_fails_to_open_gives_a_readable_error() -> None:
    def broken(**kwargs: Any) -> FakeStream:
        raise OSError("Error opening InputStream: Invalid device [PaErrorCode -9996]")

    rec = Recorder(stream_factory=broken)
    with pytest.raises(RecorderError, match="recording could not start.*Invalid device"):
        rec.start()
    assert not rec.recording


def test_rms_dbfs_reference_points() -> None:
    assert rms_dbfs(np.zeros(100, dtype=np.int16)) == SILENCE_DBFS
    assert rms_dbfs(np.zeros(0, dtype=np.int16)) == SILENCE_DBFS
    square = np.array([32767, -32768] * 400, dtype=np.int16)
    assert rms_dbfs(square) == pytest.approx(0.0, abs=0.001)
    assert rms_dbfs(sine(0.05, amplitude=1.0)) == pytest.approx(-3.01, abs=0.01)


def _has_input_device() -> bool:
    try:
        import sounddevice
    except OSError:
        return False
    return any(d["max_input_channels"] > 0 for d in sounddevice.query_devices())


@pytest.mark.skipif(_has_input_device(), reason="this machine has an audio input device")
def test_no_sound_card_is_reported_not_raised() -> None:
    # The real sounddevice on a machine without a sound card (as in CI).
    rec = Recorder()
    assert rec.input_status() == (False, NO_INPUT)
    assert input_status() == (False, NO_INPUT)
    assert output_status() == (False, "no audio output device was found")
    with pytest.raises(RecorderError):
        rec.start()
    assert not rec.recording


def test_no_input_device_on_any_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice

    monkeypatch.setattr(
        sounddevice,
        "query_devices",
        lambda: [{"name": "speakers only", "max_input_channels": 0, "max_output_channels": 2}],
    )
    assert Recorder().input_status() == (False, NO_INPUT)


class _NoPortAudio(importlib.abc.MetaPathFinder):
    """Makes `import sounddevice` fail the way it does when libportaudio2 is missing."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_missing_portaudio_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    available, reason = Recorder().input_status()
    assert not available
    assert "PortAudio is not installed" in reason and "libportaudio2" in reason
    assert not output_status()[0]
    with pytest.raises(RecorderError, match="PortAudio"):
        Recorder().start()


def test_a_probe_that_raises_is_contained() -> None:
    def probe() -> tuple[bool, str]:
        raise RuntimeError("driver exploded")

    assert Recorder(stream_factory=FakeDevice(), probe=probe).input_status() == (
        False,
        "the audio input could not be checked (driver exploded)",
    )


_PULSE_CHILD = """
import json, time
import numpy as np
from mockint.speech import Recorder, input_status, output_status
rec = Recorder()
status = rec.input_status()
rec.start()
deadline = time.monotonic() + 10
while rec.elapsed_s < 0.5 and time.monotonic() < deadline:
    time.sleep(0.02)
level = rec.level
take = rec.stop()
spectrum = np.abs(np.fft.rfft(take.astype(float)))
peak = float(np.fft.rfftfreq(take.size, 1 / 16000)[spectrum.argmax()])
print(json.dumps({"status": status, "output": output_status(), "n": int(take.size),
                  "dtype": str(take.dtype), "peak_hz": peak, "level": level}))
"""


@pytest.mark.skipif(
    shutil.which("pulseaudio") is None or not Path("/usr/share/alsa/alsa.conf.d/pulse.conf").exists(),
    reason="needs pulseaudio and the ALSA pulse plugin (libasound2-plugins)",
)
def test_real_sounddevice_records_a_private_pulseaudio_sine_source(tmp_path: Path) -> None:
    """The default sounddevice path end to end, against a PulseAudio daemon of our own whose only
    source plays a 440 Hz sine (see PLATFORM-NOTES.md). Runs in a child process because PortAudio
    lists devices once, when sounddevice is imported."""
    socket = tmp_path / "native"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path), "HOME": str(tmp_path)}
    daemon = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "-L",
            f"module-native-protocol-unix socket={socket}",
            "-L",
            "module-null-sink",
            "-L",
            "module-sine-source frequency=440",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline and daemon.poll() is None:
            time.sleep(0.05)  # a daemon's socket has no signal to wait on
        assert socket.exists(), "pulseaudio did not start"
        child = subprocess.run(
            [sys.executable, "-c", _PULSE_CHILD],
            capture_output=True,
            text=True,
            env={**env, "PULSE_SERVER": f"unix:{socket}"},
            timeout=60,
        )
        assert child.returncode == 0, child.stderr
        result = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        daemon.terminate()
        daemon.wait(10)
    assert result["status"] == [True, ""] and result["output"] == [True, ""]
    assert result["dtype"] == "int16" and result["n"] >= 8_000
    assert result["peak_hz"] == pytest.approx(440, abs=5)
    assert result["level"] > -40
