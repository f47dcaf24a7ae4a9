"""Export the whole history as JSON or CSV, and import (merge) a JSON export, strictly checked.

The JSON format is documented in ``docs/export-format.md`` (``format`` "mockint-history",
``version`` :data:`FORMAT_VERSION`; version 1 files are read too). Records keep their ids (uuid4 hex), so importing the same
file twice, or a file exported from this history, adds nothing twice. Exporting, importing into
an empty history and exporting again gives the same document.

:func:`import_json` checks the whole document before it writes anything and then writes in one
transaction: a malformed or hostile file raises :class:`ImportRejected`, naming the first
problem by its path in the document, and leaves the history untouched. The retry cards are not
exported: they are rebuilt from the scores (``mockint.review.schedule.sync_cards``). Recorded
takes are exported as records (transcript, metrics, the WAV's path relative to the data folder);
the audio files themselves are not.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockint.review.import_check import (
    FORMAT,
    FORMAT_VERSION,
    ImportRejected,
    check_export,
    parse_json,
    read_json_file,
)
from mockint.store import Store
from mockint.store.review_state import MergeConflict

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "ImportRejected",
    "ImportResult",
    "check_export",
    "export_csv",
    "export_json",
    "import_json",
    "parse_json",
    "read_json_file",
    "write_json",
]


@dataclass(frozen=True)
class ImportResult:
    """Records added per table, and records already in the history (kept as they were)."""

    added: dict[str, int]
    present: dict[str, int]

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


# -- export ------------------------------------------------------------------------------------


def export_json(store: Store) -> dict[str, Any]:
    """The whole history as one JSON-ready dict (see ``docs/export-format.md``)."""
    dump = store.review.dump()
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, parent in (
        ("rounds", "session_id"),
        ("answers", "round_id"),
        ("phase_notes", "answer_id"),
        ("verdicts", "answer_id"),
        ("scores", "round_id"),
        ("recordings", "answer_id"),
    ):
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in dump[table]:
            item = dict(row)
            grouped.setdefault(item.pop(parent), []).append(item)
        children[table] = grouped
    sessions = []
    for session in dump["sessions"]:
        rounds = []
        for r in children["rounds"].get(session["id"], []):
            answers = []
            for a in children["answers"].get(r["id"], []):
                verdicts = [
                    v | {"detail": json.loads(v["detail"])} for v in children["verdicts"].get(a["id"], [])
                ]
                takes = [
                    t | {"metrics": json.loads(t["metrics"])} for t in children["recordings"].get(a["id"], [])
                ]
                answers.append(
                    a
                    | {
                        "key_points": json.loads(a["key_points"]),
                        "phase_notes": children["phase_notes"].get(a["id"], []),
                        "verdicts": verdicts,
                        "recordings": takes,
                    }
                )
            rounds.append(r | {"scores": children["scores"].get(r["id"], []), "answers": answers})
        sessions.append(session | {"rounds": rounds})
    return {"format": FORMAT, "version": FORMAT_VERSION, "sessions": sessions}


def write_json(store: Store, path: str | os.PathLike[str]) -> int:
    """Write :func:`export_json` to ``path`` (UTF-8, indented, written beside it then renamed);
    returns the number of sessions. Raises ``OSError`` when the file cannot be written."""
    data = export_json(store)
    _replace_file(Path(path), json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return len(data["sessions"])


#: Columns of :func:`export_csv`, one row per rubric score.
CSV_COLUMNS = (
    "session_id",
    "session_started_at",
    "session_kind",
    "template_id",
    "session_title",
    "session_status",
    "round_id",
    "round_position",
    "round_type",
    "round_title",
    "allowed_s",
    "used_s",
    "recommendation",
    "scored_at",
    "dimension_id",
    "dimension_name",
    "score",
)
#: Free-text columns, guarded against spreadsheet formula injection.
_CSV_TEXT = frozenset({"template_id", "session_title", "round_title", "dimension_id", "dimension_name"})


def _cell(column: str, value: Any) -> Any:
    # A spreadsheet runs a cell starting with = + - @ as a formula; a leading ' shows it as text
    # (OWASP's advice for CSV export). Only free text gets it, never a number or an id.
    if column in _CSV_TEXT and isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(store: Store, path: str | os.PathLike[str]) -> int:
    """Sessions and scores as CSV, one row per rubric score (columns :data:`CSV_COLUMNS`).

    Rounds without scores have no rows. Sessions oldest first, rounds and dimensions in order.
    Returns the number of rows written; raises ``OSError`` when the file cannot be written.
    """
    dump = store.review.dump()
    sessions = {s["id"]: s for s in dump["sessions"]}
    session_order = {s["id"]: i for i, s in enumerate(dump["sessions"])}
    rounds = {r["id"]: r for r in dump["rounds"]}
    scores = sorted(
        dump["scores"],
        key=lambda s: (
            session_order[rounds[s["round_id"]]["session_id"]],
            rounds[s["round_id"]]["position"],
            s["position"],
        ),
    )
    rows = []
    for s in scores:
        r = rounds[s["round_id"]]
        session = sessions[r["session_id"]]
        rows.append(
            {
                "session_id": session["id"],
                "session_started_at": session["started_at"],
                "session_kind": session["kind"],
                "template_id": session["template_id"],
                "session_title": session["title"],
                "session_status": session["status"],
                "round_id": r["id"],
                "round_position": r["position"],
                "round_type": r["round_type"],
                "round_title": r["title"],
                "allowed_s": r["allowed_s"],
                "used_s": r["used_s"],
                "recommendation": r["recommendation"] or "",
                "scored_at": r["scored_at"] or "",
                "dimension_id": s["dimension_id"],
                "dimension_name": s["dimension_name"],
                "score": s["score"],
            }
        )
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows({k: _cell(k, v) for k, v in row.items()} for row in rows)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)


def _replace_file(target: Path, text: str) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def import_json(store: Store, data: Any) -> ImportResult:
    """Merge a parsed export into the history, in one transaction; returns what was added.

    Records whose id is already in the history are kept as they are (the history wins); new
    ones are added. Raises :class:`ImportRejected`, having written nothing, when the document is
    malformed or conflicts with the history (an id reused under another parent, a round at a
    position its session already fills); :class:`mockint.store.StoreError` when the database
    cannot be written.
    """
    rows = check_export(data)
    try:
        counts = store.review.merge(rows)
    except MergeConflict as exc:
        raise ImportRejected("", f"it conflicts with your history: {exc}") from None
    return ImportResult(counts.added, counts.present)
