"""The general_system_design bank: a non-ML design round with phases, estimates, key points and
its own rubric (issue 16)."""

from __future__ import annotations

from pathlib import Path

from mockint.bank import DESIGN_ROUND_TYPES, load_paths
from mockint.bank.debrief_text import debrief_text
from mockint.bank.interviewer import content_gaps
from mockint.interview import practice_template

ROUNDS = Path(__file__).resolve().parents[2] / "rounds"

#: Words each prompt's phase names must contain, in this order: the steps of a general design round.
STEPS = ("requirements", "estimates", "api", "data model", "high-level", "deep dive", "reliability")

GOOD = """
id = "general-design.test"
round_type = "general_system_design"
title = "A test service"
difficulty = "easy"
topics = ["storage"]
minutes = 30
prompt = "Design a service."
estimates = ["1M requests/day ≈ 12 requests/s"]

[[phases]]
name = "Clarify requirements"
minutes = 10
key_points = ["asks about scale"]
follow_ups = ["What if traffic doubles?"]
outline = "I would ask about scale."

[[phases]]
name = "High-level design"
minutes = 10
key_points = ["a stateless service in front of a store"]
follow_ups = ["Where is the state?"]
outline = "A service and a store."

[[phases]]
name = "Reliability and trade-offs"
minutes = 10
key_points = ["replicates the store"]
follow_ups = ["A node dies. What now?"]
outline = "Three replicas."
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "design.toml"
    path.write_text(text, encoding="utf-8")
    return load_paths([path]), str(path)


def test_the_bundled_general_design_bank_has_twelve_prompts_through_every_step() -> None:
    bank = load_paths([ROUNDS / "general_system_design", ROUNDS / "rubrics", ROUNDS / "loops"])
    assert [str(i) for i in bank.issues] == []
    prompts = bank.by_round("general_system_design")
    assert len(prompts) >= 12
    assert len({q.title for q in prompts}) == len(prompts)
    for q in prompts:
        names = [p.name.lower() for p in q.phases]
        at = [next((i for i, n in enumerate(names) if step in n), -1) for step in STEPS]
        assert -1 not in at and at == sorted(at), f"{q.id}: phases {names}"
        assert sum(p.minutes for p in q.phases) == q.minutes, q.id
        assert all(len(p.key_points) >= 2 for p in q.phases), q.id
        assert len(q.estimates) >= 3 and any(c.isdigit() for e in q.estimates for c in e), q.id
        assert content_gaps(q) == [], q.id
        assert q.common_mistake.strip(), q.id
    rubric = bank.rubrics["general_system_design"]
    assert rubric.source.strip() and rubric.title != bank.rubrics["system_design"].title
    ids = {d.id for d in rubric.dimensions}
    assert {"requirements_scoping", "estimation", "data_storage", "scaling_bottlenecks"} <= ids
    assert all(len(d.anchors) == 4 and all(a.strip() for a in d.anchors) for d in rubric.dimensions)
    # Practice takes its length from a loop that has the round (Google-style), one prompt.
    spec = practice_template(bank, "general_system_design").rounds[0]
    assert (spec.round_type, spec.minutes, spec.questions) == ("general_system_design", 45, 1)


def test_a_general_design_prompt_loads_like_a_system_design_one(tmp_path: Path) -> None:
    assert DESIGN_ROUND_TYPES == ("system_design", "general_system_design")
    bank, _ = _load(tmp_path, GOOD)
    [q] = bank.questions.values()
    assert [p.name for p in q.phases] == [
        "Clarify requirements",
        "High-level design",
        "Reliability and trade-offs",
    ]
    assert q.public_view()["phases"][1] == {"name": "High-level design", "minutes": 10}
    text = debrief_text(q)
    assert "## High-level design" in text and "**Model outline.** Three replicas." in text
    assert "- What if traffic doubles?" in text
    assert text.index("## Numbers a strong answer estimates") < text.index("## Clarify requirements")
    assert "- 1M requests/day ≈ 12 requests/s" in text


def test_a_general_design_prompt_without_phases_or_estimates_names_the_field(tmp_path: Path) -> None:
    no_estimates = GOOD.replace('estimates = ["1M requests/day ≈ 12 requests/s"]\n', "")
    bank, path = _load(tmp_path, no_estimates)
    [issue] = bank.issues
    assert (issue.file, issue.field) == (path, "estimates") and bank.questions == {}
    two_phases = GOOD[: GOOD.rindex("[[phases]]")]
    bank, path = _load(tmp_path, two_phases)
    [issue] = bank.issues
    assert (issue.file, issue.field) == (path, "phases") and "at least 3" in issue.problem
    stray = GOOD.replace('title = "A test service"', 'title = "A test service"\nentry_point = "f"')
    bank, path = _load(tmp_path, stray)
    [issue] = bank.issues
    assert (issue.file, issue.field) == (path, "entry_point")
