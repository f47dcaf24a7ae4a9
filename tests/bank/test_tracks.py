"""Domain tracks (issue 16): the bundled tracks load, every one has questions in the bank, a
malformed track file names its file and field and the rest of the bank still loads, and a loop's
focus must be a loaded track."""

from __future__ import annotations

from pathlib import Path

from mockint import paths
from mockint.bank.loader import load_bank

BUNDLED = {"vision", "nlp", "recsys", "ads", "genai"}


def test_the_bundled_tracks_load_and_each_has_questions_in_theory_and_design() -> None:
    bank = load_bank([paths.rounds_dir()])
    assert set(bank.tracks) >= BUNDLED
    for tid in BUNDLED:
        track = bank.tracks[tid]
        on = [q for q in bank.questions.values() if track.covers(q.topics)]
        assert {q.round_type for q in on} >= {"ml_theory"}, tid
        assert len(on) >= 10, (tid, len(on))
    assert bank.loops["genai-engineer"].focus == "genai"


def _pack(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "packs" / "tracks"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    return tmp_path / "packs"


def test_a_bad_track_names_its_file_and_field_and_the_bank_still_loads(tmp_path: Path) -> None:
    pack = _pack(tmp_path, '[[tracks]]\nid = "speech"\ntitle = "Speech"\ntopics = []\n')
    bank = load_bank([paths.rounds_dir(), pack])
    assert "speech" not in bank.tracks and BUNDLED <= set(bank.tracks)
    [issue] = [i for i in bank.issues if i.file.endswith("mine.toml")]
    assert issue.field == "tracks[0].topics" and "entries" in issue.problem


def test_a_track_id_used_twice_is_reported(tmp_path: Path) -> None:
    pack = _pack(tmp_path, '[[tracks]]\nid = "nlp"\ntitle = "Mine"\ntopics = ["nlp"]\n')
    bank = load_bank([paths.rounds_dir(), pack])
    [issue] = [i for i in bank.issues if i.file.endswith("mine.toml")]
    assert issue.field == "tracks[0].id" and "duplicate" in issue.problem
    assert bank.tracks["nlp"].title != "Mine"


def test_a_loop_whose_focus_is_no_track_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "packs" / "loops"
    folder.mkdir(parents=True)
    (folder / "x.toml").write_text(
        'id = "x"\ntitle = "X"\nfocus = "speech"\n[[rounds]]\ntype = "ml_theory"\nminutes = 10\n',
        encoding="utf-8",
    )
    bank = load_bank([paths.rounds_dir(), tmp_path / "packs"])
    [issue] = [i for i in bank.issues if i.file.endswith("x.toml")]
    assert issue.field == "focus" and "'speech' is not a loaded track" in issue.problem
