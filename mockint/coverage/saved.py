"""Keep the coverage suggestion and the candidate's final tick in the store, with no new migration.

One ``answer_events`` row (migration 4) of kind ``coverage`` per answer and section (``section``
is "" for a question's own key points, else the phase or part name), whose ``text`` is JSON:
``{"method": str, "points": [{"index": 1-based, "score": 0..1, "suggested": bool,
"ticked": true | false | null}]}`` (null: a suggestion the candidate left unconfirmed). Saving
again replaces the rows of that answer. Readers of the other event kinds ignore these rows.
"""

from __future__ import annotations

import json
from typing import Any

from mockint.store import Store

KIND = "coverage"


def save_coverage(store: Store, answer_id: str, result: dict[str, Any]) -> None:
    """Store an evidence panel's ``result()`` (``method``, ``key_points`` with ``phase``) for an answer.

    Raises :class:`~mockint.store.NotFound` for an unknown answer, :class:`~mockint.store.StoreError`
    when not saved."""
    by_section: dict[str, list[dict[str, Any]]] = {}
    for p in result.get("key_points", []):
        by_section.setdefault(p.get("phase", ""), []).append(
            {
                "index": int(p["index"]),
                "score": float(p["score"]),
                "suggested": bool(p["suggested"]),
                "ticked": p["ticked"] if p["ticked"] is None else bool(p["ticked"]),
            }
        )
    for section, points in by_section.items():
        store.answers.replace_event(
            answer_id, KIND, section, json.dumps({"method": result.get("method", ""), "points": points})
        )


def coverage_of(store: Store, answer_id: str) -> dict[str, dict[str, Any]]:
    """``{section: {"method", "points"}}`` saved for ``answer_id`` (empty when none)."""
    return {section: json.loads(text) for section, text in store.answers.event_texts(answer_id, KIND)}
