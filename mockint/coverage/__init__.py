"""Key-point coverage and behavioral STAR evidence from what the candidate said and typed.

    from mockint.coverage import score_key_points, uncovered
    scores = score_key_points(question, transcript + "\\n" + notes)   # list[KeyPointScore]
    follow_up_targets = uncovered(question, transcript)                # list[KeyPointScore]

The first call loads the sentence-embedding model (seconds): call it off the UI thread. Pass
``embedder=None`` explicitly through :func:`~mockint.coverage.score.score_points` for word overlap
only. Scores are suggestions for the candidate to confirm, never a grade on their own.

The names below load their modules when first used: ``mockint.coverage.commands`` (a verb of
the command line, whose parser every ``mockint`` start builds) must not bring numpy with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockint.bank.model import Question

if TYPE_CHECKING:
    from mockint.coverage.embed import Embedder, EmbedderStatus, get_embedder
    from mockint.coverage.score import BLEND, LEXICAL_ONLY, KeyPointScore, Params, score_points
    from mockint.coverage.star import StarReport, star_report

#: Public name -> the module of this package that defines it.
_LAZY = {
    "Embedder": "embed",
    "EmbedderStatus": "embed",
    "get_embedder": "embed",
    "BLEND": "score",
    "LEXICAL_ONLY": "score",
    "KeyPointScore": "score",
    "Params": "score",
    "score_points": "score",
    "StarReport": "star",
    "star_report": "star",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BLEND",
    "LEXICAL_ONLY",
    "Embedder",
    "EmbedderStatus",
    "KeyPointScore",
    "Params",
    "StarReport",
    "get_embedder",
    "key_point_groups",
    "score_key_points",
    "score_points",
    "star_report",
    "uncovered",
]

_DEFAULT = object()


def key_point_groups(question: Question) -> list[tuple[str, tuple[str, ...]]]:
    """``(phase, key points)`` groups of a question, in order: its own key points under phase "",
    then each design phase's (named by the phase) and each phone-screen part's (named by its title)."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    if question.key_points:
        groups.append(("", question.key_points))
    groups.extend((p.name, p.key_points) for p in question.phases if p.key_points)
    groups.extend((p.title, p.key_points) for p in question.parts if p.key_points)
    return groups


def score_key_points(
    question: Question, text: str, embedder: Embedder | None | object = _DEFAULT, params: Params | None = None
) -> list[KeyPointScore]:
    """Score every key point of ``question`` (and of each phase / part) against ``text``.

    ``text`` is the transcript and typed notes (any length; empty covers nothing). ``embedder``
    defaults to the shared all-MiniLM-L6-v2 model (loaded on first use, blocking; word overlap only
    if it cannot load); pass ``None`` for word overlap only. Returns one :class:`KeyPointScore` per
    key point, in the question's order (``index`` 1-based within its phase).
    """
    from mockint.coverage.embed import get_embedder
    from mockint.coverage.score import score_points

    if embedder is _DEFAULT:
        embedder = get_embedder()[0]
    out: list[KeyPointScore] = []
    for phase, points in key_point_groups(question):
        prompt = question.prompt
        out.extend(score_points(points, text, prompt, embedder, phase, params))  # type: ignore[arg-type]
    return out


def uncovered(
    question: Question, text: str, embedder: Embedder | None | object = _DEFAULT
) -> list[KeyPointScore]:
    """The key points of ``question`` that ``text`` does not seem to cover, lowest score first
    (what the interviewer's follow-ups should probe)."""
    return sorted(
        (s for s in score_key_points(question, text, embedder) if not s.covered), key=lambda s: s.score
    )
