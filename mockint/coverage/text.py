"""Plain-text helpers for key-point coverage: sentences, answer windows, content-word stems, negation.

No model here: everything is regular expressions and a small suffix-stripping stemmer, so it is fast
(well under a millisecond an answer) and the same on every machine.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Function words and spoken-style filler that carry no content.
STOPWORDS = frozenset(
    """
a an the and or but if then so than that this these those there here it its it's is are was were be
been being am do does did doing have has had having of in on at to for from by with without about as
into onto over under up down out off again once very too just also only own same such can could
would should will shall may might must i me my we our us you your he she they them their his her
what which who whom whose when where why how all any both each few more most other some no nor not
yeah um uh like well okay ok right basically actually really kind sort thing things stuff mean
say said get gets got go goes going let lets one you'd i'd we'd i'm we're you're that's there's
""".split()
)

#: Words that flip what a sentence says ("it does not", "never", "isn't").
NEGATIONS = frozenset(
    """
not no never none nothing neither nor cannot can't don't doesn't didn't isn't aren't wasn't weren't
won't wouldn't shouldn't couldn't hasn't haven't without
""".split()
)


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (on . ! ? ; and newlines); empty pieces dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def windows(text: str, sizes: tuple[int, ...] = (1, 2)) -> list[str]:
    """Runs of 1 or 2 (``sizes``) consecutive sentences of ``text``: the spans a key point is
    matched against. Long sentences are also cut at commas into pieces of at least 6 words."""
    sents = sentences(text)
    out: list[str] = []
    for n in sizes:
        out.extend(" ".join(sents[i : i + n]) for i in range(0, max(len(sents) - n + 1, 0)))
    for s in sents:
        parts = [p.strip() for p in s.split(",") if len(p.split()) >= 6]
        if len(parts) > 1:
            out.extend(parts)
    return out


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (letters, digits, one apostrophe part)."""
    return _WORD.findall((text or "").lower().replace("\u2019", "'"))


def stem(word: str) -> str:
    """A crude suffix-stripping stem: 'weights' 'weighting' 'weighted' -> 'weight'."""
    w = word
    for suffix in (
        "ational",
        "isation",
        "ization",
        "ations",
        "ation",
        "ities",
        "ness",
        "ments",
        "ment",
        "ings",
        "ing",
        "ies",
        "ied",
        "ers",
        "er",
        "ed",
        "es",
        "ly",
        "s",
    ):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    if w.endswith("is") and len(w) > 4:  # regularis/regulariz
        w = w[:-2] + "iz"
    return w.replace("isa", "iza")


def content_stems(text: str) -> set[str]:
    """Stems of the content words of ``text`` (stop words and one-letter tokens dropped)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def negated(text: str) -> bool:
    """True when ``text`` contains a negation word ("not", "never", "isn't" ...)."""
    return any(w in NEGATIONS or w.endswith("n't") for w in words(text))
