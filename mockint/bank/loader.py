"""Load and validate the question bank from TOML files (tomllib).

A bank root holds ``loops/`` (loop templates), ``rubrics/`` (one rubric per round type) and any
other folders of question files. A question file holds one question at its top level, or several
as a ``[[questions]]`` array. Every problem is reported as ``file: field: problem``
(:class:`~mockint.bank.model.BankIssue`); a file with a problem is skipped and the rest loads.
The format is documented in ``docs/bank-format.md``.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mockint.bank.cache import ParseCache
from mockint.bank.fields import Invalid, field_key
from mockint.bank.model import (
    Bank,
    BankIssue,
)
from mockint.bank.parse import PART_KINDS, parse_loop, parse_question, parse_rubric
from mockint.bank.tracks import parse_tracks

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
    return parent if parent in ("loops", "rubrics", "tracks") else "questions"


def load_file(path: Path, bank: Bank, label: str | None = None, cache: ParseCache | None = None) -> None:
    """Load one TOML file into ``bank``; problems go to ``bank.issues`` and nothing of the file loads."""
    label = label or str(path)
    kind = _file_kind(path)
    try:
        data = _read_toml(path, label, cache)
        if kind == "rubrics":
            _add_rubric(data, label, bank)
            return
        if kind == "tracks":
            _add_tracks(data, label, bank)
            return
        if kind == "loops":
            loop = parse_loop(data, label)
            if loop.id in bank.loops:
                raise Invalid(
                    "id", f"duplicate loop id {loop.id!r} (also in {bank.loops[loop.id].source_file})"
                )
            bank.loops[loop.id] = loop
            return
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


def _add_rubric(data: dict[str, Any], label: str, bank: Bank) -> None:
    """The file's rubric into ``bank``; raises :class:`Invalid` (nothing added)."""
    rubric = parse_rubric(data, label)
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


def _add_tracks(data: dict[str, Any], label: str, bank: Bank) -> None:
    """The file's domain tracks into ``bank.tracks``; raises :class:`Invalid` (none added)."""
    tracks = parse_tracks(data, label)
    for i, t in enumerate(tracks):
        if t.id in bank.tracks:
            raise Invalid(
                f"tracks[{i}].id", f"duplicate track id {t.id!r} (also in {bank.tracks[t.id].source_file})"
            )
    bank.tracks.update((t.id, t) for t in tracks)


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
            if not bank.by_round(spec.round_type):
                bank.issues.append(
                    BankIssue(
                        loop.source_file,
                        f"rounds[{i}].type",
                        f"no questions are loaded for {spec.round_type!r}",
                    )
                )
