"""Command-line verbs of review: ``report``, ``export`` and ``import``.

    mockint report SESSION --out FILE.md|.html|.pdf   one session's report (SESSION: an id, a
                                                      unique prefix of one, or "last")
    mockint export --out FILE [--format json|csv]     the whole history (format from the suffix)
    mockint import FILE                               merge a JSON export into the history

``mockint.cli`` adds the parsers with :func:`add_parsers` and runs :func:`handle`. Exit codes:
0 done; 1 the import file was rejected (nothing imported); 2 anything else that stopped the
command (no such session, unreadable or unwritable file, database error), with a message on
stderr. Heavy modules are imported inside the handlers so ``mockint`` starts as fast as before.
PDF rendering needs Qt, which this core package may not import: the caller passes
``render_pdf`` (``mockint.ui.report_pdf.write_pdf``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockint.store import Store

log = logging.getLogger(__name__)

#: The verbs :func:`handle` runs (``args.command``).
COMMANDS: tuple[str, ...] = ("report", "export", "import")

#: Renders report HTML to a PDF file; returns the page count.
PdfRenderer = Callable[[str, Path], int]


def add_parsers(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``report``, ``export`` and ``import`` to ``subparsers`` (each inherits ``parents``,
    which carry ``--data-dir``)."""
    report = subparsers.add_parser(
        "report",
        parents=list(parents),
        help="write one session's report",
        description="Write one session's report as Markdown, HTML or PDF.",
    )
    report.add_argument("session", help='session id, a unique prefix of one, or "last"')
    report.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="output file; its suffix picks the format: .md, .html or .pdf",
    )

    export = subparsers.add_parser(
        "export",
        parents=list(parents),
        help="export the whole history",
        description="Export every session: JSON (everything, importable; "
        "see docs/export-format.md) or CSV (one row per score).",
    )
    export.add_argument(
        "--format", choices=("json", "csv"), default=None, help="default: from the --out suffix, else json"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE")

    imp = subparsers.add_parser(
        "import",
        parents=list(parents),
        help="merge a JSON export into the history",
        description="Merge a JSON export into the history. Records already "
        "present are kept; a bad file changes nothing.",
    )
    imp.add_argument("file", type=Path)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _data_dir(args: argparse.Namespace) -> Path:
    from mockint import paths

    return paths.data_dir(getattr(args, "data_dir", None))


def _open_store(args: argparse.Namespace, *, must_exist: bool) -> Store:
    from mockint import paths
    from mockint.store import Store, StoreError

    db = paths.database_path(_data_dir(args))
    if must_exist and not db.exists():
        raise StoreError(f"There is no history at {db} yet: nothing to report or export.")
    return Store.open(db)


def resolve_session(store: Store, spec: str) -> str:
    """The id of the session ``spec`` names: a full id, a unique prefix of one, or "last"
    (the newest). Raises ``LookupError`` with a message saying what matched."""
    sessions = store.sessions.list()
    if spec == "last":
        if not sessions:
            raise LookupError("there are no sessions yet")
        return sessions[0]["id"]
    matches = [s["id"] for s in sessions if s["id"].startswith(spec.lower())] if spec else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no session id starts with {spec!r} (see `mockint history`)")
    raise LookupError(f"{len(matches)} sessions start with {spec!r}; give more of the id")


def _store_failure(args: argparse.Namespace, exc: Exception) -> int:
    """Which file is damaged, and the restore command when a good backup exists."""
    from mockint import paths
    from mockint.store import explain_failure

    print(explain_failure(paths.database_path(_data_dir(args)), exc), file=sys.stderr)
    return 2


def cmd_report(args: argparse.Namespace, render_pdf: PdfRenderer | None) -> int:
    from mockint import paths
    from mockint.bank import load_bank
    from mockint.review.reports import FORMATS, key_points_from_bank, report_html, report_markdown
    from mockint.store import StoreError

    out: Path = args.out
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        return _error(f"cannot tell the report format from {out.name!r}: end it in .md, .html or .pdf")
    if fmt == "pdf" and render_pdf is None:
        return _error("PDF reports need Qt (PySide6); write .html or .md instead")
    try:
        with _open_store(args, must_exist=True) as store:
            detail = store.sessions.detail(resolve_session(store, args.session))
    except StoreError as exc:
        return _store_failure(args, exc)
    except LookupError as exc:
        return _error(str(exc))
    bank = load_bank(paths.bank_roots(_data_dir(args)), cache_file=paths.bank_cache_path())
    key_points = key_points_from_bank(bank)
    try:
        if fmt == "markdown":
            out.write_text(report_markdown(detail, key_points, bank), encoding="utf-8")
            pages = None
        elif fmt == "html":
            out.write_text(report_html(detail, key_points, bank), encoding="utf-8")
            pages = None
        else:
            assert render_pdf is not None
            pages = render_pdf(report_html(detail, key_points, bank), out)
    except OSError as exc:
        return _error(f"cannot write {out}: {exc.strerror or exc}")
    print(
        f"Wrote the report of {detail['title']!r} ({detail['id']}) to {out}"
        + (f", {pages} pages" if pages else ""),
        file=sys.stderr,
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from mockint.review.exchange import export_csv, write_json
    from mockint.store import StoreError
    from mockint.wording import plural

    fmt = args.format or ("csv" if args.out.suffix.lower() == ".csv" else "json")
    try:
        with _open_store(args, must_exist=True) as store:
            if fmt == "json":
                count = write_json(store, args.out)
                what = plural(count, "session")
            else:
                count = export_csv(store, args.out)
                what = plural(count, "score row")
    except StoreError as exc:
        return _store_failure(args, exc)
    except OSError as exc:
        return _error(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"Exported {what} to {args.out}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from mockint.review.exchange import ImportRejected, import_json, read_json_file
    from mockint.store import StoreError

    try:
        data = read_json_file(args.file)
    except OSError as exc:
        return _error(f"cannot read {args.file}: {exc.strerror or exc}")
    except ImportRejected as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    try:
        with _open_store(args, must_exist=False) as store:
            result = import_json(store, data)
    except ImportRejected as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        return _store_failure(args, exc)
    added = (
        ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in result.added.items() if n) or "nothing new"
    )
    present = sum(result.present.values())
    print(
        f"Imported {args.file}: added {added}"
        + (f"; {present} records were already here" if present else ""),
        file=sys.stderr,
    )
    return 0


def handle(args: argparse.Namespace, *, render_pdf: PdfRenderer | None = None) -> int:
    """Run the verb in ``args.command`` (one of :data:`COMMANDS`); returns the exit code."""
    if args.command == "report":
        return cmd_report(args, render_pdf)
    if args.command == "export":
        return cmd_export(args)
    if args.command == "import":
        return cmd_import(args)
    raise ValueError(f"not a review command: {args.command!r}")
