"""What the candidate brings to a round: their own past ML project (the project deep dive) and
their questions for the interviewer (the hiring-manager round). Both are kept in the settings
file (:mod:`mockint.settings`); this module validates and formats them, without Qt.
"""

from __future__ import annotations

#: The parts of the candidate's project, in the order they are asked and shown, with their labels.
PROJECT_FIELDS: tuple[tuple[str, str], ...] = (
    ("problem", "Problem"),
    ("data", "Data"),
    ("model", "Model"),
    ("metrics", "Metrics and results"),
    ("role", "Your role"),
)
#: The most characters one project part or one question may hold (a page of text).
MAX_TEXT = 4000
#: The most questions for the interviewer kept.
MAX_QUESTIONS = 50


def check_project(value: object) -> dict[str, str]:
    """``value`` as a project: a JSON object whose keys are among :data:`PROJECT_FIELDS` and whose
    values are strings of at most :data:`MAX_TEXT` characters; raises ``ValueError`` saying why."""
    names = [name for name, _label in PROJECT_FIELDS]
    if not isinstance(value, dict):
        raise ValueError(f"expected an object with the fields {', '.join(names)}")
    for key, text in value.items():
        if key not in names:
            raise ValueError(f"{key!r} is not a project field (one of {', '.join(names)})")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ValueError(f"{key}: expected text of at most {MAX_TEXT} characters")
    return {name: value[name].strip() for name in names if str(value.get(name, "")).strip()}


def check_questions(value: object) -> list[str]:
    """``value`` as the questions for the interviewer: a list of at most :data:`MAX_QUESTIONS`
    non-empty strings of at most :data:`MAX_TEXT` characters; raises ``ValueError`` saying why."""
    if not isinstance(value, list) or len(value) > MAX_QUESTIONS:
        raise ValueError(f"expected a list of at most {MAX_QUESTIONS} questions")
    for i, text in enumerate(value):
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise ValueError(f"question {i + 1}: expected non-empty text of at most {MAX_TEXT} characters")
    return [text.strip() for text in value]


def parse_questions(text: str) -> list[str]:
    """One question per non-empty line of ``text`` (a leading ``-``, ``*`` or ``1.`` is dropped)."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*• ").strip()
        head, _, tail = line.partition(". ")
        if head.isdigit() and tail:
            line = tail.strip()
        if line:
            out.append(line)
    return out


def project_markdown(project: dict[str, str]) -> str:
    """The project as Markdown, one bold label per part given ('' when nothing is given)."""
    return "\n\n".join(
        f"**{label}.** {project[name].strip()}"
        for name, label in PROJECT_FIELDS
        if project.get(name, "").strip()
    )
