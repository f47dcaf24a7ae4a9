"""Session reports: Markdown and HTML content from a real saved session, a real PDF, and the
``report`` command's files and exit codes."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from review_helpers import Answer

from mockint.review import commands
from mockint.review.reports import key_points_from_bank, report_html, report_markdown

DAY0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
CODE = "def best(prices):\n    return max(prices) - min(prices)  # ``` not a fence\n"


@pytest.fixture
def session_id(record) -> str:
    return record.session(
        DAY0,
        [
            {
                "type": "dsa",
                "title": "DSA coding",
                "used_s": 3000.0,
                "scores": {"problem_solving": 3, "coding": 2, "verification": 2, "communication": 4},
                "recommendation": "Leaning no hire",
                "notes": "Missed the <script>alert(1)</script> edge case",
                "answers": [
                    Answer(
                        "dsa.best-single-trade",
                        "Best single trade",
                        code=CODE,
                        notes="two pointers?",
                        verdicts=[(3, 10), (10, 10)],
                    )
                ],
            },
            {
                "type": "ml_theory",
                "title": "ML theory",
                "scores": {"correctness": 3, "depth": 3, "clarity": 4, "practical_judgement": 3},
                "recommendation": "Leaning hire",
                "answers": [
                    Answer("theory.adaboost", "AdaBoost", ticks=[0, 2], notes="reweights # hard examples")
                ],
            },
            {
                "type": "system_design",
                "title": "ML system design",
                "answers": [
                    Answer(
                        "design.ads-click-prediction",
                        "Ads click prediction",
                        phase_notes={"Requirements": "CTR, latency < 50 ms"},
                    )
                ],
            },
        ],
        title="Full <MLE> onsite",
    )


def test_markdown_report_has_scores_notes_code_verdicts_and_key_points(store, bank, session_id) -> None:
    detail = store.sessions.detail(session_id)
    detail["rounds"][1]["answers"][0]["transcript"] = "AdaBoost fits weak learners in sequence."
    md = report_markdown(detail, key_points_from_bank(bank))
    assert md.startswith("# Full \\<MLE\\> onsite\n")
    assert (
        "| DSA coding \\(DSA coding\\) |" not in md
        and "| DSA coding | 50:00 of 45:00 used, 5:00 over |" in md
    )
    assert "Problem solving 3/4, Coding 2/4" in md and "Leaning no hire" in md
    assert "- Verification and testing: **2/4**" in md
    assert "````python\n" + CODE.rstrip() + "\n````" in md  # a longer fence than the code's backticks
    assert "**Accepted**, 10/10 tests" in md and "**Wrong answer**, 3/10 tests" in md
    adaboost = bank.find("theory.adaboost").key_points
    assert "Key points: 2 of 5 key points ticked" in md
    assert f"- [x] {adaboost[0].split()[0]}" in md and f"- [ ] {adaboost[1].split()[0]}" in md
    assert "AdaBoost fits weak learners in sequence." in md and "Transcript:" in md
    assert "**Requirements**" in md and "CTR, latency < 50 ms" in md
    assert "not scored" in md
    bare = report_markdown(detail)  # without the bank: counts only
    assert "Key points: 2 key points ticked" in bare


def test_html_report_escapes_everything_recorded(store, bank, session_id) -> None:
    html = report_html(store.sessions.detail(session_id), key_points_from_bank(bank))
    assert html.startswith("<!DOCTYPE html>") and "<meta charset='utf-8'>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>Full &lt;MLE&gt; onsite</h1>" in html
    assert "<td class='over'>50:00 of 45:00 used, 5:00 over</td>" in html
    assert "Verification and testing: <b>2</b>/4" in html
    assert "<b>Accepted</b>, 10/10 tests" in html
    assert "2 of 5 key points ticked" in html and "<li class='hit'>✓" in html and "<li class='miss'>✗" in html
    assert "def best(prices):" in html


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="mockint", parents=[common])
    commands.add_parsers(parser.add_subparsers(dest="command"), [common])
    return parser


def run(*argv: str, render_pdf=None) -> int:
    return commands.handle(_parser().parse_args(list(argv)), render_pdf=render_pdf)


def test_report_command_writes_markdown_html_and_pdf(qapp, store, session_id, tmp_path, capsys) -> None:
    from mockint.ui.report_pdf import write_pdf

    data = str(store.path.parent)
    md, html, pdf = tmp_path / "r.md", tmp_path / "r.html", tmp_path / "r.pdf"
    assert run("report", session_id[:8], "--out", str(md), "--data-dir", data) == 0
    assert md.read_text(encoding="utf-8").startswith("# Full")
    assert run("report", "last", "--out", str(html), "--data-dir", data) == 0
    assert "<h1>Full &lt;MLE&gt; onsite</h1>" in html.read_text(encoding="utf-8")
    assert run("report", session_id, "--out", str(pdf), "--data-dir", data, render_pdf=write_pdf) == 0
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF-") and b"%%EOF" in body[-1024:]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 1 and "A4" in info
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Full <MLE> onsite" in text and "Best single trade" in text
    assert "Wrote the report" in capsys.readouterr().err


def test_report_command_errors_have_exit_code_2(store, session_id, tmp_path, capsys) -> None:
    data = str(store.path.parent)
    assert run("report", "ffff", "--out", str(tmp_path / "r.md"), "--data-dir", data) == 2
    assert "no session id starts with 'ffff'" in capsys.readouterr().err
    assert run("report", session_id, "--out", str(tmp_path / "r.docx"), "--data-dir", data) == 2
    assert "end it in .md, .html or .pdf" in capsys.readouterr().err
    assert run("report", session_id, "--out", str(tmp_path / "r.pdf"), "--data-dir", data) == 2
    assert "need Qt" in capsys.readouterr().err
    assert run("report", session_id, "--out", str(tmp_path / "no" / "dir" / "r.md"), "--data-dir", data) == 2
    assert "cannot write" in capsys.readouterr().err
    empty = tmp_path / "empty"
    assert run("report", "last", "--out", str(tmp_path / "r.md"), "--data-dir", str(empty)) == 2
    assert "no history" in capsys.readouterr().err.lower() and not (empty / "mockint.sqlite3").exists()
