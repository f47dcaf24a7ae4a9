from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockint.settings import Settings, load, save


def test_defaults_when_missing_and_round_trip(tmp_path: Path) -> None:
    assert load(tmp_path) == Settings()
    new = Settings(rate_wpm=150, volume=0.5, voice="en-gb", warnings=[600, -1, 60], chime=False)
    save(tmp_path, new)
    again = load(tmp_path)
    assert again.rate_wpm == 150 and again.voice == "en-gb" and not again.chime
    assert again.warnings == [-1.0, 600.0, 60.0]  # half time first, then longest first
    assert again.warnings_with_time_up()[-1] == 0.0


def test_bad_values_fall_back_per_field_and_the_bad_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"rate_wpm": 9000, "volume": 0.3, "warnings": ["soon"], "colour": "red"}))
    settings = load(tmp_path)
    assert settings.rate_wpm == 170 and settings.volume == 0.3 and settings.warnings == [-1.0, 300.0, 60.0]
    assert any("rate_wpm" in p for p in settings.problems) and any("colour" in p for p in settings.problems)
    before = path.read_text()
    save(tmp_path, settings)
    assert (tmp_path / "settings.json.bad").read_text() == before
    assert load(tmp_path).problems == []


def test_unreadable_file_gives_defaults_with_a_problem(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json")
    settings = load(tmp_path)
    assert settings == Settings() and "cannot be read" in settings.problems[0]


def test_save_refuses_invalid_values(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="words per minute"):
        save(tmp_path, Settings(rate_wpm=5))


def test_plan_settings_are_checked(tmp_path) -> None:
    import json as _json

    from mockint import settings as _settings

    (tmp_path / "settings.json").write_text(
        _json.dumps({"interview_date": "2025-03-14", "minutes_per_day": 120})
    )
    loaded = _settings.load(tmp_path)
    assert (loaded.interview_date, loaded.minutes_per_day, loaded.problems) == ("2025-03-14", 120.0, [])
    (tmp_path / "settings.json").write_text(_json.dumps({"interview_date": "soon", "minutes_per_day": 0}))
    loaded = _settings.load(tmp_path)
    assert (loaded.interview_date, loaded.minutes_per_day) == ("", 90.0)
    assert any("interview_date" in p for p in loaded.problems) and any(
        "minutes_per_day" in p for p in loaded.problems
    )


def test_a_pause_date_is_checked(tmp_path) -> None:
    import json as _json

    from mockint import settings as _settings

    (tmp_path / "settings.json").write_text(_json.dumps({"paused_until": "2025-03-14"}))
    assert _settings.load(tmp_path).paused_until == "2025-03-14"
    (tmp_path / "settings.json").write_text(_json.dumps({"paused_until": "next week"}))
    loaded = _settings.load(tmp_path)
    assert loaded.paused_until == "" and any("paused_until" in p for p in loaded.problems)


def test_look_settings_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "dark", "font_pt": 12, "zoom": 2}))
    assert (load(tmp_path).theme, load(tmp_path).font_pt, load(tmp_path).zoom) == ("dark", 12.0, 2)
    path.write_text(json.dumps({"theme": "purple", "font_pt": 99, "zoom": 1.5}))
    bad = load(tmp_path)
    assert (bad.theme, bad.font_pt, bad.zoom) == ("light", 10.5, 0)
    assert [p.split(": ")[1] for p in bad.problems] == ["theme", "font_pt", "zoom"]


def test_the_candidates_project_and_questions_round_trip(tmp_path: Path) -> None:
    project = {"problem": "Fraud scores for card payments", "role": "I led the labelling work"}
    save(
        tmp_path, Settings(project=project, interviewer_questions=["How is success judged?", "Who uses it?"])
    )
    again = load(tmp_path)
    assert again.project == project and again.problems == []
    assert again.interviewer_questions == ["How is success judged?", "Who uses it?"]


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("project", "my churn model", "expected an object with the fields problem, data, model"),
        ("project", {"problem": "x", "budget": "y"}, "'budget' is not a project field"),
        ("project", {"problem": 3}, "problem: expected text"),
        ("interviewer_questions", "why?", "expected a list of at most 50 questions"),
        ("interviewer_questions", ["ok", ""], "question 2: expected non-empty text"),
        ("interviewer_questions", ["q"] * 51, "at most 50 questions"),
    ],
)
def test_a_malformed_project_or_question_list_is_named_and_the_rest_loads(
    tmp_path: Path, key: str, value: object, says: str
) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({key: value, "rate_wpm": 200}))
    settings = load(tmp_path)
    assert settings.rate_wpm == 200 and getattr(settings, key) == getattr(Settings(), key)
    assert len(settings.problems) == 1 and f"{key}: " in settings.problems[0] and says in settings.problems[0]
    with pytest.raises(ValueError, match=says.split(":")[-1].strip()[:20]):
        save(tmp_path, Settings(**{key: value}))
