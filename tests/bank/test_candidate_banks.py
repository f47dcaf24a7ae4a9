"""Issue 16: the project deep dive and hiring-manager banks: sizes, families, follow-ups, rubrics,
and the planner's order for them."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from mockint.bank import load_bank
from mockint.bank.debrief_text import debrief_text
from mockint.bank.fields import Invalid
from mockint.bank.interviewer import content_gaps
from mockint.bank.model import HIRING_MANAGER_FAMILIES, PROJECT_FAMILIES, RoundSpec
from mockint.bank.parse import parse_question
from mockint.interview.planner import pick_questions
from mockint.paths import rounds_dir

BANK = load_bank([rounds_dir()])


def test_at_least_25_probes_in_at_least_5_families_each_with_key_points_and_follow_ups() -> None:
    probes = BANK.by_round("project_deep_dive")
    families = Counter(q.family for q in probes)
    assert len(probes) >= 25 and len(families) >= 5 and set(families) <= set(PROJECT_FAMILIES)
    for q in probes:
        assert len(q.key_points) >= 3 and 2 <= len(q.follow_ups) <= 3 and not content_gaps(q), q.id
        assert "/project_deep_dive/" in q.source_file.replace("\\", "/")


def test_at_least_30_hiring_manager_questions_covering_every_family() -> None:
    hm = BANK.by_round("hiring_manager")
    assert len(hm) >= 30 and {q.family for q in hm} == set(HIRING_MANAGER_FAMILIES)
    invites = [q for q in hm if q.asks_for_questions]
    assert invites and all(q.family == "your_questions" for q in invites)
    assert all(len(q.key_points) >= 3 and len(q.follow_ups) >= 2 and not content_gaps(q) for q in hm)
    assert "questions for me" in " ".join(q.prompt for q in invites)


def test_rubrics_have_the_dimensions_asked_for_with_four_anchors_and_a_source() -> None:
    deep = BANK.rubrics["project_deep_dive"]
    assert [d.id for d in deep.dimensions] == ["depth", "ownership", "impact", "communication"]
    hm = BANK.rubrics["hiring_manager"]
    assert {"motivation", "scope", "team_fit", "candidate_questions"} <= {d.id for d in hm.dimensions}
    for rubric in (deep, hm):
        assert rubric.source.strip() and all(len(d.anchors) == 4 for d in rubric.dimensions)
        assert len(rubric.recommendation_anchors) == 4


def test_a_hiring_manager_round_ends_with_one_invitation_and_a_deep_dive_follows_the_families() -> None:
    for seed in range(5):
        hm = pick_questions(BANK, RoundSpec("hiring_manager", 30, questions=5), {}, rng=random.Random(seed))
        assert len(hm) == 5 and [q.asks_for_questions for q in hm] == [False] * 4 + [True]
        deep = pick_questions(
            BANK, RoundSpec("project_deep_dive", 45, questions=8), {}, rng=random.Random(seed)
        )
        order = [PROJECT_FAMILIES.index(q.family) for q in deep]
        assert order == sorted(order) and len(deep) == 8
    one = pick_questions(BANK, RoundSpec("hiring_manager", 5, questions=1), {}, rng=random.Random(1))
    assert len(one) == 1


def test_a_family_outside_the_list_is_refused_naming_the_field() -> None:
    table = {
        "id": "x.q",
        "round_type": "project_deep_dive",
        "family": "vibes",
        "title": "T",
        "difficulty": "easy",
        "topics": ["t"],
        "minutes": 3,
        "prompt": "P",
        "key_points": ["a", "b"],
    }
    with pytest.raises(Invalid) as err:
        parse_question(table, "questions[0]", "x.toml")
    assert (
        err.value.field == "questions[0].family" and "'vibes' is not one of motivation" in err.value.problem
    )
    table["family"] = "data"
    table["asks_for_questions"] = True  # only a hiring-manager prompt invites the candidate's questions
    with pytest.raises(Invalid, match="unknown field"):
        parse_question(table, "questions[0]", "x.toml")
    table.update(round_type="hiring_manager", family="your_questions", asks_for_questions="yes")
    with pytest.raises(Invalid, match="expected true or false"):
        parse_question(table, "questions[0]", "x.toml")


def test_debrief_shows_key_points_and_follow_ups() -> None:
    q = BANK.find("deep_dive.ten-times-data")
    text = debrief_text(q, BANK)
    assert "## Key points" in text and "## Follow-ups" in text and q.follow_ups[0].text in text
