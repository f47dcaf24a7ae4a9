"""Issue 11 bug 13: the summary and the reports show a round's time to the same second."""

from __future__ import annotations

import re

import pytest

from mockint.review.reports import report_markdown
from mockint.store import Store
from mockint.ui.summary import session_html


@pytest.mark.parametrize("used_s", [61.2, 61.5, 119.6, 0.4])
def test_summary_and_report_show_the_same_time(tmp_path, used_s: float) -> None:
    store = Store.open(tmp_path / "h.db")
    try:
        sid = store.sessions.create("practice", "dsa", "Practice: DSA coding")
        rid = store.sessions.add_round(sid, 0, "dsa", "DSA coding", 1800.0)
        store.sessions.start_round(rid)
        store.sessions.finish_round(rid, used_s)
        detail = store.sessions.detail(sid)
    finally:
        store.close()
    gui = re.search(r"(\d+:\d\d) / 30:00", session_html(detail)).group(1)
    report = re.search(r"(\d+:\d\d) of 30:00 used", report_markdown(detail)).group(1)
    assert gui == report
    total = int(used_s + 0.5)
    assert gui == f"{total // 60}:{total % 60:02d}"
