"""Load and validate the question bank from TOML files (tomllib).

A bank root holds ``loops/`` (loop templates), ``rubrics/`` (one rubric per round type) and any
other folders of question files. A question file holds one question at its top level, or several
as a ``[[questions]]`` array. Every problem is reported as ``file: field: problem``
(:class:`~mockint.bank.model.BankIssue`); a file with a problem is skipped and the rest loads.
The format is documented in ``docs/bank-format.md``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import pickle
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mockint.bank.model import (
    COMPARATORS,
    DEFAULT_SIZES,
    DIFFICULTIES,
    RECOMMENDATIONS,
    ROUND_TYPES,
    Bank,
    BankIssue,
    Dimension,
    Generator,
    LoopTemplate,
    Part,
    Phase,
    Question,
    RoundSpec,
    Rubric,
    TestCase,
    WrongSolution,
)

log = logging.getLogger(__name__)

PART_KINDS = ("intro", "coding", "theory", "questions")


class Invalid(Exception):
    """Raised inside validation; carries the field path and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class _Fields:
    """Typed reads from one TOML table, with the table's path for error messages."""

    def __init__(self, table: Any, path: str) -> None:
        if not isinstance(table, dict):
            raise Invalid(path or "(top level)", f"expected a table, got {_kind(table)}")
        self.table = table
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{_key(key)}" if self.path else _key(key)

    def _get(self, key: str, required: bool, default: Any) -> Any:
        if key not in self.table:
            if required:
                raise Invalid(self.name(key), "missing")
            return default
        return self.table[key]

    def str(self, key: str, required: bool = True, default: str = "", nonempty: bool = True) -> str:
        value = self._get(key, required, default)
        if not isinstance(value, str):
            raise Invalid(self.name(key), f"expected a string, got {_kind(value)}")
        if required and nonempty and not value.strip():
            raise Invalid(self.name(key), "must not be empty")
        return value

    def choice(self, key: str, choices: Iterable[str], required: bool = True, default: str = "") -> str:
        choices = tuple(choices)
        value = self.str(key, required, default)
        if value not in choices:
            raise Invalid(self.name(key), f"{value!r} is not one of {', '.join(choices)}")
        return value

    def number(
        self, key: str, required: bool = True, default: float = 0.0, minimum: float = 0.0,
        positive: bool = False,
    ) -> float:
        value = self._get(key, required, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(self.name(key), f"expected a number, got {_kind(value)}")
        # nan passes every comparison below and inf or a 400-digit whole number breaks the clock
        # later, so only finite numbers that fit a float are numbers here.
        if isinstance(value, int) and abs(value) > 1e300 or not math.isfinite(value):
            shown = repr(value) if len(repr(value)) <= 24 else f"{repr(value)[:12]}... ({len(repr(value))} characters)"
            raise Invalid(self.name(key), f"must be a finite number, got {shown}")
        if positive and value <= 0:
            raise Invalid(self.name(key), f"must be greater than 0, got {value}")
        if value < minimum:
            raise Invalid(self.name(key), f"must be at least {minimum}, got {value}")
        return float(value)

    def int(self, key: str, required: bool = True, default: int = 0, minimum: int = 0) -> int:
        value = self._get(key, required, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(self.name(key), f"expected a whole number, got {_kind(value)}")
        if value < minimum:
            raise Invalid(self.name(key), f"must be at least {minimum}, got {value}")
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False, default)
        if not isinstance(value, bool):
            raise Invalid(self.name(key), f"expected true or false, got {_kind(value)}")
        return value

    def strs(self, key: str, required: bool = False, min_len: int = 0, max_len: int = 10_000) -> tuple[str, ...]:
        value = self._get(key, required, [])
        if not isinstance(value, list):
            raise Invalid(self.name(key), f"expected a list of strings, got {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise Invalid(f"{self.name(key)}[{i}]", "expected a non-empty string")
        if not min_len <= len(value) <= max_len:
            want = f"{min_len}" if min_len == max_len else f"{min_len}–{max_len}"
            raise Invalid(self.name(key), f"expected {want} entries, got {len(value)}")
        return tuple(value)

    def tables(self, key: str, required: bool = False, min_len: int = 0) -> list[_Fields]:
        value = self._get(key, required, [])
        if not isinstance(value, list):
            raise Invalid(self.name(key), f"expected an array of tables, got {_kind(value)}")
        if len(value) < min_len:
            raise Invalid(self.name(key), f"expected at least {min_len} entries, got {len(value)}")
        return [_Fields(item, f"{self.name(key)}[{i}]") for i, item in enumerate(value)]

    def unknown(self, allowed: Iterable[str]) -> None:
        extra = sorted(set(self.table) - set(allowed))
        if extra:
            raise Invalid(self.name(extra[0]), "unknown field (check its spelling)")


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    """A key as it reads in a dotted field path: bare when TOML allows it, else quoted, with control
    characters and line breaks escaped, so every problem stays one ``file: field: problem`` line."""
    if _BARE_KEY.fullmatch(key):
        return key
    escaped = "".join(
        "\\\\" if c == "\\" else '\\"' if c == '"'
        else f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in key
    )
    return f'"{escaped}"'


def _kind(value: Any) -> str:
    return {
        str: "a string", int: "a whole number", float: "a number", bool: "true/false",
        list: "a list", dict: "a table",
    }.get(type(value), type(value).__name__)


#: Digests of code that has compiled before (kept in the parse cache): compiling every reference,
#: starter and wrong solution was half of the bank's load time at each launch.
_COMPILED_OK: set[str] = set()


def _python(field: _Fields, key: str, required: bool = True) -> str:
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
    "dsa": _COMMON + ("entry_point", "starter", "reference", "constraints", "compare", "rtol",
                      "atol", "time_limit_s", "tests", "generators", "check", "wrong_solutions",
                      "size_generator", "sizes", "points"),
    "ml_theory": _COMMON + ("key_points", "common_mistake"),
    "behavioral": _COMMON + ("key_points", "competencies", "common_mistake"),
    "system_design": _COMMON + ("key_points", "phases", "estimates", "common_mistake"),
    "phone_screen": _COMMON + ("parts", "key_points"),
}
_ALLOWED["ml_coding"] = _ALLOWED["dsa"]


def parse_question(table: Any, path: str, source_file: str) -> Question:
    """Validate one question table; raises :class:`Invalid` on the first problem."""
    f = _Fields(table, path)
    qid = f.str("id")
    if any(c.isspace() for c in qid):
        raise Invalid(f.name("id"), "must not contain spaces")
    round_type = f.choice("round_type", ROUND_TYPES)
    f.unknown(_ALLOWED[round_type])
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
    if round_type in ("dsa", "ml_coding"):
        return Question(**common, **_coding_fields(f))
    if round_type == "ml_theory":
        return Question(**common, key_points=f.strs("key_points", True, 3, 6),
                        common_mistake=f.str("common_mistake"))
    if round_type == "behavioral":
        return Question(**common, key_points=f.strs("key_points", True, 2, 8),
                        competencies=f.strs("competencies", True, 1),
                        common_mistake=f.str("common_mistake", required=False))
    if round_type == "system_design":
        phases = tuple(
            Phase(name=p.str("name"), minutes=p.number("minutes", positive=True),
                  key_points=p.strs("key_points", True, 1))
            for p in _checked(f.tables("phases", required=True, min_len=3), ("name", "minutes", "key_points"))
        )
        return Question(**common, phases=phases, estimates=f.strs("estimates", required=True, min_len=1),
                        key_points=f.strs("key_points"),
                        common_mistake=f.str("common_mistake", required=False))
    parts = tuple(
        Part(kind=p.choice("kind", PART_KINDS), title=p.str("title"), prompt=p.str("prompt"),
             minutes=p.number("minutes", positive=True), key_points=p.strs("key_points"))
        for p in _checked(f.tables("parts", required=True, min_len=2),
                          ("kind", "title", "prompt", "minutes", "key_points"))
    )
    return Question(**common, parts=parts, key_points=f.strs("key_points"))


def _checked(tables: list[_Fields], allowed: tuple[str, ...]) -> list[_Fields]:
    for t in tables:
        t.unknown(allowed)
    return tables


def _coding_fields(f: _Fields) -> dict[str, Any]:
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
            try:
                compile(args_py, t.name("args_py"), "eval")
            except SyntaxError as exc:
                raise Invalid(t.name("args_py"), f"not a Python expression: {exc.msg}") from None
        sample = t.bool("sample")
        tests.append(TestCase(
            group=t.str("group", required=False, default="sample" if sample else "hidden") or "hidden",
            sample=sample, args=args, args_py=args_py,
            expected=t.table.get("expected"), has_expected="expected" in t.table,
        ))
    generators = tuple(
        Generator(group=g.str("group", required=False, default="generated") or "generated",
                  code=_python(g, "code"), count=g.int("count", False, 1, minimum=1),
                  seed=g.int("seed", False, 0))
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
    )


def _size_fields(f: _Fields) -> tuple[str, tuple[int, ...]]:
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
        raise Invalid(f.name("sizes"), f"expected a list of whole numbers, got {_kind(sizes)}")
    if len(sizes) < 3:
        raise Invalid(f.name("sizes"), f"expected at least 3 sizes, got {len(sizes)}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10**9:
            raise Invalid(f"{f.name('sizes')}[{i}]", f"expected a whole number from 1 to 10^9, got {n!r}")
        if i and n <= sizes[i - 1]:
            raise Invalid(f"{f.name('sizes')}[{i}]", f"must be larger than the size before it ({sizes[i - 1]})")
    return code, tuple(sizes)


def _points(f: _Fields, groups: set[str]) -> tuple[tuple[str, int], ...]:
    """The ``points`` table: test group name -> whole points (>= 0) for passing the whole group."""
    if "points" not in f.table:
        return ()
    table = _Fields(f.table["points"], f.name("points"))
    for name in table.table:
        if name not in groups:
            raise Invalid(table.name(name), f"no test, generator or check is in group {name!r}")
    return tuple((name, table.int(name)) for name in table.table)


def parse_rubric(table: Any, source_file: str) -> Rubric:
    """Validate a rubric table; raises :class:`Invalid`."""
    f = _Fields(table, "")
    f.unknown(("round_type", "title", "source", "dimensions", "recommendation_anchors"))
    dims = []
    seen: set[str] = set()
    for d in _checked(f.tables("dimensions", required=True, min_len=1),
                      ("id", "name", "description", "anchors")):
        did = d.str("id")
        if did in seen:
            raise Invalid(d.name("id"), f"duplicate dimension id {did!r}")
        seen.add(did)
        anchors = d.strs("anchors", True, 4, 4)
        dims.append(Dimension(id=did, name=d.str("name"),
                              description=d.str("description", required=False),
                              anchors=(anchors[0], anchors[1], anchors[2], anchors[3])))
    return Rubric(
        round_type=f.choice("round_type", ROUND_TYPES),
        title=f.str("title"),
        source=f.str("source"),
        dimensions=tuple(dims),
        recommendation_anchors=f.strs("recommendation_anchors", False, len(RECOMMENDATIONS),
                                      len(RECOMMENDATIONS)) if "recommendation_anchors" in f.table else (),
        source_file=source_file,
    )


def parse_loop(table: Any, source_file: str) -> LoopTemplate:
    """Validate a loop template table; raises :class:`Invalid`."""
    f = _Fields(table, "")
    f.unknown(("id", "title", "description", "rounds"))
    rounds = []
    for r in _checked(f.tables("rounds", required=True, min_len=1),
                      ("type", "minutes", "questions", "title", "topics", "difficulties", "stop",
                       "break_minutes")):
        diffs = r.strs("difficulties")
        for i, d in enumerate(diffs):
            if d not in DIFFICULTIES:
                raise Invalid(f"{r.name('difficulties')}[{i}]", f"{d!r} is not one of {', '.join(DIFFICULTIES)}")
        rounds.append(RoundSpec(
            round_type=r.choice("type", ROUND_TYPES),
            minutes=r.number("minutes", positive=True),
            questions=r.int("questions", False, 1, minimum=1),
            title=r.str("title", required=False),
            topics=r.strs("topics"),
            difficulties=diffs,
            stop=r.choice("stop", ("soft", "hard"), required=False, default="soft"),
            break_minutes=r.number("break_minutes", False, 0.0),
        ))
    return LoopTemplate(id=f.str("id"), title=f.str("title"),
                        description=f.str("description", required=False),
                        rounds=tuple(rounds), source_file=source_file)


class _CacheUnpickler(pickle.Unpickler):
    """Unpickles only what parsed TOML is made of: of all classes only ``datetime``'s may be named,
    so a garbled cache file can fail to load but never call anything else."""

    _ALLOWED = frozenset(("datetime", name) for name in ("datetime", "date", "time", "timezone", "timedelta"))

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the bank cache")
        return super().find_class(module, name)


def _is_entry(key: Any, value: Any) -> bool:
    return (isinstance(key, str) and isinstance(value, tuple) and len(value) == 3
            and isinstance(value[0], int) and isinstance(value[1], int) and isinstance(value[2], dict))


class ParseCache:
    """Parsed TOML per file, keyed by path, size and modification time, kept in one pickle file.

    Parsing is most of the bank's load time, and the bank is read at every launch; an unchanged
    file is taken from the cache. A missing, stale or unreadable cache is rebuilt, never trusted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, dict[str, Any]]] = {}
        self.dirty = False
        try:
            data = _CacheUnpickler(io.BytesIO(path.read_bytes())).load()
            entries = data.get("entries") if isinstance(data, dict) and data.get("version") == 1 else {}
            if isinstance(entries, dict):
                self.entries = {k: v for k, v in entries.items() if _is_entry(k, v)}
            compiled = data.get("compiled") if isinstance(data, dict) else None
            if isinstance(compiled, list | set | frozenset):
                _COMPILED_OK.update(d for d in compiled if isinstance(d, str) and len(d) == 32)
        except Exception:  # garbled bytes make pickle raise almost any error: rebuild, never trust
            self.entries = {}
        self._compiled_at_load = len(_COMPILED_OK)

    def get(self, path: Path) -> dict[str, Any] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        hit = self.entries.get(str(path))
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
            return hit[2]
        return None

    def put(self, path: Path, data: dict[str, Any]) -> None:
        try:
            st = path.stat()
        except OSError:
            return
        self.entries[str(path)] = (st.st_mtime_ns, st.st_size, data)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty and len(_COMPILED_OK) == self._compiled_at_load:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump({"version": 1, "entries": self.entries, "compiled": sorted(_COMPILED_OK)}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except OSError as exc:  # a cache that cannot be written only costs time
            log.info("bank cache not saved: %s", exc)


def _read_toml(path: Path, label: str, cache: ParseCache | None = None) -> dict[str, Any]:
    if cache is not None:
        hit = cache.get(path)
        if hit is not None:
            return hit
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if cache is not None:
            cache.put(path, data)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise Invalid("(toml)", f"not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or inline tables
        raise Invalid("(toml)", "arrays or tables nested too deeply to read") from None
    except UnicodeDecodeError:
        raise Invalid("(file)", "not UTF-8 text") from None
    except ValueError as exc:  # e.g. a whole number longer than Python converts (4300 digits)
        raise Invalid("(toml)", f"not valid TOML: {str(exc).split(';')[0]}") from None
    except OSError as exc:
        raise Invalid("(file)", f"cannot be read: {exc.strerror or exc}") from None


def _file_kind(path: Path) -> str:
    parent = path.parent.name
    return parent if parent in ("loops", "rubrics") else "questions"


def load_file(path: Path, bank: Bank, label: str | None = None, cache: ParseCache | None = None) -> None:
    """Load one TOML file into ``bank``; problems go to ``bank.issues`` and nothing of the file loads."""
    label = label or str(path)
    kind = _file_kind(path)
    try:
        data = _read_toml(path, label, cache)
        if kind == "rubrics":
            rubric = parse_rubric(data, label)
            if rubric.round_type in bank.rubrics:
                raise Invalid("round_type", f"a rubric for {rubric.round_type!r} is already loaded from "
                              f"{bank.rubrics[rubric.round_type].source_file}")
            bank.rubrics[rubric.round_type] = rubric
            return
        if kind == "loops":
            loop = parse_loop(data, label)
            if loop.id in bank.loops:
                raise Invalid("id", f"duplicate loop id {loop.id!r} (also in {bank.loops[loop.id].source_file})")
            bank.loops[loop.id] = loop
            return
        if "questions" in data:
            if set(data) - {"questions"}:
                raise Invalid(_key(sorted(set(data) - {"questions"})[0]),
                              "a file with [[questions]] holds nothing else at its top level")
            tables = data["questions"]
            if not isinstance(tables, list) or not tables:
                raise Invalid("questions", "expected a non-empty array of tables")
            parsed = [parse_question(t, f"questions[{i}]", label) for i, t in enumerate(tables)]
        else:
            parsed = [parse_question(data, "", label)]
        ids = [q.id for q in parsed]
        for i, qid in enumerate(ids):
            prefix = f"questions[{i}].id" if "questions" in data else "id"
            if qid in bank.questions:
                raise Invalid(prefix, f"duplicate id {qid!r} (also in {bank.questions[qid].source_file})")
            if qid in ids[:i]:
                raise Invalid(prefix, f"duplicate id {qid!r} within this file")
        for q in parsed:
            bank.questions[q.id] = q
    except Invalid as exc:
        bank.issues.append(BankIssue(label, exc.field, exc.problem))
        bank.skipped_files.append(label)
        log.warning("skipped bank file %s: %s: %s", label, exc.field, exc.problem)


def toml_files(root: Path) -> list[Path]:
    """Every ``*.toml`` below ``root``, sorted so loading order (and duplicate reports) is stable."""
    return sorted(p for p in root.rglob("*.toml") if p.is_file())


def load_bank(roots: Iterable[Path], cache_file: Path | None = None) -> Bank:
    """Load every bank root in order (the bundled bank first, then user packs).

    Never raises for bad content: problems are in ``Bank.issues``. After loading, checks that every
    loop template's round types have a rubric and enough questions. ``cache_file`` keeps parsed
    TOML between launches (see :class:`ParseCache`); validation always runs.
    """
    bank = Bank()
    cache = ParseCache(cache_file) if cache_file is not None else None
    for root in roots:
        if not root.is_dir():
            continue
        for path in toml_files(root):
            load_file(path, bank, cache=cache)
    _cross_check(bank)
    if cache is not None:
        cache.save()
    return bank


def load_paths(paths: Iterable[Path]) -> Bank:
    """Load the given files and folders (for ``mockint bank check PATH...``)."""
    bank = Bank()
    for path in paths:
        if path.is_dir():
            for file in toml_files(path):
                load_file(file, bank)
        elif path.exists():
            load_file(path, bank)
        else:
            bank.issues.append(BankIssue(str(path), "(file)", "does not exist"))
    return bank


def _cross_check(bank: Bank) -> None:
    for loop in bank.loops.values():
        for i, spec in enumerate(loop.rounds):
            if spec.round_type not in bank.rubrics:
                bank.issues.append(BankIssue(loop.source_file, f"rounds[{i}].type",
                                             f"no rubric is loaded for {spec.round_type!r}"))
            if not bank.by_round(spec.round_type):
                bank.issues.append(BankIssue(loop.source_file, f"rounds[{i}].type",
                                             f"no questions are loaded for {spec.round_type!r}"))
