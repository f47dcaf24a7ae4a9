from __future__ import annotations

import numpy as np

from mockint.speech.live import LiveCaptions, quiet_cut

RATE = 16_000


def _loud(seconds: float) -> np.ndarray:
    return (np.random.default_rng(0).standard_normal(int(seconds * RATE)) * 5_000).astype(np.int16)


def test_chunks_are_cut_in_the_quiet_and_sent_once_at_a_time() -> None:
    quiet_at = int(5.3 * RATE)
    take = _loud(6.0)
    take[quiet_at - 800 : quiet_at + 800] = 0  # 100 ms pause at 5.3 s
    live = LiveCaptions(RATE)
    assert live.next_chunk(take[: int(4.9 * RATE)]) is None  # under 5 s: nothing yet
    start, end = live.next_chunk(take)
    assert start == 0 and abs(end - quiet_at) < 0.05 * RATE
    assert live.busy and live.next_chunk(np.concatenate([take, take])) is None  # one out at a time
    live.add("so we shard")
    assert live.next_chunk(np.concatenate([take, _loud(1.0)])) is None  # under 5 s since the cut
    start2, end2 = live.next_chunk(np.concatenate([take, take]))
    assert start2 == end and end2 > end
    live.add("  ")
    live.failed()
    assert live.text == "so we shard" and not live.busy


def test_quiet_cut_without_a_whole_frame_is_the_end() -> None:
    assert quiet_cut(np.zeros(100, np.int16), 90, 100, RATE) == 100
