"""Load and validate the question bank from TOML files (tomllib).

A bank root holds ``loops/`` (loop templates), ``rubrics/`` (one rubric per round type) and any
other folders of question files. A question file holds one question at its top level, or several
as a ``[[questions]]`` array. Every problem is reported as ``file: field: problem``
(:class:`~mockint.bank.model.BankIssue`); a file with a problem is skipped and the rest loads.
The format is documented in ``docs/bank-format.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockint.bank.cache import ParseCache, QuestionFile
from mockint.bank.fields import Invalid, field_key
from mockint.bank.model import (
    Bank,
    BankIssue,
    LoopTemplate,
    Rubric,
)
from mockint.bank.tracks import Track

if TYPE_CHECKING:
    from mockint.bank.parse import PART_KINDS, parse_loop, parse_question, parse_rubric

__all__ = [
    "PART_KINDS",
    "ParseCache",
    "load_bank",
    "load_file",
    "load_paths",
    "parse_loop",
    "parse_question",
    "parse_rubric",
    "toml_files",
]

log = logging.getLogger(__name__)

#: Names this module hands on from :mod:`mockint.bank.parse`, imported when first asked for: a
#: launch whose bank files are all in the cache never imports the parsers (nor tomllib).
_FROM_PARSE = ("PART_KINDS", "parse_loop", "parse_question", "parse_rubric")


def __getattr__(name: str) -> Any:
    if name in _FROM_PARSE:
        from mockint.bank import parse

        return getattr(parse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
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
    return parent if parent in ("loops", "rubrics", "tracks") else "questions"


def _validate(kind: str, data: dict[str, Any], label: str) -> Any:
    """What one file's TOML validates to: a :class:`Rubric`, a :class:`LoopTemplate`, a tuple of
    :class:`Track`, or a :class:`QuestionFile` (ids unique within the file); raises :class:`Invalid`."""
    from mockint.bank.parse import parse_loop, parse_question, parse_rubric
    from mockint.bank.tracks import parse_tracks

    if kind == "rubrics":
        return parse_rubric(data, label)
    if kind == "tracks":
        return tuple(parse_tracks(data, label))
    if kind == "loops":
        return parse_loop(data, label)
    if "questions" in data:
        if set(data) - {"questions"}:
            raise Invalid(
                field_key(sorted(set(data) - {"questions"})[0]),
                "a file with [[questions]] holds nothing else at its top level",
            )
        tables = data["questions"]
        if not isinstance(tables, list) or not tables:
            raise Invalid("questions", "expected a non-empty array of tables")
        parsed = [parse_question(t, f"questions[{i}]", label) for i, t in enumerate(tables)]
    else:
        parsed = [parse_question(data, "", label)]
    many = "questions" in data
    ids = [q.id for q in parsed]
    for i, qid in enumerate(ids):
        if qid in ids[:i]:
            raise Invalid(_id_field(i, many), f"duplicate id {qid!r} within this file")
    return QuestionFile(tuple(parsed), many)


def _id_field(index: int, many: bool) -> str:
    return f"questions[{index}].id" if many else "id"


def _add(kind: str, result: Any, bank: Bank) -> None:
    """A validated file's content into ``bank``; raises :class:`Invalid` (nothing added) when an
    id is already loaded from another file."""
    if kind == "rubrics":
        _add_rubric(result, bank)
    elif kind == "tracks":
        _add_tracks(result, bank)
    elif kind == "loops":
        loop: LoopTemplate = result
        if loop.id in bank.loops:
            raise Invalid("id", f"duplicate loop id {loop.id!r} (also in {bank.loops[loop.id].source_file})")
        bank.loops[loop.id] = loop
    else:
        file: QuestionFile = result
        for i, q in enumerate(file.questions):
            if q.id in bank.questions:
                raise Invalid(
                    _id_field(i, file.many),
                    f"duplicate id {q.id!r} (also in {bank.questions[q.id].source_file})",
                )
        for q in file.questions:
            bank.questions[q.id] = q


def load_file(path: Path, bank: Bank, label: str | None = None, cache: ParseCache | None = None) -> None:
    """Load one TOML file into ``bank``; problems go to ``bank.issues`` and nothing of the file loads.

    With a ``cache``, an unchanged file that loaded before is taken from it (no TOML read, no
    validation); the checks against what other files loaded (duplicate ids) always run."""
    label = label or str(path)
    kind = _file_kind(path)
    try:
        result = cache.get(path, label, kind) if cache is not None else None
        fresh = result is None
        if fresh:
            result = _validate(kind, _read_toml(path), label)
        _add(kind, result, bank)
        if fresh and cache is not None:
            cache.put(path, label, kind, result)
    except Invalid as exc:
        bank.issues.append(BankIssue(label, exc.field, exc.problem))
        bank.skipped_files.append(label)
        log.warning("skipped bank file %s: %s: %s", label, exc.field, exc.problem)


def _add_rubric(rubric: Rubric, bank: Bank) -> None:
    """The file's rubric into ``bank``; raises :class:`Invalid` (nothing added)."""
    if rubric.kind:  # a rubric for one kind of ML-coding problem (end-to-end rounds)
        if rubric.kind in bank.kind_rubrics:
            raise Invalid("kind", f"a rubric for kind {rubric.kind!r} is already loaded")
        bank.kind_rubrics[rubric.kind] = rubric
        return
    if rubric.round_type in bank.rubrics:
        raise Invalid(
            "round_type",
            f"a rubric for {rubric.round_type!r} is already loaded from "
            f"{bank.rubrics[rubric.round_type].source_file}",
        )
    bank.rubrics[rubric.round_type] = rubric


def _add_tracks(tracks: tuple[Track, ...], bank: Bank) -> None:
    """The file's domain tracks into ``bank.tracks``; raises :class:`Invalid` (none added)."""
    for i, t in enumerate(tracks):
        if t.id in bank.tracks:
            raise Invalid(
                f"tracks[{i}].id", f"duplicate track id {t.id!r} (also in {bank.tracks[t.id].source_file})"
            )
    bank.tracks.update((t.id, t) for t in tracks)


def toml_files(root: Path) -> list[Path]:
    """Every ``*.toml`` below ``root``, sorted so loading order (and duplicate reports) is stable."""
    return sorted((p for p in root.rglob("*.toml") if p.is_file()), key=lambda p: p.parts)


def load_bank(roots: Iterable[Path], cache_file: Path | None = None) -> Bank:
    """Load every bank root in order (the bundled bank first, then user packs).

    Never raises for bad content: problems are in ``Bank.issues``. After loading, checks that every
    loop template's round types have a rubric and enough questions. ``cache_file`` keeps each file's
    validated content between launches (see :class:`ParseCache`): an unchanged file is not
    read again; the checks across files run at every load.
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
    loaded_types = {q.round_type for q in bank.questions.values()}
    for q in bank.questions.values():
        for i, pt in enumerate(q.parts):
            target = bank.questions.get(pt.problem) if pt.problem else None
            if pt.problem and (target is None or not target.is_coding):
                bank.issues.append(
                    BankIssue(
                        q.source_file,
                        f"parts[{i}].problem",
                        f"{pt.problem!r} is not a loaded coding question",
                    )
                )
    for loop in bank.loops.values():
        if loop.focus and loop.focus not in bank.tracks:
            bank.issues.append(
                BankIssue(
                    loop.source_file,
                    "focus",
                    f"{loop.focus!r} is not a loaded track (one of {', '.join(sorted(bank.tracks)) or 'none'})",
                )
            )
        for i, spec in enumerate(loop.rounds):
            if spec.round_type not in bank.rubrics:
                bank.issues.append(
                    BankIssue(
                        loop.source_file, f"rounds[{i}].type", f"no rubric is loaded for {spec.round_type!r}"
                    )
                )
            if spec.round_type not in loaded_types:
                bank.issues.append(
                    BankIssue(
                        loop.source_file,
                        f"rounds[{i}].type",
                        f"no questions are loaded for {spec.round_type!r}",
                    )
                )
