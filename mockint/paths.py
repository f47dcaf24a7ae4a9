"""Where mockint keeps things: the bundled bank and assets, the user's data directory.

The data directory is platformdirs' user data dir for "mockint", overridden by the
``MOCKINT_DATA_DIR`` environment variable, overridden in turn by ``--data-dir DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from mockint.about import APP_NAME

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A data folder: inside the package when installed from a wheel, else the source tree's."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def rounds_dir() -> Path:
    """The bundled bank: loops/, rubrics/ and one folder of questions per round type."""
    return _bundled("rounds")


def assets_dir() -> Path:
    """Icons, sounds and the style sheet."""
    return _bundled("assets")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data directory (created if missing).

    Order: ``override`` (``--data-dir``), ``$MOCKINT_DATA_DIR``, platformdirs' user data dir.
    Raises ``OSError`` when it cannot be created.
    """
    chosen = override or os.environ.get("MOCKINT_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def packs_dir(data: Path) -> Path:
    """User question packs, loaded beside the bundled bank (same layout as rounds/)."""
    return data / "packs"


def bank_cache_path() -> Path:
    """Parsed-bank cache (safe to delete: it is rebuilt from the TOML files)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, False)) / "bank-parse-cache.pickle"


def database_path(data: Path) -> Path:
    return data / "mockint.sqlite3"


def bank_roots(data: Path) -> list[Path]:
    """The bundled bank first, then the user's ``packs/`` folder (every TOML file below it)."""
    return [rounds_dir(), packs_dir(data)]
