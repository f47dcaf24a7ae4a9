"""Command-line verbs of the study plan: ``plan`` and ``due``.

    mockint plan --interview-date YYYY-MM-DD [--minutes-per-day N] [--json]
        one entry per day: date, items (kind, round_type, question_id, minutes, reason), minutes
    mockint due [--json]
        the retries due today and when the next ones come back (``paused_until``: the settings'
        pause when one is on; then nothing is due)

``--interview-date`` and ``--minutes-per-day`` default to the settings (``interview_date``,
``minutes_per_day``); ``paused_until`` and ``new_per_day`` come from the settings. Exit codes:
0 done; 2 bad input or a store error, with a message on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

#: The verbs :func:`run` handles (``args.command``).
COMMANDS: tuple[str, ...] = ("plan", "due")


def add_parsers(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``plan`` and ``due`` to ``subparsers`` (each inherits ``parents``)."""
    plan = subparsers.add_parser(
        "plan",
        parents=list(parents),
        help="a day-by-day plan to the interview",
        description="A day-by-day study plan from today to the interview date.",
    )
    plan.add_argument(
        "--interview-date", metavar="YYYY-MM-DD", default=None, help="default: the interview_date setting"
    )
    plan.add_argument(
        "--minutes-per-day",
        type=float,
        default=None,
        metavar="N",
        help="study minutes per day (default: the minutes_per_day setting)",
    )
    plan.add_argument("--json", action="store_true")
    due = subparsers.add_parser(
        "due",
        parents=list(parents),
        help="retries due today, and the next ones",
        description="What the retry queue has due today and when the next items come back.",
    )
    due.add_argument("--json", action="store_true")


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _cmd_plan(args: argparse.Namespace, data: Any) -> int:
    from mockint import paths, settings
    from mockint.bank import load_bank
    from mockint.review.plan import plan_for, plan_json
    from mockint.store import Store

    prefs = settings.load(data)
    text = args.interview_date or prefs.interview_date
    if not text:
        return _error("give --interview-date YYYY-MM-DD (or set interview_date in the settings)")
    try:
        interview = date.fromisoformat(text)
    except ValueError:
        return _error(f"--interview-date: {text!r} is not a date like 2025-03-14")
    minutes = args.minutes_per_day if args.minutes_per_day is not None else prefs.minutes_per_day
    bank = load_bank(paths.bank_roots(data), cache_file=paths.bank_cache_path())
    with Store.open(paths.database_path(data)) as store:
        try:
            plan = plan_for(
                store.review,
                bank,
                date.today(),
                interview,
                minutes,
                paused_until=_pause(prefs),
                new_per_day=prefs.new_per_day,
            )
        except ValueError as exc:
            return _error(str(exc))
    if args.json:
        print(json.dumps(plan_json(plan), indent=2))
        return 0
    for day in plan:
        print(f"{day.date.isoformat()}  {day.minutes:.0f} min")
        for item in day.items:
            print(
                f"    {item.kind:<6} {item.round_type:<14} {item.question_id or '':<34} "
                f"{item.minutes:>4.0f} min  {item.reason}"
            )
    return 0


def _pause(prefs: Any) -> date | None:
    """The settings' pause when it has not ended yet, else ``None``."""
    until = date.fromisoformat(prefs.paused_until) if prefs.paused_until else None
    return until if until and until > date.today() else None


def _cmd_due(args: argparse.Namespace, data: Any) -> int:
    from mockint import paths, settings
    from mockint.review.schedule import due_questions
    from mockint.store import Store

    now = datetime.now().astimezone()
    with Store.open(paths.database_path(data)) as store:
        state = store.review
        pause = _pause(settings.load(data))
        due = [] if pause else due_questions(state, now=now)  # a break: nothing comes due
        later = sorted(
            (
                c
                for c in state.cards().values()
                if c["question_id"] not in {d.question_id for d in due}
                and datetime.fromisoformat(c["due_at"]) > now
            ),
            key=lambda c: c["due_at"],
        )[:10]
    out: dict[str, Any] = {
        "due": [
            {"question_id": d.question_id, "round_type": d.round_type, "due_at": d.due_at.isoformat()}
            for d in due
        ],
        "next": [
            {"question_id": c["question_id"], "round_type": c["round_type"], "due_at": c["due_at"]}
            for c in later
        ],
        "paused_until": pause.isoformat() if pause else None,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"Paused until {pause.isoformat()}: nothing is due." if pause else f"Due today: {len(due)}")
    for d in out["due"]:
        print(f"    {d['round_type']:<14} {d['question_id']}")
    if later:
        print("Next:")
        for c in out["next"]:
            print(f"    {c['due_at'][:10]}  {c['round_type']:<14} {c['question_id']}")
    return 0


def run(args: argparse.Namespace, data: Any) -> int:
    """Run ``plan`` or ``due`` on the data folder ``data``; returns the exit code."""
    from mockint.store import StoreError

    try:
        return _cmd_plan(args, data) if args.command == "plan" else _cmd_due(args, data)
    except StoreError as exc:
        return _error(str(exc))
