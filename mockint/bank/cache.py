"""The bank's parse cache: parsed TOML per file, kept between launches in one pickle file.

Only plain TOML values (and ``datetime`` types) may come out of it; a garbled cache is rebuilt.
"""

from __future__ import annotations

import io
import logging
import pickle
from pathlib import Path
from typing import Any

from mockint.bank.parse_coding import _COMPILED_OK

log = logging.getLogger(__name__)


class _CacheUnpickler(pickle.Unpickler):
    """Unpickles only what parsed TOML is made of: of all classes only ``datetime``'s may be named,
    so a garbled cache file can fail to load but never call anything else."""

    _ALLOWED = frozenset(("datetime", name) for name in ("datetime", "date", "time", "timezone", "timedelta"))

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the bank cache")
        return super().find_class(module, name)


def _is_entry(key: Any, value: Any) -> bool:
    return (
        isinstance(key, str)
        and isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], int)
        and isinstance(value[1], int)
        and isinstance(value[2], dict)
    )


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
        # Entries of files that are gone (a deleted checkout or pack) are dropped, so the cache,
        # read whole at every launch, does not grow with every folder the bank was ever read from.
        self.entries = {k: v for k, v in self.entries.items() if Path(k).is_file()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(
                    {"version": 1, "entries": self.entries, "compiled": sorted(_COMPILED_OK)},
                    fh,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            tmp.replace(self.path)
        except OSError as exc:  # a cache that cannot be written only costs time
            log.info("bank cache not saved: %s", exc)
