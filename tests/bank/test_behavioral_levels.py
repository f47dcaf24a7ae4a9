"""A behavioral question's ``[levels]`` table: parsed and validated, kept out of the candidate's
view, shown in the debrief (text, ``bank show --json --debrief``, the round debrief)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockint.bank import load_paths
from mockint.bank.debrief_text import debrief_text
from mockint.bank.interviewer import content_gaps, debrief_view
from mockint.interview.debrief import question_debrief

BEHAVIORAL = """
[[questions]]
id = "beh.x"
round_type = "behavioral"
title = "A time you shipped"
difficulty = "medium"
competencies = ["ownership"]
topics = ["ownership"]
minutes = 6
prompt = "Tell me about a time you shipped."
key_points = ["Own actions.", "Measured result."]
[questions.levels]
junior = "Their own task, finished and tested."
senior = "A project across the team, with others' work coordinated."
staff = "Work across teams that changed how the org ships."
[[questions.follow_ups]]
text = "What did you do yourself?"
[[questions.follow_ups]]
text = "How did you measure it?"
"""

LEVELS_BLOCK = BEHAVIORAL[
    BEHAVIORAL.index("[questions.levels]") : BEHAVIORAL.index("[[questions.follow_ups]]")
]


def load(tmp_path: Path, text: str):
    path = tmp_path / "behavioral" / "b.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, load_paths([tmp_path])


def test_levels_parse_in_order(tmp_path: Path) -> None:
    _, bank = load(tmp_path, BEHAVIORAL)
    assert bank.issues == []
    q = bank.questions["beh.x"]
    assert q.levels == (
        ("junior", "Their own task, finished and tested."),
        ("senior", "A project across the team, with others' work coordinated."),
        ("staff", "Work across teams that changed how the org ships."),
    )
    assert content_gaps(q) == []


@pytest.mark.parametrize(
    ("block", "field", "problem"),
    [
        ('levels = "senior things"\n', "questions[0].levels", "expected a table, got a string"),
        (
            LEVELS_BLOCK.replace('senior = "A project', 'mid = "A project'),
            "questions[0].levels.mid",
            "unknown field (check its spelling)",
        ),
        (
            LEVELS_BLOCK.replace('staff = "Work across teams that changed how the org ships."\n', ""),
            "questions[0].levels.staff",
            "missing",
        ),
        (
            LEVELS_BLOCK.replace('"Their own task, finished and tested."', '"  "'),
            "questions[0].levels.junior",
            "must not be empty",
        ),
        (
            LEVELS_BLOCK.replace('"Their own task, finished and tested."', "3"),
            "questions[0].levels.junior",
            "expected a string, got a whole number",
        ),
    ],
)
def test_a_bad_levels_value_names_file_and_field(
    tmp_path: Path, block: str, field: str, problem: str
) -> None:
    text = BEHAVIORAL.replace(LEVELS_BLOCK, block)
    if not block.startswith("["):  # a plain key must come before the sub-tables
        text = BEHAVIORAL.replace(LEVELS_BLOCK, "").replace("key_points = [", block + "key_points = [")
    path, bank = load(tmp_path, text)
    assert [str(i) for i in bank.issues] == [f"{path}: {field}: {problem}"]
    assert bank.questions == {}


def test_missing_levels_load_but_are_a_content_gap(tmp_path: Path) -> None:
    _, bank = load(tmp_path, BEHAVIORAL.replace(LEVELS_BLOCK, ""))
    q = bank.questions["beh.x"]
    assert q.levels == ()
    assert [field for field, _ in content_gaps(q)] == ["levels"]
    assert "levels" not in debrief_view(q)


def test_levels_are_in_the_debrief_and_never_in_the_candidate_view(tmp_path: Path) -> None:
    _, bank = load(tmp_path, BEHAVIORAL)
    q = bank.questions["beh.x"]
    assert "levels" not in q.public_view()
    assert "own task" not in json.dumps(q.public_view())
    assert debrief_view(q)["levels"] == {
        "junior": "Their own task, finished and tested.",
        "senior": "A project across the team, with others' work coordinated.",
        "staff": "Work across teams that changed how the org ships.",
    }
    text = debrief_text(q)
    section = text[text.index("# What a strong story shows at each level") :]
    assert section.splitlines()[2:5] == [
        "- **Junior:** Their own task, finished and tested.",
        "- **Senior:** A project across the team, with others' work coordinated.",
        "- **Staff:** Work across teams that changed how the org ships.",
    ]
    # the round's debrief screen reads question_debrief: the levels are there after the answer
    assert "- **Staff:** Work across teams" in question_debrief(q, {"notes": "my story"})


def test_every_bundled_behavioral_question_has_levels() -> None:
    from mockint.bank import load_bank
    from mockint.paths import rounds_dir

    bank = load_bank([rounds_dir()])
    behavioral = [q for q in bank.questions.values() if q.round_type == "behavioral"]
    assert len(behavioral) >= 80
    assert [q.id for q in behavioral if [lv for lv, _ in q.levels] != ["junior", "senior", "staff"]] == []


def test_bank_show_json_debrief_has_levels_and_the_plain_view_has_not(tmp_path: Path) -> None:
    def show(*extra: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "mockint", "bank", "show", "behavioral.unasked-problem", "--json", *extra]
            + ["--data-dir", str(tmp_path / "data")],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        return json.loads(out)

    plain, debrief = show(), show("--debrief")
    assert "levels" not in plain
    assert set(debrief["levels"]) == {"junior", "senior", "staff"}
    assert all(text.strip() for text in debrief["levels"].values())
    assert {k: v for k, v in debrief.items() if k in plain} == plain  # the candidate's fields unchanged
