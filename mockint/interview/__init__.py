"""The interview as state: countdown with phases, question planner, and the loop run (no Qt)."""

from __future__ import annotations

from mockint.interview.countdown import (
    DEFAULT_WARNINGS_S,
    HALF_TIME,
    Countdown,
    CountdownEvent,
    PhaseSpan,
    format_clock,
    scale_phases,
)
from mockint.interview.planner import PlanningError, pick_questions, plan_loop
from mockint.interview.run import (
    DEFAULT_TEMPLATE_ID,
    QUICK_DRILL_ID,
    LoopRun,
    PlannedRound,
    Stage,
    practice_template,
)

__all__ = [
    "DEFAULT_TEMPLATE_ID",
    "DEFAULT_WARNINGS_S",
    "HALF_TIME",
    "QUICK_DRILL_ID",
    "Countdown",
    "CountdownEvent",
    "LoopRun",
    "PhaseSpan",
    "PlannedRound",
    "PlanningError",
    "Stage",
    "format_clock",
    "pick_questions",
    "plan_loop",
    "practice_template",
    "scale_phases",
]
