"""Parse and validate one table of the bank: a question, a rubric or a loop template.

Each parser raises :class:`~mockint.bank.fields.Invalid` (field path and problem) on the first
problem; :mod:`mockint.bank.loader` turns that into a ``file: field: problem`` line and skips the
file. The format is documented in ``docs/bank-format.md``.
"""

from __future__ import annotations

import ast
import hashlib
from typing import Any

from mockint.bank import end_to_end, interviewer, stats
from mockint.bank.fields import Fields, Invalid, kind_of
from mockint.bank.model import (
    COMPARATORS,
    DEFAULT_SIZES,
    DESIGN_ROUND_TYPES,
    DIFFICULTIES,
    FAMILIES,
    ML_CODING_KINDS,
    RECOMMENDATIONS,
    ROUND_TYPES,
    Dimension,
    Generator,
    LoopTemplate,
    Question,
    RoundSpec,
    Rubric,
    TestCase,
    WrongSolution,
)

PART_KINDS = ("intro", "coding", "theory", "questions")


#: Digests of code that has compiled before (kept in the parse cache): compiling every reference,
#: starter and wrong solution was half of the bank's load time at each launch.
_COMPILED_OK: set[str] = set()


def _python(field: Fields, key: str, required: bool = True) -> str:
    """A field holding Python source; it must at least compile."""
    code = field.str(key, required)
    if code:
        digest = hashlib.blake2b(code.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        if digest in _COMPILED_OK:
            return code
        try:
            compile(code, field.name(key), "exec")
            _COMPILED_OK.add(digest)
        except SyntaxError as exc:
            raise Invalid(field.name(key), f"Python syntax error on line {exc.lineno}: {exc.msg}") from None
    return code


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
        return Question(**common, **end_to_end.fields(f, _python))
    if round_type in ("dsa", "ml_coding"):
        return Question(**common, kind=kind, **_coding_fields(f))
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


def _checked(tables: list[Fields], allowed: tuple[str, ...]) -> list[Fields]:
    for t in tables:
        t.unknown(allowed)
    return tables


def _coding_fields(f: Fields) -> dict[str, Any]:
    entry_point = f.str("entry_point")
    if not entry_point.isidentifier():
        raise Invalid(f.name("entry_point"), f"{entry_point!r} is not a Python name")
    reference = _python(f, "reference")
    if f"def {entry_point}" not in reference and f"class {entry_point}" not in reference:
        raise Invalid(f.name("reference"), f"does not define {entry_point}")
    starter = _python(f, "starter")
    compare = f.choice("compare", COMPARATORS, required=False, default="exact")
    tests = []
    for t in _checked(f.tables("tests"), ("args", "args_py", "expected", "sample", "group")):
        has_args, has_py = "args" in t.table, "args_py" in t.table
        if has_args == has_py:
            raise Invalid(t.path, "give exactly one of args or args_py")
        args = None
        args_py = None
        if has_args:
            if not isinstance(t.table["args"], list):
                raise Invalid(t.name("args"), "expected a list of positional arguments")
            args = tuple(t.table["args"])
        else:
            args_py = t.str("args_py")
            digest = hashlib.blake2b(
                b"eval\0" + args_py.encode("utf-8", "surrogatepass"), digest_size=16
            ).hexdigest()
            if digest not in _COMPILED_OK:
                try:
                    compile(args_py, t.name("args_py"), "eval")
                except SyntaxError as exc:
                    raise Invalid(t.name("args_py"), f"not a Python expression: {exc.msg}") from None
                _COMPILED_OK.add(digest)
        sample = t.bool("sample")
        tests.append(
            TestCase(
                group=t.str("group", required=False, default="sample" if sample else "hidden") or "hidden",
                sample=sample,
                args=args,
                args_py=args_py,
                expected=t.table.get("expected"),
                has_expected="expected" in t.table,
            )
        )
    generators = tuple(
        Generator(
            group=g.str("group", required=False, default="generated") or "generated",
            code=_python(g, "code"),
            count=g.int("count", False, 1, minimum=1),
            seed=g.int("seed", False, 0),
        )
        for g in _checked(f.tables("generators"), ("group", "code", "count", "seed"))
    )
    for i, g in enumerate(generators):
        if "def generate" not in g.code:
            raise Invalid(f"{f.name('generators')}[{i}].code", "must define generate(rng)")
    check = _python(f, "check", required=False)
    if check and "def check" not in check:
        raise Invalid(f.name("check"), "must define check(candidate)")
    if not tests and not generators and not check:
        raise Invalid(f.name("tests"), "a coding problem needs tests, generators or check")
    wrong = tuple(
        WrongSolution(name=w.str("name"), code=_python(w, "code"), why=w.str("why", required=False))
        for w in _checked(f.tables("wrong_solutions"), ("name", "code", "why"))
    )
    size_generator, sizes = _size_fields(f)
    rng_param, random_output = _rng_fields(f, entry_point, reference)
    groups = {t.group for t in tests} | {g.group for g in generators} | ({"check"} if check else set())
    return dict(
        size_generator=size_generator,
        sizes=sizes,
        group_points=_points(f, groups),
        entry_point=entry_point,
        starter=starter,
        reference=reference,
        constraints=f.strs("constraints"),
        compare=compare,
        rtol=f.number("rtol", False, 1e-9),
        atol=f.number("atol", False, 1e-9),
        time_limit_s=f.number("time_limit_s", False, 2.0, positive=True),
        tests=tuple(tests),
        generators=generators,
        check=check,
        wrong_solutions=wrong,
        inputs_unchanged=f.bool("inputs_unchanged"),
        rng_param=rng_param,
        random_output=random_output,
        **interviewer.coding_fields(f),
    )


def entry_parameters(source: str, entry_point: str) -> list[str] | None:
    """The positional parameter names of ``entry_point`` in ``source`` (a function, or a method
    of a class, ``self`` left out); ``None`` when it is not defined there or does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == entry_point:
            names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            in_class = any(
                isinstance(parent, ast.ClassDef) and node in parent.body for parent in ast.walk(tree)
            )
            return names[1:] if in_class and names[:1] == ["self"] else names
    return None


def _rng_fields(f: Fields, entry_point: str, reference: str) -> tuple[str, bool]:
    """``rng_param`` (a parameter of the reference's entry point) and ``random_output``
    (only with ``rng_param``)."""
    rng_param = f.str("rng_param", required=False)
    if "rng_param" in f.table:
        # A check that passed before is remembered by digest with the compiled code (the parse cache).
        key = f"rng_param\0{entry_point}\0{rng_param}\0{reference}".encode("utf-8", "surrogatepass")
        digest = hashlib.blake2b(key, digest_size=16).hexdigest()
        params = [rng_param] if digest in _COMPILED_OK else entry_parameters(reference, entry_point) or []
        if rng_param in params:
            _COMPILED_OK.add(digest)
        else:
            shown = ", ".join(params) or "none"
            raise Invalid(
                f.name("rng_param"),
                f"{rng_param!r} is not a parameter of {entry_point} in the reference (its parameters: {shown})",
            )
    random_output = f.bool("random_output")
    if random_output and not rng_param:
        raise Invalid(f.name("random_output"), "needs rng_param (the argument the randomness comes from)")
    return rng_param, random_output


def _size_fields(f: Fields) -> tuple[str, tuple[int, ...]]:
    """``size_generator`` (defines ``make(n, rng)``) and ``sizes`` (at least 3, increasing)."""
    code = _python(f, "size_generator", required=False)
    if not code:
        if "sizes" in f.table:
            raise Invalid(f.name("sizes"), "given without a size_generator")
        return "", ()
    if "def make" not in code:
        raise Invalid(f.name("size_generator"), "must define make(n, rng)")
    if "sizes" not in f.table:
        return code, DEFAULT_SIZES
    sizes = f.table["sizes"]
    if not isinstance(sizes, list):
        raise Invalid(f.name("sizes"), f"expected a list of whole numbers, got {kind_of(sizes)}")
    if len(sizes) < 3:
        raise Invalid(f.name("sizes"), f"expected at least 3 sizes, got {len(sizes)}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10**9:
            raise Invalid(f"{f.name('sizes')}[{i}]", f"expected a whole number from 1 to 10^9, got {n!r}")
        if i and n <= sizes[i - 1]:
            raise Invalid(
                f"{f.name('sizes')}[{i}]", f"must be larger than the size before it ({sizes[i - 1]})"
            )
    return code, tuple(sizes)


def _points(f: Fields, groups: set[str]) -> tuple[tuple[str, int], ...]:
    """The ``points`` table: test group name -> whole points (>= 0) for passing the whole group."""
    if "points" not in f.table:
        return ()
    table = Fields(f.table["points"], f.name("points"))
    for name in table.table:
        if name not in groups:
            raise Invalid(table.name(name), f"no test, generator or check is in group {name!r}")
    return tuple((name, table.int(name)) for name in table.table)


def parse_rubric(table: Any, source_file: str) -> Rubric:
    """Validate a rubric table; raises :class:`Invalid`."""
    f = Fields(table, "")
    f.unknown(("round_type", "kind", "title", "source", "dimensions", "recommendation_anchors"))
    dims = []
    seen: set[str] = set()
    for d in _checked(
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
    for r in _checked(
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
