"""The store's shape (issue 18): lifecycle on ``Store``, records on its sub-objects, TypedDicts that
name exactly the keys the reads return, no import cycle and no module over 400 lines."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import get_type_hints

from mockint.store import HistoryRow, Store
from mockint.store.records import AnswerRow, RoundDetail, RoundRow, SessionDetail, SessionRow

STORE_DIR = Path(__file__).resolve().parents[2] / "mockint" / "store"
#: The modules under ``Store`` (the sub-objects and what they use): they get the shared ``Db``.
BELOW_STORE = (
    "answers.py",
    "db.py",
    "queries.py",
    "recordings.py",
    "records.py",
    "review_state.py",
    "review_tables.py",
    "round_events.py",
    "sessions.py",
)


def _one_session(store: Store) -> tuple[str, str]:
    sid = store.sessions.create("loop", "mle-onsite", "Onsite")
    rid = store.sessions.add_round(sid, 0, "dsa", "Coding", 2700)
    store.sessions.start_round(rid)
    aid = store.answers.add(rid, 0, "two-sum", "Two sum")
    store.answers.add_verdict(aid, {"verdict": "pass", "passed": 3, "total": 3, "runtime_s": 0.5}, "x = 1")
    store.answers.add_hint(aid, 0, 12.0)
    store.answers.save_scores(rid, {"correctness": 3}, "Leaning hire", "fine", {"correctness": "Correctness"})
    store.sessions.finish_round(rid, 1200.0)
    return sid, aid


def test_store_keeps_only_the_lifecycle_and_hands_records_to_sub_objects(store: Store) -> None:
    public = {name for name in dir(Store) if not name.startswith("_")}
    assert public == {"open", "close", "path", "quick_check", "fingerprint", "checkpoint", "backup"}
    assert {"sessions", "answers", "recordings", "review"} <= vars(store).keys()
    sid, _aid = _one_session(store)
    assert store.sessions.count() == 1 and store.sessions.list()[0]["id"] == sid
    assert store.review.last_asked().keys() == {"two-sum"}


def test_typed_records_name_exactly_the_keys_the_reads_return(store: Store) -> None:
    sid, _aid = _one_session(store)
    listed = store.sessions.list()[0]
    assert list(listed) == list(get_type_hints(SessionRow))
    assert set(listed["rounds"][0]) == set(get_type_hints(RoundRow))
    detail = store.sessions.detail(sid)
    assert set(detail) == set(get_type_hints(SessionDetail))
    assert set(detail["rounds"][0]) == set(get_type_hints(RoundDetail))
    assert set(detail["rounds"][0]["answers"][0]) == set(get_type_hints(AnswerRow))
    assert set(store.answers.history("two-sum")[0]) == set(get_type_hints(HistoryRow))
    # Still plain dicts: JSON holds them as they are (what --json and the export print).
    assert json.loads(json.dumps(detail)) == detail


def test_no_module_below_the_store_imports_it_and_none_is_over_400_lines() -> None:
    for module in sorted(STORE_DIR.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, module.name
        if module.name not in BELOW_STORE:
            continue
        imported = {
            node.module
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "mockint.store.store" not in imported, module.name
        assert "store._" not in text, module.name  # nothing reaches into Store's private members
