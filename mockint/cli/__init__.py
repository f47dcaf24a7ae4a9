"""The command line: the GUI by default, plus scripting verbs whose flags and JSON stay stable.

    mockint [--data-dir DIR]                   open the app
    mockint loop [TEMPLATE]                    start a loop (default: the full MLE onsite)
    mockint loop --list [--json]               the loop templates
    mockint loop|practice ... --focus TRACK    questions of a domain track first (vision, nlp, ...)
    mockint practice ROUND_TYPE                start one round of that type
    mockint practice ROUND_TYPE --question ID  practise that one question
    mockint bank list [--round TYPE] [--json]  list questions
    mockint bank show ID [--json]              what the candidate sees of one question
    mockint bank check [PATH ...]              validate the bank (exit 1 with file: field: problem)
    mockint judge ID_OR_FILE SOLUTION.py [--json]   judge a solution (exit 0 only on Accepted)
    mockint history [--json]                   past sessions with rounds and scores
    mockint report SESSION --out FILE.md|.html|.pdf   one session's report ("last" = the newest)
    mockint export --out FILE [--format json|csv]     the whole history (docs/export-format.md)
    mockint import FILE                        merge a JSON export (exit 1 if rejected, nothing changed)
    mockint delete SESSION --yes               delete a session and its recordings ("last" = the newest)
    mockint paths [--json]                     where data, packs and the database live
    mockint restore --latest | BACKUP | --list put a backup of the history database back in place
    mockint transcribe AUDIO [--json]          transcript, pace, fillers and pauses of a recording
    mockint coverage QID ANSWER [--json]       key points an answer (text or audio) covers

Every command takes ``--data-dir DIR`` (else ``$MOCKINT_DATA_DIR``, else the platform's data dir).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from mockint import paths
from mockint.cli import bank_verbs, history_verbs, judge_verb
from mockint.cli.common import data_dir, load_bank_of
from mockint.cli.parser import build_parser
from mockint.review import commands as review_commands

log = logging.getLogger(__name__)


def _render_pdf(html: str, out: Path) -> int:
    """Report HTML to PDF through Qt (imported only when a PDF is asked for)."""
    from mockint.ui.report_pdf import write_pdf

    return write_pdf(html, out)


def cmd_gui(args: argparse.Namespace, start: tuple[str, str] | None = None) -> int:
    import gc

    # Python's cycle collector paused until the window shows (run_app resumes it): the launch's
    # imports, bank load and home page make objects in the hundreds of thousands and no garbage,
    # so its passes over them were pure cost (about 5-10 % of the time to the window).
    gc.disable()
    from mockint.ui.app import run_app

    return run_app(data_dir(args), start=start, focus=getattr(args, "focus", None) or "")


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain ``mockint [--data-dir DIR]`` (the app with no verb), read without
    building the whole parser (every verb's flags: about 15 ms of the app's launch); ``None`` for
    anything else, which the full parser reads (its help, errors and verbs stay as they are)."""
    found = argparse.Namespace(command=None)
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir" and rest and not rest[0].startswith("-"):
            found.data_dir = rest.pop(0)
        elif arg.startswith("--data-dir=") and len(arg) > len("--data-dir="):
            found.data_dir = arg.split("=", 1)[1]
        else:
            return None
    return found


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """What :func:`main` runs: ``argv`` (default ``sys.argv[1:]``) read by the full parser, or,
    for the app with no verb, by :func:`_gui_only`. Exits (``SystemExit``) on ``-h`` or bad input."""
    argv = sys.argv[1:] if argv is None else argv
    return _gui_only(argv) or build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # the reader went away (`mockint plan | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """Run the verb ``args`` names (the GUI without one); its exit code."""
    if args.command is None:
        return cmd_gui(args)
    if args.command in ("loop", "practice"):
        return _start(args)
    if args.command in _VERBS:
        return _VERBS[args.command](args)
    if args.command in review_commands.COMMANDS:
        return review_commands.handle(args, render_pdf=_render_pdf)
    return 2


def _start(args: argparse.Namespace) -> int:
    """``mockint loop`` and ``mockint practice``: the GUI, opened on a loop, a round or a question
    (``loop --list`` prints the templates instead)."""
    if args.command == "loop" and args.list:
        from mockint.bank.loop_list import print_templates
        from mockint.interview import DEFAULT_TEMPLATE_ID

        return print_templates(load_bank_of(args), DEFAULT_TEMPLATE_ID, args.json)
    if args.focus:
        tracks = load_bank_of(args).tracks
        if args.focus not in tracks:
            known = ", ".join(sorted(tracks)) or "none are loaded"
            print(f"error: no domain track {args.focus!r} (one of {known})", file=sys.stderr)
            return 2
    if args.command == "loop":
        return cmd_gui(args, ("loop", args.template or ""))
    if args.question:
        from mockint.question_search import resolve

        try:
            resolve(load_bank_of(args), args.round_type, args.question)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return cmd_gui(args, ("question", f"{args.round_type}:{args.question}"))
    return cmd_gui(args, ("practice", args.round_type))


def _restore(args: argparse.Namespace) -> int:
    from mockint.store.commands import run as run_restore

    return run_restore(args, paths.database_path(data_dir(args)))


def _transcribe(args: argparse.Namespace) -> int:
    from mockint.speech import commands as speech_commands

    return speech_commands.run(args)


def _coverage(args: argparse.Namespace) -> int:
    from mockint.coverage import commands as coverage_commands

    return coverage_commands.run(args, load_bank_of(args))


def _plan(args: argparse.Namespace) -> int:
    from mockint.review import plan_commands

    return plan_commands.run(args, data_dir(args))


#: The verbs with a module of their own (the review verbs are looked up in their module).
_VERBS: dict[str, Callable[[argparse.Namespace], int]] = {
    "bank": bank_verbs.run,
    "judge": judge_verb.cmd_judge,
    "history": history_verbs.cmd_history,
    "delete": history_verbs.cmd_delete,
    "paths": history_verbs.cmd_paths,
    "restore": _restore,
    "transcribe": _transcribe,
    "coverage": _coverage,
    "plan": _plan,
    "due": _plan,
}


def gui_main() -> int:
    return main([])
