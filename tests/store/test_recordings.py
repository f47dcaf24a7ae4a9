"""Recorded takes in the history: saving, replacing and reading them; deleting a session with its
audio (and nothing outside ``<data>/recordings``); upgrading a version 2 database."""

from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path

import pytest

from mockint.store import MIGRATIONS, SCHEMA_VERSION, NotFound, Store
from mockint.store.recordings import (
    AudioNotRemoved,
    path_problem,
    recordings_of,
    relative_path,
)

REPORT = {
    "transcript": "so um we shard by user — naïve ✓",
    "words": 6,
    "duration_s": 4.0,
    "talk_time_s": 3.0,
    "words_per_minute": 120.0,
    "fillers_per_100_words": 33.33,
    "filler_counts": {"so": 1, "um": 1},
    "longest_pause_s": 1.2,
    "pause_source": "word timings and energy",
    "allowed_s": 30.0,
    "talk_time_vs_allowed": 0.1,
    "backend": "fake",
    "word_timings": [{"word": "so", "start_s": 0.0, "end_s": 0.3}],
    "transcript_error": "",
    "path": "/somewhere/absolute.wav",
    "take": "ignored",
}


def _session(store: Store, title: str = "Practice: Behavioral") -> tuple[str, str]:
    """A practice session with one behavioral answer; returns (session id, answer id)."""
    sid = store.sessions.create("practice", "behavioral", title)
    rid = store.sessions.add_round(sid, 0, "behavioral", "Behavioral", 1800)
    return sid, store.answers.add(rid, 0, "behavioral.conflict", "A conflict")


def _wav(data: Path, sid: str, take: str) -> tuple[Path, str]:
    """A (fake) WAV file where the recorder writes a take; returns (file, stored path)."""
    file = data / "recordings" / sid / f"{take}.wav"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"RIFF....WAVEfmt ")
    return file, relative_path(data, file)


def test_a_take_is_saved_and_read_back_with_its_transcript_and_metrics(store: Store) -> None:
    data = store.path.parent
    sid, aid = _session(store)
    _file, rel = _wav(data, sid, f"{aid}-0")
    assert rel == f"recordings/{sid}/{aid}-0.wav"
    rec_id = store.recordings.save(aid, f"{aid}-0", rel, REPORT)

    [answer] = store.sessions.detail(sid)["rounds"][0]["answers"]
    [take] = answer["recordings"]
    assert take["id"] == rec_id and take["take"] == f"{aid}-0" and take["path"] == rel
    assert take["transcript"] == REPORT["transcript"] and take["backend"] == "fake"
    assert take["duration_s"] == 4.0 and take["created_at"].endswith("+00:00")
    for key in (
        "words",
        "words_per_minute",
        "filler_counts",
        "longest_pause_s",
        "talk_time_s",
        "talk_time_vs_allowed",
        "word_timings",
        "transcript_error",
    ):
        assert take[key] == REPORT[key], key
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        assert recordings_of(conn, sid) == {aid: [take]}
    finally:
        conn.close()
    assert store.sessions.detail(sid)["rounds"][0]["answers"][0]["recordings"] == [take]


def test_recording_a_take_again_replaces_it_and_takes_come_in_question_order(store: Store) -> None:
    data = store.path.parent
    sid, aid = _session(store)
    first = store.recordings.save(aid, f"{aid}-10", _wav(data, sid, f"{aid}-10")[1], REPORT)
    store.recordings.save(aid, f"{aid}-2", _wav(data, sid, f"{aid}-2")[1], REPORT)
    before = store.sessions.detail(sid)["rounds"][0]["answers"][0]["recordings"]
    again = store.recordings.save(
        aid,
        f"{aid}-10",
        f"recordings/{sid}/{aid}-10.wav",
        REPORT | {"transcript": "a better answer", "words": 3, "duration_s": 2.5},
    )
    assert again == first  # an upsert on (answer, take): same record
    takes = store.sessions.detail(sid)["rounds"][0]["answers"][0]["recordings"]
    assert [t["take"] for t in takes] == [f"{aid}-2", f"{aid}-10"]  # item 2 before item 10
    assert (takes[1]["transcript"], takes[1]["words"], takes[1]["duration_s"]) == ("a better answer", 3, 2.5)
    assert takes[1]["created_at"] > before[1]["created_at"]
    assert store.review.dump()["recordings"].__len__() == 2


def test_bad_recordings_are_refused(store: Store) -> None:
    sid, aid = _session(store)
    for bad in (
        "/etc/passwd",
        "../x.wav",
        "recordings/../../x.wav",
        "recordings",
        "other/x.wav",
        "recordings//x.wav",
        "recordings\\x.wav",
    ):
        assert path_problem(bad), bad
        with pytest.raises(ValueError, match="path"):
            store.recordings.save(aid, "t", bad, REPORT)
    with pytest.raises(ValueError, match="recordings/ folder"):
        relative_path(store.path.parent, store.path.parent / "elsewhere" / "x.wav")
    with pytest.raises(ValueError, match="duration_s"):
        store.recordings.save(aid, "t", "recordings/x.wav", REPORT | {"duration_s": math.inf})
    with pytest.raises(NotFound):
        store.recordings.save("0" * 32, "t", "recordings/x.wav", REPORT)
    # Metrics JSON cannot hold NaN (nor can an export): it is kept as null.
    store.recordings.save(aid, "t", f"recordings/{sid}/t.wav", REPORT | {"words_per_minute": math.nan})
    [take] = store.sessions.detail(sid)["rounds"][0]["answers"][0]["recordings"]
    assert take["words_per_minute"] is None


def test_deleting_a_session_removes_its_rows_and_audio_and_nothing_else(store: Store, tmp_path: Path) -> None:
    data = store.path.parent
    sid, aid = _session(store, "Delete me")
    keep_sid, keep_aid = _session(store, "Keep me")
    mine = [_wav(data, sid, f"{aid}-{i}") for i in range(2)]
    for file, rel in mine:
        store.recordings.save(aid, file.stem, rel, REPORT)
    stray = data / "recordings" / sid / "partial.wav.part"  # a take the recorder never finished
    stray.write_bytes(b"x")
    kept_file, kept_rel = _wav(data, keep_sid, f"{keep_aid}-0")
    store.recordings.save(keep_aid, kept_file.stem, kept_rel, REPORT)
    # Paths that point out of recordings/ (a hand-edited or imported history) are never followed.
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    beside = data / "notes.txt"
    beside.write_text("keep")
    link = data / "recordings" / sid / "link.wav"
    os.symlink(outside, link)
    with sqlite3.connect(store.path) as conn:
        conn.executemany(
            "INSERT INTO recordings (id, answer_id, take, path, created_at, duration_s) VALUES (?, ?, ?, ?, ?, 1)",
            [
                ("a" * 32, aid, "evil1", "../precious.txt", "2024-05-01T09:00:00.000000+00:00"),
                ("b" * 32, aid, "evil2", "notes.txt", "2024-05-01T09:00:00.000000+00:00"),
                (
                    "c" * 32,
                    aid,
                    "evil3",
                    f"recordings/{sid}/../../notes.txt",
                    "2024-05-01T09:00:00.000000+00:00",
                ),
            ],
        )
    conn.close()

    removed = store.recordings.delete_session(data, sid)

    assert removed == 4  # two takes, the stray part file and the link (not its target)
    with pytest.raises(NotFound):
        store.sessions.detail(sid)
    assert not (data / "recordings" / sid).exists()
    assert outside.read_text() == "keep" and beside.read_text() == "keep"
    assert kept_file.exists()
    assert [s["id"] for s in store.sessions.list()] == [keep_sid]
    dump = store.review.dump()
    assert [r["answer_id"] for r in dump["recordings"]] == [keep_aid]  # the rows cascaded
    assert all(a["id"] == keep_aid for a in dump["answers"]) and len(dump["rounds"]) == 1
    with pytest.raises(NotFound):
        store.recordings.delete_session(data, sid)


def test_deleting_a_session_without_audio_and_reporting_files_that_stay(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = store.path.parent
    sid, _aid = _session(store)
    assert store.recordings.delete_session(data, sid) == 0  # nothing was recorded: no folder, no error
    sid, aid = _session(store, "Locked audio")
    file, rel = _wav(data, sid, aid)
    store.recordings.save(aid, aid, rel, REPORT)
    real_unlink = os.unlink

    def locked(path, *args, **kwargs):  # the file is in use or read-only (tests may run as root)
        if os.path.basename(path) == file.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", locked)
    with pytest.raises(AudioNotRemoved, match="could not be removed \\(Permission denied\\)") as caught:
        store.recordings.delete_session(data, sid)
    assert file in caught.value.paths and file.exists()
    with pytest.raises(NotFound):
        store.sessions.detail(sid)  # the records went first


def _version_2_database(path: Path) -> None:
    """A history written by the mockint before recordings: schema version 2, one answered round."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for step in MIGRATIONS[:2]:
            step.apply(conn)
        conn.execute("PRAGMA user_version = 2")
        conn.execute(
            "INSERT INTO sessions VALUES ('%s', 'practice', 'behavioral', 'Old', "
            "'2024-01-01T09:00:00.000000+00:00', NULL, 'active')" % ("1" * 32)
        )
        conn.execute(
            "INSERT INTO rounds (id, session_id, position, round_type, title, allowed_s) "
            "VALUES (?, ?, 0, 'behavioral', 'Behavioral', 1800)",
            ("2" * 32, "1" * 32),
        )
        conn.execute(
            "INSERT INTO answers (id, round_id, position, question_id, question_title, asked_at, notes, "
            "updated_at) VALUES (?, ?, 0, 'q', 'Q', '2024-01-01T09:00:01.000000+00:00', 'old notes', "
            "'2024-01-01T09:00:01.000000+00:00')",
            ("3" * 32, "2" * 32),
        )
    finally:
        conn.close()


def test_a_version_2_history_is_upgraded_with_its_data_kept(db_path: Path) -> None:
    assert SCHEMA_VERSION >= 3 and MIGRATIONS[2].version == 3
    _version_2_database(db_path)
    with Store.open(db_path) as store:
        [answer] = store.sessions.detail("1" * 32)["rounds"][0]["answers"]
        assert answer["notes"] == "old notes" and answer["recordings"] == []
        store.recordings.save(answer["id"], "3" * 32, f"recordings/{'1' * 32}/{'3' * 32}.wav", REPORT)
        assert store.sessions.detail("1" * 32)["rounds"][0]["answers"][0]["recordings"][0]["words"] == 6
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
