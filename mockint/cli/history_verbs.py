"""``mockint history``, ``mockint delete`` and ``mockint paths``: the past sessions, deleting one
(with its recordings' audio) and where mockint keeps its files."""

from __future__ import annotations

import argparse
import sys

from mockint import paths
from mockint.cli.common import data_dir, print_json
from mockint.review import commands as review_commands
from mockint.wording import plural


def _open_store(args: argparse.Namespace):
    from mockint.store import Store

    return Store.open(paths.database_path(data_dir(args)))


def _store_error(args: argparse.Namespace, exc: Exception) -> int:
    """Print why the history cannot be opened and, when a backup would fix it, how to restore it."""
    from mockint.store import explain_failure

    print(explain_failure(paths.database_path(data_dir(args)), exc), file=sys.stderr)
    return 2


def cmd_delete(args: argparse.Namespace) -> int:
    """Exit 0 deleted, 1 no such session or not confirmed (nothing changed), 2 error."""
    from mockint.store import StoreError

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
        detail = store.sessions.detail(session_id)
        takes = sum(len(a["recordings"]) for r in detail["rounds"] for a in r["answers"])
        what = (
            f"{detail['started_at'][:16].replace('T', ' ')}  {detail['title']}  {session_id} "
            f"({plural(len(detail['rounds']), 'round')}, {plural(takes, 'recorded answer')})"
        )
        if not args.yes:
            print(f"Would delete {what}. Nothing was changed; add --yes to delete it.", file=sys.stderr)
            return 1
        try:
            files = store.recordings.delete_session(data_dir(args), session_id)
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
        sessions = store.sessions.list()
    finally:
        store.close()
    if args.json:
        print_json(sessions)
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
    data = data_dir(args)
    info = {
        "data_dir": str(data),
        "database": str(paths.database_path(data)),
        "packs": str(paths.packs_dir(data)),
        "bank": str(paths.rounds_dir()),
        "assets": str(paths.assets_dir()),
    }
    if args.json:
        print_json(info)
    else:
        for k, v in info.items():
            print(f"{k:<9} {v}")
    return 0
