"""The command line: the GUI by default, plus scripting verbs whose flags and JSON stay stable.

    mockint [--data-dir DIR]                   open the app
    mockint loop [TEMPLATE]                    start a loop (default: the full MLE onsite)
    mockint loop --list [--json]               the loop templates
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
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from mockint import paths
from mockint.about import APP_NAME, __version__
from mockint.bank import ROUND_TYPES, Bank, load_bank, load_paths
from mockint.review import commands as review_commands
from mockint.wording import plural

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
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
    practice = sub.add_parser("practice", parents=[common], help="practise one round")
    practice.add_argument("round_type", choices=ROUND_TYPES)
    practice.add_argument(
        "--question", metavar="ID", default=None, help="practise this question (its id, see `bank list`)"
    )

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


def _data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(getattr(args, "data_dir", None))


def _bank(args: argparse.Namespace) -> Bank:
    return load_bank(paths.bank_roots(_data_dir(args)))


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def cmd_bank_list(args: argparse.Namespace) -> int:
    bank = _bank(args)
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
        _print_json(rows)
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
    bank = _bank(args)
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
            _print_json({**view, **debrief_view(q, bank)})
            return 0
        print(debrief_text(q, bank))
        return 0
    if args.json:
        _print_json(view)
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
    bank = load_paths(args.paths) if args.paths else _bank(args)
    for issue in bank.issues:
        print(issue)
    from mockint.bank.interviewer import content_gaps

    whole = bank  # a phone part's problem may live outside the files checked: look in the whole bank
    gaps = []
    for q in bank.questions.values():
        if args.paths and whole is bank and any(p.problem for p in q.parts):
            whole = _bank(args)
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


def _one_problem(args: argparse.Namespace) -> Any:
    """The coding question ``args.problem`` names, loaded from its own file alone (found by a text
    scan of the bank roots for its ``id = "..."`` line, no TOML parsing of the rest); ``None``
    when no single file holds it cleanly, and the caller loads the whole bank instead."""
    import re

    wanted = re.compile(r'^id\s*=\s*"' + re.escape(args.problem) + r'"\s*$', re.M)
    for root in paths.bank_roots(_data_dir(args)):
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
            question = _one_problem(args) or _bank(args).find(args.problem)
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
        _print_json(verdict.to_dict())
    else:
        print(format_verdict(verdict))
    return 0 if verdict.accepted else 1


def _open_store(args: argparse.Namespace):
    from mockint.store import Store

    return Store.open(paths.database_path(_data_dir(args)))


def _store_error(args: argparse.Namespace, exc: Exception) -> int:
    """Print why the history cannot be opened and, when a backup would fix it, how to restore it."""
    from mockint.store import explain_failure

    print(explain_failure(paths.database_path(_data_dir(args)), exc), file=sys.stderr)
    return 2


def cmd_delete(args: argparse.Namespace) -> int:
    """Exit 0 deleted, 1 no such session or not confirmed (nothing changed), 2 error."""
    from mockint.store import StoreError
    from mockint.store.recordings import delete_session

    try:
        store = _open_store(args)
    except StoreError as exc:
        return _store_error(args, exc)
    try:
        try:
            session_id = review_commands.resolve_session(store, args.session)
        except LookupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        detail = store.session_detail(session_id)
        takes = sum(len(a["recordings"]) for r in detail["rounds"] for a in r["answers"])
        what = (
            f"{detail['started_at'][:16].replace('T', ' ')}  {detail['title']}  {session_id} "
            f"({plural(len(detail['rounds']), 'round')}, {plural(takes, 'recorded answer')})"
        )
        if not args.yes:
            print(f"Would delete {what}. Nothing was changed; add --yes to delete it.", file=sys.stderr)
            return 1
        try:
            files = delete_session(store, _data_dir(args), session_id)
        except StoreError as exc:  # AudioNotRemoved too: the records are gone, some files are not
            print(f"error: {exc}", file=sys.stderr)
            return 2
    finally:
        store.close()
    print(f"Deleted {what} and {files} audio file{'s' if files != 1 else ''}.", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from mockint.store import StoreError

    try:
        store = _open_store(args)
    except StoreError as exc:
        return _store_error(args, exc)
    try:
        sessions = store.list_sessions()
    finally:
        store.close()
    if args.json:
        _print_json(sessions)
        return 0
    if not sessions:
        print("No sessions yet. Start one with `mockint loop quick-drill`.")
    for s in sessions:
        print(f"{s['started_at'][:16].replace('T', ' ')}  {s['title']}  [{s['status']}]  {s['id']}")
        for r in s["rounds"]:
            scores = ", ".join(f"{k} {v}" for k, v in r["scores"].items()) or "not scored"
            used = f"{(r['used_s'] or 0) / 60:.1f}/{r['allowed_s'] / 60:.0f} min"
            rec = f" — {r['recommendation']}" if r.get("recommendation") else ""
            print(f"    {r['title']:<18} {used:<14} {scores}{rec}")
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    data = _data_dir(args)
    info = {
        "data_dir": str(data),
        "database": str(paths.database_path(data)),
        "packs": str(paths.packs_dir(data)),
        "bank": str(paths.rounds_dir()),
        "assets": str(paths.assets_dir()),
    }
    if args.json:
        _print_json(info)
    else:
        for k, v in info.items():
            print(f"{k:<9} {v}")
    return 0


def _render_pdf(html: str, out: Path) -> int:
    """Report HTML to PDF through Qt (imported only when a PDF is asked for)."""
    from mockint.ui.report_pdf import write_pdf

    return write_pdf(html, out)


def cmd_gui(args: argparse.Namespace, start: tuple[str, str] | None = None) -> int:
    from mockint.ui.app import run_app

    return run_app(_data_dir(args), start=start)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            return cmd_gui(args)
        if args.command == "loop" and args.list:
            from mockint.bank.loop_list import print_templates
            from mockint.interview import DEFAULT_TEMPLATE_ID

            return print_templates(_bank(args), DEFAULT_TEMPLATE_ID, args.json)
        if args.command == "loop":
            return cmd_gui(args, ("loop", args.template or ""))
        if args.command == "practice" and args.question:
            from mockint.question_search import resolve

            try:
                resolve(_bank(args), args.round_type, args.question)
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            return cmd_gui(args, ("question", f"{args.round_type}:{args.question}"))
        if args.command == "practice":
            return cmd_gui(args, ("practice", args.round_type))
        if args.command == "bank":
            return {"list": cmd_bank_list, "show": cmd_bank_show, "check": cmd_bank_check}[args.bank_command](
                args
            )
        if args.command == "judge":
            return cmd_judge(args)
        if args.command == "history":
            return cmd_history(args)
        if args.command == "delete":
            return cmd_delete(args)
        if args.command in review_commands.COMMANDS:
            return review_commands.handle(args, render_pdf=_render_pdf)
        if args.command == "paths":
            return cmd_paths(args)
        if args.command == "restore":
            from mockint.store.commands import run as run_restore

            return run_restore(args, paths.database_path(_data_dir(args)))
        if args.command == "transcribe":
            from mockint.speech import commands as speech_commands

            return speech_commands.run(args)
        if args.command == "coverage":
            from mockint.coverage import commands as coverage_commands

            return coverage_commands.run(args, _bank(args))
        if args.command in ("plan", "due"):
            from mockint.review import plan_commands

            return plan_commands.run(args, _data_dir(args))
    except BrokenPipeError:  # the reader went away (`mockint plan | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


def gui_main() -> int:
    return main([])


if __name__ == "__main__":
    sys.exit(main())
