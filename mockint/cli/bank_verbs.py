"""``mockint bank list|show|check``: the bank's questions, one question as the candidate (or the
interviewer) sees it, and the bank's validation (``file: field: problem`` lines, exit 1)."""

from __future__ import annotations

import argparse
import sys

from mockint.bank import ROUND_TYPES, Bank, load_paths
from mockint.cli.common import load_bank_of, print_json


def cmd_bank_list(args: argparse.Namespace) -> int:
    bank = load_bank_of(args)
    rows = [
        {
            "id": q.id,
            "round_type": q.round_type,
            "title": q.title,
            "difficulty": q.difficulty,
            "topics": list(q.topics),
            **({"kind": q.kind} if q.kind else {}),
        }
        for q in sorted(bank.questions.values(), key=lambda q: (ROUND_TYPES.index(q.round_type), q.id))
        if args.round_type in (None, q.round_type)
    ]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']:<44} {r['round_type']:<14} {r['difficulty']:<7} {r['title']}")
        print(f"{len(rows)} questions", file=sys.stderr)
    _warn_skipped(bank)
    return 0


def _warn_skipped(bank: Bank) -> None:
    for issue in bank.issues:
        print(f"warning: {issue}", file=sys.stderr)


def cmd_bank_show(args: argparse.Namespace) -> int:
    bank = load_bank_of(args)
    try:
        q = bank.find(args.id)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    view = q.public_view()
    if q.is_coding:  # added fields: the call as typed and the expected output (the reference's when needed)
        from mockint.interview.examples import examples

        for ex, shown in zip(view.get("examples", []), examples(q), strict=True):
            ex.update(call=shown.call, expected_text=shown.result)
    if args.debrief:
        from mockint.bank.debrief_text import debrief_text
        from mockint.bank.interviewer import debrief_view

        if args.json:
            print_json({**view, **debrief_view(q, bank)})
            return 0
        print(debrief_text(q, bank))
        return 0
    if args.json:
        print_json(view)
        return 0
    print(f"# {q.title}  [{q.id}, {q.difficulty}, {q.minutes:g} min]\n")
    print(view["statement"].strip())
    for c in view.get("constraints", []):
        print(f"  - {c}")
    for ex in view.get("examples", []):
        print(f"\nExample: {ex['call']}\n  -> {ex['expected_text'] or '(the reference solution failed)'}")
    for phase in view.get("phases", []):
        print(f"  phase: {phase['name']} ({phase['minutes']:g} min)")
    for part in view.get("parts", []):
        print(f"\n## {part['title']} ({part['minutes']:g} min)\n{part['prompt'].strip()}")
    if q.is_coding:
        print(f"\nStarter code ({q.entry_point}, time limit {q.time_limit_s:g} s):\n{q.starter}")
    return 0


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural when ``n`` is not 1: '1 problem', '3 problems'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cmd_bank_check(args: argparse.Namespace) -> int:
    """Print every problem of the bank (file: field: message) and exit 1 when there is any.

    A question whose interviewer content is incomplete (hints, editorial, follow-ups, model answer,
    outlines; see :func:`mockint.bank.interviewer.content_gaps`) is a problem too: the app still
    loads it, but the bank is not complete.
    """
    bank = load_paths(args.paths) if args.paths else load_bank_of(args)
    for issue in bank.issues:
        print(issue)
    from mockint.bank.interviewer import content_gaps

    whole = bank  # a phone part's problem may live outside the files checked: look in the whole bank
    gaps = []
    for q in bank.questions.values():
        if args.paths and whole is bank and any(p.problem for p in q.parts):
            whole = load_bank_of(args)
        gaps += [(q, g) for g in content_gaps(q, whole)]
    for q, (field, problem) in gaps:
        print(f"{q.source_file}: {q.id}: {field}: interviewer content {problem}")
    counts = ", ".join(f"{sum(q.round_type == t for q in bank.questions.values())} {t}" for t in ROUND_TYPES)
    summary = (
        f"{_count(len(bank.questions), 'question')} ({counts}), {_count(len(bank.rubrics), 'rubric')}, "
        f"{_count(len(bank.loops), 'loop template')}; {_count(len(bank.issues) + len(gaps), 'problem')}"
    )
    if gaps:
        lacking = len({q.id for q, _ in gaps})
        summary += (
            f" ({_count(lacking, 'question')} {'lacks' if lacking == 1 else 'lack'} interviewer content)"
        )
    print(summary, file=sys.stderr)
    return 1 if bank.issues or gaps else 0


def run(args: argparse.Namespace) -> int:
    """``mockint bank list|show|check``."""
    return {"list": cmd_bank_list, "show": cmd_bank_show, "check": cmd_bank_check}[args.bank_command](args)
