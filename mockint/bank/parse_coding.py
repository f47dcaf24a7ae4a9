"""Parse and validate the coding fields of a ``dsa`` or ``ml_coding`` question table.

The reference, starter, generators, check and wrong solutions must compile; tests give exactly one
of ``args`` or ``args_py``; ``size_generator`` / ``sizes``, ``rng_param`` / ``random_output`` and
``points`` are checked against the rest. Problems raise :class:`~mockint.bank.fields.Invalid`
like every parser of :mod:`mockint.bank.parse`.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable
from typing import Any

from mockint.bank import interviewer
from mockint.bank.cache import _COMPILED_OK
from mockint.bank.fields import Fields, Invalid, kind_of
from mockint.bank.model import COMPARATORS, DEFAULT_SIZES, WRONG_VERDICTS, Generator, TestCase, WrongSolution

__all__ = ["_COMPILED_OK", "checked", "coding_fields", "entry_parameters", "python_source"]


def python_source(field: Fields, key: str, required: bool = True) -> str:
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


def checked(tables: list[Fields], allowed: tuple[str, ...]) -> list[Fields]:
    """``tables``, each checked for keys outside ``allowed``."""
    for t in tables:
        t.unknown(allowed)
    return tables


def coding_fields(f: Fields) -> dict[str, Any]:
    """The coding fields of a ``dsa`` / ``ml_coding`` question table, as :class:`Question` keywords."""
    entry_point = f.str("entry_point")
    if not entry_point.isidentifier():
        raise Invalid(f.name("entry_point"), f"{entry_point!r} is not a Python name")
    reference = python_source(f, "reference")
    if f"def {entry_point}" not in reference and f"class {entry_point}" not in reference:
        raise Invalid(f.name("reference"), f"does not define {entry_point}")
    starter = python_source(f, "starter")
    compare = f.choice("compare", COMPARATORS, required=False, default="exact")
    tests = []
    for t in checked(f.tables("tests"), ("args", "args_py", "expected", "sample", "group")):
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
            code=python_source(g, "code"),
            count=g.int("count", False, 1, minimum=1),
            seed=g.int("seed", False, 0),
        )
        for g in checked(f.tables("generators"), ("group", "code", "count", "seed"))
    )
    for i, g in enumerate(generators):
        if "def generate" not in g.code:
            raise Invalid(f"{f.name('generators')}[{i}].code", "must define generate(rng)")
    check = python_source(f, "check", required=False)
    if check and "def check" not in check:
        raise Invalid(f.name("check"), "must define check(candidate)")
    if not tests and not generators and not check:
        raise Invalid(f.name("tests"), "a coding problem needs tests, generators or check")
    wrong = tuple(
        wrong_solution(w, python_source)
        for w in checked(f.tables("wrong_solutions"), ("name", "code", "why", "verdict"))
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
        # A check that passed before is remembered by digest with the compiled code (the load cache).
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
    code = python_source(f, "size_generator", required=False)
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


def wrong_solution(w: Fields, python: Callable[[Fields, str], str]) -> WrongSolution:
    """One ``[[wrong_solutions]]`` table: ``name``, ``code`` (read by ``python(fields, key)``),
    optional ``why`` and ``verdict`` (one of :data:`WRONG_VERDICTS`). Raises :class:`Invalid`
    naming the field."""
    return WrongSolution(
        name=w.str("name"),
        code=python(w, "code"),
        why=w.str("why", required=False),
        verdict=w.choice("verdict", WRONG_VERDICTS, required=False) if "verdict" in w.table else "",
    )
