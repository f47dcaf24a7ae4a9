"""Issue 15: an end-to-end round in the app: the data is in the console's folder, ``# %%`` cells
run in the real console (one draws a Matplotlib plot, which arrives inline), and ``predict`` is
judged to Accepted."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from mockint.bank import load_bank
from mockint.interview.round_state import RoundState
from mockint.judge import datasets, judge, shutdown
from mockint.paths import rounds_dir
from mockint.ui.coding_view import CodingRoundView
from mockint.ui.kernel import join_stopping_kernels

TIMEOUT_MS = 60_000


def _cursor_to_line(editor, line: int) -> None:
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(line)))


def test_cells_with_a_plot_run_in_the_console_and_predict_is_accepted(qtbot, tmp_path):
    datasets.use_cache_dir(tmp_path / "datasets")
    question = load_bank([rounds_dir()]).find("ml.e2e.digits")
    state = RoundState([question])
    view = CodingRoundView(state)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.start_console()
    kernel = view.kernel
    try:
        qtbot.waitUntil(lambda: kernel.client is not None and kernel.state == "ready", timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: (kernel.workdir / "train.csv").is_file(), timeout=TIMEOUT_MS)
        assert sorted(p.name for p in kernel.workdir.glob("*.csv")) == ["test.csv", "train.csv"]
        qtbot.waitUntil(
            lambda: "train.csv` and `test.csv` are in" in view.problem.toMarkdown(), timeout=TIMEOUT_MS
        )
        messages: list[dict] = []
        kernel.client.iopub_channel.message_received.connect(messages.append)

        # The starter's first cell reads the CSVs and draws a scan with Matplotlib.
        reference_cell = (
            "# %%\n" + question.reference.strip() + "\nprint('rows', len(predict(train, test)))\n"
        )
        view.editor.setPlainText(question.starter.split("# %%\ndef predict")[0] + reference_cell)
        _cursor_to_line(view.editor, 3)
        view.run_cell()
        qtbot.waitUntil(
            lambda: any(
                m["msg_type"] == "display_data" and "image/png" in m["content"].get("data", {})
                for m in messages
            ),
            timeout=TIMEOUT_MS,
        )
        # The second cell defines predict with a scikit-learn pipeline and calls it.
        _cursor_to_line(view.editor, view.editor.document().blockCount() - 2)
        view.run_cell()
        qtbot.waitUntil(lambda: "rows 497" in view.console._control.toPlainText(), timeout=TIMEOUT_MS)

        def judge_now(qid: str, code: str) -> None:
            state.add_verdict(qid, {**judge(question, code).to_dict(), "code": code})

        view.run_tests_requested.connect(judge_now)
        view.request_tests()
        qtbot.waitUntil(lambda: bool(state.verdicts(question.id)), timeout=TIMEOUT_MS)
        verdict = state.verdicts(question.id)[-1]
        assert verdict["verdict"] == "Accepted", verdict["message"]
        assert verdict["metric"] == "macro_f1" and verdict["score"] >= 0.9
        assert "macro_f1" in view.runs.item(view.runs.count() - 1).text()
        assert "needs >= 0.9" in view.verdict_label.text()
    finally:
        view.close_kernel()
        join_stopping_kernels()
        shutdown()  # the judge's spare child
        datasets.use_cache_dir(None)
