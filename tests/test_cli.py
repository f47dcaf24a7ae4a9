"""The command line, run as a user runs it: a real process, real bank, real data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def mockint(*args: str, data: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockint", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_bank_list_json_has_every_round_type(data: Path) -> None:
    rows = json.loads(mockint("bank", "list", "--json", data=data, check=True).stdout)
    assert {r["round_type"] for r in rows} == {
        "phone_screen",
        "dsa",
        "ml_coding",
        "ml_theory",
        "system_design",
        "general_system_design",
        "behavioral",
        "stats_probability",
        "project_deep_dive",
        "hiring_manager",
    }
    assert set(rows[0]) == {"id", "round_type", "title", "difficulty", "topics"}
    dsa = json.loads(mockint("bank", "list", "--round", "dsa", "--json", data=data, check=True).stdout)
    assert dsa and all(r["round_type"] == "dsa" for r in dsa)


def test_bank_show_never_reveals_tests_or_solutions(data: Path) -> None:
    rows = json.loads(mockint("bank", "list", "--round", "dsa", "--json", data=data, check=True).stdout)
    view = json.loads(mockint("bank", "show", rows[0]["id"], "--json", data=data, check=True).stdout)
    assert {"statement", "entry_point", "starter_code", "time_limit_s"} <= set(view)
    text = json.dumps(view)
    assert "reference" not in view and "wrong_solutions" not in text and "generators" not in text
    missing = mockint("bank", "show", "dsa.no-such-problem", data=data)
    assert missing.returncode == 2 and "no question with id" in missing.stderr


def test_bank_check_passes_and_names_file_and_field_of_a_broken_pack(data: Path) -> None:
    assert mockint("bank", "check", data=data).returncode == 0
    pack = data / "packs" / "mine"
    pack.mkdir(parents=True)
    bad = pack / "theory.toml"
    bad.write_text(
        'id = "mine.q"\nround_type = "ml_theory"\ntitle = "Q"\ndifficulty = "easy"\n'
        'topics = ["x"]\nminutes = "five"\nprompt = "?"\nkey_points = ["a", "b", "c"]\n'
        'common_mistake = "-"\n',
        encoding="utf-8",
    )
    result = mockint("bank", "check", data=data)
    assert result.returncode == 1
    assert f"{bad}: minutes: expected a number, got a string" in result.stdout
    rows = json.loads(mockint("bank", "list", "--json", data=data, check=True).stdout)
    assert len(rows) > 100  # the rest of the bank still loads


def test_judge_accepts_a_reference_and_rejects_a_wrong_answer(data: Path, tmp_path: Path) -> None:
    from mockint.bank import load_bank
    from mockint.paths import rounds_dir

    problem = load_bank([rounds_dir()]).find("dsa.two-sum")
    good = tmp_path / "good.py"
    good.write_text(problem.reference, encoding="utf-8")
    result = mockint("judge", "dsa.two-sum", str(good), "--json", data=data)
    verdict = json.loads(result.stdout)
    assert result.returncode == 0 and verdict["verdict"] == "Accepted"
    assert verdict["passed"] == verdict["total"] > 0
    bad = tmp_path / "bad.py"
    bad.write_text("def two_sum(nums, target):\n    return [0, 1]\n", encoding="utf-8")
    result = mockint("judge", "dsa.two-sum", str(bad), "--json", data=data)
    verdict = json.loads(result.stdout)
    assert result.returncode == 1 and verdict["verdict"] == "Wrong Answer"
    assert verdict["passed"] < verdict["total"]


def test_history_is_empty_then_lists_saved_scores(data: Path) -> None:
    assert json.loads(mockint("history", "--json", data=data, check=True).stdout) == []
    from mockint import paths
    from mockint.store import Store

    store = Store.open(paths.database_path(data))
    sid = store.sessions.create("practice", "practice-ml_theory", "Practice: ML theory")
    rid = store.sessions.add_round(sid, 0, "ml_theory", "ML theory", 45 * 60)
    store.answers.save_scores(rid, {"correctness": 3, "depth": 2}, "Leaning hire", "ok")
    store.close()
    sessions = json.loads(mockint("history", "--json", data=data, check=True).stdout)
    assert sessions[0]["id"] == sid
    assert sessions[0]["rounds"][0]["scores"] == {"correctness": 3, "depth": 2}
    text = mockint("history", data=data, check=True).stdout
    assert "Practice: ML theory" in text and "correctness 3" in text


def test_damaged_database_is_reported_and_untouched(data: Path) -> None:
    from mockint import paths

    data.mkdir(parents=True)
    db = paths.database_path(data)
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    result = mockint("history", data=data)
    assert result.returncode == 2 and str(db) in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "verb",
    [["history"], ["export", "--out", "OUT.json"], ["report", "last", "--out", "OUT.md"], ["delete", "last"]],
)
def test_every_verb_names_the_damaged_file_and_the_restore_command(data: Path, tmp_path: Path, verb) -> None:
    from mockint import paths
    from mockint.store import Store, backup_if_due

    store = Store.open(paths.database_path(data))
    store.sessions.create("practice", "practice-dsa", "Practice: DSA coding")
    assert backup_if_due(store) is not None  # the first backup of a changed history
    store.close()
    db = paths.database_path(data)
    db.write_bytes(b"\0garbage" * 512)
    before = db.read_bytes()
    args = [a.replace("OUT", str(tmp_path / "out")) for a in verb]
    result = mockint(*args, data=data)
    assert result.returncode == 2
    assert str(db) in result.stderr and "mockint restore --latest" in result.stderr
    assert db.read_bytes() == before


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`mockint bank list --json | head -1` (75 kB, more than a pipe holds): the pipe closes early; the command exits quietly."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockint", "bank", "list", "--json", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # like `head -1` exiting after its line
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and b"Broken pipe" not in err and b"Traceback" not in err


def test_the_app_alone_is_read_without_the_full_parser_and_anything_else_by_it(monkeypatch) -> None:
    import mockint.cli as cli

    built: list[int] = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: built.append(1) or real())
    for argv, data in (([], None), (["--data-dir", "/x"], "/x"), (["--data-dir=/y"], "/y")):
        args = cli.parse_args(argv)
        assert args.command is None and getattr(args, "data_dir", None) == data and built == []
    for argv in (["bank", "list"], ["--data-dir", "/x", "history"], ["--data-dir"], ["--data-dir="]):
        try:
            args = cli.parse_args(argv)
        except SystemExit:  # the full parser's own error for a --data-dir without its value
            args = None
        assert built, argv
        built.clear()
        if argv[0] == "bank":
            assert args is not None and args.command == "bank" and args.bank_command == "list"
