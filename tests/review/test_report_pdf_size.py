"""Issue 11 bug 11: the PDF report's body text is at least 9 pt, measured from the PDF itself."""

from __future__ import annotations

import re
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from review_helpers import Answer

from mockint.review.reports import key_points_from_bank, report_html

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def word_heights(pdf: Path) -> list[float]:
    """Heights in points of every word box ``pdftotext -bbox`` finds (poppler's box: ascent to descent)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [float(y1) - float(y0) for _x0, y0, _x1, y1 in WORD.findall(xhtml)]


def test_pdf_body_text_is_at_least_9_pt(qapp, record, store, bank, tmp_path: Path) -> None:
    from mockint.ui.report_pdf import write_pdf

    session_id = record.session(
        DAY0,
        [
            {
                "type": "ml_theory",
                "title": "ML theory",
                "scores": {"correctness": 3, "depth": 3, "clarity": 4, "practical_judgement": 3},
                "recommendation": "Leaning hire",
                "notes": "Explain the bias variance trade-off more slowly " * 5,
                "answers": [
                    Answer("theory.adaboost", "AdaBoost", ticks=[0, 2], notes="reweights hard examples " * 10)
                ],
            },
        ],
        title="Report size check",
    )
    pdf = tmp_path / "report.pdf"
    write_pdf(report_html(store.sessions.detail(session_id), key_points_from_bank(bank)), pdf)
    heights = word_heights(pdf)
    assert len(heights) > 50
    # A word box is about 1.15 x the font size (ascent + descent); the body is most of the words.
    body = statistics.median(heights) / 1.15
    print(f"median word box {statistics.median(heights):.2f} pt, smallest {min(heights):.2f} pt")
    assert body >= 9.0, f"body text measures {body:.1f} pt"
    assert min(heights) / 1.15 >= 7.5, f"smallest text measures {min(heights) / 1.15:.1f} pt"
