"""The history's tables as review reads, dumps and merges them: names, columns, orders, queries.

Data only (no connection): :class:`~mockint.store.review_state.ReviewState` uses these, and the
import check (:mod:`mockint.review.import_check`) validates rows against :data:`HISTORY_COLUMNS`.
"""

from __future__ import annotations

#: Tables of the interview history in parent-before-child order, with the columns a merge
#: matches rows on (the primary key, or for recordings the (answer, take) they are unique by)
#: and, for child tables matched by id, the column naming the parent row.
HISTORY_TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("sessions", ("id",), ""),
    ("rounds", ("id",), "session_id"),
    ("answers", ("id",), "round_id"),
    ("phase_notes", ("answer_id", "phase"), ""),
    ("verdicts", ("id",), "answer_id"),
    ("scores", ("round_id", "dimension_id"), ""),
    ("recordings", ("answer_id", "take"), ""),
)

#: Columns of each history table, in the schema's order (what :meth:`ReviewState.dump` returns).
HISTORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": ("id", "kind", "template_id", "title", "started_at", "ended_at", "status"),
    "rounds": (
        "id",
        "session_id",
        "position",
        "round_type",
        "title",
        "allowed_s",
        "used_s",
        "started_at",
        "ended_at",
        "status",
        "recommendation",
        "score_notes",
        "scored_at",
    ),
    "answers": (
        "id",
        "round_id",
        "position",
        "question_id",
        "question_title",
        "asked_at",
        "notes",
        "code",
        "key_points",
        "updated_at",
    ),
    "phase_notes": ("answer_id", "phase", "text", "updated_at"),
    "verdicts": (
        "id",
        "answer_id",
        "created_at",
        "verdict",
        "passed",
        "total",
        "runtime_s",
        "code",
        "detail",
    ),
    "scores": ("round_id", "dimension_id", "dimension_name", "score", "position"),
    "recordings": (
        "id",
        "answer_id",
        "take",
        "path",
        "created_at",
        "duration_s",
        "transcript",
        "backend",
        "metrics",
    ),
}

#: Deterministic order of each table's dump, so two equal histories dump equally.
DUMP_ORDER: dict[str, str] = {
    "sessions": "started_at, id",
    "rounds": "session_id, position",
    "answers": "round_id, position",
    "phase_notes": "answer_id, phase",
    "verdicts": "answer_id, created_at, id",
    "scores": "round_id, position, dimension_id",
    "recordings": "answer_id, length(take), take",
}

#: Tables whose rows are unique by position within their parent.
POSITIONED = frozenset({"rounds", "answers"})

CARD_COLS = (
    "question_id",
    "round_type",
    "question_title",
    "card",
    "due_at",
    "last_asked",
    "last_rating",
    "reviews",
    "inputs",
)

#: Columns of each list :meth:`ReviewState.history_rows` returns.
HISTORY_ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "sessions": HISTORY_COLUMNS["sessions"],
    "rounds": tuple(c for c in HISTORY_COLUMNS["rounds"] if c != "score_notes"),
    "scores": ("round_id", "dimension_id", "dimension_name", "score"),
    "answers": ("id", "round_id", "position", "question_id", "question_title", "asked_at", "ticked", "hints"),
    "last_verdicts": ("answer_id", "verdict", "passed", "total"),
}

HISTORY_SQL: dict[str, str] = {
    "sessions": "SELECT id, kind, template_id, title, started_at, ended_at, status FROM sessions "
    "ORDER BY started_at, rowid",
    "rounds": "SELECT id, session_id, position, round_type, title, allowed_s, used_s, started_at, ended_at, "
    "status, recommendation, scored_at FROM rounds ORDER BY session_id, position",
    # The primary key's index orders by (round_id, dimension_id); the rubric order is position.
    "scores": "SELECT round_id, dimension_id, dimension_name, score FROM scores ORDER BY round_id, position",
    "answers": "SELECT id, round_id, position, question_id, question_title, asked_at, "
    "json_array_length(key_points), (SELECT COUNT(*) FROM answer_events e WHERE e.answer_id = answers.id"
    " AND e.kind = 'hint') FROM answers ORDER BY round_id, position",
    "last_verdicts": "SELECT answer_id, verdict, passed, total FROM (SELECT answer_id, verdict, passed, total, "
    "ROW_NUMBER() OVER (PARTITION BY answer_id ORDER BY created_at DESC, rowid DESC) AS newest "
    "FROM verdicts) WHERE newest = 1",
}
