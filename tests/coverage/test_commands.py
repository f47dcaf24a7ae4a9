"""``mockint coverage QUESTION_ID ANSWER --json`` on text and on audio."""

from __future__ import annotations

import json

import numpy as np
import soundfile

from mockint.cli import main

QID = "theory.precision-recall-f1"
ANSWER = (
    "Precision is TP over TP plus FP, of what we flagged how much was right, and recall is TP over "
    "TP plus FN, how many real positives we found. "
    "I'd favour recall for cancer screening where misses are costly."
)


def _run(capsys, *argv) -> tuple[int, dict]:
    code = main(["coverage", *argv])
    out = capsys.readouterr().out
    return code, (json.loads(out) if code == 0 and "--json" in argv else {})


def test_text_answer_gives_one_entry_per_key_point_in_order(tmp_path, capsys):
    f = tmp_path / "answer.txt"
    f.write_text(ANSWER, encoding="utf-8")
    code, report = _run(capsys, QID, str(f), "--json", "--overlap-only")
    assert code == 0
    assert [k["index"] for k in report["key_points"]] == [1, 2, 3, 4, 5]
    assert report["method"] == "overlap" and "transcript" not in report
    covered = [k["index"] for k in report["key_points"] if k["covered"]]
    assert covered == [1, 5]  # the answer states precision/recall and the recall trade-off only
    assert all(0.0 <= k["score"] <= 1.0 for k in report["key_points"])


def test_audio_answer_is_transcribed_and_the_transcript_returned(tmp_path, capsys, monkeypatch):
    from mockint.speech import transcribe as speech

    class Fake:
        status = speech.SpeechStatus(True)

        def transcribe_file(self, path):
            assert path.suffix == ".wav"
            return speech.Transcript(text=ANSWER, duration_s=1.0, backend="fake")

    monkeypatch.setattr(speech, "make_transcriber", lambda **kw: Fake())
    wav = tmp_path / "answer.wav"
    soundfile.write(wav, np.zeros(16000, dtype=np.int16), 16000)
    code, report = _run(capsys, QID, str(wav), "--json", "--overlap-only")
    assert code == 0 and report["transcript"] == ANSWER
    assert report["key_points"][0]["covered"]


def test_unknown_question_and_missing_file_exit_2_naming_them(tmp_path, capsys):
    assert main(["coverage", "theory.nope", str(tmp_path / "a.txt")]) == 2
    assert "theory.nope" in capsys.readouterr().err
    assert main(["coverage", QID, str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_behavioral_question_reports_star(tmp_path, capsys):
    f = tmp_path / "story.txt"
    f.write_text(
        "At my last job we had a slow pipeline. So I rewrote it. In the end it ran 3x faster.",
        encoding="utf-8",
    )
    code, report = _run(capsys, "behavioral.career-direction", str(f), "--json", "--overlap-only")
    assert code == 0 and report["star"]["missing"] == ["task"]


def test_suggestion_and_final_tick_are_kept_in_answer_events(tmp_path):
    from mockint.coverage.saved import coverage_of, save_coverage
    from mockint.store import NotFound, Store

    with Store.open(tmp_path / "m.db") as store:
        sid = store.sessions.create("loop", "t", "T")
        rid = store.sessions.add_round(sid, 0, "ml_theory", "Theory", 600)
        aid = store.answers.add(rid, 0, QID, "P/R")
        result = {
            "method": "overlap",
            "key_points": [
                {"phase": "", "index": 1, "score": 0.9, "suggested": True, "ticked": True},
                {"phase": "", "index": 2, "score": 0.5, "suggested": True, "ticked": None},
                {"phase": "Serving", "index": 1, "score": 0.1, "suggested": False, "ticked": False},
            ],
        }
        save_coverage(store, aid, result)
        save_coverage(store, aid, result)  # saving again replaces, never duplicates
        saved = coverage_of(store, aid)
        assert set(saved) == {"", "Serving"}
        assert saved[""]["points"][1] == {"index": 2, "score": 0.5, "suggested": True, "ticked": None}
        answer = store.sessions.detail(sid)["rounds"][0]["answers"][0]
        assert answer["follow_ups"] == [] and answer["hints"] == []  # other readers ignore these rows
        try:
            save_coverage(store, "nope", result)
        except NotFound:
            pass
        else:
            raise AssertionError("an unknown answer must raise NotFound")


def test_text_output_marks_suggested_points(tmp_path, capsys):
    f = tmp_path / "answer.txt"
    f.write_text(ANSWER, encoding="utf-8")
    assert main(["coverage", QID, str(f), "--overlap-only"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[x] 1. ") and any(line.startswith("[ ] 3. ") for line in lines)
