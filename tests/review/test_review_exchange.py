"""Export and import: a lossless round trip, merging without duplicates, CSV rows per score, and
malformed or hostile files rejected with the history left exactly as it was."""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from review_helpers import Answer

from mockint.review import commands
from mockint.review.exchange import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    ImportRejected,
    check_export,
    export_csv,
    export_json,
    import_json,
    parse_json,
    read_json_file,
    write_json,
)
from mockint.review.sample import synthetic_export
from mockint.store import Store

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
#: A take's analysis as the recorder widget reports it (path and take are stored apart).
TAKE = {
    "transcript": "so um we shard by user — naïve ✓",
    "words": 6,
    "duration_s": 4.0,
    "talk_time_s": 3.0,
    "words_per_minute": 120.0,
    "fillers_per_100_words": 33.33,
    "filler_counts": {"so": 1, "um": 1},
    "longest_pause_s": 1.2,
    "pause_source": "energy",
    "allowed_s": 120.0,
    "talk_time_vs_allowed": 0.025,
    "backend": "fake",
    "word_timings": [{"word": "so", "start_s": 0.0, "end_s": 0.3}],
    "transcript_error": "",
}


def _recorded(store: Store, session_id: str) -> list[str]:
    """Record two takes of the session's first answer; returns their take names."""
    answer = store.sessions.detail(session_id)["rounds"][0]["answers"][0]["id"]
    takes = [f"{answer}-{i}" for i in range(2)]
    for i, take in enumerate(takes):
        store.recordings.save(answer, take, f"recordings/{session_id}/{take}.wav", TAKE | {"words": 6 + i})
    return takes


@pytest.fixture
def full_history(record, bank) -> Store:
    """Every kind of record: phase notes, verdicts, ticks, unscored and active sessions, odd text."""
    record.session(
        DAY0,
        [
            {
                "type": "dsa",
                "scores": {"problem_solving": 3, "coding": 2, "verification": 2, "communication": 4},
                "recommendation": "Leaning no hire",
                "notes": 'ünïcødé, emoji 🧪, quotes " and \\ backslash',
                "answers": [
                    Answer(
                        "dsa.best-single-trade",
                        "Best single trade",
                        code="def f():\n\treturn 1\n",
                        notes="=cmd|' /C calc'!A0",
                        verdicts=[(3, 10), (10, 10)],
                    )
                ],
            },
            {
                "type": "system_design",
                "answers": [
                    Answer(
                        "design.ads-click-prediction",
                        "Ads",
                        phase_notes={"Requirements": "r", "Data": "d"},
                        ticks=[0, 3, 7],
                    )
                ],
            },
        ],
    )
    practice = record.session(
        DAY0 + timedelta(days=1),
        [{"type": "ml_theory", "answers": [Answer("theory.adaboost")]}],
        kind="practice",
        status="active",
    )
    store = record.store
    _recorded(store, practice)
    doc = synthetic_export(bank, 12, seed=3, start=DAY0 + timedelta(days=3))
    import_json(store, doc)
    return store


def fingerprint(store: Store) -> str:
    return hashlib.sha256(json.dumps(export_json(store), sort_keys=True).encode()).hexdigest()


def test_export_import_export_is_identical(full_history, tmp_path) -> None:
    first = export_json(full_history)
    assert first["format"] == "mockint-history" and first["version"] == FORMAT_VERSION
    assert len(first["sessions"]) == 14
    with Store.open(tmp_path / "empty" / "mockint.sqlite3") as empty:
        result = import_json(empty, json.loads(json.dumps(first)))
        assert result.added["sessions"] == 14 and sum(result.present.values()) == 0
        assert export_json(empty) == first
    # Through a file, as the commands do.
    path = tmp_path / "history.json"
    assert write_json(full_history, path) == 14
    assert read_json_file(path) == first
    with Store.open(tmp_path / "other" / "mockint.sqlite3") as other:
        import_json(other, read_json_file(path))
        assert export_json(other) == first
        detail = other.sessions.detail(first["sessions"][0]["id"])
        assert detail == full_history.sessions.detail(first["sessions"][0]["id"])


def test_importing_twice_adds_nothing_and_merging_keeps_both_histories(full_history, bank, tmp_path) -> None:
    doc = export_json(full_history)
    again = import_json(full_history, doc)
    assert again.total_added == 0 and again.present["sessions"] == 14
    assert export_json(full_history) == doc
    elsewhere = synthetic_export(bank, 5, seed=99, start=DAY0 + timedelta(days=60))
    merged = import_json(full_history, elsewhere)
    assert merged.added["sessions"] == 5 and merged.present == {t: 0 for t in merged.present}
    ids = [s["id"] for s in export_json(full_history)["sessions"]]
    assert len(ids) == len(set(ids)) == 19


def test_csv_export_has_one_row_per_score(full_history, tmp_path) -> None:
    path = tmp_path / "scores.csv"
    rows_written = export_csv(full_history, path)
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    scores = sum(len(r["scores"]) for s in export_json(full_history)["sessions"] for r in s["rounds"])
    assert rows_written == len(rows) == scores
    assert tuple(rows[0]) == CSV_COLUMNS
    first = rows[0]
    assert (first["round_type"], first["dimension_id"], first["score"]) == ("dsa", "problem_solving", "3")
    assert first["session_started_at"].startswith("2024-05-01T09:00")
    assert {r["dimension_name"] for r in rows if r["round_type"] == "dsa"} >= {"Problem solving", "Coding"}


def test_csv_guards_against_spreadsheet_formulas(store, record, tmp_path) -> None:
    record.session(
        DAY0,
        [
            {
                "type": "dsa",
                "title": '=HYPERLINK("http://x")',
                "scores": {"problem_solving": 1},
                "answers": [Answer("dsa.best-single-trade")],
            }
        ],
        title="+danger",
    )
    path = tmp_path / "s.csv"
    export_csv(store, path)
    row = next(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert row["round_title"] == '\'=HYPERLINK("http://x")' and row["session_title"] == "'+danger"


def _mutations(doc: dict) -> list[tuple[str, object]]:
    """(what is wrong, the document) pairs, each a copy of ``doc`` with one problem."""
    cases: list[tuple[str, object]] = []

    def case(label, change):
        bad = copy.deepcopy(doc)
        change(bad)
        cases.append((label, bad))

    s0 = lambda d: d["sessions"][0]  # noqa: E731
    r0 = lambda d: s0(d)["rounds"][0]  # noqa: E731
    a0 = lambda d: r0(d)["answers"][0]  # noqa: E731
    v0 = lambda d: a0(d)["verdicts"][0]  # noqa: E731
    case("format", lambda d: d.update(format="something-else"))
    case("version", lambda d: d.update(version=FORMAT_VERSION + 1))
    case("version", lambda d: d.update(version=True))
    case("does not know: extra", lambda d: s0(d).update(extra=1))
    case("lacks", lambda d: r0(d).pop("round_type"))
    case("must be a list", lambda d: d.update(sessions={"a": 1}))
    case("round_type", lambda d: r0(d).update(round_type="karaoke"))
    case("score", lambda d: r0(d)["scores"][0].update(score=7))
    case("score", lambda d: r0(d)["scores"][0].update(score=True))
    case("id", lambda d: s0(d).update(id="../../etc/passwd"))
    case("id", lambda d: a0(d).update(id="ABCDEF" * 5 + "AB"))
    case("repeats the id", lambda d: d["sessions"][1].update(id=s0(d)["id"]))
    case("repeats the session_id and position", lambda d: s0(d)["rounds"][1].update(position=0))
    case("started_at", lambda d: s0(d).update(started_at="yesterday"))
    case("started_at", lambda d: s0(d).update(started_at="2024-05-01T09:00:00"))  # no zone
    case("used_s", lambda d: r0(d).update(used_s=-1))
    case("used_s", lambda d: r0(d).update(used_s="10"))
    case("passed", lambda d: v0(d).update(passed=v0(d)["total"] + 1))
    case("detail", lambda d: v0(d).update(detail=[1, 2]))
    case("nests deeper", lambda d: v0(d).update(detail=_deep(100)))
    case("key_points", lambda d: a0(d).update(key_points=[3, 1]))
    case("key_points", lambda d: a0(d).update(key_points=[-1]))
    case("lone surrogate", lambda d: a0(d).update(notes="bad \udc80 text"))
    case("longer than", lambda d: a0(d).update(question_title="x" * 20_000))
    case("recommendation", lambda d: r0(d).update(recommendation="Hire!!"))
    case("status", lambda d: s0(d).update(status="deleted"))
    case("an object", lambda d: d["sessions"].append("not a session"))
    return cases


def _deep(n: int) -> dict:
    value: dict = {}
    for _ in range(n):
        value = {"x": value}
    return value


def test_malformed_documents_are_rejected_with_the_history_unchanged(full_history) -> None:
    doc = export_json(full_history)
    before = fingerprint(full_history)
    coding = next(
        s
        for s in doc["sessions"]
        if s["rounds"]
        and s["rounds"][0]["round_type"] == "dsa"
        and s["rounds"][0]["answers"][0]["verdicts"]
        and len(s["rounds"]) > 1
    )
    base = {"format": doc["format"], "version": doc["version"], "sessions": [coding, doc["sessions"][-1]]}
    for label, bad in _mutations(base):
        with pytest.raises(ImportRejected) as caught:
            import_json(full_history, bad)
        assert label in str(caught.value) and "Nothing was imported" in str(caught.value), (
            label,
            caught.value,
        )
    for bad in ([], "text", None, {"format": "mockint-history"}):
        with pytest.raises(ImportRejected):
            import_json(full_history, bad)
    assert fingerprint(full_history) == before


def test_hostile_json_text_is_rejected_before_anything_is_read(tmp_path) -> None:
    for text, problem in [
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"format": NaN}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
        ("{not json", "not valid JSON"),
        ('{"n": ' + "9" * 10_000 + "}", "not valid JSON"),
    ]:
        with pytest.raises(ImportRejected, match=problem):
            parse_json(text)
    with pytest.raises(ImportRejected, match="not UTF-8"):
        parse_json(b'{"a": "\xff"}')


def test_a_conflict_late_in_the_file_rolls_back_everything_before_it(full_history, bank) -> None:
    before = fingerprint(full_history)
    existing = export_json(full_history)["sessions"][0]
    fresh = synthetic_export(bank, 6, seed=42, start=DAY0 + timedelta(days=90))
    # The last session reuses a round id that the history has under another session.
    stolen = fresh["sessions"][-1]["rounds"][0]
    stolen["id"] = existing["rounds"][0]["id"]
    with pytest.raises(ImportRejected, match="conflicts with your history.*under another session"):
        import_json(full_history, fresh)
    assert fingerprint(full_history) == before
    # A new round at a position its (existing) session already fills.
    crowding = copy.deepcopy(existing)
    crowding["rounds"] = [copy.deepcopy(fresh["sessions"][0]["rounds"][0]) | {"position": 0}]
    with pytest.raises(ImportRejected, match="position 0"):
        import_json(
            full_history, {"format": "mockint-history", "version": FORMAT_VERSION, "sessions": [crowding]}
        )
    assert fingerprint(full_history) == before


def test_check_export_returns_flat_rows_per_table(full_history) -> None:
    rows = check_export(export_json(full_history))
    dump = full_history.review.dump()
    for table in dump:
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
        assert sorted(map(key, rows[table])) == sorted(map(key, dump[table])), table


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="mockint", parents=[common])
    commands.add_parsers(parser.add_subparsers(dest="command"), [common])
    return parser


def run(*argv: str) -> int:
    return commands.handle(_parser().parse_args(list(argv)))


def test_export_and_import_commands(full_history, tmp_path: Path, capsys) -> None:
    data = str(full_history.path.parent)
    out = tmp_path / "all.json"
    assert run("export", "--out", str(out), "--data-dir", data) == 0
    assert "Exported 14 sessions" in capsys.readouterr().err
    assert run("export", "--out", str(tmp_path / "s.csv"), "--data-dir", data) == 0
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))
    assert run("export", "--format", "csv", "--out", str(tmp_path / "s.txt"), "--data-dir", data) == 0

    fresh = tmp_path / "fresh"
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    assert "added 14 sessions" in capsys.readouterr().err
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    assert "nothing new" in capsys.readouterr().err

    bad = tmp_path / "bad.json"
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["sessions"][3]["rounds"][0]["scores"][0]["score"] = 9
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with Store.open(fresh / "mockint.sqlite3") as s:
        before = fingerprint(s)
    assert run("import", str(bad), "--data-dir", str(fresh)) == 1
    err = capsys.readouterr().err
    assert "sessions[3].rounds[0].scores[0].score: must be a whole number from 1 to 4, got 9" in err
    assert "Nothing was imported" in err
    with Store.open(fresh / "mockint.sqlite3") as s:
        assert fingerprint(s) == before
    assert run("import", str(tmp_path / "missing.json"), "--data-dir", str(fresh)) == 2
    assert run("export", "--out", str(tmp_path / "nowhere" / "x.json"), "--data-dir", data) == 2


def test_the_command_line_runs_export_import_and_report(full_history, tmp_path) -> None:
    """Runs once ``mockint.cli`` wires the review commands in (a real ``python -m mockint`` process)."""
    import subprocess
    import sys

    def mockint(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mockint", *args, "--data-dir", str(data)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    data = full_history.path.parent
    out = tmp_path / "all.json"
    done = mockint("export", "--out", str(out), data=data)
    assert done.returncode == 0, done.stderr
    fresh = tmp_path / "fresh"
    assert mockint("import", str(out), data=fresh).returncode == 0
    out.write_text("{", encoding="utf-8")
    rejected = mockint("import", str(out), data=fresh)
    assert rejected.returncode == 1 and "not valid JSON" in rejected.stderr
    pdf = tmp_path / "last.pdf"
    report = mockint("report", "last", "--out", str(pdf), data=fresh)
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_recordings_travel_in_the_export_but_their_audio_does_not(full_history, tmp_path) -> None:
    doc = export_json(full_history)
    practice = next(x for x in doc["sessions"] if x["kind"] == "practice" and x["status"] == "active")
    [answer] = practice["rounds"][0]["answers"]
    takes = answer["recordings"]
    assert [t["take"] for t in takes] == [f"{answer['id']}-0", f"{answer['id']}-1"]
    assert (
        takes[0]["path"] == f"recordings/{practice['id']}/{answer['id']}-0.wav"
    )  # relative to the data folder
    assert set(takes[0]) == {
        "id",
        "take",
        "path",
        "created_at",
        "duration_s",
        "transcript",
        "backend",
        "metrics",
    }
    assert takes[0]["transcript"] == TAKE["transcript"] and takes[0]["metrics"]["filler_counts"] == {
        "so": 1,
        "um": 1,
    }
    assert takes[1]["metrics"]["words"] == 7
    with Store.open(tmp_path / "elsewhere" / "mockint.sqlite3") as other:
        result = import_json(other, json.loads(json.dumps(doc)))
        assert result.added["recordings"] == 2
        assert export_json(other) == doc
        assert other.sessions.detail(practice["id"]) == full_history.sessions.detail(practice["id"])
        assert import_json(other, doc).present["recordings"] == 2  # merging again adds no take twice
    assert not (tmp_path / "elsewhere" / "recordings").exists()  # no audio came along


def test_a_version_1_export_still_imports(full_history, tmp_path) -> None:
    doc = export_json(full_history)
    assert doc["version"] == FORMAT_VERSION == 2
    old = copy.deepcopy(doc) | {"version": 1}
    for session in old["sessions"]:
        for r in session["rounds"]:
            for a in r["answers"]:
                del a["recordings"]
    with Store.open(tmp_path / "v1" / "mockint.sqlite3") as other:
        result = import_json(other, old)
        assert result.added["sessions"] == 14 and result.added["recordings"] == 0
        assert export_json(other)["sessions"][0] == doc["sessions"][0]  # a session without takes
    with pytest.raises(ImportRejected, match="does not know: recordings"):
        check_export(copy.deepcopy(doc) | {"version": 1})


def test_bad_recordings_are_rejected_with_the_history_unchanged(full_history) -> None:
    doc = export_json(full_history)
    before = fingerprint(full_history)
    practice = next(x for x in doc["sessions"] if x["kind"] == "practice" and x["status"] == "active")
    # The same session under new ids, so only the takes can be wrong.
    session = copy.deepcopy(practice) | {"id": "f" * 32}
    session["rounds"][0]["id"] = "e" * 32
    session["rounds"][0]["answers"][0]["id"] = "d" * 32
    base = {"format": doc["format"], "version": doc["version"], "sessions": [session]}

    def takes(d: dict) -> list[dict]:
        return d["sessions"][0]["rounds"][0]["answers"][0]["recordings"]

    cases = [
        ("no leading /", lambda d: takes(d)[0].update(path="/etc/passwd")),
        ("'..' parts", lambda d: takes(d)[0].update(path="recordings/../../etc/passwd")),
        ("'..' parts", lambda d: takes(d)[0].update(path="../recordings/x.wav")),
        ("inside the recordings/ folder", lambda d: takes(d)[0].update(path="mockint.sqlite3")),
        ("backslash", lambda d: takes(d)[0].update(path="recordings\\x.wav")),
        ("path: must be text", lambda d: takes(d)[0].update(path=None)),
        ("metrics: must be an object", lambda d: takes(d)[0].update(metrics=[1, 2])),
        ("duration_s", lambda d: takes(d)[0].update(duration_s=-1)),
        ("lacks transcript", lambda d: takes(d)[0].pop("transcript")),
        ("does not know: audio", lambda d: takes(d)[0].update(audio="UklGRg==")),
        ("repeats the answer_id and take", lambda d: takes(d)[1].update(take=takes(d)[0]["take"])),
        ("repeats the id", lambda d: takes(d)[1].update(id=takes(d)[0]["id"])),
        (
            "recordings: must be a list",
            lambda d: d["sessions"][0]["rounds"][0]["answers"][0].update(recordings={}),
        ),
    ]
    for label, change in cases:
        bad = copy.deepcopy(base)
        change(bad)
        with pytest.raises(ImportRejected) as caught:
            import_json(full_history, bad)
        assert label in str(caught.value) and "Nothing was imported" in str(caught.value), (
            label,
            caught.value,
        )
    # New takes whose ids takes already in the history have (under the original answer).
    with pytest.raises(ImportRejected, match="conflicts with your history.*already in the history"):
        import_json(full_history, base)
    assert fingerprint(full_history) == before


def test_csv_is_unaffected_by_recordings(store, record, tmp_path) -> None:
    sid = record.session(
        DAY0,
        [
            {
                "type": "behavioral",
                "scores": {"communication": 3},
                "answers": [Answer("behavioral.conflict", "A conflict")],
            }
        ],
    )
    export_csv(store, tmp_path / "before.csv")
    _recorded(store, sid)
    export_csv(store, tmp_path / "after.csv")
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
