"""The bank's load cache keeps each file's validated content: a warm launch reads no TOML and
validates nothing, yet loads the same bank; anything stale, garbled or foreign is read again."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from test_loader import THEORY, write  # the loader tests' own theory file and writer

from mockint.bank import load_bank, loader
from mockint.bank.cache import ParseCache
from mockint.paths import rounds_dir


def _reads(monkeypatch) -> list[Path]:
    """Record every bank file read as TOML from now on."""
    seen: list[Path] = []
    real = loader._read_toml
    monkeypatch.setattr(loader, "_read_toml", lambda path: seen.append(path) or real(path))
    return seen


def test_a_warm_cache_loads_the_same_bundled_bank_without_reading_a_file(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache.pickle"
    cold = load_bank([rounds_dir()], cache_file=cache)
    reads = _reads(monkeypatch)
    warm = load_bank([rounds_dir()], cache_file=cache)
    assert reads == []
    assert warm.questions == cold.questions and list(warm.questions) == list(cold.questions)
    assert (warm.rubrics, warm.kind_rubrics, warm.loops, warm.tracks) == (
        cold.rubrics,
        cold.kind_rubrics,
        cold.loops,
        cold.tracks,
    )
    assert warm.issues == cold.issues == []
    fresh = load_bank([rounds_dir()])  # no cache at all
    assert fresh.questions == warm.questions and fresh.loops == warm.loops


def test_a_warm_launch_imports_neither_the_parsers_nor_tomllib(tmp_path: Path) -> None:
    cache = tmp_path / "cache.pickle"
    load_bank([rounds_dir()], cache_file=cache)
    code = (
        "import sys; from pathlib import Path; from mockint.bank import load_bank; "
        "from mockint.paths import rounds_dir; "
        f"b = load_bank([rounds_dir()], cache_file=Path({str(cache)!r})); "
        "print(len(b.questions), sorted(m for m in ('mockint.bank.parse', 'mockint.bank.parse_coding', "
        "'tomllib') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    count, imported = out.split(" ", 1)
    assert int(count) > 100 and imported.strip() == "[]"


def test_changed_file_moved_label_and_new_parser_code_validate_again(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "bank"
    path = write(root, "ml_theory/a.toml", THEORY)
    cache = tmp_path / "cache.pickle"
    load_bank([root], cache_file=cache)
    reads = _reads(monkeypatch)
    assert load_bank([root], cache_file=cache).questions["theory.x"].title == "X" and reads == []

    write(root, "ml_theory/a.toml", THEORY.replace('title = "X"', 'title = "Y"'))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_bank([root], cache_file=cache).questions["theory.x"].title == "Y" and reads == [path]

    bank = loader.Bank()
    loader.load_file(path, bank, label="pack/a.toml", cache=ParseCache(cache))
    assert bank.questions["theory.x"].source_file == "pack/a.toml" and reads == [path, path]

    import mockint.bank.cache as cache_module

    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: (("parse.py", 1, 2),))
    assert load_bank([root], cache_file=cache).questions["theory.x"].title == "Y" and len(reads) == 3


def test_a_file_with_a_problem_is_reported_at_every_load(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "bank"
    write(root, "ml_theory/a.toml", THEORY)
    bad = write(
        root, "ml_theory/b.toml", THEORY.replace('"theory.x"', '"theory.y"').replace("minutes = 4", "")
    )
    cache = tmp_path / "cache.pickle"
    for _ in range(2):
        bank = load_bank([root], cache_file=cache)
        assert [i.file for i in bank.issues] == [str(bad)] and "theory.x" in bank.questions
    dup = write(root, "ml_theory/c.toml", THEORY)  # the same id as a.toml, which is cached
    for _ in range(2):
        bank = load_bank([root], cache_file=cache)
        assert [(i.file, i.field) for i in bank.issues if i.file == str(dup)] == [
            (str(dup), "questions[0].id")
        ]


def _stamp(path: Path) -> tuple[int, int, str]:
    """The key fields a real entry for ``path`` (loaded under its own name) would carry."""
    return path.stat().st_mtime_ns, path.stat().st_size, str(path)


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize(
    "poison",
    [
        pytest.param(lambda path: {str(path): _Boom()}, id="a call to os.system"),
        pytest.param(lambda path: {str(path): (*_stamp(path), "questions", "not a file")}, id="wrong type"),
        pytest.param(lambda path: {str(path): (*_stamp(path), "loops", ())}, id="wrong kind"),
    ],
)
def test_a_foreign_or_malformed_cache_entry_is_never_used(tmp_path: Path, poison, monkeypatch) -> None:
    import mockint.bank.cache as cache_module

    root = tmp_path / "bank"
    path = write(root, "ml_theory/a.toml", THEORY)
    cache = tmp_path / "cache.pickle"
    entries = poison(path)
    cache.write_bytes(
        pickle.dumps(
            {"version": cache_module.VERSION, "code": cache_module.code_fingerprint(), "entries": entries}
        )
    )
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda cmd: calls.append(cmd) or 0)
    reads = _reads(monkeypatch)
    bank = load_bank([root], cache_file=cache)
    assert calls == [] and reads == [path]
    assert bank.issues == [] and bank.questions["theory.x"].title == "X"
