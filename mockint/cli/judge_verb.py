"""``mockint judge ID_OR_FILE SOLUTION.py``: judge a solution against a problem's hidden tests
(exit 0 only on Accepted, 1 on any other verdict, 2 when the problem or solution cannot be read)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mockint import paths
from mockint.bank import load_paths
from mockint.cli.common import data_dir, load_bank_of, print_json


def _one_problem(args: argparse.Namespace) -> Any:
    """The coding question ``args.problem`` names, loaded from its own file alone (found by a text
    scan of the bank roots for its ``id = "..."`` line, no TOML parsing of the rest); ``None``
    when no single file holds it cleanly, and the caller loads the whole bank instead."""
    import re

    wanted = re.compile(r'^id\s*=\s*"' + re.escape(args.problem) + r'"\s*$', re.M)
    for root in paths.bank_roots(data_dir(args)):
        for file in sorted(root.rglob("*.toml")) if root.is_dir() else []:
            try:
                if not wanted.search(file.read_text(encoding="utf-8")):
                    continue
            except (OSError, UnicodeDecodeError):
                continue
            bank = load_paths([file])
            question = bank.questions.get(args.problem)
            return question if question is not None and question.is_coding and not bank.issues else None
    return None


def cmd_judge(args: argparse.Namespace) -> int:
    from mockint.judge import format_verdict, judge, reference

    reference.use_disk_cache(paths.bank_cache_path().parent / "judge-reference")

    problem = Path(args.problem)
    if problem.suffix == ".toml" and problem.exists():
        bank = load_paths([problem])
        if bank.issues:
            for issue in bank.issues:
                print(issue, file=sys.stderr)
            return 2
        coding = [q for q in bank.questions.values() if q.is_coding]
        if len(coding) != 1:
            print(f"error: {problem} must hold exactly one coding problem", file=sys.stderr)
            return 2
        question = coding[0]
    else:
        try:
            question = _one_problem(args) or load_bank_of(args).find(args.problem)
        except KeyError as exc:
            print(f"error: {exc.args[0]}", file=sys.stderr)
            return 2
        if not question.is_coding:
            print(
                f"error: {question.id} is a {question.round_type} question, not a coding problem",
                file=sys.stderr,
            )
            return 2
    try:
        code = args.solution.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.solution}: {exc}", file=sys.stderr)
        return 2
    verdict = judge(question, code, measure_complexity=not args.no_growth)
    if args.json:
        print_json(verdict.to_dict())
    else:
        print(format_verdict(verdict))
    return 0 if verdict.accepted else 1
