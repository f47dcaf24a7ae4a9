"""Live captions: the take so far is cut into chunks at quiet moments, each transcribed once (no Qt).

The recorder widget asks :meth:`LiveCaptions.next_chunk` on its refresh timer; when at least
``chunk_s`` seconds have come in since the last cut, it gets ``(start, end)`` sample indices of
the next chunk, cut at the quietest 30 ms of the chunk's last ``slack_s`` seconds (so a cut falls
between words), and transcribes ``samples[start:end]`` off the GUI thread with
:func:`caption_text`. Only one chunk is out at a time: when decoding is slower than speech, chunks
grow instead of queueing. The captions are a preview; the transcript of the whole take (decoded in
one piece, with context across the cuts) replaces them when the take ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mockint.speech.transcribe import Transcriber

#: Seconds of new audio before a chunk is cut (Whisper tiny.en decodes 5 s in about 0.6 s on 2 cores).
CHUNK_S = 5.0
#: The cut moves back at most this far to land on the quietest 30 ms.
SLACK_S = 1.5
#: Length of the frames compared when looking for the quietest moment.
FRAME_S = 0.03


def quiet_cut(samples: np.ndarray, lo: int, hi: int, rate: int, frame_s: float = FRAME_S) -> int:
    """The sample index in ``[lo, hi]`` at the middle of the quietest ``frame_s`` frame
    (the latest of equally quiet ones); ``hi`` when the window holds no whole frame."""
    frame = max(1, int(frame_s * rate))
    k = (hi - lo) // frame
    if k <= 0:
        return hi
    window = samples[lo : lo + k * frame].astype(np.float64)
    energy = np.square(window).reshape(k, frame).sum(axis=1)
    best = int(np.flatnonzero(energy <= energy.min() * 1.05 + 1e-6)[-1])
    return lo + best * frame + frame // 2


@dataclass
class LiveCaptions:
    """Chunk book-keeping for one take at ``rate`` Hz; ``text`` is the captions so far."""

    rate: int
    chunk_s: float = CHUNK_S
    slack_s: float = SLACK_S
    cut: int = 0  # samples before this index are captioned (or being captioned)
    busy: bool = False
    pieces: list[str] = field(default_factory=list)

    def next_chunk(self, samples: np.ndarray) -> tuple[int, int] | None:
        """``(start, end)`` of the next chunk to caption, or None (busy, or too little new audio).
        Marks the captioner busy until :meth:`add`. ``samples`` is the take so far."""
        if self.busy or samples.size - self.cut < int(self.chunk_s * self.rate):
            return None
        end = quiet_cut(
            samples, max(self.cut, samples.size - int(self.slack_s * self.rate)), samples.size, self.rate
        )
        start, self.cut, self.busy = self.cut, end, True
        return start, end

    def add(self, text: str) -> None:
        """The chunk that was out came back with ``text`` ('' when nothing was heard)."""
        self.busy = False
        if text.strip():
            self.pieces.append(text.strip())

    def failed(self) -> None:
        """The chunk that was out could not be transcribed: its audio gets no caption."""
        self.busy = False

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


def caption_text(transcriber: Transcriber, samples: np.ndarray, rate: int) -> str:
    """The text of one chunk of int16 mono ``samples``. CPU-bound: call it off the GUI thread.
    Raises :class:`~mockint.speech.transcribe.TranscriptionError` when decoding fails."""
    return transcriber.transcribe(samples, rate).text
