"""Issue 14: suggested key-point ticks in the rubric dialog are confirmed or cleared, never counted
silently; behavioral answers show STAR and ownership evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockint.coverage import score_points
from mockint.ui.evidence_panel import EvidenceInput, EvidencePanel, round_inputs, state_inputs
from mockint.ui.rubric_dialog import RubricDialog

ANSWER = (
    "Precision is TP over TP plus FP, of what we flagged how much was right, and recall is TP over TP "
    "plus FN. I'd favour recall for cancer screening where misses are costly, moving the threshold."
)


def overlap_scorer(question, text):
    return score_points(question.key_points, text, question.prompt, None), "overlap", "no model in tests"


def _panel(qtbot, ctx, qid="theory.precision-recall-f1", text=ANSWER, **kw) -> EvidencePanel:
    panel = EvidencePanel(
        EvidenceInput(ctx.bank.find(qid), text, **kw), scorer=overlap_scorer, background=False
    )
    qtbot.addWidget(panel)
    return panel


def test_suggestions_start_half_ticked_and_count_only_once_confirmed(qtbot, ctx) -> None:
    panel = _panel(qtbot, ctx)
    suggested = [s.index for s in panel.scores if s.covered]
    assert suggested == [1, 5]
    states = [b.checkState() for b in panel.boxes]
    assert states[0] == Qt.CheckState.PartiallyChecked and states[2] == Qt.CheckState.Unchecked
    assert panel.confirmed() == []  # nothing counts before the candidate decides
    first = panel.result()["key_points"][0]
    assert first["suggested"] and first["ticked"] is None
    panel.boxes[0].click()
    assert panel.confirmed() == [("", 1)]
    panel.labels[0].mousePressEvent(None)  # a click on the text works too: cleared again
    assert panel.result()["key_points"][0] == first | {"ticked": False}
    panel.boxes[2].setChecked(True)  # a point not suggested can still be ticked by hand
    assert ("", 3) in panel.confirmed()


def test_confirm_all_ticks_every_suggestion_and_keeps_earlier_ticks(qtbot, ctx) -> None:
    panel = _panel(qtbot, ctx, ticked=frozenset({("", 4)}))
    assert panel.boxes[3].checkState() == Qt.CheckState.Checked
    panel.confirm_all.click()
    want = {("", s.index) for s in panel.scores if s.covered} | {("", 4)}
    assert set(panel.confirmed()) == want


def test_empty_answer_says_so_and_suggests_nothing(qtbot, ctx) -> None:
    panel = _panel(qtbot, ctx, text="  ")
    assert panel.boxes == [] and "No transcript" in panel.status.text()


def test_behavioral_answer_shows_star_and_ownership(qtbot, ctx) -> None:
    story = (
        "At my last job we had a flaky pipeline. So I rewrote the scheduler. In the end failures dropped 80%."
    )
    panel = _panel(qtbot, ctx, qid="behavioral.career-direction", text=story, duration_s=12.0)
    label = panel.star_label.text()
    assert "Task</b> ✗ missing" in label and "Action</b> ✓" in label and "67% I" in label
    assert panel.result()["star"]["missing"] == ["task"]


def test_round_inputs_join_each_questions_transcript_and_notes(ctx) -> None:
    qs = [ctx.bank.find("theory.precision-recall-f1"), ctx.bank.find("theory.l1-vs-l2-regularization")]
    takes = {"t1": {"transcript": "spoken one", "talk_time_s": 30.0}, "t2": {"transcript": "spoken two"}}
    inputs = round_inputs(qs, ["a1", "a2"], {0: "typed one"}, takes, {"t1": "a1", "t2": "a2"})
    assert [(i.question.id, i.text, i.duration_s) for i in inputs] == [
        (qs[0].id, "spoken one\ntyped one", 30.0),
        (qs[1].id, "spoken two", None),
    ]


def test_state_inputs_read_notes_part_notes_and_takes_from_the_round_state(ctx) -> None:
    from mockint.interview.round_state import RoundState

    qs = [ctx.bank.find("theory.precision-recall-f1"), ctx.bank.find("design.ads-click-prediction")]
    state = RoundState(qs, ["a1", "a2"])
    state.set_notes(qs[0].id, "typed one")
    state.set_take(qs[0].id, "t1", {"transcript": "spoken one", "talk_time_s": 30.0})
    state.set_phase_notes(qs[1].id, qs[1].phases[0].name, "phase notes")
    inputs = state_inputs(state)
    assert [(i.question.id, i.text, i.duration_s) for i in inputs] == [
        (qs[0].id, "spoken one\ntyped one", 30.0),
        (qs[1].id, "phase notes", None),
    ]


def test_rubric_dialog_embeds_one_panel_per_question(qtbot, ctx, monkeypatch) -> None:
    monkeypatch.setattr("mockint.ui.evidence_panel.default_scorer", overlap_scorer)
    q = ctx.bank.find("theory.precision-recall-f1")
    dialog = RubricDialog(
        ctx.bank.rubrics["ml_theory"], "ML theory", ["Time used: 1:00"], coverage=[EvidenceInput(q, ANSWER)]
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.evidence_panels[0].boxes) == len(q.key_points))
    assert dialog.coverage_results[0]["question"] == q.id


def test_closing_the_dialog_before_scoring_ends_is_harmless(qtbot, ctx) -> None:
    """Seen in the quick drill: the scores arrived after the rubric dialog was deleted."""
    import threading

    import shiboken6

    from mockint.ui import workers

    release, finished = threading.Event(), threading.Event()

    def slow_scorer(question, text):
        release.wait(10)
        try:
            return overlap_scorer(question, text)
        finally:
            finished.set()

    panel = EvidencePanel(
        EvidenceInput(ctx.bank.find("theory.precision-recall-f1"), ANSWER), scorer=slow_scorer
    )
    shiboken6.delete(panel)
    release.set()
    qtbot.waitUntil(finished.is_set)
    qtbot.waitUntil(lambda: workers.pending() == 0)  # the result was delivered (and ignored) without an error
