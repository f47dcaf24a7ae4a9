from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_script(name: str):
    """A script from packaging/ as a module (packaging/ is no package: it would shadow `packaging`)."""
    spec = importlib.util.spec_from_file_location(f"mockint_packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def require_tool(name: str) -> str:
    """The path of a command-line tool; fails when missing (`make system-deps` installs it)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (Debian: desktop-file-utils / appstream; `make system-deps`)")
    return path
