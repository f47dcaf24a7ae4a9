"""STAR structure (situation, task, action, result) and I-versus-we ownership of a behavioral answer.

Each sentence is given the STAR part whose cue phrases it matches best ("at the time", "my job
was", "so I built", "as a result"); a sentence with no cue continues the part before it (a story
told in order), and the first sentences default to the situation. Word counts per part come from
the text; seconds come from the take's duration shared out by words (or 150 words a minute when no
duration is known). It is evidence for the candidate, not a grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockint.coverage import text as T

PARTS = ("situation", "task", "action", "result")
WORDS_PER_MINUTE = 150.0

_CUES: dict[str, tuple[str, ...]] = {
    "situation": (
        r"\bat (my|our|the) (last|previous|old|current|first) (job|company|team|role|startup)",
        r"\b(back )?(in|at) (\d{4}|my last|my previous)",
        r"\bwhen i was\b",
        r"\bthere was\b",
        r"\bwe had\b",
        r"\bat the time\b",
        r"\bthe context\b",
        r"\bour team\b",
        r"\bwas working on\b",
        r"\bwe were (building|running|working|using)",
        r"\bthe (company|product|system|team) (was|had)\b",
        r"\bbackground\b",
        r"\bsetting\b",
    ),
    "task": (
        r"\bmy (job|task|role|goal|responsibility) (was|became)\b",
        r"\bi was (asked|tasked|responsible|supposed)\b",
        r"\bi (needed|had) to\b",
        r"\bwe (needed|had) to\b",
        r"\bthe goal was\b",
        r"\bthe (challenge|problem) was\b",
        r"\b(deadline|objective|target was)\b",
        r"\bit was (on me|my call|up to me)\b",
        r"\bi owned\b",
    ),
    "action": (
        r"\bso i\b",
        r"\bi (decided|built|wrote|set up|started|proposed|talked|went|ran|rewrote|added|"
        r"designed|created|organised|organized|scheduled|reached out|sat down|pushed|asked|changed|"
        r"split|measured|prototyped|implemented|migrated|reviewed|paired|documented|escalated|"
        r"suggested|volunteered|spent|focused|dug|traced|compared|presented|convinced|took|made)\b",
        r"\bfirst,? i\b",
        r"\bthen i\b",
        r"\bnext,? i\b",
        r"\bafter that,? i\b",
        r"\bmy approach\b",
        r"\bwhat i did\b",
    ),
    "result": (
        r"\bas a result\b",
        r"\bin the end\b",
        r"\bresult(ed|s)?\b",
        r"\boutcome\b",
        r"\b(reduced|improved|increased|"
        r"cut|dropped|saved|doubled|halved|grew|shipped|launched|delivered)\b",
        r"\d+ ?(%|percent)",
        r"\bi learned\b",
        r"\blesson\b",
        r"\bafterwards\b",
        r"\bsince then\b",
        r"\bnext time\b",
        r"\blooking back\b",
        r"\bended up\b",
        r"\bwhat i'd do differently\b",
        r"\bimpact\b",
    ),
}
_COMPILED = {k: [re.compile(c) for c in v] for k, v in _CUES.items()}
_I = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_WE = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})


@dataclass(frozen=True)
class StarPart:
    """One STAR part: ``present`` when at least one sentence is given to it; ``words`` and
    ``seconds`` spent on it; ``share`` of all words (0..1); ``first_sentence`` as evidence."""

    name: str
    present: bool
    words: int
    seconds: float
    share: float
    first_sentence: str = ""


@dataclass(frozen=True)
class StarReport:
    """STAR parts in order, ``missing`` part names, and ownership: ``i_count``, ``we_count`` and
    ``i_share`` = I / (I + we) (None when neither appears)."""

    parts: tuple[StarPart, ...]
    i_count: int
    we_count: int
    i_share: float | None
    labels: tuple[tuple[str, str], ...] = field(default=())  # (sentence, part) in order

    @property
    def missing(self) -> list[str]:
        return [p.name for p in self.parts if not p.present]

    def to_json(self) -> dict:
        """Plain JSON form (stable keys: parts, missing, i_count, we_count, i_share)."""
        return {
            "parts": [p.__dict__ for p in self.parts],
            "missing": self.missing,
            "i_count": self.i_count,
            "we_count": self.we_count,
            "i_share": self.i_share,
        }


def classify(sentence: str) -> str | None:
    """The STAR part whose cues ``sentence`` matches most (ties go to the later part), or None."""
    low = sentence.lower().replace("\u2019", "'")
    hits = {k: sum(1 for c in cs if c.search(low)) for k, cs in _COMPILED.items()}
    best = max(PARTS, key=lambda k: (hits[k], PARTS.index(k)))
    return best if hits[best] else None


def star_report(transcript: str, duration_s: float | None = None) -> StarReport:
    """STAR parts and I/we ownership of ``transcript``; ``duration_s`` is the talk time in seconds
    (None: estimated at 150 words a minute). Empty text gives every part absent."""
    sents = T.sentences(transcript)
    labels: list[tuple[str, str]] = []
    current = "situation"
    for s in sents:
        part = classify(s)
        if part is not None:
            current = part
        labels.append((s, current))
    counts = {p: 0 for p in PARTS}
    firsts: dict[str, str] = {}
    for s, p in labels:
        counts[p] += len(T.words(s))
        firsts.setdefault(p, s)
    total = sum(counts.values())
    per_word = (duration_s / total) if (duration_s and total) else 60.0 / WORDS_PER_MINUTE
    parts = tuple(
        StarPart(
            p,
            p in firsts,
            counts[p],
            round(counts[p] * per_word, 1),
            round(counts[p] / total, 3) if total else 0.0,
            firsts.get(p, ""),
        )
        for p in PARTS
    )
    toks = T.words(transcript)
    n_i = sum(1 for w in toks if w in _I)
    n_we = sum(1 for w in toks if w in _WE)
    share = round(n_i / (n_i + n_we), 3) if (n_i + n_we) else None
    return StarReport(parts, n_i, n_we, share, tuple(labels))
