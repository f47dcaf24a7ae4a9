"""docs/judge.md's complete example problem (the check form) loads and judges as the page says."""

from __future__ import annotations

import re
from pathlib import Path

from judge_helpers import run

from mockint.bank.loader import load_paths

DOC = Path(__file__).resolve().parents[2] / "docs" / "judge.md"


def _example(tmp_path: Path, name: str):
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- judge-doc-example: {name} -->\n```toml\n(.*?)```", text, re.S)
    assert match, f"no '{name}' example in {DOC}"
    path = tmp_path / f"{name}.toml"
    path.write_text(match.group(1), encoding="utf-8")
    bank = load_paths([path])
    assert bank.issues == []
    (question,) = bank.questions.values()
    return question


def test_the_check_form_example_loads_and_judges(tmp_path):
    q = _example(tmp_path, "check-form")
    v = run(q, q.reference)
    assert v.accepted, v.message
    assert [(g.name, g.passed, g.total) for g in v.groups] == [("sample", 1, 1), ("check", 1, 1)]
    v = run(q, q.starter)  # the signature and docstring only: returns None
    assert v.verdict == "Wrong Answer" and v.points == 0
    (wrong,) = q.wrong_solutions
    v = run(q, wrong.code)
    assert v.verdict == "Wrong Answer"
    assert "an assertion in the hidden check failed" in v.message


def test_a_check_may_call_the_solution_by_its_own_name(make_question):
    """MBPP-style asserts name the function instead of using ``candidate``."""
    q = make_question(
        entry_point="remove_occ",
        reference="def remove_occ(s, ch):\n    return s.replace(ch, '')\n",
        check=(
            "def check(candidate):\n"
            "    assert remove_occ('hello', 'l') == 'heo'\n"
            "    assert remove_occ('abcda', 'a') == 'bcd'\n"
        ),
    )
    assert run(q, "def remove_occ(s, ch):\n    return ''.join(c for c in s if c != ch)\n").accepted
    assert run(q, "def remove_occ(s, ch):\n    return s.replace(ch, '', 1)\n").verdict == "Wrong Answer"
