"""A synthetic but realistic interview history, for benchmarks, screenshots and tests.

:func:`synthetic_export` builds an export document (``docs/export-format.md``) of ``sessions``
sessions from the bank's own loops, rubrics and questions: about a third full loops, the rest
single-round practice; self-scores that drift upward with practice, coding verdicts and key
points ticked in line with them (with some over-confidence), time used around the time allowed.
The same ``seed`` gives the same document; load it with ``mockint.review.exchange.import_json``.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from mockint.bank.model import CODING_ROUND_TYPES, RECOMMENDATIONS, ROUND_TYPE_NAMES, Bank
from mockint.review.exchange import FORMAT, FORMAT_VERSION
from mockint.review.history import key_point_texts


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def synthetic_export(
    bank: Bank, sessions: int, *, seed: int = 0, start: datetime = datetime(2024, 1, 1, 18, 0, tzinfo=UTC)
) -> dict[str, Any]:
    """An export document of ``sessions`` finished sessions starting at ``start``, ~1 every 8 hours.

    Raises ``ValueError`` when the bank has no loop templates or no rubrics.
    """
    if not bank.loops or not bank.rubrics:
        raise ValueError("the bank needs loop templates and rubrics to make a sample history")
    rng = random.Random(seed)
    loops = sorted(bank.loops.values(), key=lambda t: t.id)
    types = sorted(bank.rubrics)

    def new_id() -> str:
        return uuid.UUID(int=rng.getrandbits(128), version=4).hex

    out = []
    when = start
    for n in range(sessions):
        skill = min(0.9, 0.3 + n / max(sessions, 1) * 0.6)  # practice helps
        if rng.random() < 0.33:
            template = rng.choice(loops)
            specs = [
                (s.round_type, s.title or ROUND_TYPE_NAMES[s.round_type], s.minutes, s.questions)
                for s in template.rounds
            ]
            kind, template_id, title = "loop", template.id, template.title
        else:
            rt = rng.choice(types)
            specs = [(rt, ROUND_TYPE_NAMES[rt], 45.0, rng.randint(1, 3))]
            kind, template_id, title = "practice", rt, f"Practice: {ROUND_TYPE_NAMES[rt]}"
        session_start = when
        clock = session_start
        rounds = []
        for pos, (rt, round_title, minutes, count) in enumerate(specs):
            rubric = bank.rubrics.get(rt)
            pool = bank.by_round(rt)
            if rubric is None or not pool:
                continue
            allowed = minutes * 60.0
            used = max(30.0, rng.gauss(allowed * 0.95, allowed * 0.15))
            started = clock
            answers = []
            for qi, q in enumerate(rng.sample(pool, min(count, len(pool)))):
                asked = started + timedelta(seconds=qi * allowed / max(count, 1))
                points = len(key_point_texts(q))
                ticked = sorted(
                    rng.sample(range(points), round(points * min(1.0, max(0.0, rng.gauss(skill, 0.2)))))
                )
                verdicts = []
                if rt in CODING_ROUND_TYPES:
                    total = rng.randint(8, 30)
                    passed = min(total, max(0, round(total * rng.gauss(skill, 0.25))))
                    verdict = "Accepted" if passed == total else "Wrong answer"
                    detail = {"verdict": verdict, "passed": passed, "total": total, "runtime_s": 0.25}
                    verdicts.append(
                        {
                            "id": new_id(),
                            "created_at": _iso(asked + timedelta(minutes=20)),
                            "verdict": verdict,
                            "passed": passed,
                            "total": total,
                            "runtime_s": 0.25,
                            "code": f"def solve(*args):\n    return {n}\n",
                            "detail": detail,
                        }
                    )
                answers.append(
                    {
                        "id": new_id(),
                        "position": qi,
                        "question_id": q.id,
                        "question_title": q.title,
                        "asked_at": _iso(asked),
                        "notes": f"Notes on {q.title}.",
                        "code": "",
                        "key_points": [] if rt in CODING_ROUND_TYPES else ticked,
                        "updated_at": _iso(asked + timedelta(minutes=5)),
                        "phase_notes": [],
                        "verdicts": verdicts,
                        "recordings": [],
                    }
                )
            confident = min(4.0, 1.0 + 3.0 * skill + 0.4)  # self-scores run a little above the evidence
            values = [min(4, max(1, round(rng.gauss(confident, 0.7)))) for _ in rubric.dimensions]
            scores = [
                {"dimension_id": d.id, "dimension_name": d.name, "score": v, "position": i}
                for i, (d, v) in enumerate(zip(rubric.dimensions, values, strict=True))
            ]
            mean = sum(values) / len(values)
            ended = started + timedelta(seconds=used)
            rounds.append(
                {
                    "id": new_id(),
                    "position": pos,
                    "round_type": rt,
                    "title": round_title,
                    "allowed_s": allowed,
                    "used_s": round(used, 1),
                    "started_at": _iso(started),
                    "ended_at": _iso(ended),
                    "status": "finished",
                    "recommendation": RECOMMENDATIONS[min(3, max(0, round(mean) - 1))],
                    "score_notes": "",
                    "scored_at": _iso(ended + timedelta(minutes=2)),
                    "scores": scores,
                    "answers": answers,
                }
            )
            clock = ended + timedelta(minutes=10)
        out.append(
            {
                "id": new_id(),
                "kind": kind,
                "template_id": template_id,
                "title": title,
                "started_at": _iso(session_start),
                "ended_at": _iso(clock),
                "status": "finished",
                "rounds": rounds,
            }
        )
        when = max(clock, when + timedelta(hours=rng.uniform(4, 12)))
    return {"format": FORMAT, "version": FORMAT_VERSION, "sessions": out}
