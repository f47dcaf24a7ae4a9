"""The summary gives an overall band and the three things to practise next."""

from __future__ import annotations

from mockint.store import Store
from mockint.ui.summary import overall_and_next, session_html


def test_overall_band_and_three_lowest_dimensions(tmp_path) -> None:
    store = Store.open(tmp_path / "h.db")
    try:
        sid = store.sessions.create("loop", "x", "Onsite")
        plays = [
            ("DSA coding", {"coding": 2, "verification": 1, "communication": 4}, "Leaning no hire"),
            ("ML theory", {"depth": 3, "clarity": 2}, "Leaning hire"),
            ("Behavioral", {"ownership": 4}, "Strong hire"),
        ]
        for i, (title, scores, rec) in enumerate(plays):
            rid = store.sessions.add_round(sid, i, "dsa", title, 600.0)
            store.sessions.start_round(rid)
            store.sessions.finish_round(rid, 500.0)
            store.answers.save_scores(rid, scores, rec, "", {k: k.capitalize() for k in scores})
        detail = store.sessions.detail(sid)
    finally:
        store.close()
    band, practise = overall_and_next(detail)
    assert band == "Leaning hire"  # levels 2, 3, 4: mean 3
    assert practise == [
        "Verification (DSA coding, 1/4)",
        "Coding (DSA coding, 2/4)",
        "Clarity (ML theory, 2/4)",
    ]
    page = session_html(detail)
    assert "Overall band:</b> Leaning hire" in page and "Practise next" in page
