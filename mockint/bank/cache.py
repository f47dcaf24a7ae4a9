"""The bank's load cache: each file's validated content, kept between launches in one pickle file.

An entry is keyed by the file's path, size and modification time, the label it was loaded under
and a fingerprint of the bank's own code (:func:`code_fingerprint`), so a changed file, a moved
folder or a new version of the parser loads and validates again. Only files that loaded without a
problem are kept: a file with a problem is read and reported again at every launch.

Only the bank's own records can come out of it (:class:`~mockint.bank.model.Question`,
:class:`~mockint.bank.model.Rubric`, :class:`~mockint.bank.model.LoopTemplate`, their parts,
:class:`~mockint.bank.tracks.Track`, enums of ``mockint.bank`` and ``datetime`` values): a
garbled cache fails to load, or an entry fails its type check, and the bank is read from the
TOML files again; it never calls anything else. The file is the user's own, like the packs it
caches, so it is not signed: whoever can write it could as well change the bank files.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import logging
import pickle
import sys
from pathlib import Path
from typing import Any

from mockint.bank.model import LoopTemplate, Question, Rubric
from mockint.bank.tracks import Track

log = logging.getLogger(__name__)

#: Digests of code that has compiled before (kept in the cache file): compiling every reference,
#: starter and wrong solution was half of the bank's load time at each launch. Used when a file
#: changed and is validated again (:mod:`mockint.bank.parse_coding`).
_COMPILED_OK: set[str] = set()

#: The cache file's layout; another version is ignored (and replaced when it is saved).
VERSION = 2


@dataclasses.dataclass(frozen=True)
class QuestionFile:
    """What a question file validates to: its questions in file order, and whether they were
    written as a ``[[questions]]`` array (``many``; an error then names ``questions[i].id``)."""

    questions: tuple[Question, ...]
    many: bool


#: What a file of each kind validates to (a ``tracks`` file gives a tuple).
_KINDS: dict[str, type] = {
    "questions": QuestionFile,
    "tracks": Track,
    "loops": LoopTemplate,
    "rubrics": Rubric,
}


def code_fingerprint() -> tuple[tuple[str, int, int], ...]:
    """``(file name, size, mtime in ns)`` of each module of :mod:`mockint.bank`, sorted: what
    a file validates to depends on this code. In a frozen bundle (no ``.py`` files beside the
    modules) the executable's own size and time stand in."""
    here = Path(__file__).parent
    found = []
    for path in sorted(here.glob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        found.append((path.name, st.st_size, st.st_mtime_ns))
    if not found:
        try:
            st = Path(sys.executable).stat()
            found.append((Path(sys.executable).name, st.st_size, st.st_mtime_ns))
        except OSError:
            pass
    return tuple(found)


class _CacheUnpickler(pickle.Unpickler):
    """Unpickles only the bank's records: of all classes only dataclasses and enums defined in
    ``mockint.bank`` and ``datetime``'s value types may be named, so a garbled cache file can
    fail to load but never call anything else (a record is rebuilt from its fields, an enum
    member looked up by its value)."""

    _DATETIME = frozenset(
        ("datetime", name) for name in ("datetime", "date", "time", "timezone", "timedelta")
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._DATETIME:
            return super().find_class(module, name)
        if module.startswith("mockint.bank.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the bank cache")


def _is_entry(key: Any, value: Any) -> bool:
    if not (isinstance(key, str) and isinstance(value, tuple) and len(value) == 5):
        return False
    mtime, size, label, kind, result = value
    if not (isinstance(mtime, int) and isinstance(size, int) and isinstance(label, str) and kind in _KINDS):
        return False
    if kind == "tracks":
        return isinstance(result, tuple) and all(isinstance(r, Track) for r in result)
    if kind == "questions":
        return (
            isinstance(result, QuestionFile)
            and isinstance(result.questions, tuple)
            and all(isinstance(q, Question) for q in result.questions)
        )
    return isinstance(result, _KINDS[kind])


class ParseCache:
    """Each bank file's validated content, keyed by path, size, modification time and label,
    kept in one pickle file (see the module's docstring).

    Reading and validating the TOML is most of the bank's load time, and the bank is read at
    every launch; an unchanged file is taken from the cache. A missing, stale or unreadable cache
    is rebuilt, never trusted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, str, str, Any]] = {}
        self.dirty = False
        self.code = code_fingerprint()
        try:
            data = _CacheUnpickler(io.BytesIO(path.read_bytes())).load()
            current = (
                isinstance(data, dict) and data.get("version") == VERSION and data.get("code") == self.code
            )
            entries = data.get("entries") if current else {}
            if isinstance(entries, dict):
                self.entries = {k: v for k, v in entries.items() if _is_entry(k, v)}
            compiled = data.get("compiled") if isinstance(data, dict) else None
            if isinstance(compiled, list | set | frozenset):
                _COMPILED_OK.update(d for d in compiled if isinstance(d, str) and len(d) == 32)
        except Exception:  # garbled bytes make pickle raise almost any error: rebuild, never trust
            self.entries = {}
        self._compiled_at_load = len(_COMPILED_OK)

    def get(self, path: Path, label: str, kind: str) -> Any | None:
        """What ``path`` validated to when it was loaded under ``label`` as a file of ``kind``
        (``questions``, ``tracks``, ``loops`` or ``rubrics``), if the file is unchanged since;
        else ``None``."""
        try:
            st = path.stat()
        except OSError:
            return None
        hit = self.entries.get(str(path))
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size and hit[2] == label and hit[3] == kind:
            return hit[4]
        return None

    def put(self, path: Path, label: str, kind: str, result: Any) -> None:
        """Keep what ``path`` (read under ``label`` as a file of ``kind``) validated to."""
        try:
            st = path.stat()
        except OSError:
            return
        self.entries[str(path)] = (st.st_mtime_ns, st.st_size, label, kind, result)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty and len(_COMPILED_OK) == self._compiled_at_load:
            return
        # Entries of files that are gone (a deleted checkout or pack) are dropped, so the cache,
        # read whole at every launch, does not grow with every folder the bank was ever read from.
        self.entries = {k: v for k, v in self.entries.items() if Path(k).is_file()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(
                    {
                        "version": VERSION,
                        "code": self.code,
                        "entries": self.entries,
                        "compiled": sorted(_COMPILED_OK),
                    },
                    fh,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            tmp.replace(self.path)
        except (OSError, pickle.PicklingError) as exc:  # a cache that cannot be written only costs time
            log.info("bank cache not saved: %s", exc)
