"""STAR structure and I/we ownership on hand-written behavioral answers."""

from __future__ import annotations

from mockint.coverage import star_report

FULL = (
    "At my last job we had a churn model that nobody trusted. My job was to find out why within two weeks. "
    "So I pulled a month of logs and compared the training and serving features. Then I rewrote the label join. "
    "In the end false alarms dropped by 30 percent and I learned to check joins first."
)
NO_RESULT = (
    "Our team was running a fraud model at the time. I was asked to speed up retraining. "
    "I set up a nightly job and I rewrote the feature pipeline in SQL."
)
WE_STORY = (
    "We had a big migration. We needed to move everything. We split the work and we shipped it on time."
)


def test_full_story_has_all_four_parts_in_order_with_word_counts():
    r = star_report(FULL)
    assert [p.name for p in r.parts] == ["situation", "task", "action", "result"]
    assert r.missing == []
    assert [lab for _, lab in r.labels] == ["situation", "task", "action", "action", "result"]
    assert sum(p.words for p in r.parts) == len(FULL.split())
    assert abs(sum(p.share for p in r.parts) - 1.0) < 0.01


def test_missing_result_is_reported():
    r = star_report(NO_RESULT)
    assert r.missing == ["result"]
    assert r.parts[2].first_sentence.startswith("I set up")


def test_ownership_share_counts_i_against_we():
    assert star_report(WE_STORY).i_share == 0.0
    r = star_report(FULL)
    assert (r.i_count, r.we_count) == (5, 1) and r.i_share == 0.833  # my, my, I, I, I vs we
    assert star_report("").i_share is None and star_report("").missing == [
        "situation",
        "task",
        "action",
        "result",
    ]


def test_seconds_follow_the_take_duration():
    r = star_report(FULL, duration_s=60.0)
    assert abs(sum(p.seconds for p in r.parts) - 60.0) < 0.5
    assert star_report(FULL).parts[0].seconds == round(r.parts[0].words * 60 / 150, 1)
    assert set(r.to_json()) == {"parts", "missing", "i_count", "we_count", "i_share"}
