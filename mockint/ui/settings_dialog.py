"""Settings: theme and text size, speech on/off, voice, rate (words per minute), volume, time
warnings, chime, recording; on a second tab the candidate's own project and their questions for
the interviewer (:class:`mockint.ui.candidate_panel.CandidateTab`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mockint.settings import THEMES, Settings, _checked
from mockint.ui.candidate_panel import CandidateTab
from mockint.ui.interviewer_panel import InterviewerSettingsBox

#: espeak-ng voices offered by name; any other espeak-ng voice name can be typed.
VOICES = ("", "en-us", "en-gb", "en-gb-scotland", "en-us-nyc")


def format_warnings(warnings: list[float]) -> str:
    """``[-1, 300, 60]`` → ``"half, 5m, 1m"``."""
    out = []
    for w in warnings:
        if w == -1:
            out.append("half")
        elif w >= 60 and w % 60 == 0:
            out.append(f"{int(w // 60)}m")
        else:
            out.append(f"{w:g}s")
    return ", ".join(out)


def parse_warnings(text: str) -> list[float]:
    """``"half, 5m, 90s, 1m"`` → seconds (``-1`` = half time); raises ``ValueError`` naming the bad item."""
    out: list[float] = []
    for item in (t.strip().lower() for t in text.split(",")):
        if not item:
            continue
        if item in ("half", "half time", "halftime"):
            out.append(-1.0)
            continue
        unit = 60.0 if item.endswith("m") else 1.0
        number = item.rstrip("ms").strip()
        try:
            value = float(number) * unit
        except ValueError:
            raise ValueError(f"{item!r} is not a time: write e.g. half, 10m, 5m, 1m, 30s") from None
        if value <= 0:
            raise ValueError(f"{item!r} must be more than zero (time up is always announced)")
        out.append(value)
    return out


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings()`` gives the new ones after Save."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(460)
        self.speech = QCheckBox("Speak prompts and time warnings")
        self.speech.setChecked(settings.speech)
        self.voice = QLineEdit(settings.voice)
        self.voice.setPlaceholderText("default voice (e.g. en-us, en-gb)")
        self.voice.setToolTip("An espeak-ng voice name; " + ", ".join(v for v in VOICES if v))
        self.rate = QSpinBox()
        self.rate.setRange(80, 400)
        self.rate.setSuffix(" words/min")
        self.rate.setValue(settings.rate_wpm)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(settings.volume * 100))
        self.warnings = QLineEdit(format_warnings(settings.warnings))
        self.warnings.setToolTip("Times left at which a warning is spoken: half, 10m, 5m, 1m, 30s …")
        self.chime = QCheckBox("Play a short chime before each warning")
        self.chime.setChecked(settings.chime)
        self.recording = QCheckBox("Offer answer recording in discussion rounds")
        self.recording.setChecked(settings.recording)
        self.interview = QLineEdit(settings.interview_date)  # the study plan (issue 17)
        self.interview.setPlaceholderText("YYYY-MM-DD, empty = none")
        self.paused = QLineEdit(settings.paused_until)
        self.paused.setPlaceholderText("YYYY-MM-DD, empty = no break")
        self.paused.setToolTip("A break: no retries come due and nothing is planned before this day")
        self.interviewer = InterviewerSettingsBox(settings)
        self.theme = QComboBox()  # the look (issue 11): the whole app follows at once on Save
        for name in THEMES:
            self.theme.addItem(name.capitalize(), name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_pt = QDoubleSpinBox()
        self.font_pt.setRange(7.0, 24.0)
        self.font_pt.setSingleStep(0.5)
        self.font_pt.setDecimals(1)
        self.font_pt.setSuffix(" pt")
        self.font_pt.setValue(settings.font_pt)
        self.font_pt.setToolTip("The app's text size; Ctrl++ / Ctrl+- zoom the code, console and statement")
        self.error = QLabel()
        self.error.setObjectName("notice")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Theme", self.theme)
        form.addRow("Text size", self.font_pt)
        form.addRow(self.speech)
        form.addRow("Voice", self.voice)
        form.addRow("Rate", self.rate)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        self.volume_label = QLabel(f"{self.volume.value()} %")
        self.volume.valueChanged.connect(lambda v: self.volume_label.setText(f"{v} %"))
        volume_row.addWidget(self.volume_label)
        form.addRow("Volume", volume_row)
        form.addRow("Time warnings", self.warnings)
        form.addRow(self.chime)
        form.addRow(self.recording)
        form.addRow("Interview date", self.interview)
        form.addRow("Pause the plan until", self.paused)
        form.addRow(self.interviewer)
        note = QLabel("Speech and recording changes apply from the next prompt or round.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        general = QWidget()
        gl = QVBoxLayout(general)
        gl.addLayout(form)
        gl.addWidget(note)
        gl.addStretch(1)
        self.candidate = CandidateTab(settings)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "General")
        self.tabs.addTab(self.candidate, "Your project and questions")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._result: Settings | None = None
        self._problems = list(settings.problems)
        self._base = settings

    def _accept(self) -> None:
        try:
            warnings = parse_warnings(self.warnings.text())
        except ValueError as exc:
            self.error.setText(f"Time warnings: {exc}")
            self.error.show()
            return
        plan: dict[str, Any] = {
            "interview_date": self.interview.text().strip(),
            "paused_until": self.paused.text().strip(),
        }
        for key, label in (("interview_date", "Interview date"), ("paused_until", "Pause the plan until")):
            try:
                _checked(key, plan[key])
            except ValueError as exc:
                self.error.setText(f"{label}: {exc}")
                self.error.show()
                return
        candidate = self.candidate.values()
        for key, label in (("project", "Your project"), ("interviewer_questions", "Your questions")):
            try:
                candidate[key] = _checked(key, candidate[key])
            except ValueError as exc:
                self.tabs.setCurrentWidget(self.candidate)
                self.error.setText(f"{label}: {exc}")
                self.error.show()
                return
        self._result = replace(  # fields this dialog does not show (minutes_per_day…) are kept
            self._base,
            **plan,
            speech=self.speech.isChecked(),
            rate_wpm=self.rate.value(),
            volume=self.volume.value() / 100,
            voice=self.voice.text().strip(),
            warnings=warnings,
            chime=self.chime.isChecked(),
            recording=self.recording.isChecked(),
            theme=self.theme.currentData(),
            font_pt=self.font_pt.value(),
            problems=self._problems,
            **self.interviewer.values(),
            **candidate,
        )
        self.accept()

    def result_settings(self) -> Settings | None:
        return self._result
