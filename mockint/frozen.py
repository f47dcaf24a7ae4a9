"""One frozen executable, three parts: the app, its IPython kernel, and the judge's child.

A frozen bundle (PyInstaller, ``packaging/mockint.spec``) has no Python interpreter to start
children with: ``sys.executable`` is the app itself. So the bundle's entry script
(``packaging/entry.py``) asks :func:`dispatch` first:

``mockint -m ipykernel_launcher -f CONNECTION_FILE [ARGS]``
    jupyter's command line for ipykernel's own kernel spec (``[sys.executable, "-m",
    "ipykernel_launcher", "-f", "{connection_file}"]``): run an IPython kernel, as
    ``python -m ipykernel_launcher`` would.
``mockint --judge-child RESULT_FD [PRELOAD [IDLE_S]]``
    the judge's child (:func:`judge_child_command`): run :func:`mockint.judge._child.main`, with
    ``mockint`` itself made unimportable for the solution (a frozen app cannot take it off
    ``sys.path``, so an import blocker stands in for :func:`_child._strip_mockint_path`).
anything else
    ``None``: the entry script runs the normal command line, :func:`mockint.cli.main`.

Unfrozen, :func:`judge_child_command` returns the ordinary ``python -P -B _child.py`` command, so
the judge can call it unconditionally. This module imports nothing at import time beyond the
standard library, and never the UI or the command line (the judge imports it).
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from pathlib import Path

KERNEL_MODULE = "ipykernel_launcher"
JUDGE_CHILD_FLAG = "--judge-child"


def is_frozen() -> bool:
    """True inside a frozen bundle (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def judge_child_command(child_script: str | Path) -> list[str]:
    """The start of the judge child's argv; RESULT_FD, PRELOAD and IDLE_S follow."""
    if is_frozen():
        return [sys.executable, JUDGE_CHILD_FLAG]
    return [sys.executable, "-P", "-B", str(child_script)]


class _BlockMockint(MetaPathFinder):
    """Refuses ``import mockint`` and its submodules (the judge's solution must not read the bank)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mockint" or fullname.startswith("mockint."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def run_kernel(args: list[str]) -> int:
    """``-m ipykernel_launcher ARGS``: run the module as ``__main__`` with ``sys.argv`` as python would."""
    import runpy

    sys.argv = [sys.argv[0], *args]
    runpy.run_module(KERNEL_MODULE, run_name="__main__", alter_sys=True)
    return 0


def run_judge_child(args: list[str]) -> int:
    """``--judge-child RESULT_FD [PRELOAD [IDLE_S]]``: the judge's child; it ends the process itself."""
    from mockint.judge import _child

    for name in [m for m in sys.modules if m == "mockint" or m.startswith("mockint.")]:
        del sys.modules[name]
    sys.meta_path.insert(0, _BlockMockint())
    _child.main([JUDGE_CHILD_FLAG, *args])
    return 0


def dispatch(argv: list[str]) -> int | None:
    """Run the kernel or the judge child if ``argv`` (without the program name) asks for one;
    ``None`` when it is an ordinary command line."""
    if argv[:2] == ["-m", KERNEL_MODULE]:
        return run_kernel(argv[2:])
    if argv[:1] == [JUDGE_CHILD_FLAG]:
        return run_judge_child(argv[1:])
    return None
