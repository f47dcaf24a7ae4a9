"""User settings: speech voice, rate and volume, time-warning thresholds, chime, recording.

Stored as JSON in the data folder (``settings.json``). A missing file gives the defaults; a file
that cannot be read or holds bad values gives the defaults for those fields, keeps the file as it
is (a copy of a broken file is never overwritten silently: it is renamed ``settings.json.bad``
before new settings are saved) and reports what was wrong in ``Settings.problems``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from mockint.candidate import check_project, check_questions

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
#: The themes the app can follow (:mod:`mockint.ui.theme`).
THEMES = ("light", "dark")
#: Zoom steps (points added to the code and statement text), lowest and highest.
ZOOM_MIN, ZOOM_MAX = -6, 16


@dataclass
class Settings:
    """``rate_wpm`` in words per minute (80–400); ``volume`` 0.0–1.0; ``voice`` an espeak-ng voice
    name ('' = the engine's default); ``warnings`` seconds of time remaining at which a warning is
    spoken, ``-1`` meaning half time (defaults: half time, 5 minutes, 1 minute; time up is always
    announced); ``chime`` plays assets/sounds/chime.wav before each warning. ``font_pt`` the app's
    text size in points (7–24), ``theme`` one of :data:`THEMES`, ``zoom`` points added to the code,
    console and statement text (:data:`ZOOM_MIN` to :data:`ZOOM_MAX`); ``focus`` a domain track id
    (:mod:`mockint.bank.tracks`, '' = none)."""

    speech: bool = True
    rate_wpm: int = 170
    volume: float = 1.0
    voice: str = ""
    warnings: list[float] = field(default_factory=lambda: [-1.0, 300.0, 60.0])
    chime: bool = True
    recording: bool = True
    interview_date: str = ""  # YYYY-MM-DD, '' = none (study plan, issue 17)
    minutes_per_day: float = 90.0  # study minutes per day for the plan
    new_per_day: int = 4  # never-practised questions the plan gives a day at most
    paused_until: str = ""  # YYYY-MM-DD: the retry queue and the plan rest before this day ('' = no pause)
    # The interviewer (issue 13): round types with hints / follow-ups; strict = never a hint.
    # By default every round type whose questions have them (mockint.bank.model).
    hints_in: list[str] = field(default_factory=lambda: _default_round_types("hints"))
    follow_ups_in: list[str] = field(default_factory=lambda: _default_round_types("follow_ups"))
    strict_interviewer: bool = False
    # Look (issue 11): the app's text size in points, "light" or "dark", and the zoom steps (points
    # added) shared by the editor, the console and the problem statement.
    font_pt: float = 10.5
    theme: str = "light"
    zoom: int = 0
    # Domain focus (issue 16): a track id from rounds/tracks/ whose questions come first in the
    # loops and practice rounds started from the home screen ('' = none, a loop's own focus).
    focus: str = ""
    # What the candidate brings (issue 16, :mod:`mockint.candidate`): their own past ML project,
    # part name -> text ("problem", "data", "model", "metrics", "role"), probed in the project
    # deep dive; and their questions for the interviewer, shown in the hiring-manager round.
    project: dict[str, str] = field(default_factory=dict)
    interviewer_questions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list, compare=False)

    def warnings_with_time_up(self) -> tuple[float, ...]:
        return (*self.warnings, 0.0)


def _default_round_types(what: str) -> list[str]:
    """The round types whose questions have ``what`` ("hints" or "follow_ups"), from
    :mod:`mockint.bank.model` (imported when a Settings is first made)."""
    from mockint.bank.model import FOLLOW_UP_ROUND_TYPES, HINT_ROUND_TYPES

    return list(HINT_ROUND_TYPES if what == "hints" else FOLLOW_UP_ROUND_TYPES)


def _number(value: object, low: float, high: float, what: str, *, whole: bool = False) -> float:
    """``value`` as a number in ``[low, high]`` (an int when ``whole``), else ``ValueError(what)``."""
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        raise ValueError(what)
    return value if whole else float(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _voice(value: object) -> str:
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("expected a voice name")
    return value


def _warnings(value: object) -> list[float]:
    if not isinstance(value, list) or len(value) > 10:
        raise ValueError("expected a list of at most 10 numbers of seconds")
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float) or not (v == -1 or 0 < v < 24 * 3600):
            raise ValueError(f"{v!r} is not a number of seconds (or -1 for half time)")
    return sorted({float(v) for v in value}, key=lambda v: (v != -1, -v))


def _date_or_empty(value: object) -> str:
    if not isinstance(value, str) or (value and not _is_date(value)):
        raise ValueError("expected a date like 2025-03-14, or empty")
    return value


def _round_types(value: object) -> list[str]:
    from mockint.bank.model import ROUND_TYPES

    if not isinstance(value, list) or any(v not in ROUND_TYPES for v in value):
        raise ValueError(f"expected a list of round types from {', '.join(ROUND_TYPES)}")
    return [t for t in ROUND_TYPES if t in value]


def _track_id(value: object) -> str:
    if not isinstance(value, str) or len(value) > 40 or value != value.strip().lower():
        raise ValueError("expected a track id such as 'nlp', or empty")
    return value


def _theme(value: object) -> str:
    if value not in THEMES:
        raise ValueError(f"expected one of {', '.join(THEMES)}")
    return str(value)


#: Each checked field's validator: returns the value to keep, raises ``ValueError`` saying why.
_CHECKS: dict[str, Callable[[object], object]] = {
    "speech": _flag,
    "chime": _flag,
    "recording": _flag,
    "strict_interviewer": _flag,
    "rate_wpm": lambda v: _number(
        v, 80, 400, "expected a whole number of words per minute from 80 to 400", whole=True
    ),
    "volume": lambda v: _number(v, 0.0, 1.0, "expected a number from 0.0 to 1.0"),
    "voice": _voice,
    "warnings": _warnings,
    "interview_date": _date_or_empty,
    "paused_until": _date_or_empty,
    "new_per_day": lambda v: _number(
        v, 0, 50, "expected a whole number of new questions a day from 0 to 50", whole=True
    ),
    "hints_in": _round_types,
    "follow_ups_in": _round_types,
    "minutes_per_day": lambda v: _number(v, 1e-9, 24 * 60, "expected minutes per day from 1 to 1440"),
    "font_pt": lambda v: _number(v, 7, 24, "expected a text size in points from 7 to 24"),
    "theme": _theme,
    "focus": _track_id,
    "project": check_project,
    "interviewer_questions": check_questions,
    "zoom": lambda v: _number(
        v,
        ZOOM_MIN,
        ZOOM_MAX,
        f"expected a whole number of zoom steps from {ZOOM_MIN} to {ZOOM_MAX}",
        whole=True,
    ),
}


def _checked(name: str, value: object) -> object:
    """The value if valid for the field, else raises ``ValueError`` saying why."""
    check = _CHECKS.get(name)
    return value if check is None else check(value)


def _is_date(text: str) -> bool:
    from datetime import date  # off the launch path

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def load(data_dir: Path) -> Settings:
    """Settings from ``data_dir/settings.json``; never raises for a bad file (see the module doc)."""
    path = data_dir / FILE_NAME
    settings = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        settings.problems.append(f"{path}: cannot be read ({exc}); using the defaults")
        return settings
    if not isinstance(raw, dict):
        settings.problems.append(f"{path}: expected a JSON object; using the defaults")
        return settings
    known = {f.name for f in fields(Settings)} - {"problems"}
    for key, value in raw.items():
        if key not in known:
            settings.problems.append(f"{path}: {key}: unknown setting (ignored)")
            continue
        try:
            setattr(settings, key, _checked(key, value))
        except ValueError as exc:
            settings.problems.append(f"{path}: {key}: {exc}; using the default")
    return settings


def save(data_dir: Path, settings: Settings) -> Path:
    """Write the settings atomically; a file that had problems is kept as ``settings.json.bad``.

    Raises ``ValueError`` for an invalid value and ``OSError`` when the folder is not writable.
    """
    values = {k: v for k, v in asdict(settings).items() if k != "problems"}
    for key, value in values.items():
        values[key] = _checked(key, value)
    path = data_dir / FILE_NAME
    if settings.problems and path.exists():
        os.replace(path, path.with_name(FILE_NAME + ".bad"))
    tmp = path.with_name(FILE_NAME + ".tmp")
    tmp.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    settings.problems = []
    return path
