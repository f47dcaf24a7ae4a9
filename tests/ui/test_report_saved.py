"""Issue 11 bug 13: Review > Report says where it wrote the file, with an Open folder button."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog


def test_report_notice_names_the_file_and_opens_its_folder(qtbot, window, tmp_path, monkeypatch) -> None:
    sid = window.ctx.store.sessions.create("practice", "dsa", "Practice: DSA coding")
    target = tmp_path / "out" / "report.md"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)  # the class, wherever imported
    window.save_report(sid)
    assert target.exists()
    notice = getattr(window, "report_notice", None)
    assert notice is not None and notice.isVisible(), "the report was written without saying so"
    assert str(target) in notice.text()
    open_btn = next(b for b in notice.buttons() if b.text() == "Open folder")
    open_btn.click()
    assert opened == [QUrl.fromLocalFile(str(target.parent))]
