"""Render a session report (``mockint.review.reports.report_html``) to PDF, and save reports from the GUI.

:func:`write_pdf` lays the HTML out with ``QTextDocument`` and prints it through ``QPdfWriter``
(A4, 15 mm margins, 300 dpi). It needs a ``QGuiApplication`` for fonts; from the command line
it starts an offscreen one, so no display is needed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mockint.bank import Bank
from mockint.review.reports import FORMATS, key_points_from_bank, report_html, report_markdown
from mockint.store import StoreError

log = logging.getLogger(__name__)

_app: QGuiApplication | None = None


def _ensure_gui_app() -> None:
    global _app
    if QGuiApplication.instance() is None:
        # Only files are drawn here, so the offscreen platform works with or without a display.
        _app = QGuiApplication(["mockint", "-platform", "offscreen"])


def write_pdf(html: str, path: str | os.PathLike[str]) -> int:
    """Write ``html`` as an A4 PDF at ``path`` (written beside it, then renamed); returns the page count.

    Raises ``OSError`` when the file cannot be written.
    """
    _ensure_gui_app()
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle("mockint session report")
    writer.setCreator("mockint")
    doc = QTextDocument()
    # Lay the text out at the writer's 300 dpi: a document measured at the screen's 96 dpi and
    # printed at 300 dpi comes out at about a third of its point size (3.2 pt for 10 pt body text).
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    pages = doc.pageCount()
    doc.print_(writer)
    del writer  # finishes and closes the file
    try:
        if not partial.exists() or partial.stat().st_size == 0:
            raise OSError(f"Qt could not write {partial}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return pages


def save_report(
    parent: QWidget | None,
    store,
    session_id: str,
    bank: Bank | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Path | None:
    """Ask where to save the report of ``session_id`` (unless ``path`` is given) and write it.

    The suffix picks the format (.pdf, .html, .md). Returns the file written, or ``None`` when the
    user cancelled or writing failed (the failure is shown in a message box).
    """
    if path is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            "Save session report",
            str(Path.home() / f"mockint-report-{session_id[:8]}.pdf"),
            "PDF (*.pdf);;HTML (*.html);;Markdown (*.md)",
        )
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower(), "pdf")
    if target.suffix.lower() not in FORMATS:
        target = target.with_suffix(".pdf")
    try:
        detail = store.sessions.detail(session_id)
        key_points = key_points_from_bank(bank) if bank is not None else None
        if fmt == "markdown":
            target.write_text(report_markdown(detail, key_points, bank), encoding="utf-8")
        elif fmt == "html":
            target.write_text(report_html(detail, key_points, bank), encoding="utf-8")
        else:
            write_pdf(report_html(detail, key_points, bank), target)
    except (OSError, StoreError) as exc:
        log.exception("could not save the report of %s to %s", session_id, target)
        QMessageBox.warning(parent, "Report not saved", f"Could not save the report to {target}:\n{exc}")
        return None
    return target
