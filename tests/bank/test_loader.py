from __future__ import annotations

from pathlib import Path

from mockint.bank import load_bank, load_paths
from mockint.paths import rounds_dir

THEORY = """
[[questions]]
id = "theory.x"
round_type = "ml_theory"
title = "X"
difficulty = "easy"
topics = ["stats"]
minutes = 4
prompt = "Explain X."
key_points = ["one", "two", "three"]
common_mistake = "None."
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "ml_theory/a.toml", THEORY)
    bank = load_paths([tmp_path])
    assert bank.issues == []
    assert bank.questions["theory.x"].key_points == ("one", "two", "three")


def test_errors_name_file_and_field_and_the_rest_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "ml_theory/a.toml", THEORY)
    bad = write(
        tmp_path,
        "ml_theory/b.toml",
        THEORY.replace("theory.x", "theory.y").replace('["one", "two", "three"]', '["one"]'),
    )
    broken = write(tmp_path, "ml_theory/c.toml", "id = [unclosed")
    typo = write(
        tmp_path, "ml_theory/d.toml", THEORY.replace("theory.x", "theory.z").replace("minutes", "minuts")
    )
    bank = load_paths([tmp_path])
    lines = sorted(str(i) for i in bank.issues)
    assert f"{bad}: questions[0].key_points: expected 3–6 entries, got 1" in lines
    assert any(line.startswith(f"{broken}: (toml): not valid TOML") for line in lines)
    assert any(line.startswith(f"{typo}: questions[0].minuts: unknown field") for line in lines)
    assert list(bank.questions) == ["theory.x"]


def test_duplicate_ids_across_packs_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "one", "t.toml", THEORY)
    dup = write(tmp_path / "two", "t.toml", THEORY)
    bank = load_bank([tmp_path / "one", tmp_path / "two"])
    assert [str(i) for i in bank.issues][0].startswith(f"{dup}: questions[0].id: duplicate id 'theory.x'")


def test_coding_problem_checks_python_and_tests(tmp_path: Path) -> None:
    code = """
id = "dsa.t"
round_type = "dsa"
title = "T"
difficulty = "easy"
topics = ["arrays"]
minutes = 10
prompt = "Return x."
entry_point = "f"
starter = "def f(x):\\n    pass\\n"
reference = "def f(x:\\n    return x\\n"

[[tests]]
args = [1]
expected = 1
"""
    path = write(tmp_path, "dsa/t.toml", code)
    bank = load_paths([path])
    assert str(bank.issues[0]).startswith(f"{path}: reference: Python syntax error on line 1")


def test_bundled_bank_is_valid_and_complete() -> None:
    bank = load_bank([rounds_dir()])
    assert [str(i) for i in bank.issues] == []
    counts = {
        rt: len(bank.by_round(rt))
        for rt in (
            "dsa",
            "ml_coding",
            "ml_theory",
            "system_design",
            "general_system_design",
            "behavioral",
            "phone_screen",
            "stats_probability",
            "project_deep_dive",
            "hiring_manager",
        )
    }
    assert counts["dsa"] >= 6 and counts["ml_coding"] >= 4 and counts["ml_theory"] >= 30
    assert counts["system_design"] >= 4 and counts["behavioral"] >= 15 and counts["phone_screen"] >= 1
    assert counts["stats_probability"] >= 15 and counts["general_system_design"] >= 12
    assert set(bank.rubrics) == set(counts)
    for rubric in bank.rubrics.values():
        assert rubric.source.strip()
        assert all(len(d.anchors) == 4 for d in rubric.dimensions)
    assert {"mle-onsite", "quick-drill"} <= set(bank.loops)
    drill = bank.loops["quick-drill"]
    assert [r.round_type for r in drill.rounds] == [
        "phone_screen",
        "dsa",
        "ml_coding",
        "ml_theory",
        "system_design",
        "behavioral",
    ]
    assert all(r.minutes == 2 for r in drill.rounds)


def test_the_documented_example_pack_loads_beside_the_bundled_bank(tmp_path: Path) -> None:
    import shutil

    from mockint.judge import judge

    pack = Path(__file__).resolve().parents[2] / "docs" / "example-pack"
    shutil.copytree(pack, tmp_path / "packs" / "example")
    bank = load_bank([rounds_dir(), tmp_path / "packs"])
    assert [str(i) for i in bank.issues] == []
    assert {"mypack.theory-bm25-vs-dense", "mypack.behavioral-handover", "mypack.dsa-window-max"} <= set(
        bank.questions
    )
    assert "mypack-evening" in bank.loops
    problem = bank.find("mypack.dsa-window-max")
    assert judge(problem, problem.reference).accepted
    for wrong in problem.wrong_solutions:
        assert not judge(problem, wrong.code).accepted, wrong.name


def test_parse_cache_reuses_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    import os

    root = tmp_path / "bank"
    path = write(root, "ml_theory/a.toml", THEORY)
    cache = tmp_path / "cache.pickle"
    first = load_bank([root], cache_file=cache)
    assert cache.exists() and first.questions["theory.x"].title == "X"
    write(root, "ml_theory/a.toml", THEORY.replace('title = "X"', 'title = "Y"'))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_bank([root], cache_file=cache).questions["theory.x"].title == "Y"
    cache.write_bytes(b"garbage")  # a broken cache is ignored and rebuilt
    assert load_bank([root], cache_file=cache).questions["theory.x"].title == "Y"


def test_parse_cache_drops_files_that_are_gone_when_it_is_saved(tmp_path: Path) -> None:
    import pickle

    from mockint.bank.cache import ParseCache

    old, new = tmp_path / "old" / "bank", tmp_path / "new" / "bank"
    write(old, "ml_theory/a.toml", THEORY)
    write(new, "ml_theory/a.toml", THEORY)
    cache = tmp_path / "cache.pickle"
    load_bank([old], cache_file=cache)
    load_bank([new], cache_file=cache)
    assert len(ParseCache(cache).entries) == 2
    (old / "ml_theory" / "a.toml").unlink()  # e.g. a deleted checkout
    write(new, "ml_theory/b.toml", THEORY.replace("theory.x", "theory.y"))  # a change: the cache is saved
    load_bank([new], cache_file=cache)
    kept = pickle.loads(cache.read_bytes())["entries"]
    assert sorted(kept) == sorted(str(p) for p in (new / "ml_theory").glob("*.toml"))


def test_args_py_expressions_compile_once_across_loads(tmp_path: Path, monkeypatch) -> None:
    import builtins

    from mockint.paths import rounds_dir

    cache = tmp_path / "cache.pickle"
    load_bank([rounds_dir()], cache_file=cache)
    calls = []
    real = builtins.compile
    monkeypatch.setattr(builtins, "compile", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    import mockint.bank.parse as parse

    parse._COMPILED_OK.clear()  # as at a new launch: the digests come back from the cache file
    load_bank([rounds_dir()], cache_file=cache)
    assert calls == []  # references, starters, wrong solutions and args_py all checked before
