"""The stats_probability bank: its numeric answers load, and a malformed one names file and field (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockint.bank import load_paths
from mockint.bank.debrief_text import debrief_text
from mockint.bank.interviewer import content_gaps

ROUNDS = Path(__file__).resolve().parents[2] / "rounds"

GOOD = """
[[questions]]
id = "stats.test-die"
round_type = "stats_probability"
title = "A die"
difficulty = "easy"
topics = ["probability"]
minutes = 3
prompt = "Expected value of a fair die?"
answer = 3.5
tolerance = 0.01
unit = "pips"
solution = "Sum 1..6 over 6."
key_points = ["uses symmetry", "sums the faces", "gets 3.5"]
model_answer = "It is 3.5 by symmetry."

[[questions.follow_ups]]
text = "And two dice?"
key_point = 3

[[questions.follow_ups]]
text = "And the variance?"
key_point = 2
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "stats.toml"
    path.write_text(text, encoding="utf-8")
    return load_paths([path]), str(path)


def test_a_numeric_question_loads_with_its_answer(tmp_path: Path) -> None:
    bank, _ = _load(tmp_path, GOOD)
    assert bank.issues == []
    q = bank.find("stats.test-die")
    assert (q.numeric.value, q.numeric.tolerance, q.numeric.kind, q.numeric.unit) == (
        3.5,
        0.01,
        "absolute",
        "pips",
    )
    assert q.solution == "Sum 1..6 over 6."
    assert content_gaps(q) == []
    assert "numeric" in q.public_view() and "3.5" not in str(q.public_view()["numeric"])  # never the number
    text = debrief_text(q)
    assert "**Answer:** 3.5 pips (± 0.01)" in text and "Worked solution" in text


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ("answer = 3.5", 'answer = "3.5"', "questions[0].answer", "expected a number"),
        ("tolerance = 0.01", "tolerance = 0", "questions[0].tolerance", "greater than 0"),
        ("tolerance = 0.01", "tolerance = 4", "questions[0].tolerance", "would accept 0"),
        ("tolerance = 0.01", "", "questions[0].tolerance", "missing"),
        (
            "tolerance = 0.01",
            'tolerance = 0.01\ntolerance_kind = "percent"',
            "questions[0].tolerance_kind",
            "not one of",
        ),
        (
            "tolerance = 0.01",
            'tolerance = 1.5\ntolerance_kind = "relative"',
            "questions[0].tolerance",
            "would accept 0",
        ),
        ('solution = "Sum 1..6 over 6."', "", "questions[0].solution", "missing"),
        (
            'answer = 3.5\ntolerance = 0.01\nunit = "pips"\n',
            'unit = "pips"\n',
            "questions[0].unit",
            "without an answer",
        ),
        ("answer = 3.5", "answr = 3.5", "questions[0].answr", "unknown field"),
    ],
)
def test_a_malformed_numeric_answer_names_file_and_field(tmp_path, old, new, field, problem) -> None:
    assert old in GOOD
    bank, path = _load(tmp_path, GOOD.replace(old, new, 1))
    assert bank.questions == {}
    [issue] = bank.issues
    assert (issue.file, issue.field) == (path, field)
    assert problem in issue.problem


def test_the_bundled_stats_bank_is_complete() -> None:
    bank = load_paths([ROUNDS / "stats_probability", ROUNDS / "rubrics"])
    assert bank.issues == []
    stats = bank.by_round("stats_probability")
    numeric = [q for q in stats if q.numeric is not None]
    assert len(stats) >= 60 and len(numeric) > len(stats) / 2
    assert [q.id for q in stats if content_gaps(q)] == []
    assert all(q.solution.strip() for q in numeric)
    rubric = bank.rubrics["stats_probability"]
    assert rubric.source and all(len(d.anchors) == 4 for d in rubric.dimensions)
