"""Issue 18: no module in mockint/ is over 400 lines unless its docstring says why it stays whole.

STYLE.md habit 6: a file past ~400 lines is asking to be split along a real seam. A module that
is one job all the same (the judge's child harness) keeps its size by saying so: its module
docstring holds the phrase "stays whole" followed by the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import mockint

PACKAGE = Path(mockint.__file__).parent
MAX_LINES = 400
#: The reason must be a real sentence: at least this many words after "stays whole".
REASON_WORDS = 8


def size_problem(text: str, name: str) -> str:
    """'' when the module ``text`` is short enough or says why it stays whole, else the problem."""
    lines = len(text.splitlines())
    if lines <= MAX_LINES:
        return ""
    docstring = ast.get_docstring(ast.parse(text)) or ""
    found = re.search(r"stays whole\b(.*)", " ".join(docstring.split()), re.IGNORECASE)
    if found and len(re.findall(r"[A-Za-z]+", found.group(1))) >= REASON_WORDS:
        return ""
    return (
        f"{name} has {lines} lines (> {MAX_LINES}): split it along a real seam, or say in its "
        "module docstring why it stays whole"
    )


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_is_small_or_says_why_it_stays_whole(path: Path) -> None:
    problem = size_problem(
        path.read_text(encoding="utf-8"), f"mockint/{path.relative_to(PACKAGE).as_posix()}"
    )
    assert not problem, problem


def test_the_check_counts_lines_and_wants_a_reason() -> None:
    body = "x = 1\n" * MAX_LINES
    assert size_problem('"""Short."""\n' + "x = 1\n" * (MAX_LINES - 1), "m.py") == ""
    assert "401 lines" in size_problem('"""A module."""\n' + body, "m.py")
    assert size_problem('"""It stays whole."""\n' + body, "m.py")  # no reason given
    reason = '"""This module stays whole: its steps share one clock, one channel and the limits."""\n'
    assert size_problem(reason + body, "m.py") == ""
    # The phrase counts in the module docstring only, not in a comment or a later string.
    assert size_problem("# stays whole: " + "because " * 10 + "\n" + body, "m.py")


def test_the_package_is_found() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
    assert {"ui/review_page.py", "judge/_child.py", "store/store.py"} <= names
