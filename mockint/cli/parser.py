"""The command line's parser: every verb, its flags and their help (the verbs' own modules add
theirs: review, restore, transcribe, coverage, plan/due)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockint.about import APP_NAME, __version__
from mockint.bank import ROUND_TYPES
from mockint.review import commands as review_commands

_FOCUS_HELP = "a domain track whose questions come first: vision, nlp, recsys, ads, genai (rounds/tracks/)"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where sessions and packs live (default: $MOCKINT_DATA_DIR or the platform data dir)",
    )
    p = argparse.ArgumentParser(
        prog=APP_NAME, parents=[common], description="Timed mock onsite loops for ML engineer interviews."
    )
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = p.add_subparsers(dest="command")

    loop = sub.add_parser("loop", parents=[common], help="start a loop from a template")
    loop.add_argument("template", nargs="?", default=None, help="loop template id (see `loop --list`)")
    loop.add_argument("--list", action="store_true", help="list the loop templates instead of starting one")
    loop.add_argument("--json", action="store_true", help="with --list: print JSON")
    loop.add_argument("--focus", metavar="TRACK", default=None, help=_FOCUS_HELP)
    practice = sub.add_parser("practice", parents=[common], help="practise one round")
    practice.add_argument("round_type", choices=ROUND_TYPES)
    practice.add_argument(
        "--question", metavar="ID", default=None, help="practise this question (its id, see `bank list`)"
    )
    practice.add_argument("--focus", metavar="TRACK", default=None, help=_FOCUS_HELP)

    bank = sub.add_parser("bank", parents=[common], help="question bank")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True)
    bl = bank_sub.add_parser("list", parents=[common], help="list questions")
    bl.add_argument("--round", choices=ROUND_TYPES, dest="round_type")
    bl.add_argument("--json", action="store_true")
    bs = bank_sub.add_parser("show", parents=[common], help="show what the candidate sees")
    bs.add_argument("id")
    bs.add_argument("--json", action="store_true")
    bs.add_argument(
        "--debrief",
        action="store_true",
        help="add the interviewer's side: hints, editorial, reference, follow-ups, model answer",
    )
    bc = bank_sub.add_parser("check", parents=[common], help="validate bank files")
    bc.add_argument("paths", nargs="*", type=Path)

    judge = sub.add_parser("judge", parents=[common], help="judge a solution against hidden tests")
    judge.add_argument("problem", help="question id, or a problem TOML file")
    judge.add_argument("solution", type=Path)
    judge.add_argument("--json", action="store_true")
    judge.add_argument("--no-growth", action="store_true", help="skip growth timing (faster)")

    history = sub.add_parser("history", parents=[common], help="past sessions and scores")
    history.add_argument("--json", action="store_true")
    delete = sub.add_parser(
        "delete",
        parents=[common],
        help="delete a session and its recordings",
        description="Delete one session from the history: its rounds, notes, code, "
        "scores and recorded answers, and their audio files. Backups made earlier "
        "still hold it.",
    )
    delete.add_argument("session", help='session id, a unique prefix of one, or "last"')
    delete.add_argument(
        "--yes", action="store_true", help="really delete (without it, only say what would go)"
    )
    review_commands.add_parsers(sub, [common])

    where = sub.add_parser("paths", parents=[common], help="where mockint keeps its files")
    where.add_argument("--json", action="store_true")

    from mockint.store.commands import add_parser as add_restore_parser

    add_restore_parser(sub, [common])

    from mockint.speech import commands as speech_commands

    speech_commands.add_parser(sub, [common])

    from mockint.coverage import commands as coverage_commands

    coverage_commands.add_parser(sub, [common])

    from mockint.review import plan_commands

    plan_commands.add_parsers(sub, [common])
    return p
