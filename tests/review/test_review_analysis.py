"""Analysis numbers on a real SQLite history recorded through the store, checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from review_helpers import Answer

from mockint.review.analysis import (
    calibration,
    dimension_trends,
    evidence_score,
    overall_band,
    time_use,
    weakest_dimensions,
)
from mockint.review.history import load_history
from mockint.review.overview import build_overview, key_point_totals, load_snapshot

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
DSA = {"problem_solving": 2, "coding": 3, "verification": 1, "communication": 3}
THEORY = {"correctness": 3, "depth": 2, "clarity": 4, "practical_judgement": 3}


def dsa(scores, answers=(), used_s=2600.0, **kw):
    return {
        "type": "dsa",
        "scores": scores,
        "answers": answers or [Answer("dsa.best-single-trade")],
        "used_s": used_s,
        **kw,
    }


def theory(scores, answers=(), used_s=2600.0, **kw):
    return {
        "type": "ml_theory",
        "scores": scores,
        "answers": answers or [Answer("theory.adaboost")],
        "used_s": used_s,
        **kw,
    }


def test_trends_follow_each_dimension_in_time_order_per_round_type(record, store) -> None:
    for day, ps in enumerate([2, 3, 4]):
        record.session(DAY0 + timedelta(days=day), [dsa(DSA | {"problem_solving": ps}), theory(THEORY)])
    history = load_history(store.review)
    trends = dimension_trends(history)
    assert [(t.round_type, t.dimension_id) for t in trends] == [
        ("dsa", "problem_solving"),
        ("dsa", "coding"),
        ("dsa", "verification"),
        ("dsa", "communication"),
        ("ml_theory", "correctness"),
        ("ml_theory", "depth"),
        ("ml_theory", "clarity"),
        ("ml_theory", "practical_judgement"),
    ]
    ps = trends[0]
    assert [p.score for p in ps.points] == [2, 3, 4]
    assert [p.when[:10] for p in ps.points] == ["2024-05-01", "2024-05-02", "2024-05-03"]
    assert ps.mean == 3.0
    only_theory = dimension_trends(history, "ml_theory")
    assert {t.round_type for t in only_theory} == {"ml_theory"} and len(only_theory) == 4


def test_weakest_dimensions_average_the_last_n_and_name_the_questions_that_pulled_them_down(
    record, store
) -> None:
    # verification: 4, 4, then 1, 2, 1 on three questions; only the last three count with last_n=3.
    plan = [
        (4, "dsa.autocomplete-three"),
        (4, "dsa.autocomplete-three"),
        (1, "dsa.best-single-trade"),
        (2, "dsa.broadcast-time"),
        (1, "dsa.autocomplete-three"),
    ]
    for day, (score, qid) in enumerate(plan):
        record.session(
            DAY0 + timedelta(days=day),
            [
                dsa(
                    {"problem_solving": 3, "coding": 3, "verification": score, "communication": 4},
                    [Answer(qid, title=f"Title of {qid}")],
                )
            ],
        )
    history = load_history(store.review)
    weak = weakest_dimensions(history, last_n=3, limit=2)
    assert [w.dimension_id for w in weak] == ["verification", "coding"]  # ties: by name
    verification = weak[0]
    assert verification.mean == pytest.approx(4 / 3) and verification.count == 3
    # Below the hire bar (1 or 2), lowest first, newest first among equals, each question once.
    assert [(q.question_id, q.score) for q in verification.questions] == [
        ("dsa.autocomplete-three", 1),
        ("dsa.best-single-trade", 1),
        ("dsa.broadcast-time", 2),
    ]
    assert verification.questions[0].question_title == "Title of dsa.autocomplete-three"
    assert weak[1].questions == ()  # all 3s: nothing on the no-hire side
    assert weakest_dimensions(history, last_n=5, limit=1)[0].mean == pytest.approx(12 / 5)
    with pytest.raises(ValueError):
        weakest_dimensions(history, last_n=0)


def test_time_use_counts_rounds_over_and_under_the_allowed_time(record, store) -> None:
    record.session(DAY0, [dsa(DSA, used_s=3000.0), theory(THEORY, used_s=2000.0)])
    record.session(DAY0 + timedelta(days=1), [dsa(DSA, used_s=2700.5)])  # within the one-second grace
    record.session(DAY0 + timedelta(days=2), [dsa(DSA, used_s=2400.0)])
    uses = {t.round_type: t for t in time_use(load_history(store.review))}
    assert list(uses) == ["dsa", "ml_theory"]
    d = uses["dsa"]
    assert (len(d.rounds), d.over, d.under) == (3, 1, 2)
    assert d.mean_over_s == pytest.approx((300 + 0.5 - 300) / 3)
    assert d.mean_used_s == pytest.approx((3000 + 2700.5 + 2400) / 3)
    assert d.mean_ratio == pytest.approx((3000 + 2700.5 + 2400) / 3 / 2700)
    assert (uses["ml_theory"].over, uses["ml_theory"].mean_over_s) == (0, -700.0)


def test_calibration_compares_self_scores_with_tests_passed_and_key_points_ticked(
    record, store, bank
) -> None:
    totals = key_point_totals(bank)
    assert totals["theory.adaboost"] == 5 and totals["theory.bagging-vs-boosting"] == 5
    # DSA: self 3.5; two questions: 5/10 passed (latest run), never judged → (0.5 + 0) / 2 = 0.25.
    record.session(
        DAY0,
        [
            dsa(
                {"problem_solving": 4, "coding": 4, "verification": 3, "communication": 3},
                [Answer("dsa.best-single-trade", verdicts=[(2, 10), (5, 10)]), Answer("dsa.broadcast-time")],
            )
        ],
    )
    # Theory: self 2.0; 3 of 5 and 1 of 5 ticked → 4/10; a question with nothing ticked gives no evidence.
    record.session(
        DAY0 + timedelta(days=1),
        [
            theory(
                {"correctness": 2, "depth": 2, "clarity": 2, "practical_judgement": 2},
                [
                    Answer("theory.adaboost", ticks=[0, 2, 4]),
                    Answer("theory.bagging-vs-boosting", ticks=[1]),
                    Answer("theory.bayes-rule-screening-test"),
                ],
            )
        ],
    )
    # Theory with nothing ticked at all: no evidence, left out.
    record.session(DAY0 + timedelta(days=2), [theory(THEORY)])
    cal = calibration(load_history(store.review), totals)
    assert [p.round_type for p in cal.points] == ["dsa", "ml_theory"]
    coding, talk = cal.points
    assert coding.fraction == pytest.approx(0.25) and coding.evidence_score == pytest.approx(1.75)
    assert coding.self_score == 3.5 and coding.gap == pytest.approx(1.75)
    assert coding.basis == "5/10 tests passed (1 of 2 questions never judged)"
    assert talk.fraction == pytest.approx(0.4) and talk.evidence_score == pytest.approx(2.2)
    assert talk.gap == pytest.approx(-0.2) and talk.basis == "4 of 10 key points ticked"
    assert cal.mean_gap == pytest.approx((1.75 - 0.2) / 2)
    assert cal.recent_gap(1) == pytest.approx(-0.2)
    assert cal.by_round_type() == {"dsa": pytest.approx(1.75), "ml_theory": pytest.approx(-0.2)}
    assert (evidence_score(0), evidence_score(0.5), evidence_score(1), evidence_score(2)) == (1, 2.5, 4, 4)


def test_overall_band_rounds_a_split_loop_down(record, store) -> None:
    record.session(
        DAY0, [dsa(DSA, recommendation="Leaning no hire"), theory(THEORY, recommendation="Leaning hire")]
    )
    record.session(
        DAY0 + timedelta(days=1),
        [
            dsa(DSA, recommendation="Strong hire"),
            theory(THEORY, recommendation="Leaning hire"),
            dsa(DSA, recommendation="Strong hire"),
        ],
    )
    record.session(DAY0 + timedelta(days=2), [{"type": "dsa", "answers": [Answer("dsa.broadcast-time")]}])
    first, second, unscored = load_history(store.review).sessions
    assert overall_band(first) == "Leaning no hire"  # mean 2.5
    assert overall_band(second) == "Strong hire"  # mean 3.67
    assert overall_band(unscored) is None


def test_overview_filters_by_round_type_and_local_days(record, store, bank) -> None:
    for day in range(5):
        rounds = [dsa(DSA)] if day % 2 else [dsa(DSA), theory(THEORY)]
        record.session(DAY0 + timedelta(days=day), rounds)
    snap = load_snapshot(store.review, DAY0 + timedelta(days=10))
    totals = key_point_totals(bank)
    everything = build_overview(snap, totals)
    assert len(everything.sessions) == 5
    assert everything.sessions[0].started_at > everything.sessions[-1].started_at  # newest first
    theory_only = build_overview(snap, totals, "ml_theory")
    assert len(theory_only.sessions) == 3
    assert theory_only.sessions[0].rounds == 2  # the session is described whole
    assert {t.round_type for t in theory_only.trends} == {"ml_theory"}
    days = build_overview(snap, totals, None, date(2024, 5, 2), date(2024, 5, 3), tz=UTC)
    assert [s.started_at[:10] for s in days.sessions] == ["2024-05-03", "2024-05-02"]
    assert {p.when[:10] for t in days.trends for p in t.points} == {"2024-05-02", "2024-05-03"}


def test_problem_solving_evidence_is_scored_against_hints_used(record, store, bank) -> None:

    record.session(DAY0, [dsa(DSA, [Answer("dsa.best-single-trade", verdicts=[(10, 10)])])])
    (session,) = [s["id"] for s in store.sessions.list()]
    answer_id = store.sessions.detail(session)["rounds"][0]["answers"][0]["id"]
    before = calibration(load_history(store.review), key_point_totals(bank)).points[0]
    assert before.fraction == 1.0 and before.basis == "10/10 tests passed"
    store.answers.add_hint(answer_id, 0, 300.0)
    store.answers.add_hint(answer_id, 1, 600.0)
    after = calibration(load_history(store.review), key_point_totals(bank)).points[0]
    assert after.fraction == pytest.approx(1 - 2 / 6)  # each of the 3 hints costs a sixth
    assert after.basis == "10/10 tests passed, 2 hints used"
