"""The bank's fixed vocabularies: round types and their names, families, difficulties, levels,
comparators, dataset tasks and metrics, hiring recommendations.

Plain constants with no I/O; :mod:`mockint.bank.parse` checks bank files against them and
:mod:`mockint.bank.model` re-exports them, where most of the code imports them from.
"""

from __future__ import annotations

#: Round types, in the order a full onsite usually runs them.
ROUND_TYPES: tuple[str, ...] = (
    "phone_screen",
    "dsa",
    "ml_coding",
    "ml_theory",
    "stats_probability",
    "system_design",
    "general_system_design",
    "behavioral",
    "project_deep_dive",
    "hiring_manager",
)

#: Human-readable names of the round types.
ROUND_TYPE_NAMES: dict[str, str] = {
    "phone_screen": "Phone screen",
    "dsa": "DSA coding",
    "ml_coding": "ML coding",
    "ml_theory": "ML theory",
    "stats_probability": "Statistics and probability",
    "system_design": "ML system design",
    "general_system_design": "General system design",
    "behavioral": "Behavioral",
    "project_deep_dive": "Project deep dive",
    "hiring_manager": "Hiring manager",
}

#: ``family`` of a project-deep-dive probe: which side of the candidate's own project it digs
#: into (the order an interviewer usually walks a project in).
PROJECT_FAMILIES: tuple[str, ...] = (
    "motivation",
    "data",
    "modelling",
    "evaluation",
    "failures",
    "scale",
    "trade-offs",
    "impact",
)
#: ``family`` of a hiring-manager question; ``your_questions`` prompts invite the candidate's own
#: questions for the interviewer (``asks_for_questions = true``).
HIRING_MANAGER_FAMILIES: tuple[str, ...] = (
    "motivation",
    "scope",
    "team_fit",
    "working_style",
    "career",
    "your_questions",
)
#: The families each round type's questions must name in ``family`` (other types have none).
FAMILIES: dict[str, tuple[str, ...]] = {
    "project_deep_dive": PROJECT_FAMILIES,
    "hiring_manager": HIRING_MANAGER_FAMILIES,
}

#: Round types whose questions are design prompts run phase by phase (``[[phases]]`` with minutes,
#: key points, follow-ups and an outline), on the whiteboard-and-notes view.
DESIGN_ROUND_TYPES: tuple[str, ...] = ("system_design", "general_system_design")

#: Round types whose questions have a hint ladder (a phone screen's coding parts, through their problem).
HINT_ROUND_TYPES: tuple[str, ...] = ("dsa", "ml_coding", "phone_screen")
#: Round types whose questions have written follow-ups.
FOLLOW_UP_ROUND_TYPES: tuple[str, ...] = (
    "ml_theory",
    "behavioral",
    "system_design",
    "general_system_design",
    "phone_screen",
    "project_deep_dive",
    "hiring_manager",
)

#: Round types whose questions are judged coding problems.
CODING_ROUND_TYPES: frozenset[str] = frozenset({"dsa", "ml_coding"})

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

#: Levels a behavioral question's ``[levels]`` table describes, in order: what a strong story's
#: scope is at each (own task; a project across a team; work across teams or the organisation).
LEVELS: tuple[str, ...] = ("junior", "senior", "staff")

#: Comparators a coding problem may name in ``compare`` (see docs/bank-format.md).
COMPARATORS: tuple[str, ...] = ("exact", "unordered", "unordered_deep", "float", "allclose")

#: Input sizes a coding problem's ``size_generator`` is timed at when it gives no ``sizes``.
DEFAULT_SIZES: tuple[int, ...] = (1000, 2000, 4000, 8000, 16000)

#: Kinds of ML-coding problem (``kind`` in the TOML; required for ``ml_coding``): an algorithm
#: from scratch, an end-to-end data task judged by a metric, or a common ML operation.
ML_CODING_KINDS: tuple[str, ...] = ("from_scratch", "end_to_end", "operation")

#: ``[dataset].task`` of an end-to-end problem, and the metrics each may use.
DATASET_TASKS: tuple[str, ...] = ("binary", "multiclass", "regression")
DATASET_METRICS: dict[str, tuple[str, ...]] = {
    "binary": ("roc_auc", "average_precision", "accuracy", "macro_f1"),
    "multiclass": ("macro_f1", "accuracy"),
    "regression": ("rmse", "mae", "r2"),
}
#: Metrics where a lower score is better (Accepted when score <= threshold).
LOWER_IS_BETTER: frozenset[str] = frozenset({"rmse", "mae"})

#: The four overall recommendation bands, weakest first (score 1..4).
RECOMMENDATIONS: tuple[str, ...] = (
    "Strong no hire",
    "Leaning no hire",
    "Leaning hire",
    "Strong hire",
)
