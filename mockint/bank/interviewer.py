"""The interviewer's content of a bank question: hints, editorials, follow-ups, model answers.

Read from the question tables (format in ``docs/bank-format.md``, "The interviewer's content"):

- coding problems (``dsa``, ``ml_coding``): ``hints`` (exactly 3: a nudge, the approach, the key
  step) and ``editorial`` (markdown: approach, why it is correct, complexity, pitfalls);
- ``ml_theory`` and ``stats_probability``: ``model_answer`` and ``[[follow_ups]]`` tables
  ``{text, key_point}``, where ``key_point`` is the 1-based index of the key point the follow-up
  probes (a stats question's ``answer`` and worked ``solution``: :mod:`mockint.bank.stats`);
- ``behavioral``: ``[[follow_ups]]`` (``key_point`` optional) and a ``[levels]`` table: what a strong
  story's scope is at each of :data:`~mockint.bank.model.LEVELS` (``junior``, ``senior``, ``staff``);
- ``project_deep_dive`` and ``hiring_manager``: ``[[follow_ups]]`` (``key_point`` optional);
- ``system_design`` and ``general_system_design``: per ``[[phases]]`` table ``follow_ups`` (strings) and ``outline``;
- ``phone_screen`` parts: theory parts ``model_answer`` and ``[[parts.follow_ups]]``; coding parts
  ``problem``, the id of the coding question solved in that part.

Parsing only checks shape (a file whose content is malformed is skipped, naming file and field);
:func:`content_gaps` says what a question still lacks, which ``mockint bank check`` reports.
:func:`debrief_view` is what ``mockint bank show ID --json --debrief`` adds to the candidate view.
"""

from __future__ import annotations

from typing import Any

from mockint.bank.fields import Fields, Invalid
from mockint.bank.model import DESIGN_ROUND_TYPES, LEVELS, Bank, FollowUp, Part, Phase, Question

#: How many hints a coding problem's ladder has (nudge, approach, key step).
HINT_COUNT = 3
#: How many follow-ups a theory or behavioral question (or a theory part) should have.
FOLLOW_UPS_MIN, FOLLOW_UPS_MAX = 2, 3
#: The most follow-ups the loader accepts in one table (more is a content error).
_FOLLOW_UPS_LIMIT = 6

#: Round types whose questions are discussed against key points, with follow-ups and a debrief.
DISCUSSION_ROUND_TYPES = (
    "ml_theory",
    "behavioral",
    "stats_probability",
    "project_deep_dive",
    "hiring_manager",
)

CODING_KEYS = ("hints", "editorial")
DISCUSSION_KEYS = ("model_answer", "follow_ups")
PHASE_KEYS = ("follow_ups", "outline")
PART_KEYS = ("problem", "model_answer", "follow_ups")


def coding_fields(f: Fields) -> dict[str, Any]:
    """``hints`` and ``editorial`` of a coding problem; raises :class:`Invalid`."""
    hints = f.strs("hints", min_len=HINT_COUNT, max_len=HINT_COUNT) if "hints" in f.table else ()
    return {"hints": hints, "editorial": f.str("editorial", required=False)}


def follow_ups(f: Fields, key_points: tuple[str, ...], key_point_required: bool) -> tuple[FollowUp, ...]:
    """The ``[[follow_ups]]`` tables of ``f``; each ``key_point`` must index ``key_points`` (1-based)."""
    out = []
    tables = f.tables("follow_ups")
    if len(tables) > _FOLLOW_UPS_LIMIT:
        raise Invalid(
            f.name("follow_ups"), f"expected at most {_FOLLOW_UPS_LIMIT} entries, got {len(tables)}"
        )
    for t in tables:
        t.unknown(("text", "key_point"))
        text = t.str("text")
        if key_point_required or "key_point" in t.table:
            index = t.int("key_point", minimum=1)
            if index > len(key_points):
                raise Invalid(
                    t.name("key_point"), f"there are only {len(key_points)} key points, got {index}"
                )
        else:
            index = 0
        out.append(FollowUp(text=text, key_point=index))
    return tuple(out)


def discussion_fields(f: Fields, key_points: tuple[str, ...], key_point_required: bool) -> dict[str, Any]:
    """``model_answer`` and ``follow_ups`` of a theory or behavioral question (or a theory part)."""
    return {
        "model_answer": f.str("model_answer", required=False),
        "follow_ups": follow_ups(f, key_points, key_point_required),
    }


def levels(f: Fields) -> tuple[tuple[str, str], ...]:
    """The ``levels`` table of a behavioral question: one non-empty string for every level in
    :data:`LEVELS` and nothing else, as ``(level, text)`` pairs in that order (``()`` when absent);
    raises :class:`Invalid` naming ``levels`` or the bad key."""
    if "levels" not in f.table:
        return ()
    table = Fields(f.table["levels"], f.name("levels"))
    table.unknown(LEVELS)
    return tuple((level, table.str(level)) for level in LEVELS)


def phase(p: Fields) -> Phase:
    """One ``[[phases]]`` table of a system-design question; raises :class:`Invalid`."""
    p.unknown(("name", "minutes", "key_points") + PHASE_KEYS)
    return Phase(
        name=p.str("name"),
        minutes=p.number("minutes", positive=True),
        key_points=p.strs("key_points", True, 1),
        follow_ups=p.strs("follow_ups", max_len=_FOLLOW_UPS_LIMIT),
        outline=p.str("outline", required=False),
    )


def part(p: Fields, kinds: tuple[str, ...]) -> Part:
    """One ``[[parts]]`` table of a phone-screen set; raises :class:`Invalid`."""
    p.unknown(("kind", "title", "prompt", "minutes", "key_points") + PART_KEYS)
    kind = p.choice("kind", kinds)
    key_points = p.strs("key_points")
    extra: dict[str, Any] = {}
    if "problem" in p.table:
        if kind != "coding":
            raise Invalid(p.name("problem"), "only a coding part names a problem")
        problem = p.str("problem")
        if any(c.isspace() for c in problem):
            raise Invalid(p.name("problem"), "must be a question id (no spaces)")
        extra["problem"] = problem
    if "model_answer" in p.table or "follow_ups" in p.table:
        if kind == "coding":
            field = "model_answer" if "model_answer" in p.table else "follow_ups"
            raise Invalid(p.name(field), "a coding part takes its debrief from its problem")
        extra.update(discussion_fields(p, key_points, key_point_required=kind == "theory"))
    return Part(
        kind=kind,
        title=p.str("title"),
        prompt=p.str("prompt"),
        minutes=p.number("minutes", positive=True),
        key_points=key_points,
        **extra,
    )


def content_gaps(q: Question, bank: Bank | None = None) -> list[tuple[str, str]]:
    """What the interviewer's content of ``q`` still lacks, as ``(field, problem)`` pairs.

    Coding: 3 hints and an editorial. Theory and stats: a model answer and 2–3 follow-ups. Behavioral: 2–3
    follow-ups and a ``levels`` table. System design: per phase at least one follow-up and an outline. Phone screen:
    theory parts as theory questions; coding parts name a coding ``problem`` that ``bank`` holds.
    """
    if q.is_coding:
        return _coding_gaps(q)
    check = {
        "ml_theory": _theory_gaps,
        "stats_probability": _theory_gaps,
        "behavioral": _behavioral_gaps,
        "project_deep_dive": _follow_up_gaps,
        "hiring_manager": _follow_up_gaps,
        "system_design": _design_gaps,
        "general_system_design": _design_gaps,
        "phone_screen": _phone_gaps,
    }.get(q.round_type)
    return check(q, bank) if check is not None else []


def _count_gap(field: str, items: tuple[Any, ...]) -> list[tuple[str, str]]:
    if FOLLOW_UPS_MIN <= len(items) <= FOLLOW_UPS_MAX:
        return []
    return [(field, f"expected {FOLLOW_UPS_MIN}–{FOLLOW_UPS_MAX} follow-ups, got {len(items)}")]


def _coding_gaps(q: Question) -> list[tuple[str, str]]:
    gaps = [] if len(q.hints) == HINT_COUNT else [("hints", f"missing: a ladder of {HINT_COUNT} hints")]
    return gaps + ([] if q.editorial.strip() else [("editorial", "missing")])


def _theory_gaps(q: Question, _bank: Bank | None) -> list[tuple[str, str]]:
    gaps = [] if q.model_answer.strip() else [("model_answer", "missing")]
    return gaps + _count_gap("follow_ups", q.follow_ups)


def _follow_up_gaps(q: Question, _bank: Bank | None) -> list[tuple[str, str]]:
    return _count_gap("follow_ups", q.follow_ups)


def _behavioral_gaps(q: Question, _bank: Bank | None) -> list[tuple[str, str]]:
    gaps = _count_gap("follow_ups", q.follow_ups)
    return gaps + (
        [] if q.levels else [("levels", f"missing: what a strong story shows at {', '.join(LEVELS)}")]
    )


def _design_gaps(q: Question, _bank: Bank | None) -> list[tuple[str, str]]:
    gaps: list[tuple[str, str]] = []
    for i, ph in enumerate(q.phases):
        if not ph.follow_ups:
            gaps.append((f"phases[{i}].follow_ups", "missing: at least one follow-up"))
        if not ph.outline.strip():
            gaps.append((f"phases[{i}].outline", "missing"))
    return gaps


def _phone_gaps(q: Question, bank: Bank | None) -> list[tuple[str, str]]:
    gaps: list[tuple[str, str]] = []
    for i, pt in enumerate(q.parts):
        if pt.kind == "theory":
            if not pt.model_answer.strip():
                gaps.append((f"parts[{i}].model_answer", "missing"))
            gaps += _count_gap(f"parts[{i}].follow_ups", pt.follow_ups)
        elif pt.kind == "coding" and not pt.problem:
            gaps.append((f"parts[{i}].problem", "missing: the id of the coding problem solved here"))
        elif pt.kind == "coding" and bank is not None:
            target = bank.questions.get(pt.problem)
            if target is None or not target.is_coding:
                gaps.append((f"parts[{i}].problem", f"{pt.problem!r} is not a loaded coding question"))
    return gaps


def _follow_up_view(fu: FollowUp, key_points: tuple[str, ...]) -> dict[str, Any]:
    probes = key_points[fu.key_point - 1] if 0 < fu.key_point <= len(key_points) else None
    return {"text": fu.text, "key_point": fu.key_point or None, "probes": probes}


def debrief_view(q: Question, bank: Bank | None = None) -> dict[str, Any]:
    """The interviewer's side of ``q``: what ``bank show --json --debrief`` adds to the candidate view.

    Keys by kind: coding ``hints`` (list of str), ``editorial`` (markdown) and ``reference``
    (Python source); discussion ``key_points``, ``model_answer`` and ``follow_ups`` (each
    ``{text, key_point, probes}``, ``key_point`` 1-based or null), for behavioral ``levels``
    (``{junior, senior, staff}``: the scope a strong story shows at each, when given), and for stats
    ``answer`` (``{value, tolerance, kind, unit}``, when a number is asked) and ``solution``; system
    design ``estimates`` (list of str), ``follow_ups`` (each ``{text, phase}``) and ``outlines``
    (each ``{phase, outline}``); phone screen ``parts`` (each with its ``title`` and, by kind, the
    same keys; a coding part's come from its ``problem`` when ``bank`` holds it).
    """
    view: dict[str, Any] = {}
    if q.is_coding:
        view.update(hints=list(q.hints), editorial=q.editorial, reference=q.reference)
    elif q.round_type in DISCUSSION_ROUND_TYPES:
        view.update(
            key_points=list(q.key_points),
            model_answer=q.model_answer,
            follow_ups=[_follow_up_view(fu, q.key_points) for fu in q.follow_ups],
        )
        if q.common_mistake:
            view["common_mistake"] = q.common_mistake
        if q.levels:
            view["levels"] = dict(q.levels)
        if q.numeric is not None:
            n = q.numeric
            view["answer"] = {"value": n.value, "tolerance": n.tolerance, "kind": n.kind, "unit": n.unit}
        if q.solution:
            view["solution"] = q.solution
    elif q.round_type in DESIGN_ROUND_TYPES:
        view.update(
            key_points=list(q.key_points),
            estimates=list(q.estimates),
            follow_ups=[{"text": text, "phase": ph.name} for ph in q.phases for text in ph.follow_ups],
            outlines=[
                {"phase": ph.name, "outline": ph.outline, "key_points": list(ph.key_points)}
                for ph in q.phases
            ],
        )
    elif q.round_type == "phone_screen":
        parts = []
        for pt in q.parts:
            entry: dict[str, Any] = {"kind": pt.kind, "title": pt.title, "key_points": list(pt.key_points)}
            if pt.kind == "coding":
                entry["problem"] = pt.problem or None
                target = bank.questions.get(pt.problem) if bank is not None and pt.problem else None
                if target is not None and target.is_coding:
                    entry.update(debrief_view(target))
            elif pt.kind == "theory":
                entry.update(
                    model_answer=pt.model_answer,
                    follow_ups=[_follow_up_view(fu, pt.key_points) for fu in pt.follow_ups],
                )
            parts.append(entry)
        view["parts"] = parts
    return view
