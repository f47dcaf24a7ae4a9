"""The interviewer's content: hints, editorials, follow-ups, model answers and outlines, read from
real TOML files, checked for completeness, and kept out of the candidate's view."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockint.bank import load_bank, load_paths
from mockint.bank.debrief_text import debrief_markdown
from mockint.bank.interviewer import content_gaps, debrief_view

THEORY = """
[[questions]]
id = "t.q"
round_type = "ml_theory"
title = "Why not accuracy"
difficulty = "easy"
topics = ["metrics"]
minutes = 4
prompt = "When is accuracy a poor metric?"
key_points = ["Imbalance hides failure", "Costs of errors differ", "Use PR curves"]
common_mistake = "Quoting accuracy on rare events."
model_answer = "Accuracy counts every error alike..."
[[questions.follow_ups]]
text = "At a 1:1000 ratio, what does 99.9 % accuracy tell you?"
key_point = {kp}
[[questions.follow_ups]]
text = "Which curve would you plot instead?"
key_point = 3
"""

CODING = """
id = "c.sum"
round_type = "dsa"
title = "Sum"
difficulty = "easy"
topics = ["arrays"]
minutes = 5
prompt = "Add the numbers."
entry_point = "total"
starter = "def total(xs):\\n    pass\\n"
reference = "def total(xs):\\n    return sum(xs)\\n"
hints = {hints}
editorial = "One pass: keep a running sum. O(n) time, O(1) space."
[[tests]]
args = [[1, 2]]
expected = 3
sample = true
"""

DESIGN = """
id = "sd.x"
round_type = "system_design"
title = "Feed"
difficulty = "medium"
topics = ["recsys"]
minutes = 45
prompt = "Design a feed."
estimates = ["1e8 users"]
[[phases]]
name = "Requirements"
minutes = 5
key_points = ["Goal metric"]
follow_ups = ["What if the labels arrive a week late?"]
outline = "Clarify the objective..."
[[phases]]
name = "Model"
minutes = 20
key_points = ["Two towers"]
follow_ups = ["Traffic grows ten times: what breaks first?"]
outline = "Retrieve then rank..."
[[phases]]
name = "Serving"
minutes = 20
key_points = ["Latency budget"]
"""

PHONE = """
id = "phone.x"
round_type = "phone_screen"
title = "Phone"
difficulty = "easy"
topics = ["mixed"]
minutes = 30
prompt = "A phone screen."
[[parts]]
kind = "coding"
title = "Sum"
minutes = 15
prompt = "Add the numbers."
problem = "{problem}"
[[parts]]
kind = "theory"
title = "Accuracy"
minutes = 5
prompt = "When is accuracy poor?"
key_points = ["Imbalance", "Costs"]
model_answer = "When classes are imbalanced..."
[[parts.follow_ups]]
text = "And with costs?"
key_point = 2
[[parts.follow_ups]]
text = "What would you report?"
key_point = 1
"""


def _bank(tmp_path: Path, **files: str) -> Path:
    root = tmp_path / "bank"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / f"{name}.toml").write_text(text, encoding="utf-8")
    return root


def test_theory_follow_ups_parse_and_link_their_key_point(tmp_path: Path) -> None:
    bank = load_paths([_bank(tmp_path, theory=THEORY.format(kp=1))])
    assert not bank.issues
    q = bank.find("t.q")
    assert q.model_answer.startswith("Accuracy counts")
    assert [(f.text[:9], f.key_point) for f in q.follow_ups] == [("At a 1:10", 1), ("Which cur", 3)]
    view = debrief_view(q)
    assert view["follow_ups"][1]["probes"] == "Use PR curves"
    assert content_gaps(q) == []


def test_a_follow_up_probing_a_key_point_that_does_not_exist_names_its_field(tmp_path: Path) -> None:
    bank = load_paths([_bank(tmp_path, theory=THEORY.format(kp=4))])
    assert not bank.questions
    (issue,) = bank.issues
    assert issue.field == "questions[0].follow_ups[0].key_point"
    assert "only 3 key points" in issue.problem


def test_a_hint_ladder_must_have_three_rungs(tmp_path: Path) -> None:
    bank = load_paths([_bank(tmp_path, c=CODING.format(hints='["a", "b"]'))])
    (issue,) = bank.issues
    assert issue.field == "hints" and "expected 3 entries, got 2" in issue.problem
    good = load_paths([_bank(tmp_path, c=CODING.format(hints='["notice", "approach", "step"]'))])
    q = good.find("c.sum")
    assert q.hints == ("notice", "approach", "step") and content_gaps(q) == []


def test_the_candidate_view_never_holds_the_interviewer_content(tmp_path: Path) -> None:
    bank = load_paths(
        [_bank(tmp_path, c=CODING.format(hints='["notice", "approach", "step"]'), theory=THEORY.format(kp=1))]
    )
    for q in bank.questions.values():
        text = json.dumps(q.public_view())
        for secret in ("notice", "running sum", "return sum", "Accuracy counts", "1:1000"):
            assert secret not in text
    coding = debrief_view(bank.find("c.sum"))
    assert coding["hints"] == ["notice", "approach", "step"]
    assert "return sum(xs)" in coding["reference"] and "running sum" in coding["editorial"]


def test_content_gaps_name_what_each_kind_lacks(tmp_path: Path) -> None:
    bare_theory = THEORY.format(kp=1).split("model_answer")[0]
    bank = load_paths(
        [
            _bank(
                tmp_path,
                theory=bare_theory,
                c=CODING.format(hints="[]").replace("hints = []\n", ""),
                sd=DESIGN,
            )
        ]
    )
    assert not bank.issues
    assert content_gaps(bank.find("t.q")) == [
        ("model_answer", "missing"),
        ("follow_ups", "expected 2–3 follow-ups, got 0"),
    ]
    assert [g[0] for g in content_gaps(bank.find("c.sum"))] == ["hints"]
    assert content_gaps(bank.find("sd.x")) == [
        ("phases[2].follow_ups", "missing: at least one follow-up"),
        ("phases[2].outline", "missing"),
    ]


def test_phone_coding_part_names_a_loaded_coding_problem(tmp_path: Path) -> None:
    root = _bank(tmp_path, c=CODING.format(hints='["n", "a", "s"]'), phone=PHONE.format(problem="c.sum"))
    bank = load_bank([root])
    assert not bank.issues
    phone = bank.find("phone.x")
    assert phone.parts[0].problem == "c.sum" and content_gaps(phone, bank) == []
    parts = debrief_view(phone, bank)["parts"]
    assert parts[0]["hints"] == ["n", "a", "s"] and parts[1]["follow_ups"][0]["probes"] == "Costs"
    (root / "phone.toml").write_text(PHONE.format(problem="c.missing"), encoding="utf-8")
    broken = load_bank([root])
    assert [(i.field, i.problem) for i in broken.issues] == [
        ("parts[0].problem", "'c.missing' is not a loaded coding question")
    ]


def test_debrief_markdown_has_every_section(tmp_path: Path) -> None:
    bank = load_paths([_bank(tmp_path, sd=DESIGN)])
    text = debrief_markdown(bank.find("sd.x"), bank)
    assert "## Feed" in text and "### Model" in text
    assert "**Model outline.** Retrieve then rank..." in text
    assert "- Traffic grows ten times: what breaks first?" in text


@pytest.mark.parametrize("debrief", [False, True])
def test_bank_show_debrief_adds_the_interviewer_side_only_when_asked(tmp_path: Path, debrief: bool) -> None:
    data = tmp_path / "data"
    pack = data / "packs" / "mine"
    pack.mkdir(parents=True)
    (pack / "t.toml").write_text(THEORY.format(kp=2), encoding="utf-8")
    args = [sys.executable, "-m", "mockint", "bank", "show", "t.q", "--json", "--data-dir", str(data)]
    out = subprocess.run(
        args + (["--debrief"] if debrief else []), capture_output=True, text=True, timeout=120, check=True
    ).stdout
    view = json.loads(out)
    assert view["statement"] == "When is accuracy a poor metric?"
    assert ("model_answer" in view) is debrief and ("follow_ups" in view) is debrief
    if debrief:
        assert view["follow_ups"][0] == {
            "text": "At a 1:1000 ratio, what does 99.9 % accuracy tell you?",
            "key_point": 2,
            "probes": "Costs of errors differ",
        }


def test_bank_check_fails_on_a_question_that_lacks_interviewer_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    pack = data / "packs" / "mine"
    pack.mkdir(parents=True)
    (pack / "t.toml").write_text(THEORY.format(kp=2).split("model_answer")[0], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mockint", "bank", "check", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert f"{pack / 't.toml'}: t.q: model_answer: interviewer content missing" in result.stdout.splitlines()
    assert "1 question lacks interviewer content" in result.stderr


def test_bank_check_of_one_phone_file_finds_its_coding_problem_in_the_whole_bank() -> None:
    from mockint.paths import rounds_dir

    one = rounds_dir() / "phone_screen" / "set-01.toml"
    result = subprocess.run(
        [sys.executable, "-m", "mockint", "bank", "check", str(one)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout
    assert "1 question (1 phone_screen" in result.stderr and "0 problems" in result.stderr
