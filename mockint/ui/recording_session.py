"""One round's recording: the recorder widget under the round view, its takes, and their storage.

Takes go to ``<data>/recordings/<session>/<take>.wav``; each analysed take is stored with its
answer (``store.recordings.save``) and put in the round's :class:`RoundState`, which the
rubric evidence reads. Takes saved before a resume count as the round's takes.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout

from mockint.bank import DESIGN_ROUND_TYPES
from mockint.interview import PlannedRound
from mockint.interview.round_state import RoundState
from mockint.store import StoreError
from mockint.store.recordings import relative_path
from mockint.ui.context import AppContext
from mockint.ui.discussion_view import items_for

if TYPE_CHECKING:  # imported on first use: it pulls in numpy, which launch does not need
    from mockint.ui.recorder_widget import RecorderWidget

log = logging.getLogger(__name__)


class RecordingSession(QObject):
    """The recorder of one discussion or design round (``widget`` is None when recording is off).

    Take names: ``<answer id>-<item index>`` in discussion rounds (one per question or part),
    ``<answer id>`` in a design round.
    """

    #: A take's transcript and metrics could not be stored: the message to show.
    not_saved = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        session_id: str | None,
        planned: PlannedRound,
        state: RoundState,
        box: QVBoxLayout,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.planned = planned
        self.state = state
        self.box = box
        self.widget: RecorderWidget | None = None
        self._out = ctx.data_dir / "recordings" / (session_id or "unsaved")
        #: Question id of every take named in this round, by take name.
        self._take_qid: dict[str, str] = {}
        self._restore()
        if planned.spec.round_type in DESIGN_ROUND_TYPES:
            self._takes = [(planned.answer_ids[0], planned.questions[0].id, planned.allowed_s)]
        else:
            self._takes = self._discussion_takes()
        name, qid, allowed = self._takes[0]
        self._take_qid[name] = qid
        if os.environ.get("MOCKINT_RECORDING", "1") != "0" and ctx.settings.recording:
            self._make_widget(name, allowed)

    def _discussion_takes(self) -> list[tuple[str, str, float]]:
        out: list[tuple[str, str, float]] = []
        seen: dict[int, int] = {}
        for i, item in enumerate(items_for(self.planned.questions)):
            q = self.planned.questions[item.answer_index]
            part = seen.get(item.answer_index, 0)
            seen[item.answer_index] = part + 1
            minutes = q.parts[part].minutes if q.parts else q.minutes
            out.append((f"{self.planned.answer_ids[item.answer_index]}-{i}", q.id, minutes * 60.0))
        return out

    def _restore(self) -> None:
        """Stored takes, shaped as RecorderWidget reports: ``path`` is the WAV's full path, or
        None when the file is gone (an imported history has no audio)."""
        for q, answer in zip(self.planned.questions, self.planned.saved, strict=False):
            for saved in answer.get("recordings") or []:
                wav = self.ctx.data_dir / saved["path"]
                self.state.set_take(
                    q.id, saved["take"], saved | {"path": str(wav) if wav.is_file() else None}
                )
                self._take_qid[saved["take"]] = q.id

    def _make_widget(self, take: str, allowed_s: float) -> None:
        from mockint.speech import Recorder, make_transcriber
        from mockint.ui.recorder_widget import RecorderWidget

        if self.ctx.transcriber is None:  # made once; pocketsphinx loads its model on first use
            self.ctx.transcriber = make_transcriber()
        widget = RecorderWidget(
            Recorder(), self.ctx.transcriber, self._out, take_name=take, allowed_s=allowed_s
        )
        saved = self.state.all_takes().get(take)
        if saved is not None:
            widget.set_take(take, allowed_s, saved)
        widget.analysed.connect(self._take_analysed)
        self.box.addWidget(widget)
        self.widget = widget

    def follow_item(self, index: int) -> None:
        """A discussion round moved to item ``index``: record that item's take next."""
        if not 0 <= index < len(self._takes):
            return
        name, qid, allowed = self._takes[index]
        self._take_qid[name] = qid
        if self.widget is not None:
            self.widget.set_take(name, allowed, self.state.all_takes().get(name))

    def _take_analysed(self, report: dict) -> None:
        take = report["take"]
        qid = self._take_qid.get(take)
        if qid is None or self.ctx.store is None:
            log.warning("take %s belongs to no answer; not stored", take)
            return
        self.state.set_take(qid, take, report)
        try:
            path = relative_path(self.ctx.data_dir, report["path"])
            self.ctx.store.recordings.save(self.state.answer_id(qid), take, path, report)
        except (StoreError, ValueError) as exc:
            log.exception("the take %s was not stored", take)
            self.not_saved.emit(f"The recording's transcript and metrics were not saved: {exc}")

    def shutdown(self) -> None:
        """The round stops: a take still recording is saved and analysed."""
        if self.widget is not None:
            self.widget.shutdown()

    def close(self) -> None:
        """Take the recorder off the page; its last analysis is still stored."""
        if self.widget is not None:
            self.box.removeWidget(self.widget)
            self.widget.close_when_done()
            self.widget = None
