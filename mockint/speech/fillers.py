"""Hesitations ("um", "uh") that the recogniser left out, found in the gaps between its words.

Whisper writes a clean transcript: it leaves "um" and "uh" out, with or without a prompt, so
counting fillers in its text finds only the word fillers ("like", "you know", …). What it leaves
behind is a hole in its word timings where the voice went on. :func:`hesitation_spans` finds
those holes: stretches that the energy detector (:func:`mockint.speech.metrics.voiced_spans`) hears
as voiced, that overlap no recognised word (each word widened by ``margin_s`` either side), and
whose voiced time in that gap adds up to between ``min_s`` and ``max_s``. Voiced pieces within
one gap between two words count once: a gap holds one hesitation.

What this finds and misses (measured in ``benchmarks/speech_fillers.py``): a hesitation set off by
short pauses, as people usually say them, leaves a clean hole; one run into the next word
("is-um-label") is often absorbed into that word's timing or heard as part of a word, and is
missed. A word Whisper dropped for another reason (a mumble, a cough, a false start) is counted
as a hesitation too. The count is an estimate and is labelled so (``um/uh`` in ``filler_counts``,
``hesitations_from_gaps`` in the report); it never changes the transcript text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mockint.speech.transcribe import Word

#: Backends whose transcripts leave out "um"/"uh" (so their gaps are searched).
DROPS_FILLERS: frozenset[str] = frozenset({"faster-whisper"})
#: The ``filler_counts`` key for hesitations found in gaps.
GAP_FILLER = "um/uh"
#: Voice in a gap adding up to less than this is a click, a breath or a word's tail, not a
#: hesitation (0.12 s let 4 false ones into 16 filler-free takes, 0.25 s one, same recall).
MIN_HESITATION_S = 0.25
#: One longer than this is speech the recogniser skipped, not a hesitation.
MAX_HESITATION_S = 1.5
#: Word timings are widened this much either side before looking for holes.
WORD_MARGIN_S = 0.04


def hesitation_spans(
    words: Sequence[Word],
    voiced: Sequence[tuple[float, float]],
    min_s: float = MIN_HESITATION_S,
    max_s: float = MAX_HESITATION_S,
    margin_s: float = WORD_MARGIN_S,
) -> list[tuple[float, float]]:
    """``(start_s, end_s)`` of each likely hesitation, in order (see the module docstring).

    ``words`` are the recogniser's word timings (seconds), ``voiced`` the energy detector's spans.
    With no words at all nothing is returned: a take the recogniser heard nothing in is silence
    or noise, not one long hesitation.
    """
    if not words:
        return []
    bounds = sorted((w.start_s - margin_s, w.end_s + margin_s) for w in words)
    # The gaps between words, plus before the first and after the last.
    edges = [(-np.inf, bounds[0][0])]
    reach = bounds[0][1]
    for start, end in bounds[1:]:
        if start > reach:
            edges.append((reach, start))
        reach = max(reach, end)
    edges.append((reach, np.inf))
    found: list[tuple[float, float]] = []
    for lo, hi in edges:
        pieces = [(max(a, lo), min(b, hi)) for a, b in voiced if b > lo and a < hi]
        voice = sum(b - a for a, b in pieces)
        if not pieces or voice < min_s:
            continue
        start, end = pieces[0][0], pieces[-1][1]
        if voice <= max_s:
            found.append((float(start), float(end)))
    return found
