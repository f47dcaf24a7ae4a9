"""The bundled loop templates: each plans from the bundled bank, and `mockint loop --list` shows them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mockint.bank import load_bank
from mockint.interview.planner import plan_loop
from mockint.paths import rounds_dir

BANK = load_bank([rounds_dir()])


@pytest.mark.parametrize("template_id", sorted(BANK.loops))
def test_every_template_plans_its_question_counts_from_the_bundled_bank(template_id: str) -> None:
    template = BANK.loops[template_id]
    planned = plan_loop(BANK, template.rounds, {})
    assert [len(qs) for qs in planned] == [spec.questions for spec in template.rounds]
    asked = [q.id for qs in planned for q in qs]
    assert len(asked) == len(set(asked)), "a question is asked twice in one loop"
    for spec, qs in zip(template.rounds, planned, strict=True):
        assert all(q.round_type == spec.round_type for q in qs)
        assert not spec.difficulties or all(q.difficulty in spec.difficulties for q in qs)


def test_the_big_tech_onsite_has_two_coding_rounds_that_allow_hard_problems_and_no_phone_screen() -> None:
    rounds = BANK.loops["mle-onsite"].rounds
    coding = [r for r in rounds if r.round_type == "dsa"]
    assert len(coding) == 2 and any("hard" in r.difficulties for r in coding)
    assert all("easy" not in r.difficulties for r in coding)
    assert "phone_screen" not in {r.round_type for r in rounds}
    assert {"ml_coding", "system_design", "ml_theory", "behavioral"} <= {r.round_type for r in rounds}


def test_the_known_loop_shapes_are_bundled() -> None:
    assert {
        "mle-onsite",
        "meta-style-mle",
        "google-style-mle",
        "amazon-style-mle",
        "startup-onsite",
        "applied-scientist",
        "genai-engineer",
        "phone-screen",
        "quick-drill",
    } <= set(BANK.loops)
    amazon = BANK.loops["amazon-style-mle"].rounds
    assert sum(r.round_type == "behavioral" for r in amazon) >= 4  # leadership principles in every block
    phone = BANK.loops["phone-screen"]
    assert phone.total_minutes == 45 and phone.rounds[0].round_type == "dsa"


def test_loop_list_json_gives_every_template_with_its_rounds_default_first() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mockint", "loop", "--list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    rows = json.loads(out)
    assert rows[0]["id"] == "mle-onsite"
    assert {r["id"] for r in rows} == set(BANK.loops)
    drill = next(r for r in rows if r["id"] == "quick-drill")
    assert drill["minutes"] == 12 and drill["total_minutes"] == pytest.approx(13.25)
    assert drill["rounds"][1] == {
        "type": "dsa",
        "title": "DSA coding",
        "minutes": 2.0,
        "questions": 1,
        "difficulties": ["easy"],
        "topics": [],
        "stop": "soft",
        "break_minutes": 0.25,
    }
    text = subprocess.run(
        [sys.executable, "-m", "mockint", "loop", "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert text.splitlines()[0] == "mle-onsite: Big-tech MLE onsite, 6 h 30 min with breaks  (default)"
