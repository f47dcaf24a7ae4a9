"""Rounds left with "Score later": find them and score them afterwards in the rubric dialog.

A round waits for scores when it was played to its end (status ``finished``) and has no rubric
scores. No extra column is needed (so no migration): the store already says both. Home, Past
sessions and Review list these rounds until they are scored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from mockint.bank import Bank
from mockint.wording import duration, plural

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnscoredRound:
    """A finished round without scores: its ``round_id``, ``session_id``, ``round_type``, ``title``
    and the session's ``session_title`` and ``started_at`` (ISO text)."""

    round_id: str
    session_id: str
    round_type: str
    title: str
    session_title: str
    started_at: str


def waits_for_scores(round_row: dict) -> bool:
    """True for a round (a ``store.sessions.list`` or ``store.sessions.detail`` round) that was finished
    and not scored."""
    return round_row.get("status") == "finished" and not round_row.get("scores")


def unscored_rounds(store, session_id: str | None = None) -> list[UnscoredRound]:
    """Finished, unscored rounds, newest session first (only ``session_id``'s when given)."""
    out: list[UnscoredRound] = []
    for s in store.sessions.list():
        if session_id is not None and s["id"] != session_id:
            continue
        out.extend(
            UnscoredRound(r["id"], s["id"], r["round_type"], r["title"], s["title"], s["started_at"])
            for r in s["rounds"]
            if waits_for_scores(r)
        )
    return out


def waiting_text(count: int) -> str:
    """``"1 round waits for scores"`` / ``"3 rounds wait for scores"`` ('' for none)."""
    if not count:
        return ""
    return f"{plural(count, 'round')} {'waits' if count == 1 else 'wait'} for scores"


def _evidence(store, item: UnscoredRound) -> list[str]:
    detail = store.sessions.detail(item.session_id)
    r = next(r for r in detail["rounds"] if r["id"] == item.round_id)
    lines = [
        f"Played {item.started_at[:16].replace('T', ' ')}; "
        f"time used {duration(r.get('used_s'))} of {duration(r['allowed_s'])}"
    ]
    for a in r["answers"]:
        runs = a.get("verdicts") or []
        last = runs[-1] if runs else None
        judged = f", last run {last.get('verdict')} {last.get('passed')}/{last.get('total')}" if last else ""
        ticked = (
            f", {plural(len(a.get('key_points') or []), 'key point')} ticked" if a.get("key_points") else ""
        )
        lines.append(f"{a['question_title']}{judged}{ticked}")
    if r.get("score_notes"):
        lines.append(f"Your notes: {r['score_notes']}")
    return lines


def score_round(parent: QWidget | None, store, bank: Bank, item: UnscoredRound) -> bool:
    """Open the rubric dialog for ``item`` and save the scores; returns True when saved.

    A round type with no rubric loaded shows a notice and returns False. The dialog's "Score later"
    leaves the round as it was.
    """
    from mockint.ui.rubric_dialog import RubricDialog

    rubric = bank.rubrics.get(item.round_type)
    if rubric is None:
        QMessageBox.information(
            parent, "No rubric", f"No rubric is loaded for {item.title}; it cannot be scored."
        )
        return False
    dialog = RubricDialog(rubric, item.title, _evidence(store, item), parent)
    if dialog.exec() != RubricDialog.DialogCode.Accepted:
        return False
    store.answers.save_scores(
        item.round_id,
        dialog.scores,
        dialog.recommendation,
        dialog.notes.toPlainText(),
        dialog.dimension_names,
    )
    log.info("scored round %s later", item.round_id)
    return True


def count_unscored(db_path) -> int:
    """On a worker thread: how many finished rounds have no scores (one read-only query)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM rounds r WHERE r.status = 'finished' AND NOT EXISTS "
            "(SELECT 1 FROM scores s WHERE s.round_id = r.id)"
        ).fetchone()[0]
