"""Fuzz the bank loader: random TOML documents and random field values for every kind of file.

Each example writes a valid file and a mutated one of the same kind (a question of each round
type, a rubric, a loop template) into a fresh bank folder and loads it. The loader must never
raise; every problem must read ``file: field: problem`` on one line, naming the broken file; a file
that did not load must have a problem reported; whatever did load must be usable (finite, positive
times); and the valid file must load beside the broken one.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockint.bank import load_bank
from mockint.bank.model import Bank

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a failure here is a bug, not bad luck
)

# -- valid documents of every kind ----------------------------------------------------------------

COMMON = {"title": "T", "difficulty": "easy", "topics": ["t"], "minutes": 5, "prompt": "P"}
VALID: dict[str, dict[str, Any]] = {
    "phone_screen": COMMON
    | {
        "round_type": "phone_screen",
        "parts": [
            {"kind": "intro", "title": "Intro", "prompt": "Tell me", "minutes": 2, "key_points": ["a"]},
            {
                "kind": "theory",
                "title": "Theory",
                "prompt": "Explain",
                "minutes": 3,
                "key_points": ["p"],
                "model_answer": "Say this",
                "follow_ups": [{"text": "Why?", "key_point": 1}],
            },
        ],
        "key_points": ["k"],
    },
    "dsa": COMMON
    | {
        "round_type": "dsa",
        "entry_point": "f",
        "starter": "def f(x):\n    pass\n",
        "reference": "def f(x):\n    return x\n",
        "constraints": ["1 <= x"],
        "compare": "exact",
        "tests": [{"args": [1], "expected": 1, "sample": True}, {"args_py": "(2,)"}],
        "generators": [{"code": "def generate(rng):\n    return (rng.random(),)\n", "count": 2}],
        "wrong_solutions": [{"name": "zero", "code": "def f(x):\n    return 0\n", "why": "w"}],
        "hints": ["notice", "approach", "step"],
        "editorial": "Return the input.",
    },
    "ml_coding": COMMON
    | {
        "round_type": "ml_coding",
        "kind": "operation",
        "entry_point": "g",
        "starter": "def g(a):\n    pass\n",
        "reference": "def g(a):\n    return a * 2\n",
        "compare": "allclose",
        "rtol": 1e-6,
        "atol": 1e-8,
        "time_limit_s": 3.0,
        "tests": [{"args_py": "(np.ones(3),)", "group": "shapes"}],
        "check": "def check(candidate):\n    pass\n",
    },
    "ml_theory": COMMON
    | {
        "round_type": "ml_theory",
        "key_points": ["one", "two", "three"],
        "common_mistake": "m",
        "model_answer": "A strong answer.",
        "follow_ups": [{"text": "And then?", "key_point": 2}, {"text": "Why?", "key_point": 3}],
    },
    "system_design": COMMON
    | {
        "round_type": "system_design",
        "phases": [
            {"name": "Scope", "minutes": 5, "key_points": ["a"], "follow_ups": ["x10?"], "outline": "O"},
            {"name": "Data", "minutes": 10, "key_points": ["b"]},
            {"name": "Model", "minutes": 10, "key_points": ["c"]},
        ],
        "estimates": ["QPS"],
        "key_points": ["k"],
    },
    "behavioral": COMMON
    | {
        "round_type": "behavioral",
        "key_points": ["a", "b"],
        "competencies": ["ownership"],
        "levels": {"junior": "Own task.", "senior": "A team project.", "staff": "Across teams."},
        "follow_ups": [{"text": "What did you do?"}],
    },
    "rubric": {
        "round_type": "dsa",
        "title": "R",
        "source": "S",
        "recommendation_anchors": ["1", "2", "3", "4"],
        "dimensions": [{"id": "d", "name": "D", "description": "x", "anchors": ["1", "2", "3", "4"]}],
    },
    "loop": {
        "id": "loop",
        "title": "L",
        "description": "D",
        "rounds": [
            {
                "type": "ml_theory",
                "minutes": 2,
                "questions": 1,
                "topics": ["t"],
                "difficulties": ["easy"],
                "stop": "hard",
                "break_minutes": 0.5,
            },
            {"type": "dsa", "minutes": 3},
        ],
    },
}
QUESTION_KINDS = ("phone_screen", "dsa", "ml_coding", "ml_theory", "system_design", "behavioral")
ALL_KINDS = (*QUESTION_KINDS, "rubric", "loop")


def folder_for(kind: str) -> str:
    return {"rubric": "rubrics", "loop": "loops"}.get(kind, kind)


def valid_doc(kind: str, n: int) -> dict[str, Any]:
    """The valid document of ``kind`` with id number ``n`` (rubrics differ by round type)."""
    doc = copy.deepcopy(VALID[kind])
    if kind in QUESTION_KINDS:
        doc["id"] = f"q.{kind}.{n}"
    elif kind == "loop":
        doc["id"] = f"loop-{n}"
    return doc


# -- writing TOML ---------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, except DEL, which TOML wants escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def dumps(doc: dict[str, Any]) -> str:
    """Every top-level key as ``"key" = value``; tables inline (arrays of them too)."""
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in doc.items())


# -- random values and mutations ------------------------------------------------------------------

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
code_like = st.sampled_from(
    [
        "",
        " ",
        "def f(x):\n    return x\n",
        "def f(:\n",
        "def f(x):\n\treturn x\x00\n",
        "\x00",
        "(" * 300 + ")" * 300,
        "[" * 5000,
        "def generate(rng):\n    return (1,)\n",
        "def check(candidate):\n    pass\n",
        "class f:\n    pass\n",
        "lambda: 1",
        "(1,",
    ]
)
scalars = st.one_of(
    text,
    code_like,
    st.integers(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 1, 2**64, 10**400, -(10**400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.sampled_from(["easy", "hard", "exact", "dsa", "intro", "soft", "not one"]),
)
key = st.one_of(
    st.sampled_from(["id", "minutes", "title", "args", "args_py", "expected", "name", "x"]),
    text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=4)),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path (tuple of keys and list indexes) inside ``doc``."""
    found = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            found.append((*prefix, k))
            found += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            found.append((*prefix, i))
            found += _paths(v, (*prefix, i))
    return found


def _parent(doc: Any, path: tuple) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw, kind: str) -> dict[str, Any]:
    """A valid document of ``kind`` with one to four random edits deep inside it."""
    doc = valid_doc(kind, 1)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        edit = draw(st.sampled_from(["replace", "delete", "add", "replace"]))
        if not paths:
            edit = "add"
        if edit == "add":
            targets = [()] + [p for p in paths if isinstance(_parent(doc, (*p, None)), dict | list)]
            target = draw(st.sampled_from(targets))
            container = _parent(doc, (*target, None))
            if isinstance(container, dict):
                container[draw(key)] = draw(values)
            elif isinstance(container, list):
                container.append(draw(values))
            continue
        path = draw(st.sampled_from(paths))
        container = _parent(doc, path)
        if edit == "delete":
            del container[path[-1]]
        else:
            container[path[-1]] = draw(values)
    return doc


NASTY_FILES: list[bytes] = [
    b"",
    b"\xef\xbb\xbfid = 1",
    b"[[questions]]\n",
    b"questions = []\n",
    b"questions = 3\n",
    b"questions = [1, 2]\n",
    b"[questions]\nid = 1\n",
    b"a = " + b"[" * 2000 + b"]" * 2000 + b"\n",
    b"a = " + b"{x = " * 500 + b"1" + b"}" * 500 + b"\n",
    b'id = "x"\nid = "y"\n',
    b"minutes = " + b"1" * 5000 + b"\n",
    b"minutes = 1" + b"0" * 400 + b"\n",
]


def raw_files() -> st.SearchStrategy[bytes]:
    """Files that are not valid TOML, not UTF-8, or TOML of a surprising shape."""
    return st.one_of(
        st.binary(max_size=200),
        text.map(lambda s: s.encode("utf-8")),
        st.dictionaries(key, values, max_size=6).map(lambda d: dumps(d).encode("utf-8")),
        st.sampled_from(NASTY_FILES),
    )


# -- checking what the loader reports -------------------------------------------------------------

_SEGMENT = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*")(?:\[\d+\])*'
FIELD = re.compile(rf"^(?:\((?:toml|file|top level)\)|{_SEGMENT}(?:\.{_SEGMENT})*)$")


def check_report(bank: Bank, files: list[Path], broken: Path) -> None:
    names = {str(f) for f in files}
    for issue in bank.issues:
        line = str(issue)
        assert line == f"{issue.file}: {issue.field}: {issue.problem}"
        assert "\n" not in line and "\r" not in line, line
        assert issue.file in names, line
        assert FIELD.match(issue.field), f"field not a key path: {issue.field!r} in {line!r}"
        assert issue.problem.strip(), line
    if str(broken) in bank.skipped_files:
        assert any(i.file == str(broken) for i in bank.issues)
    for question in bank.questions.values():
        assert math.isfinite(question.minutes) and question.minutes > 0, question
        assert all(math.isfinite(p.minutes) and p.minutes > 0 for p in (*question.parts, *question.phases))
        assert math.isfinite(question.time_limit_s) and question.time_limit_s > 0
        assert math.isfinite(question.rtol) and math.isfinite(question.atol)
    for loop in bank.loops.values():
        for spec in loop.rounds:
            assert math.isfinite(spec.minutes) and spec.minutes > 0, loop
            assert math.isfinite(spec.break_minutes) and spec.break_minutes >= 0, loop


def load_pair(kind: str, broken_bytes: bytes) -> tuple[Bank, Path, Path]:
    with tempfile.TemporaryDirectory(prefix="mockint-fuzz-") as tmp:
        folder = Path(tmp) / folder_for(kind)
        folder.mkdir()
        good = folder / "0-valid.toml"
        good.write_text(dumps(valid_doc(kind, 0)), encoding="utf-8")
        broken = folder / "1-fuzzed.toml"
        broken.write_bytes(broken_bytes)
        bank = load_bank([Path(tmp)])
    check_report(bank, [good, broken], broken)
    if kind in QUESTION_KINDS:
        assert f"q.{kind}.0" in bank.questions, [str(i) for i in bank.issues]
    elif kind == "rubric":
        assert bank.rubrics["dsa"].source_file == str(good), [str(i) for i in bank.issues]
    else:
        assert "loop-0" in bank.loops, [str(i) for i in bank.issues]
    return bank, good, broken


# -- the tests ------------------------------------------------------------------------------------


def test_the_toml_writer_round_trips_the_valid_documents() -> None:
    for kind in ALL_KINDS:
        assert tomllib.loads(dumps(valid_doc(kind, 0))) == valid_doc(kind, 0)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_valid_documents_load_without_problems(kind: str) -> None:
    bank, good, broken = load_pair(kind, dumps(valid_doc(kind, 1)).encode())
    if kind == "rubric":  # two rubrics for one round type: the second is reported, the first kept
        assert [str(i) for i in bank.issues] == [
            f"{broken}: round_type: a rubric for 'dsa' is already loaded from {good}"
        ]
        return
    assert str(broken) not in bank.skipped_files
    assert all(i.field.startswith("rounds[") and "no " in i.problem for i in bank.issues)  # cross-checks


@pytest.mark.parametrize("kind", ALL_KINDS)
@FUZZ
@given(data=st.data())
def test_mutated_files_are_reported_precisely_and_never_crash(kind: str, data: st.DataObject) -> None:
    doc = data.draw(mutated(kind))
    load_pair(kind, dumps(doc).encode("utf-8"))


@pytest.mark.parametrize("kind", QUESTION_KINDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_question_arrays_with_mutated_entries(kind: str, data: st.DataObject) -> None:
    entries = [valid_doc(kind, 5)] + [data.draw(mutated(kind)) for _ in range(data.draw(st.integers(0, 2)))]
    for i, entry in enumerate(entries):
        if isinstance(entry.get("id"), str):
            entry["id"] = f"{entry['id']}.{i}"
    bank, _, broken = load_pair(kind, dumps({"questions": entries}).encode("utf-8"))
    if str(broken) in bank.skipped_files:  # one bad entry skips its whole file
        assert f"q.{kind}.5.0" not in bank.questions


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_known_nasty_files(kind: str) -> None:
    for raw in NASTY_FILES:
        bank, _, broken = load_pair(kind, raw)
        assert str(broken) in bank.skipped_files, (raw[:40], [str(i) for i in bank.issues])


@pytest.mark.parametrize("kind", ALL_KINDS)
@settings(FUZZ, max_examples=40)
@given(raw=raw_files())
def test_files_that_are_not_toml_or_not_text(kind: str, raw: bytes) -> None:
    load_pair(kind, raw)


@settings(FUZZ, max_examples=60)
@given(
    cache=st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                pickle.dumps(x)
                for x in (
                    None,
                    [],
                    {"version": 1},
                    {"version": 1, "entries": []},
                    {"version": 1, "entries": "x"},
                    {"version": 1, "entries": {"k": 1}},
                    {"version": 1, "entries": {"k": (1, 2)}},
                )
            ]
        ),
    )
)
def test_a_garbled_parse_cache_is_ignored(cache: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="mockint-fuzz-") as tmp:
        root = Path(tmp) / "bank"
        (root / "ml_theory").mkdir(parents=True)
        good = root / "ml_theory" / "0-valid.toml"
        good.write_text(dumps(valid_doc("ml_theory", 0)), encoding="utf-8")
        cache_file = Path(tmp) / "cache.pickle"
        cache_file.write_bytes(cache)
        # The cache key is the file's path; a poisoned entry for it must not be trusted either.
        bank = load_bank([root], cache_file=cache_file)
        assert "q.ml_theory.0" in bank.questions and bank.issues == []


NUMERIC_FIELDS: dict[str, list[tuple]] = {
    "phone_screen": [("minutes",), ("parts", 0, "minutes")],
    "dsa": [("minutes",), ("time_limit_s",), ("generators", 0, "count"), ("generators", 0, "seed")],
    "ml_coding": [("minutes",), ("rtol",), ("atol",), ("time_limit_s",)],
    "ml_theory": [("minutes",)],
    "system_design": [("minutes",), ("phases", 1, "minutes")],
    "behavioral": [("minutes",)],
    "loop": [("rounds", 0, "minutes"), ("rounds", 0, "break_minutes"), ("rounds", 1, "questions")],
}
EDGE_NUMBERS = [float("nan"), float("inf"), float("-inf"), 10**400, 2**64, -(2**63), 0, -0.0, 1e-320, 1e308]


@pytest.mark.parametrize(
    ("kind", "path"), [(kind, path) for kind, paths in NUMERIC_FIELDS.items() for path in paths]
)
def test_numbers_at_the_edges(kind: str, path: tuple) -> None:
    for number in EDGE_NUMBERS:
        doc = valid_doc(kind, 1)
        _parent(doc, path)[path[-1]] = number
        load_pair(kind, dumps(doc).encode("utf-8"))


def _has(doc: dict, path: tuple) -> bool:
    try:
        _parent(doc, path)
    except (KeyError, IndexError):
        return False
    return True


CODE_PATHS = [("reference",), ("starter",), ("check",), ("tests", 0, "args_py"), ("generators", 0, "code")]


@pytest.mark.parametrize(
    ("kind", "path"),
    [(kind, path) for kind in ("dsa", "ml_coding") for path in CODE_PATHS if _has(valid_doc(kind, 1), path)],
)
def test_code_fields_that_cannot_compile(kind: str, path: tuple) -> None:
    base = valid_doc(kind, 1)
    for code in (
        "\x00",
        "def f(x):\n    return x\x00\n",
        "(" * 300 + ")" * 300,
        "[" * 5000,
        "\ufeffdef f(x): pass",
        "def f(x):\n  return x\n return 1\n",
        "f = 1\x0c\n",
    ):
        doc = copy.deepcopy(base)
        _parent(doc, path)[path[-1]] = code
        load_pair(kind, dumps(doc).encode("utf-8"))
