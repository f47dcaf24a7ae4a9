"""Loop templates the user copies and changes: to and from TOML tables, saved in the user's pack.

A user template lives in ``<data>/packs/loops/<id>.toml`` (the pack folder the bank already loads,
:func:`mockint.paths.packs_dir`), in exactly the format of ``rounds/loops/``, so a saved template
is checked by the same parser as a bundled one (:func:`mockint.bank.parse.parse_loop`). Bundled
templates are never written: the editor copies them first. A deleted template is renamed
``<id>.toml.deleted`` (the loader reads only ``*.toml``), so deleting can be undone.

The Qt-free half of the template editor (:mod:`mockint.ui.template_editor`).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w

from mockint.bank.fields import Invalid
from mockint.bank.model import Bank, LoopTemplate
from mockint.bank.parse import parse_loop
from mockint.interview.planner import candidates

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def loops_dir(packs: Path) -> Path:
    """Where the user's templates are saved (created on first save)."""
    return packs / "loops"


def is_user_template(template: LoopTemplate, packs: Path) -> bool:
    """True when ``template`` was loaded from the user's pack (it may be changed and deleted)."""
    try:
        return Path(template.source_file).resolve().is_relative_to(packs.resolve())
    except (OSError, ValueError):
        return False


def to_table(template: LoopTemplate) -> dict[str, Any]:
    """A template as the TOML table ``rounds/loops/*.toml`` holds (defaults left out)."""
    table: dict[str, Any] = {"id": template.id, "title": template.title}
    if template.focus:
        table["focus"] = template.focus
    if template.description:
        table["description"] = template.description
    rounds = []
    for r in template.rounds:
        row: dict[str, Any] = {"type": r.round_type}
        if r.title:
            row["title"] = r.title
        row["minutes"] = int(r.minutes) if float(r.minutes).is_integer() else r.minutes
        row["questions"] = r.questions
        if r.difficulties:
            row["difficulties"] = list(r.difficulties)
        if r.topics:
            row["topics"] = list(r.topics)
        row["stop"] = r.stop
        if r.break_minutes:
            row["break_minutes"] = (
                int(r.break_minutes) if float(r.break_minutes).is_integer() else r.break_minutes
            )
        rounds.append(row)
    table["rounds"] = rounds
    return table


def copy_table(template: LoopTemplate, taken: set[str]) -> dict[str, Any]:
    """The table of a copy of ``template`` with a new id not in ``taken`` and "(copy)" in its title."""
    table = to_table(template)
    base = f"{template.id}-copy"
    new_id, n = base, 2
    while new_id in taken:
        new_id, n = f"{base}-{n}", n + 1
    table["id"] = new_id
    table["title"] = f"{template.title} (copy)"
    return table


def check(table: dict[str, Any], bank: Bank, *, replacing: str = "") -> LoopTemplate:
    """Validate ``table`` as a template the bank can run; raises :class:`Invalid` naming the field.

    Beyond the parser's checks: the id is lower-case letters, digits and '-'; it is not the id of
    another loaded template (``replacing`` names the one being saved over); every round type has
    a rubric; the focus is a loaded track.
    """
    template = parse_loop(table, "")
    if not _ID.fullmatch(template.id):
        raise Invalid("id", f"{template.id!r}: use lower-case letters, digits and '-' (at most 64)")
    if template.id in bank.loops and template.id != replacing:
        raise Invalid("id", f"a template with id {template.id!r} already exists")
    for i, spec in enumerate(template.rounds):
        if spec.round_type not in bank.rubrics:
            raise Invalid(f"rounds[{i}].type", f"no rubric is loaded for {spec.round_type!r}")
    if template.focus and template.focus not in bank.tracks:
        raise Invalid("focus", f"{template.focus!r} is not a loaded track")
    return template


def pool_warnings(bank: Bank, template: LoopTemplate) -> list[str]:
    """Rounds whose filters leave fewer questions than they ask for, as sentences (empty = none).

    Such a round still runs, with the questions there are; a round with none cannot start.
    """
    out = []
    for i, spec in enumerate(template.rounds, 1):
        n = len(candidates(bank, spec))
        name = spec.title or spec.round_type
        if n == 0:
            out.append(f"Round {i} ({name}): no question matches its filters, so the loop cannot start.")
        elif n < spec.questions:
            out.append(f"Round {i} ({name}): asks for {spec.questions} questions but only {n} match.")
    return out


def save(table: dict[str, Any], bank: Bank, packs: Path, *, replacing: str = "") -> LoopTemplate:
    """Check ``table`` (:func:`check`), write it to the user's pack atomically and put it in
    ``bank.loops``; returns the template as loaded. Raises :class:`Invalid` (nothing written) or
    ``OSError`` when the pack folder cannot be written."""
    template = check(table, bank, replacing=replacing)
    old = bank.loops.get(replacing)
    if old is not None and not is_user_template(old, packs):
        raise Invalid("id", f"{replacing!r} is a bundled template: save a copy instead")
    folder = loops_dir(packs)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template.id}.toml"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(_header(template).encode() + tomli_w.dumps(table, multiline_strings=True).encode())
    os.replace(tmp, path)
    if replacing and replacing != template.id and old is not None:
        Path(old.source_file).unlink(missing_ok=True)
        bank.loops.pop(replacing, None)
    saved = replace(template, source_file=str(path))
    bank.loops[saved.id] = saved
    return saved


def delete(template: LoopTemplate, bank: Bank, packs: Path) -> Path:
    """Remove a user template: its file is renamed ``<name>.deleted`` (returned, for :func:`undelete`)
    and it leaves ``bank.loops``. Raises ``ValueError`` for a bundled template, ``OSError`` on disk
    errors."""
    if not is_user_template(template, packs):
        raise ValueError(f"{template.id!r} is a bundled template and cannot be deleted")
    src = Path(template.source_file)
    kept = src.with_name(src.name + ".deleted")
    os.replace(src, kept)
    bank.loops.pop(template.id, None)
    return kept


def undelete(kept: Path, bank: Bank) -> LoopTemplate:
    """Put back a template :func:`delete` removed; raises ``OSError`` or :class:`Invalid` (its id is
    taken again meanwhile)."""
    import tomllib

    original = kept.with_name(kept.name.removesuffix(".deleted"))
    template = parse_loop(tomllib.loads(kept.read_text(encoding="utf-8")), str(original))
    if template.id in bank.loops:
        raise Invalid("id", f"a template with id {template.id!r} exists again")
    os.replace(kept, original)
    bank.loops[template.id] = template
    return template


def _header(template: LoopTemplate) -> str:
    return (
        f"# {template.title}: a loop template saved by mockint's template editor.\n"
        "# Same format as rounds/loops/*.toml; edit here or in the app.\n\n"
    )
