"""The interviewer's moves in a round: the next hint, which follow-up to ask, and when to ask it.

Pure functions over a :class:`~mockint.interview.round_state.RoundState` and the bank question's
written content (:mod:`mockint.bank.interviewer`): nothing here invents text, and nothing records
anything; the panel records what it shows through ``state.take_hint`` / ``state.ask_follow_up``.

Conventions (as in :mod:`~mockint.interview.round_state`): times are seconds since the round's
clock started, shown ``mm:ss``; key point indexes are 0-based across the whole question; a
*section* is ``""`` for a question's own key points, a phase name (system design) or a part's
notes key (``"part 2: Theory"``, phone screen).

Which follow-up (:func:`choose_follow_up`): the first written follow-up of the section that was
not asked yet and whose key point is neither ticked nor in ``covered`` (key points found in the
transcript, later). A follow-up that probes no key point (behavioral, a design phase's push) is
always eligible until asked.

When (:func:`follow_up_due`): when the candidate marks the answer done, or when the section's
share of the round has passed: a question's share is the round's seconds over its questions; a
part's or phase's is its written minutes. The shares are laid end to end from the round's start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mockint.bank.model import FOLLOW_UP_ROUND_TYPES, HINT_ROUND_TYPES
from mockint.interview.countdown import format_clock
from mockint.interview.round_records import WHOLE_QUESTION, HintTaken, key_point_count, part_key, sections
from mockint.interview.round_state import RoundState


@dataclass(frozen=True)
class Policy:
    """Whether the interviewer gives hints and asks follow-ups in a round (from the settings).

    ``strict`` is a strict interviewer: no hints at all, whatever ``hints`` says.
    """

    hints: bool = True
    follow_ups: bool = True
    strict: bool = False

    @property
    def gives_hints(self) -> bool:
        return self.hints and not self.strict

    @classmethod
    def for_round(cls, settings: Any, round_type: str) -> Policy:
        """The policy of a ``round_type`` round from :class:`mockint.settings.Settings` (its
        ``hints_in``, ``follow_ups_in`` and ``strict_interviewer``; defaults when missing)."""
        hints_in = getattr(settings, "hints_in", HINT_ROUND_TYPES)
        follow_ups_in = getattr(settings, "follow_ups_in", FOLLOW_UP_ROUND_TYPES)
        return cls(
            hints=round_type in hints_in,
            follow_ups=round_type in follow_ups_in,
            strict=bool(getattr(settings, "strict_interviewer", False)),
        )


@dataclass(frozen=True)
class HintOffer:
    """The next hint: ``index`` 0-based into the question's ``hints``, its ``text``, and how many
    hints the question has (``total``)."""

    index: int
    text: str
    total: int

    @property
    def label(self) -> str:
        """The button's text, e.g. ``"Hint (2 of 3)"``."""
        return f"Hint ({self.index + 1} of {self.total})"


@dataclass(frozen=True)
class FollowUpChoice:
    """A written follow-up to ask: its ``text``, what it probes (``key_point``: a 0-based key
    point index, a phase name, or None), and the ``section`` it belongs to."""

    text: str
    key_point: int | str | None
    section: str


# -- hints -------------------------------------------------------------------------------------------
def hints_of(question: Any) -> tuple[str, ...]:
    """The question's hint ladder (empty for a question without one)."""
    return tuple(getattr(question, "hints", ()) or ())


def next_hint(state: RoundState, qid: str) -> HintOffer | None:
    """The next hint not taken of question ``qid``, or None when it has none left (or none at
    all). Raises ``KeyError`` for a question not in the round."""
    hints = hints_of(state.question(qid))
    taken = {h.hint for h in state.hints_taken(qid)}
    index = next((i for i in range(len(hints)) if i not in taken), None)
    return None if index is None else HintOffer(index, hints[index], len(hints))


def hint_evidence(hints: Sequence[HintTaken], total: int) -> str:
    """The evidence line of hints taken, e.g. ``"2 of 3 hints, first at 12:40"`` (times mm:ss
    since the round's start), ``"no hints taken (3 available)"`` or ``""`` when ``total`` is 0."""
    if not total:
        return ""
    if not hints:
        return f"no hints taken ({total} available)"
    first = min(h.at_s for h in hints)
    return f"{len(hints)} of {total} hint{'s' if total != 1 else ''}, first at {format_clock(first)}"


def hint_penalty(hints_used: int, total: int) -> float:
    """How much of the problem was given away, 0..1: hints used over hints available (0 when the
    question has none). The review scores problem solving against it."""
    return min(max(hints_used, 0), total) / total if total > 0 else 0.0


# -- follow-ups ----------------------------------------------------------------------------------------
def written_follow_ups(question: Any, section: str = WHOLE_QUESTION) -> list[FollowUpChoice]:
    """Every written follow-up of one section of ``question``, key points as 0-based indexes
    across the whole question (a part's are offset by the parts before it).

    Raises ``KeyError`` for a section the question does not have.
    """
    offsets = {key: first for key, first, _count in sections(question)}
    if section not in offsets:
        raise KeyError(f"question {question.id!r} has no section {section!r}")
    if question.phases:
        phase = next(p for p in question.phases if p.name == section)
        return [FollowUpChoice(text, phase.name, section) for text in phase.follow_ups]
    if question.parts:
        index = next(i for i, p in enumerate(question.parts) if part_key(i, p) == section)
        items = question.parts[index].follow_ups
    else:
        items = getattr(question, "follow_ups", ())
    first = offsets[section]
    return [
        FollowUpChoice(fu.text, first + fu.key_point - 1 if fu.key_point else None, section) for fu in items
    ]


def choose_follow_up(
    state: RoundState, qid: str, section: str = WHOLE_QUESTION, covered: Iterable[int] = ()
) -> FollowUpChoice | None:
    """One follow-up to ask about ``section`` of question ``qid`` (see the module's rule), or
    None when every written one is asked or probes a point already covered.

    ``covered``: 0-based key point indexes known to be covered besides the ticked ones.
    """
    done = set(state.ticks(qid)) | {int(c) for c in covered}
    asked = {f.text.strip() for f in state.follow_ups(qid)}
    for choice in written_follow_ups(state.question(qid), section):
        if choice.text.strip() in asked:
            continue
        if isinstance(choice.key_point, int) and choice.key_point in done:
            continue
        return choice
    return None


def covered_in_answer(state: RoundState, qid: str) -> set[int]:
    """0-based key point indexes (across the question's sections, as ticks count them) that the
    answer so far already covers by word overlap: its notes, phase or part notes and the
    transcripts of its takes (``mockint.coverage``, word overlap only so it answers at once on the
    GUI thread; held-out F1 0.75 / 0.80 in benchmarks/coverage.py). Empty when nothing was said
    or typed. A follow-up is not asked about a point the candidate has already made."""
    from mockint.coverage import score_key_points

    q = state.question(qid)
    parts = [
        state.notes(qid),
        *state.phase_notes(qid).values(),
        *((r.get("transcript") or "") for r in state.takes(qid).values()),
    ]
    text = "\n".join(p for p in parts if p and p.strip())
    if not text:
        return set()
    scores = score_key_points(q, text, embedder=None)
    if len(scores) != key_point_count(q):  # a shape the two count differently: trust the ticks only
        return set()
    return {i for i, s in enumerate(scores) if s.covered}


def asked_in(state: RoundState, qid: str, section: str = WHOLE_QUESTION) -> int:
    """How many follow-ups of ``section`` were asked already."""
    texts = {c.text.strip() for c in written_follow_ups(state.question(qid), section)}
    return sum(1 for f in state.follow_ups(qid) if f.text.strip() in texts)


# -- when -------------------------------------------------------------------------------------------------
def share_window(state: RoundState, qid: str, section: str, round_s: float) -> tuple[float, float]:
    """When the section's share of the round starts and ends, seconds since the round's start.

    A question's share is ``round_s`` over the round's questions; a phase's or part's is its
    minutes, laid after the phases / parts before it within its question's share.
    """
    count = max(1, len(state.questions))
    per_question = round_s / count
    start = state.index_of(qid) * per_question
    q = state.question(qid)
    groups = (
        [(p.name, p.minutes) for p in q.phases]
        if q.phases
        else [(part_key(i, p), p.minutes) for i, p in enumerate(q.parts)]
    )
    for key, minutes in groups:
        if key == section:
            return start, start + minutes * 60.0
        start += minutes * 60.0
    return start, start + per_question


def follow_up_due(
    state: RoundState, qid: str, section: str, elapsed_s: float, round_s: float, done: bool = False
) -> bool:
    """Whether the interviewer should ask a follow-up about ``section`` now: on ``done`` (the
    candidate marked the answer done), or when its share has passed (``elapsed_s`` past the end
    of :func:`share_window`) and no follow-up of the section was asked yet."""
    if done:
        return True
    _start, end = share_window(state, qid, section, round_s)
    return elapsed_s >= end and asked_in(state, qid, section) == 0


def follow_up_evidence(state: RoundState, qid: str) -> list[str]:
    """One line per follow-up asked, e.g. ``"12:40 follow-up (key point 2): And if …"``."""
    out = []
    for f in state.follow_ups(qid):
        if isinstance(f.key_point, int):
            probe = f" (key point {f.key_point + 1})"
        elif f.key_point:
            probe = f" ({f.key_point})"
        else:
            probe = ""
        out.append(f"{format_clock(f.at_s)} follow-up{probe}: {f.text}")
    return out
