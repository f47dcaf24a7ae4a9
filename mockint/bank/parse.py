"""Parse and validate one table of the bank: a question, a rubric or a loop template.

Each parser raises :class:`~mockint.bank.fields.Invalid` (field path and problem) on the first
problem; :mod:`mockint.bank.loader` turns that into a ``file: field: problem`` line and skips the
file. The format is documented in ``docs/bank-format.md``. A coding problem's fields (code that
must compile, tests, generators, sizes, points) are read by :mod:`mockint.bank.parse_coding`.
"""

from __future__ import annotations

from typing import Any

from mockint.bank import end_to_end, interviewer, stats
from mockint.bank.fields import Fields, Invalid
from mockint.bank.model import (
    DESIGN_ROUND_TYPES,
    DIFFICULTIES,
    FAMILIES,
    ML_CODING_KINDS,
    RECOMMENDATIONS,
    ROUND_TYPES,
    Dimension,
    LoopTemplate,
    Question,
    RoundSpec,
    Rubric,
)

# The compiled-code digests and entry_parameters stay importable from here (the load cache, the judge).
from mockint.bank.parse_coding import _COMPILED_OK, checked, coding_fields, entry_parameters, python_source

__all__ = ["PART_KINDS", "_COMPILED_OK", "entry_parameters", "parse_loop", "parse_question", "parse_rubric"]

PART_KINDS = ("intro", "coding", "theory", "questions")


_COMMON = ("id", "round_type", "title", "difficulty", "topics", "minutes", "prompt")
_ALLOWED = {
    "dsa": _COMMON
    + interviewer.CODING_KEYS
    + (
        "entry_point",
        "starter",
        "reference",
        "constraints",
        "compare",
        "rtol",
        "atol",
        "time_limit_s",
        "tests",
        "generators",
        "check",
        "wrong_solutions",
        "size_generator",
        "sizes",
        "points",
        "inputs_unchanged",
        "rng_param",
        "random_output",
    ),
    "ml_theory": _COMMON + interviewer.DISCUSSION_KEYS + ("key_points", "common_mistake"),
    "behavioral": _COMMON
    + interviewer.DISCUSSION_KEYS
    + ("key_points", "competencies", "common_mistake", "levels"),
    "stats_probability": _COMMON + stats.KEYS,
    "system_design": _COMMON + ("key_points", "phases", "estimates", "common_mistake"),
    "phone_screen": _COMMON + ("parts", "key_points"),
    "project_deep_dive": _COMMON + interviewer.DISCUSSION_KEYS + ("key_points", "family", "common_mistake"),
    "hiring_manager": _COMMON
    + interviewer.DISCUSSION_KEYS
    + ("key_points", "family", "common_mistake", "asks_for_questions"),
}
_ALLOWED["ml_coding"] = _ALLOWED["dsa"] + ("kind",)
_ALLOWED["general_system_design"] = _ALLOWED["system_design"]


def parse_question(table: Any, path: str, source_file: str) -> Question:
    """Validate one question table; raises :class:`Invalid` on the first problem."""
    f = Fields(table, path)
    qid = f.str("id")
    if any(c.isspace() for c in qid):
        raise Invalid(f.name("id"), "must not contain spaces")
    round_type = f.choice("round_type", ROUND_TYPES)
    kind = f.choice("kind", ML_CODING_KINDS) if round_type == "ml_coding" else ""
    f.unknown(end_to_end.KEYS + _COMMON if kind == "end_to_end" else _ALLOWED[round_type])
    common: dict[str, Any] = dict(
        id=qid,
        round_type=round_type,
        title=f.str("title"),
        difficulty=f.choice("difficulty", DIFFICULTIES),
        topics=f.strs("topics", required=True, min_len=1),
        minutes=f.number("minutes", positive=True),
        prompt=f.str("prompt"),
        source_file=source_file,
    )
    if kind == "end_to_end":
        return Question(**common, **end_to_end.fields(f, python_source))
    if round_type in ("dsa", "ml_coding"):
        return Question(**common, kind=kind, **coding_fields(f))
    if round_type == "ml_theory":
        key_points = f.strs("key_points", True, 3, 6)
        return Question(
            **common,
            key_points=key_points,
            common_mistake=f.str("common_mistake"),
            **interviewer.discussion_fields(f, key_points, key_point_required=True),
        )
    if round_type == "stats_probability":
        return Question(**common, **stats.fields(f))
    if round_type == "behavioral":
        key_points = f.strs("key_points", True, 2, 8)
        return Question(
            **common,
            key_points=key_points,
            competencies=f.strs("competencies", True, 1),
            levels=interviewer.levels(f),
            common_mistake=f.str("common_mistake", required=False),
            **interviewer.discussion_fields(f, key_points, key_point_required=False),
        )
    if round_type in FAMILIES:  # project deep dive, hiring manager
        key_points = f.strs("key_points", True, 2, 8)
        return Question(
            **common,
            key_points=key_points,
            family=f.choice("family", FAMILIES[round_type]),
            asks_for_questions=f.bool("asks_for_questions"),
            common_mistake=f.str("common_mistake", required=False),
            **interviewer.discussion_fields(f, key_points, key_point_required=False),
        )
    if round_type in DESIGN_ROUND_TYPES:
        phases = tuple(interviewer.phase(p) for p in f.tables("phases", required=True, min_len=3))
        return Question(
            **common,
            phases=phases,
            estimates=f.strs("estimates", required=True, min_len=1),
            key_points=f.strs("key_points"),
            common_mistake=f.str("common_mistake", required=False),
        )
    parts = tuple(interviewer.part(p, PART_KINDS) for p in f.tables("parts", required=True, min_len=2))
    return Question(**common, parts=parts, key_points=f.strs("key_points"))


def parse_rubric(table: Any, source_file: str) -> Rubric:
    """Validate a rubric table; raises :class:`Invalid`."""
    f = Fields(table, "")
    f.unknown(("round_type", "kind", "title", "source", "dimensions", "recommendation_anchors"))
    dims = []
    seen: set[str] = set()
    for d in checked(
        f.tables("dimensions", required=True, min_len=1), ("id", "name", "description", "anchors")
    ):
        did = d.str("id")
        if did in seen:
            raise Invalid(d.name("id"), f"duplicate dimension id {did!r}")
        seen.add(did)
        anchors = d.strs("anchors", True, 4, 4)
        dims.append(
            Dimension(
                id=did,
                name=d.str("name"),
                description=d.str("description", required=False),
                anchors=(anchors[0], anchors[1], anchors[2], anchors[3]),
            )
        )
    return Rubric(
        round_type=f.choice("round_type", ROUND_TYPES),
        title=f.str("title"),
        source=f.str("source"),
        dimensions=tuple(dims),
        recommendation_anchors=f.strs(
            "recommendation_anchors", False, len(RECOMMENDATIONS), len(RECOMMENDATIONS)
        )
        if "recommendation_anchors" in f.table
        else (),
        source_file=source_file,
        kind=f.choice("kind", ML_CODING_KINDS, required=False, default="end_to_end")
        if "kind" in f.table
        else "",
    )


def parse_loop(table: Any, source_file: str) -> LoopTemplate:
    """Validate a loop template table; raises :class:`Invalid`."""
    f = Fields(table, "")
    f.unknown(("id", "title", "description", "rounds", "focus"))
    rounds = []
    for r in checked(
        f.tables("rounds", required=True, min_len=1),
        ("type", "minutes", "questions", "title", "topics", "difficulties", "stop", "break_minutes"),
    ):
        diffs = r.strs("difficulties")
        for i, d in enumerate(diffs):
            if d not in DIFFICULTIES:
                raise Invalid(
                    f"{r.name('difficulties')}[{i}]", f"{d!r} is not one of {', '.join(DIFFICULTIES)}"
                )
        rounds.append(
            RoundSpec(
                round_type=r.choice("type", ROUND_TYPES),
                minutes=r.number("minutes", positive=True),
                questions=r.int("questions", False, 1, minimum=1),
                title=r.str("title", required=False),
                topics=r.strs("topics"),
                difficulties=diffs,
                stop=r.choice("stop", ("soft", "hard"), required=False, default="soft"),
                break_minutes=r.number("break_minutes", False, 0.0),
            )
        )
    return LoopTemplate(
        id=f.str("id"),
        title=f.str("title"),
        description=f.str("description", required=False),
        rounds=tuple(rounds),
        source_file=source_file,
        focus=f.str("focus", required=False),
    )
