"""The evidence of one round, built once from its :class:`RoundState`, read by every consumer.

The rubric dialog shows :meth:`RoundEvidence.lines`; the review's calibration reads
:attr:`RoundEvidence.fraction`; reports and the debrief read the per-question
:class:`QuestionEvidence`. Build it with :meth:`RoundEvidence.from_state` (a live round) or
:meth:`RoundEvidence.from_saved` (a stored round: ``store.sessions.detail`` answers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from mockint.bank.model import CODING_ROUND_TYPES
from mockint.interview.countdown import format_clock
from mockint.interview.interviewer import hint_evidence
from mockint.interview.round_state import FollowUp, HintTaken, QuestionLike, RoundState, sections


@dataclass(frozen=True)
class QuestionEvidence:
    """What one question of the round shows.

    ``verdict`` is the final submission's verdict dict if any, else the last run's (None: never
    judged); ``runs`` counts judge runs. Key points: ``ticked`` of ``revealed_points`` shown in the
    ``revealed`` sections (out of ``sections`` in all). ``noted`` lists the sections (phases,
    parts, or ``""``) with notes.
    """

    question_id: str
    title: str
    verdict: Mapping[str, Any] | None
    runs: int
    ticked: int
    revealed_points: int
    revealed: int
    sections: int
    noted: tuple[str, ...]
    hints: tuple[HintTaken, ...]
    follow_ups: tuple[FollowUp, ...]
    done: bool
    #: How many hints the question has (its ladder's length; 0 for a question without one).
    hints_available: int = 0
    #: Whether each number checked against a stats question's answer was within its tolerance,
    #: oldest first (empty: no number checked, or no numeric answer).
    checks: tuple[bool, ...] = ()

    @property
    def test_fraction(self) -> float:
        """Hidden tests passed over tests run by ``verdict``, 0.0 when never judged."""
        v = self.verdict
        return min(v.get("passed", 0), v["total"]) / v["total"] if v and v.get("total") else 0.0


@dataclass(frozen=True)
class RoundEvidence:
    """The evidence of a round: time used and allowed (seconds), each question's evidence, takes."""

    round_type: str
    used_s: float
    allowed_s: float
    questions: tuple[QuestionEvidence, ...]
    takes: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_state(cls, state: RoundState, round_type: str, used_s: float, allowed_s: float) -> RoundEvidence:
        items = []
        for q in state.questions:
            qid = q.id
            items.append(
                _question(
                    q,
                    state.verdicts(qid),
                    state.ticks(qid),
                    state.revealed(qid),
                    state.notes(qid),
                    state.phase_notes(qid),
                    state.hints_taken(qid),
                    state.follow_ups(qid),
                    state.is_done(qid),
                    tuple(c.correct for c in state.checks(qid)),
                )
            )
        return cls(round_type, used_s, allowed_s, tuple(items), tuple(state.all_takes().values()))

    @classmethod
    def from_saved(
        cls,
        questions: Sequence[QuestionLike],
        answers: Sequence[Mapping[str, Any]],
        round_type: str,
        used_s: float,
        allowed_s: float,
    ) -> RoundEvidence:
        state = RoundState.from_saved(questions, [a.get("id", "") for a in answers], answers)
        takes = tuple(t for a in answers for t in a.get("recordings") or ())
        return cls.from_state(state, round_type, used_s, allowed_s)._with_takes(takes)

    def _with_takes(self, takes: tuple[Mapping[str, Any], ...]) -> RoundEvidence:
        return RoundEvidence(self.round_type, self.used_s, self.allowed_s, self.questions, takes)

    @property
    def coding(self) -> bool:
        return self.round_type in CODING_ROUND_TYPES

    @property
    def fraction(self) -> float | None:
        """The evidence as 0..1: coding rounds the mean test fraction of their questions; other
        rounds key points ticked over key points revealed; None when nothing was revealed."""
        if self.coding:
            return fmean(q.test_fraction for q in self.questions) if self.questions else None
        shown = sum(q.revealed_points for q in self.questions)
        return sum(q.ticked for q in self.questions) / shown if shown else None

    def lines(self) -> list[str]:
        """Short lines for the rubric dialog, e.g. ``"Two Sum: Submitted: Accepted, 12/12 tests passed"``."""
        out = [
            f"Time used: {format_clock(self.used_s).lstrip('-')} of {format_clock(self.allowed_s)} allowed"
        ]
        many = len(self.questions) > 1
        for q in self.questions:
            prefix = f"{q.title}: " if many else ""
            if self.coding:
                v = q.verdict
                if v:
                    label = "Submitted" if v.get("final") else "Last run"
                    growth = f"; growth ≈ {v['complexity']['candidate']}" if v.get("complexity") else ""
                    out.append(
                        f"{prefix}{label}: {v['verdict']}, {v['passed']}/{v['total']} tests passed"
                        f"{growth}; {q.runs} run{'s' if q.runs != 1 else ''}"
                    )
                else:
                    out.append(f"{prefix}the tests were never run.")
            if q.hints or (self.coding and q.hints_available and not many):
                out.append(f"{prefix}Hints: {hint_evidence(q.hints, max(q.hints_available, len(q.hints)))}")
            if q.follow_ups:
                probes = sorted({f.key_point + 1 for f in q.follow_ups if isinstance(f.key_point, int)})
                about = (
                    f" (probing key point{'s' if len(probes) > 1 else ''} {', '.join(map(str, probes))})"
                    if probes
                    else ""
                )
                out.append(
                    f"{prefix}{len(q.follow_ups)} follow-up{'s' if len(q.follow_ups) != 1 else ''} "
                    f"asked{about}"
                )
        if not self.coding:
            if any(q.sections > 1 for q in self.questions):
                noted = sum(len([n for n in q.noted if n]) for q in self.questions)
                total = sum(q.sections for q in self.questions)
                out.append(f"Sections with notes: {noted} of {total}")
            else:
                noted = sum(1 for q in self.questions if q.noted)
                out.append(f"Questions with notes: {noted} of {len(self.questions)}")
            if any(q.revealed for q in self.questions):
                out.append(
                    f"Key points ticked: {sum(q.ticked for q in self.questions)} of "
                    f"{sum(q.revealed_points for q in self.questions)} revealed"
                )
            else:
                out.append("Key points were not revealed.")
            out += _numbers_line(self.questions)
        if self.takes:
            out.append(_speaking(self.takes))
        return out


def _question(
    q: QuestionLike,
    verdicts: Sequence[Mapping[str, Any]],
    ticks: frozenset[int],
    revealed: frozenset[str],
    notes: str,
    phase_notes: Mapping[str, str],
    hints: tuple[HintTaken, ...],
    follow_ups: tuple[FollowUp, ...],
    done: bool,
    checks: tuple[bool, ...] = (),
) -> QuestionEvidence:
    final = [v for v in verdicts if v.get("final")]
    verdict = final[-1] if final else (verdicts[-1] if verdicts else None)
    secs = sections(q)
    shown = [(first, count) for key, first, count in secs if key in revealed]
    ticked = sum(1 for t in ticks for first, count in shown if first <= t < first + count)
    noted = tuple(k for k, text in phase_notes.items() if text.strip())
    if notes.strip():
        noted = ("", *noted)
    return QuestionEvidence(
        q.id,
        getattr(q, "title", q.id),
        verdict,
        len(verdicts),
        ticked,
        sum(c for _f, c in shown),
        len(shown),
        len(secs),
        noted,
        hints,
        follow_ups,
        done,
        len(getattr(q, "hints", ()) or ()),
        checks,
    )


def _numbers_line(questions: Sequence[QuestionEvidence]) -> list[str]:
    """The numeric answers checked (statistics rounds), e.g. ``"Numbers checked: 3 questions;
    2 right in the end, 1 at the first try"``; no line when no number was checked."""
    checked = [q.checks for q in questions if q.checks]
    if not checked:
        return []
    right = sum(1 for c in checked if c[-1])
    first = sum(1 for c in checked if c[0])
    n = len(checked)
    return [
        f"Numbers checked: {n} question{'s' if n != 1 else ''}; {right} right in the end, "
        f"{first} at the first try"
    ]


def _speaking(takes: Sequence[Mapping[str, Any]]) -> str:
    words = sum(r.get("words", 0) for r in takes)
    talk = sum(r.get("talk_time_s", 0.0) for r in takes)
    fillers = sum(sum((r.get("filler_counts") or {}).values()) for r in takes)
    pause = max((r.get("longest_pause_s", 0.0) for r in takes), default=0.0)
    pace = f"{words / (talk / 60):.0f} words/min" if talk else "no speech found"
    return (
        f"Speaking ({len(takes)} take{'s' if len(takes) != 1 else ''}): {pace}, "
        f"{100 * fillers / words if words else 0:.1f} fillers per 100 words, "
        f"longest pause {pause:.1f} s, talked {format_clock(talk)}"
    )
