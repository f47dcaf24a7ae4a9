"""Domain tracks: a topic focus (vision, NLP, recsys, ads, GenAI) that a loop or a practice round
can take, so the questions of the team's domain come first where a round has them.

Tracks are data, in ``rounds/tracks/*.toml`` (and the same folder of a user pack)::

    [[tracks]]
    id = "vision"
    title = "Computer vision"
    description = "..."
    topics = ["vision", "detection", "convolutions"]

A question is *on* a track when one of its topics is one of the track's topics (case-insensitive).
A focus orders, it never filters: a round whose pool holds no question on the track is planned
as without a focus (DSA rounds, for instance). Interview guides advise preparing for the domain
of the team one interviews with; the topic lists are ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockint.bank.fields import Fields, Invalid


@dataclass(frozen=True)
class Track:
    """One domain track: ``topics`` are question topics (lower case) that put a question on it."""

    id: str
    title: str
    topics: frozenset[str]
    description: str = ""
    source_file: str = ""

    def covers(self, topics: Iterable[str]) -> bool:
        """True when one of ``topics`` (a question's) is on this track."""
        return any(t.lower() in self.topics for t in topics)


def parse_tracks(data: Any, source_file: str) -> list[Track]:
    """The ``[[tracks]]`` tables of one file; raises :class:`~mockint.bank.fields.Invalid` naming
    the field (``tracks[2].topics``) on the first problem."""
    top = Fields(data, "")
    top.unknown(("tracks",))
    tracks: list[Track] = []
    for t in top.tables("tracks", required=True, min_len=1):
        t.unknown(("id", "title", "description", "topics"))
        tid = t.str("id")
        if not tid.replace("-", "").replace("_", "").isalnum() or tid != tid.lower():
            raise Invalid(t.name("id"), f"{tid!r} must be lower-case letters, digits, '-' or '_'")
        if any(tid == seen.id for seen in tracks):
            raise Invalid(t.name("id"), f"duplicate track id {tid!r} within this file")
        tracks.append(
            Track(
                id=tid,
                title=t.str("title"),
                description=t.str("description", required=False),
                topics=frozenset(x.lower() for x in t.strs("topics", required=True, min_len=1)),
                source_file=source_file,
            )
        )
    return tracks
