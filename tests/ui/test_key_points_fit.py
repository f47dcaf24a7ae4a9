"""Issue 11 (screens that fit a laptop): a question's revealed key points on a 1366x768 screen.

Seen in the 1366x768 screenshots: revealing a long list of key points squeezed the question to two
lines under a scroll bar and clipped the text of a four-line point to its middle line. The points
now scroll inside their own area, which takes at most about half of the question's column.
"""

from __future__ import annotations

from mockint.ui.discussion_view import DiscussionRoundView

#: Five points, one of them three lines long at this width.
QUESTION = "theory.dl-positional-encoding"


def _revealed_view(qtbot, window) -> DiscussionRoundView:
    window.resize(1366, 690)  # a 1366x768 screen less a desktop panel and a title bar
    window.practise_question("ml_theory", QUESTION)
    qtbot.waitUntil(
        lambda: window.loop_page is not None and isinstance(window.loop_page.view, DiscussionRoundView)
    )
    view = window.loop_page.view
    view.key_points.reveal_btn.click()
    qtbot.waitUntil(lambda: view.key_points.heading.isVisible())
    qtbot.waitUntil(lambda: view.key_points._rows[-1].label.isVisible())
    return view


def _clipped(rows) -> list[tuple[str, int, int]]:
    """Points drawn shorter than their wrapped text: (start of text, height, height needed)."""
    return [
        (row.label.text()[:40], row.label.height(), row.label.heightForWidth(row.label.width()))
        for row in rows
        if row.label.height() < row.label.heightForWidth(row.label.width())
    ]


def _settled(qtbot, check) -> None:
    """Let the layout settle (it is redone from posted events), up to 3 s, for ``check``."""
    try:
        qtbot.waitUntil(check, timeout=3000)
    except AssertionError:
        pass  # the assertion after this call says what is wrong


def test_revealed_points_are_never_clipped_on_a_laptop_screen(qtbot, window) -> None:
    view = _revealed_view(qtbot, window)
    rows = view.key_points._rows
    assert len(rows) == 5
    _settled(qtbot, lambda: not _clipped(rows))
    assert not _clipped(rows), f"key points drawn shorter than their text: {_clipped(rows)}"


def test_revealed_points_leave_the_question_readable(qtbot, window) -> None:
    view = _revealed_view(qtbot, window)
    prompt = view.prompt
    _settled(qtbot, lambda: prompt.viewport().height() >= prompt.document().size().height())
    document_height = prompt.document().size().height()
    assert prompt.viewport().height() >= document_height, (
        f"the question shows {prompt.viewport().height()} px of its {document_height:.0f} px"
    )
    area = view.key_points.points_area
    column = view.key_points.parentWidget()
    assert area.height() <= column.height() * 0.6
