"""Reading and checking a history export strictly, before anything is written (no Qt, no SQL).

:func:`check_export` walks a parsed document (``docs/export-format.md``) field by field and
returns its records as flat rows per table, or raises :class:`ImportRejected` naming the first
problem by its path in the document. :func:`parse_json` and :func:`read_json_file` refuse what
JSON allows but an export never holds (NaN, a key twice, absurd size or depth).

This module holds the document's shape (one field table per record kind) and the walk; the strict
parser and the per-field checks live in :mod:`mockint.review._import_fields` and are re-exported.
"""

from __future__ import annotations

from typing import Any

from mockint.bank.model import RECOMMENDATIONS, ROUND_TYPES
from mockint.review._import_fields import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_TEXT,
    Check,
    ImportRejected,
    _detail,
    _id,
    _int,
    _items,
    _key_points,
    _kind,
    _one_of,
    _optional,
    _record,
    _recording_path,
    _seconds,
    _short,
    _text,
    _time,
    parse_json,
    read_json_file,
)
from mockint.store import SESSION_KINDS
from mockint.store.review_state import HISTORY_COLUMNS

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_TEXT",
    "READABLE_VERSIONS",
    "ROUND_STATUSES",
    "SESSION_STATUSES",
    "Check",
    "ImportRejected",
    "check_export",
    "parse_json",
    "read_json_file",
]

FORMAT = "mockint-history"
#: Version of the JSON document; bumped on any change a reader must know about. Version 2 added
#: each answer's ``recordings``.
FORMAT_VERSION = 2
#: Versions :func:`check_export` reads (a version 1 file has no recordings).
READABLE_VERSIONS = (1, 2)

SESSION_STATUSES = ("active", "finished", "abandoned")
ROUND_STATUSES = ("pending", "active", "finished")


_TITLE = _text(10_000)
_SESSION = {
    "id": _id,
    "kind": _one_of(SESSION_KINDS),
    "template_id": _TITLE,
    "title": _TITLE,
    "started_at": _time,
    "ended_at": _optional(_time),
    "status": _one_of(SESSION_STATUSES),
}
_ROUND = {
    "id": _id,
    "position": _int(0, 10_000),
    "round_type": _one_of(ROUND_TYPES),
    "title": _TITLE,
    "allowed_s": _seconds,
    "used_s": _seconds,
    "started_at": _optional(_time),
    "ended_at": _optional(_time),
    "status": _one_of(ROUND_STATUSES),
    "recommendation": _optional(_one_of(RECOMMENDATIONS)),
    "score_notes": _text(),
    "scored_at": _optional(_time),
}
_SCORE = {"dimension_id": _TITLE, "dimension_name": _TITLE, "score": _int(1, 4), "position": _int(0, 10_000)}
_ANSWER = {
    "id": _id,
    "position": _int(0, 10_000),
    "question_id": _TITLE,
    "question_title": _TITLE,
    "asked_at": _time,
    "notes": _text(),
    "code": _text(),
    "key_points": _key_points,
    "updated_at": _time,
}
_PHASE_NOTE = {"phase": _TITLE, "text": _text(), "updated_at": _time}
_RECORDING = {
    "id": _id,
    "take": _TITLE,
    "path": _recording_path,
    "created_at": _time,
    "duration_s": _seconds,
    "transcript": _text(),
    "backend": _TITLE,
    "metrics": _detail,
}
_VERDICT = {
    "id": _id,
    "created_at": _time,
    "verdict": _TITLE,
    "passed": _int(0, 10**9),
    "total": _int(0, 10**9),
    "runtime_s": _seconds,
    "code": _text(),
    "detail": _detail,
}


class _Rows:
    """Flat rows per table, checking that ids and positions are unique as they are added."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in HISTORY_COLUMNS}
        self._keys: set[tuple[Any, ...]] = set()

    def add(self, table: str, row: dict[str, Any], where: str, *unique: str) -> None:
        for fields in unique:
            key = (table, fields, *(row[f] for f in fields.split(",")))
            if key in self._keys:
                raise ImportRejected(
                    where, f"repeats the {fields.replace(',', ' and ')} of an earlier {table[:-1]}"
                )
            self._keys.add(key)
        self.tables[table].append({c: row[c] for c in HISTORY_COLUMNS[table]})


def check_export(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Check a parsed export completely; return its records as flat rows per table.

    Raises :class:`ImportRejected` at the first problem (unknown format or version, a missing or
    unknown field, a value of the wrong type or range, an id or position used twice).
    """
    if not isinstance(data, dict):
        raise ImportRejected("", f"a mockint export is a JSON object, this file holds {_kind(data)}")
    if data.get("format") != FORMAT:
        raise ImportRejected("format", f"must be {FORMAT!r}: this is not a mockint history export")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in READABLE_VERSIONS:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise ImportRejected(
            "version",
            f"is {_short(version)}, this mockint reads versions {readable}"
            + ("; update mockint to import it" if newer else ""),
        )
    answer_lists = ("phase_notes", "verdicts") + (("recordings",) if version >= 2 else ())
    _record(data, "", {"format": lambda v, w: v, "version": lambda v, w: v}, ("sessions",))
    rows = _Rows()
    for si, raw_session in enumerate(_items(data["sessions"], "sessions")):
        where = f"sessions[{si}]"
        session = _record(raw_session, where, _SESSION, ("rounds",))
        rows.add("sessions", session, where, "id")
        for ri, raw_round in enumerate(_items(raw_session["rounds"], f"{where}.rounds")):
            rw = f"{where}.rounds[{ri}]"
            rnd = _record(raw_round, rw, _ROUND, ("scores", "answers")) | {"session_id": session["id"]}
            rows.add("rounds", rnd, rw, "id", "session_id,position")
            for ci, raw_score in enumerate(_items(raw_round["scores"], f"{rw}.scores")):
                cw = f"{rw}.scores[{ci}]"
                rows.add(
                    "scores",
                    _record(raw_score, cw, _SCORE) | {"round_id": rnd["id"]},
                    cw,
                    "round_id,dimension_id",
                )
            for ai, raw_answer in enumerate(_items(raw_round["answers"], f"{rw}.answers")):
                aw = f"{rw}.answers[{ai}]"
                answer = _record(raw_answer, aw, _ANSWER, answer_lists) | {"round_id": rnd["id"]}
                rows.add("answers", answer, aw, "id", "round_id,position")
                for pi, raw_note in enumerate(_items(raw_answer["phase_notes"], f"{aw}.phase_notes")):
                    pw = f"{aw}.phase_notes[{pi}]"
                    rows.add(
                        "phase_notes",
                        _record(raw_note, pw, _PHASE_NOTE) | {"answer_id": answer["id"]},
                        pw,
                        "answer_id,phase",
                    )
                for vi, raw_verdict in enumerate(_items(raw_answer["verdicts"], f"{aw}.verdicts")):
                    vw = f"{aw}.verdicts[{vi}]"
                    verdict = _record(raw_verdict, vw, _VERDICT) | {"answer_id": answer["id"]}
                    if verdict["passed"] > verdict["total"]:
                        raise ImportRejected(f"{vw}.passed", "is more than total")
                    rows.add("verdicts", verdict, vw, "id")
                for ki, raw_take in enumerate(_items(raw_answer.get("recordings", []), f"{aw}.recordings")):
                    kw = f"{aw}.recordings[{ki}]"
                    rows.add(
                        "recordings",
                        _record(raw_take, kw, _RECORDING) | {"answer_id": answer["id"]},
                        kw,
                        "id",
                        "answer_id,take",
                    )
    return rows.tables
