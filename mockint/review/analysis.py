"""Numbers for the review page: score trends, weakest dimensions, time use, calibration.

Every function reads a :class:`~mockint.review.history.History` (filter it first with
``History.filtered``) and returns plain frozen dataclasses; nothing here touches the database.
Scores are rubric self-scores 1..4 (1 strong no hire ... 4 strong hire); times are ISO-8601 UTC
strings; durations are seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from mockint.bank.interviewer import HINT_COUNT
from mockint.bank.model import CODING_ROUND_TYPES, RECOMMENDATIONS, ROUND_TYPES
from mockint.interview.interviewer import hint_penalty
from mockint.review.history import History, RoundRecord, SessionRecord

#: Scores below this are on the no-hire side of the rubric (1 and 2); see :func:`weakest_dimensions`.
HIRE_BAR = 3
#: How many of the latest scores of a dimension :func:`weakest_dimensions` averages by default.
DEFAULT_LAST_N = 5
#: Seconds of slack before a round counts as over time (the summary page uses the same second).
OVER_TIME_GRACE_S = 1.0


def _type_order(round_type: str) -> int:
    return ROUND_TYPES.index(round_type) if round_type in ROUND_TYPES else len(ROUND_TYPES)


# -- sessions ----------------------------------------------------------------------------------


def overall_band(session: SessionRecord) -> str | None:
    """The session's overall recommendation band, or ``None`` when no round has one
    (:func:`band_of` its rounds' recommendations)."""
    return band_of(r.recommendation for r in session.rounds)


def band_of(recommendations: Iterable[str | None]) -> str | None:
    """The overall band of some rounds' recommendations, or ``None`` when none is one of
    ``RECOMMENDATIONS``.

    Each round's recommendation is a level 1..4 (its index in ``RECOMMENDATIONS`` plus one); the
    band is the level nearest their mean, a mean exactly between two levels going to the lower
    one, as a hiring committee reads a split loop conservatively.
    """
    levels = [RECOMMENDATIONS.index(r) + 1 for r in recommendations if r in RECOMMENDATIONS]
    if not levels:
        return None
    mean = fmean(levels)
    level = int(mean) + (1 if mean - int(mean) > 0.5 else 0)
    return RECOMMENDATIONS[level - 1]


# -- trends ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One score of a dimension: when the round started, the score, and which round it was."""

    when: str
    score: int
    round_id: str
    session_id: str


@dataclass(frozen=True)
class Trend:
    """The scores of one rubric dimension of one round type, oldest first."""

    round_type: str
    dimension_id: str
    name: str
    points: tuple[TrendPoint, ...]

    @property
    def mean(self) -> float:
        return fmean(p.score for p in self.points)


def dimension_trends(history: History, round_type: str | None = None) -> list[Trend]:
    """Per-dimension scores over time, per round type (only ``round_type`` when given).

    Dimensions are keyed by (round type, dimension id), since two rubrics may share an id such as
    ``coding``; the name shown is the latest one recorded. Ordered by round type (onsite order),
    then by the rubric's order of dimensions.
    """
    points: dict[tuple[str, str], list[TrendPoint]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    order: dict[tuple[str, str], int] = {}
    for r in history.scored_rounds(round_type):
        for i, s in enumerate(r.scores):
            key = (r.round_type, s.dimension_id)
            points[key].append(TrendPoint(r.when, s.score, r.id, r.session_id))
            names[key] = s.name
            order[key] = i
    keys = sorted(points, key=lambda k: (_type_order(k[0]), k[0], order[k], k[1]))
    return [Trend(k[0], k[1], names[k], tuple(points[k])) for k in keys]


# -- weakest dimensions ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionHit:
    """A question asked in a round where a dimension scored below :data:`HIRE_BAR`."""

    question_id: str
    question_title: str
    score: int
    when: str


@dataclass(frozen=True)
class WeakDimension:
    """A dimension's mean over its last ``count`` scores, and the questions that pulled it down."""

    round_type: str
    dimension_id: str
    name: str
    mean: float
    count: int
    questions: tuple[QuestionHit, ...]


def weakest_dimensions(
    history: History,
    last_n: int = DEFAULT_LAST_N,
    limit: int | None = 5,
    round_type: str | None = None,
    trends: list[Trend] | None = None,
) -> list[WeakDimension]:
    """Dimensions with the lowest mean of their last ``last_n`` scores, weakest first.

    The questions that pulled a dimension down are those asked in the rounds of that window where
    it scored below :data:`HIRE_BAR` (a 1 or 2, the no-hire side of every rubric), lowest score
    first, each question once (its lowest score). Ties on the mean go to the dimension with more
    scores, then by name. ``limit`` caps the list (``None``: every dimension). Pass ``trends``
    when :func:`dimension_trends` of the same history and round type is at hand.
    """
    if last_n < 1:
        raise ValueError(f"last_n must be at least 1, got {last_n}")
    rounds = {r.id: r for r in history.rounds()}
    weak = []
    for trend in trends if trends is not None else dimension_trends(history, round_type):
        window = trend.points[-last_n:]
        hits: dict[str, QuestionHit] = {}
        for point in window:
            if point.score >= HIRE_BAR:
                continue
            for a in rounds[point.round_id].answers:
                seen = hits.get(a.question_id)
                if seen is None or (point.score, seen.when) <= (seen.score, point.when):
                    hits[a.question_id] = QuestionHit(
                        a.question_id, a.question_title, point.score, point.when
                    )
        newest_first = sorted(hits.values(), key=lambda h: (h.when, h.question_id), reverse=True)
        questions = tuple(sorted(newest_first, key=lambda h: h.score))
        weak.append(
            WeakDimension(
                trend.round_type,
                trend.dimension_id,
                trend.name,
                fmean(p.score for p in window),
                len(window),
                questions,
            )
        )
    weak.sort(key=lambda w: (w.mean, -w.count, w.name, w.round_type))
    return weak if limit is None else weak[:limit]


# -- time use ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundTime:
    """Time used by one finished round against the time allowed; ``over_s`` < 0 means time to spare."""

    round_id: str
    round_type: str
    when: str
    used_s: float
    allowed_s: float

    @property
    def over_s(self) -> float:
        return self.used_s - self.allowed_s

    @property
    def is_over(self) -> bool:
        return self.over_s > OVER_TIME_GRACE_S


@dataclass(frozen=True)
class TimeUse:
    """Time use of one round type's finished rounds.

    ``over`` counts rounds that ran past the allowed time by more than :data:`OVER_TIME_GRACE_S`;
    ``under`` the rest (finished within the time). ``mean_over_s`` is the mean of used − allowed
    (negative: time to spare on average); ``mean_ratio`` the mean of used / allowed.
    """

    round_type: str
    rounds: tuple[RoundTime, ...]

    @property
    def over(self) -> int:
        return sum(r.is_over for r in self.rounds)

    @property
    def under(self) -> int:
        return len(self.rounds) - self.over

    @property
    def mean_used_s(self) -> float:
        return fmean(r.used_s for r in self.rounds)

    @property
    def mean_allowed_s(self) -> float:
        return fmean(r.allowed_s for r in self.rounds)

    @property
    def mean_over_s(self) -> float:
        return fmean(r.over_s for r in self.rounds)

    @property
    def mean_ratio(self) -> float:
        return fmean(r.used_s / r.allowed_s if r.allowed_s > 0 else 1.0 for r in self.rounds)


def time_use(history: History, round_type: str | None = None) -> list[TimeUse]:
    """Time used against time allowed, per round type (onsite order), finished rounds only."""
    grouped: dict[str, list[RoundTime]] = defaultdict(list)
    for r in history.rounds():
        if r.status == "finished" and round_type in (None, r.round_type):
            grouped[r.round_type].append(RoundTime(r.id, r.round_type, r.when, r.used_s, r.allowed_s))
    return [
        TimeUse(t, tuple(sorted(grouped[t], key=lambda x: x.when)))
        for t in sorted(grouped, key=lambda t: (_type_order(t), t))
    ]


# -- calibration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationPoint:
    """A scored round's self-score against the evidence, both on the 1..4 scale.

    ``fraction`` is the evidence as a fraction 0..1 (tests passed, or key points ticked);
    ``basis`` says what it was in words; ``gap`` is self − evidence (positive: you rated yourself
    above what the evidence shows).
    """

    round_id: str
    session_id: str
    round_type: str
    when: str
    self_score: float
    evidence_score: float
    fraction: float
    basis: str

    @property
    def gap(self) -> float:
        return self.self_score - self.evidence_score


@dataclass(frozen=True)
class Calibration:
    """Every round with evidence, oldest first, and the mean gap overall and per round type."""

    points: tuple[CalibrationPoint, ...]

    @property
    def mean_gap(self) -> float | None:
        return fmean(p.gap for p in self.points) if self.points else None

    def recent_gap(self, last_n: int = DEFAULT_LAST_N) -> float | None:
        """Mean gap of the last ``last_n`` rounds (the direction calibration is moving in)."""
        return fmean(p.gap for p in self.points[-last_n:]) if self.points else None

    def by_round_type(self) -> dict[str, float]:
        """Mean gap per round type, in onsite order."""
        grouped: dict[str, list[float]] = defaultdict(list)
        for p in self.points:
            grouped[p.round_type].append(p.gap)
        return {t: fmean(grouped[t]) for t in sorted(grouped, key=lambda t: (_type_order(t), t))}


def evidence_score(fraction: float) -> float:
    """Map evidence 0..1 linearly onto the rubric's 1..4 scale: 0 → 1, 0.5 → 2.5, 1 → 4."""
    return 1.0 + 3.0 * min(max(fraction, 0.0), 1.0)


def round_evidence(r: RoundRecord, key_point_totals: Mapping[str, int]) -> tuple[float, str] | None:
    """The evidence of one round as (fraction 0..1, words), or ``None`` when there is none.

    Coding rounds (``CODING_ROUND_TYPES``): for each question, the fraction of hidden tests its
    latest verdict passed, 0 when the code was never judged, less a sixth for each of its three
    hints taken (all three halve it: problem solving is scored against the hints used); the
    round's fraction is their mean.

    Other rounds: key points ticked over the key points of the questions whose points were
    revealed (``key_point_totals`` maps question id to how many it has, from the bank). The store
    keeps what was ticked, not what was revealed, so a question counts as revealed when at least
    one of its points is ticked; a question with nothing ticked gives no evidence rather than
    evidence of zero.
    """
    if r.round_type in CODING_ROUND_TYPES:
        fractions = []
        passed = total = 0
        for a in r.answers:
            if a.total:  # problem solving is scored against the hints used: each costs 1/6 of the tests
                fractions.append(
                    min(a.passed or 0, a.total) / a.total * (1 - hint_penalty(a.hints, HINT_COUNT) / 2)
                )
                passed += min(a.passed or 0, a.total)
                total += a.total
            else:
                fractions.append(0.0)
        if not fractions:
            return None
        judged = sum(1 for a in r.answers if a.total)
        words = f"{passed}/{total} tests passed" if total else "tests never run"
        if judged < len(r.answers):
            words += f" ({len(r.answers) - judged} of {len(r.answers)} questions never judged)"
        hints = sum(a.hints for a in r.answers)
        if hints:
            words += f", {hints} hint{'s' if hints != 1 else ''} used"
        return fmean(fractions), words
    ticked = shown = 0
    for a in r.answers:
        points = key_point_totals.get(a.question_id, 0)
        if points > 0 and a.ticked > 0:
            ticked += min(a.ticked, points)
            shown += points
    if not shown:
        return None
    return ticked / shown, f"{ticked} of {shown} key points ticked"


def calibration(
    history: History, key_point_totals: Mapping[str, int], round_type: str | None = None
) -> Calibration:
    """Self-score (mean of a round's dimension scores) against :func:`round_evidence`, per round.

    Rounds without scores or without evidence are left out.
    """
    points = []
    for r in history.scored_rounds(round_type):
        found = round_evidence(r, key_point_totals)
        if found is None:
            continue
        fraction, basis = found
        points.append(
            CalibrationPoint(
                r.id,
                r.session_id,
                r.round_type,
                r.when,
                r.mean_score or 0.0,
                evidence_score(fraction),
                fraction,
                basis,
            )
        )
    return Calibration(tuple(points))
