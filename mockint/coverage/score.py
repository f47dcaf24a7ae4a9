"""Score each key point of a question against what the candidate said and typed.

For every key point two signals are measured against the answer:

* ``semantic``: the highest cosine similarity between the key point (whole, and each of its
  clauses) and any window of one or two answer sentences, from all-MiniLM-L6-v2. Answer windows
  that are closer to the question's prompt than 0.8 are dropped (repeating the question is not
  an answer).
* ``lexical``: the share of the key point's content-word stems (those not already in the prompt)
  that the answer uses.

The score is ``w * semantic + (1 - w) * lexical``, less a penalty when the best-matching window is
negated and the key point is not (or the other way round): "L1 does not give zeros". ``w``, the
penalty and the threshold were chosen on half of the labelled set in ``benchmarks/coverage_set``
(``python benchmarks/coverage.py`` prints them and the held-out precision, recall and F1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mockint.coverage import text as T
from mockint.coverage.embed import Embedder


@dataclass(frozen=True)
class Params:
    """Blend weight of the semantic signal, negation penalty, and the covered threshold (0..1)."""

    weight: float
    negation_penalty: float
    threshold: float


#: Chosen on the tuning half of benchmarks/coverage_set (see benchmarks/coverage.py).
BLEND = Params(weight=0.6, negation_penalty=0.15, threshold=0.45)
#: Word overlap alone, used when the embedding model cannot load.
LEXICAL_ONLY = Params(weight=0.0, negation_penalty=0.15, threshold=0.36)

PROMPT_ECHO = 0.8


@dataclass(frozen=True)
class KeyPointScore:
    """One key point against an answer.

    ``index`` is 1-based within its list (the question's key points, or one phase's); ``phase`` is
    the design phase or phone-screen part it belongs to ("" for a question's own key points);
    ``score`` is 0..1; ``covered`` is the suggestion (score at or above the threshold);
    ``semantic`` and ``lexical`` are the two signals behind the score.
    """

    index: int
    text: str
    score: float
    covered: bool
    phase: str = ""
    semantic: float = 0.0
    lexical: float = 0.0


def _clauses(point: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[;:]\s+|(?<=\.)\s+", point) if len(p.split()) >= 3]
    return [point, *parts] if len(parts) > 1 else [point]


def signals(
    points: Sequence[str], answer: str, prompt: str = "", embedder: Embedder | None = None
) -> list[tuple[float, float, bool]]:
    """``(semantic, lexical, negation_mismatch)`` for each key point against ``answer``.

    ``semantic`` is 0.0 for every point when ``embedder`` is None.
    """
    prompt_stems = T.content_stems(prompt)
    answer_stems = T.content_stems(answer)
    wins = T.windows(answer) or ([answer] if answer.strip() else [])
    out_lex: list[float] = []
    for p in points:
        stems = T.content_stems(p) - prompt_stems or T.content_stems(p)
        out_lex.append(len(stems & answer_stems) / len(stems) if stems else 0.0)
    if not wins:
        return [(0.0, 0.0, False) for _ in points]
    if embedder is None:
        best_neg = []
        for p in points:
            stems = T.content_stems(p)
            best = max(wins, key=lambda w: len(stems & T.content_stems(w)))
            best_neg.append(T.negated(best) != T.negated(p))
        return [(0.0, lx, ng) for lx, ng in zip(out_lex, best_neg, strict=True)]
    clause_lists = [_clauses(p) for p in points]
    flat = [c for cl in clause_lists for c in cl]
    vecs = embedder.encode([*flat, *wins, prompt or "."])
    kp_vecs, win_vecs, prompt_vec = vecs[: len(flat)], vecs[len(flat) : -1], vecs[-1]
    keep = np.ones(len(wins), dtype=bool)
    if prompt.strip():
        keep = win_vecs @ prompt_vec < PROMPT_ECHO
    if not keep.any():
        return [(0.0, lx, False) for lx in out_lex]
    win_vecs = win_vecs[keep]
    kept_wins = [w for w, k in zip(wins, keep, strict=True) if k]
    sims = kp_vecs @ win_vecs.T  # (clauses, windows)
    result = []
    row = 0
    for p, cl, lx in zip(points, clause_lists, out_lex, strict=True):
        block = sims[row : row + len(cl)]
        row += len(cl)
        best_win = int(np.unravel_index(int(np.argmax(block)), block.shape)[1])
        sem = float(max(0.0, block.max()))
        result.append((sem, lx, T.negated(kept_wins[best_win]) != T.negated(p)))
    return result


def blend(sem: float, lex: float, neg: bool, params: Params) -> float:
    """The 0..1 score of one key point from its signals."""
    s = params.weight * sem + (1 - params.weight) * lex - (params.negation_penalty if neg else 0.0)
    return float(min(1.0, max(0.0, s)))


def score_points(
    points: Sequence[str],
    answer: str,
    prompt: str = "",
    embedder: Embedder | None = None,
    phase: str = "",
    params: Params | None = None,
) -> list[KeyPointScore]:
    """Score a list of key points against ``answer`` (transcript and notes joined).

    ``params`` defaults to :data:`BLEND` with an embedder and :data:`LEXICAL_ONLY` without one.
    Returns one :class:`KeyPointScore` per point, in order; an empty answer covers nothing.
    """
    params = params or (BLEND if embedder is not None else LEXICAL_ONLY)
    out = []
    for i, (p, (sem, lex, neg)) in enumerate(
        zip(points, signals(points, answer, prompt, embedder), strict=True), start=1
    ):
        s = blend(sem, lex, neg, params)
        out.append(
            KeyPointScore(i, p, round(s, 4), s >= params.threshold, phase, round(sem, 4), round(lex, 4))
        )
    return out
