"""Pick a specific question for a practice round: search by title, id or topic; GUI and CLI."""

from __future__ import annotations

import pytest

from mockint.cli import main
from mockint.question_search import resolve, search


def test_search_by_id_title_and_topic(ctx) -> None:
    bank = ctx.bank
    q = bank.by_round("ml_theory")[0]
    assert q in search(bank, "ml_theory", q.id)
    assert q in search(bank, "ml_theory", q.title.upper())
    assert all(q.round_type == "ml_theory" for q in search(bank, "ml_theory", q.topics[0]))
    assert q in search(bank, "ml_theory", q.topics[0])
    assert search(bank, "ml_theory", q.id)[0] is q  # id matches first
    assert search(bank, "ml_theory", "no such thing zzz") == []


def test_resolve_names_what_is_wrong(ctx) -> None:
    bank = ctx.bank
    q = bank.by_round("dsa")[0]
    assert resolve(bank, "dsa", q.id) is q
    with pytest.raises(ValueError, match="no question with id"):
        resolve(bank, "dsa", "dsa.no-such-problem")
    with pytest.raises(ValueError, match="--question"):
        resolve(bank, "ml_theory", q.id)


def test_practise_question_starts_a_round_on_that_question(qtbot, ctx, window) -> None:
    q = ctx.bank.by_round("behavioral")[3]
    window.practise_question("behavioral", q.id)
    page = window.loop_page
    assert page is not None and [x.id for x in page.run.current.questions] == [q.id]
    assert page.run.template.title == f"Practice: {q.title}"
    page.end_loop()


def test_cli_rejects_an_unknown_question_before_opening_the_gui(tmp_path, capsys) -> None:
    code = main(["practice", "dsa", "--question", "dsa.no-such-problem", "--data-dir", str(tmp_path / "d")])
    assert code == 2
    assert "no question with id 'dsa.no-such-problem'" in capsys.readouterr().err


def test_cli_passes_the_question_to_the_gui(tmp_path, ctx, monkeypatch) -> None:
    q = ctx.bank.by_round("dsa")[0]
    started = []
    monkeypatch.setattr(
        "mockint.ui.app.run_app", lambda data_dir, start=None, focus="": started.append(start) or 0
    )
    assert main(["practice", "dsa", "--question", q.id, "--data-dir", str(tmp_path / "d")]) == 0
    assert started == [("question", f"dsa:{q.id}")]


def test_home_search_picks_a_question_for_practice(qtbot, ctx, window) -> None:
    from PySide6.QtCore import Qt

    home = window.home
    q = ctx.bank.by_round("ml_theory")[5]
    home.round_box.setCurrentIndex(home.round_box.findData("ml_theory"))
    picker = home.question_picker
    assert picker.question_id() == ""  # any question until one is searched or chosen
    qtbot.keyClicks(picker.search_box, q.title)
    assert picker.question_id() == q.id
    qtbot.mouseClick(home.practice_btn, Qt.MouseButton.LeftButton)
    page = window.loop_page
    assert [x.id for x in page.run.current.questions] == [q.id]
    page.end_loop()
