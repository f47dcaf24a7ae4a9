"""Find a bank question to practise by title, id or topic (Qt-free; the CLI and the GUI use it)."""

from __future__ import annotations

from mockint.bank import ROUND_TYPE_NAMES, Bank
from mockint.bank.model import Question


def search(bank: Bank, round_type: str, text: str) -> list[Question]:
    """Questions of ``round_type`` whose id, title or a topic contains ``text`` (any case), id
    matches first, then by title; all of them for an empty ``text``."""
    needle = text.strip().lower()
    pool = bank.by_round(round_type)
    if not needle:
        return sorted(pool, key=lambda q: q.title.lower())
    hits = [
        q
        for q in pool
        if needle in q.id.lower() or needle in q.title.lower() or any(needle in t.lower() for t in q.topics)
    ]
    return sorted(hits, key=lambda q: (needle not in q.id.lower(), q.title.lower()))


def resolve(bank: Bank, round_type: str, question_id: str) -> Question:
    """The question ``question_id`` of ``round_type``; raises ``ValueError`` naming what is wrong
    (no such id, suggesting near ids; or an id of another round type)."""
    question = bank.questions.get(question_id)
    if question is None:
        near = [q.id for q in search(bank, round_type, question_id.split(".")[-1])][:5]
        hint = f" Did you mean: {', '.join(near)}?" if near else " See `mockint bank list`."
        raise ValueError(f"no question with id {question_id!r} in the bank.{hint}")
    if question.round_type != round_type:
        raise ValueError(
            f"question {question_id!r} is a {ROUND_TYPE_NAMES[question.round_type]} question, "
            f"not {ROUND_TYPE_NAMES[round_type]}: use `mockint practice {question.round_type} "
            f"--question {question_id}`"
        )
    return question
