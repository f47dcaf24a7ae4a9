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
import pickle
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mockint.bank import interviewer
from mockint.bank.fields import Fields, Invalid, field_key, kind_of
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
    Question,
    RoundSpec,
    Rubric,
    TestCase,
    WrongSolution,
)

log = logging.getLogger(__name__)

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
    "dsa": _COMMON + interviewer.CODING_KEYS + ("entry_point", "starter", "reference", "constraints", "compare", "rtol",
                      "atol", "time_limit_s", "tests", "generators", "check", "wrong_solutions",
                      "size_generator", "sizes", "points"),
    "ml_theory": _COMMON + interviewer.DISCUSSION_KEYS + ("key_points", "common_mistake"),
    "behavioral": _COMMON + interviewer.DISCUSSION_KEYS + ("key_points", "competencies", "common_mistake"),
    "system_design": _COMMON + ("key_points", "phases", "estimates", "common_mistake"),
    "phone_screen": _COMMON + ("parts", "key_points"),
}
_ALLOWED["ml_coding"] = _ALLOWED["dsa"]


def parse_question(table: Any, path: str, source_file: str) -> Question:
    """Validate one question table; raises :class:`Invalid` on the first problem."""
    f = Fields(table, path)
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
        key_points = f.strs("key_points", True, 3, 6)
        return Question(**common, key_points=key_points, common_mistake=f.str("common_mistake"),
                        **interviewer.discussion_fields(f, key_points, key_point_required=True))
    if round_type == "behavioral":
        key_points = f.strs("key_points", True, 2, 8)
        return Question(**common, key_points=key_points,
                        competencies=f.strs("competencies", True, 1),
                        common_mistake=f.str("common_mistake", required=False),
                        **interviewer.discussion_fields(f, key_points, key_point_required=False))
    if round_type == "system_design":
        phases = tuple(interviewer.phase(p) for p in f.tables("phases", required=True, min_len=3))
        return Question(**common, phases=phases, estimates=f.strs("estimates", required=True, min_len=1),
                        key_points=f.strs("key_points"),
                        common_mistake=f.str("common_mistake", required=False))
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
        **interviewer.coding_fields(f),
    )


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
            raise Invalid(f"{f.name('sizes')}[{i}]", f"must be larger than the size before it ({sizes[i - 1]})")
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
    f = Fields(table, "")
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
                raise Invalid(field_key(sorted(set(data) - {"questions"})[0]),
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
    for q in bank.questions.values():
        for i, pt in enumerate(q.parts):
            target = bank.questions.get(pt.problem) if pt.problem else None
            if pt.problem and (target is None or not target.is_coding):
                bank.issues.append(BankIssue(q.source_file, f"parts[{i}].problem",
                                             f"{pt.problem!r} is not a loaded coding question"))
    for loop in bank.loops.values():
        for i, spec in enumerate(loop.rounds):
            if spec.round_type not in bank.rubrics:
                bank.issues.append(BankIssue(loop.source_file, f"rounds[{i}].type",
                                             f"no rubric is loaded for {spec.round_type!r}"))
            if not bank.by_round(spec.round_type):
                bank.issues.append(BankIssue(loop.source_file, f"rounds[{i}].type",
                                             f"no questions are loaded for {spec.round_type!r}"))
