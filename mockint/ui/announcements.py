"""What the loop says aloud: round intros, time warnings, phases, breaks. Plain text, no Qt.

The page hands these strings to the speaker (``ctx.speaker.speak``); keeping them here lets them
be read and tested without a window.
"""

from __future__ import annotations

from mockint.interview import HALF_TIME
from mockint.ui.render import spoken_text

TIME_UP = "Time is up."
SCORE = "Time to score this round."
LOOP_OVER = "The loop is over. Here is your summary."


def warning_words(threshold_s: float, allowed_s: float) -> str:
    """What is said at a time warning ``threshold_s`` seconds before the end of a round of
    ``allowed_s`` seconds, e.g. ``'5 minutes left.'`` or ``'Half time.'``."""
    if threshold_s == HALF_TIME or abs(threshold_s - allowed_s / 2) < 0.5:
        return "Half time."
    minutes = round(threshold_s / 60)
    if threshold_s >= 60 and abs(threshold_s - minutes * 60) < 1:
        return f"{minutes} minute{'s' if minutes != 1 else ''} left."
    return f"{int(threshold_s)} seconds left."


def coding_intro(round_title: str, question) -> str:
    """The start of a coding round: its title, the first problem's title and prompt."""
    return f"{round_title}. {question.title}. " + spoken_text(question.prompt)


def problem_intro(question) -> str:
    """A further problem of a coding round, when the candidate moves to it."""
    return f"{question.title}. " + spoken_text(question.prompt)


def discussion_intro(round_title: str, first_prompt_spoken: str) -> str:
    """The start of a discussion round: its title and the first question (already spoken text)."""
    return f"{round_title}. {first_prompt_spoken}"


def design_intro(round_title: str, question) -> str:
    return f"{round_title}. {spoken_text(question.prompt)}"


def next_phase(name: str) -> str:
    return f"Next phase: {name}."


def break_words(next_round_title: str) -> str:
    return f"Break. Next up: {next_round_title}."
