"""Issue 11 bug 13: counts read "1 round", "Exported 1 session", never "1 rounds"."""

from __future__ import annotations

from pathlib import Path

from mockint import paths
from mockint.cli import main
from mockint.store import Store
from mockint.wording import plural


def test_plural() -> None:
    assert plural(1, "round") == "1 round"
    assert plural(0, "round") == "0 rounds"
    assert plural(2, "query", "queries") == "2 queries"


def test_export_of_one_session_says_session(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = Store.open(paths.database_path(data))
    store.sessions.create("practice", "practice-dsa", "Practice: DSA coding")
    store.close()
    out = tmp_path / "out.json"
    assert main(["export", "--out", str(out), "--data-dir", str(data)]) == 0
    assert f"Exported 1 session to {out}" in capsys.readouterr().err
