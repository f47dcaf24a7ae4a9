"""Markdown for what the candidate sees: problems, questions, phases. No widgets here."""

from __future__ import annotations

from mockint.bank import Question


def problem_markdown(q: Question) -> str:
    """A coding problem's statement with its examples (the sample tests) and constraints.

    Each example is the call as typed and its result; a result the reference computes shows once
    the judge has it cached (``judge.warm_up``), else "shown after the first test run".
    """
    from mockint.interview.examples import examples

    parts = [
        f"## {q.title}",
        f"*{q.difficulty} · {', '.join(q.topics)} · about {q.minutes:g} min*",
        q.prompt.strip(),
    ]
    for i, ex in enumerate(examples(q, compute=False), 1):
        # Inline code (not a code block) so long inputs wrap instead of scrolling sideways.
        example = f"**Example {i}:** `{ex.call}`"
        if ex.result is None:
            example += "  \n→ *(the expected output is shown once the reference has run)*"
        elif "\n" in ex.result:
            example += "\n\n```\n" + ex.result + "\n```"
        else:
            example += f"  \n→ `{ex.result}`"
        parts.append(example)
    if q.constraints:
        parts.append("**Constraints**\n\n" + "\n".join(f"- {c}" for c in q.constraints))
    parts.append(f"Define `{q.entry_point}`. The tests run with a {q.time_limit_s:g} s time limit.")
    return "\n\n".join(parts)


def question_markdown(q: Question, index: int, total: int) -> str:
    """A discussion question (theory, behavioral, design) with its position in the round."""
    head = f"Question {index + 1} of {total}" if total > 1 else q.title
    meta = f"*{q.difficulty} · {', '.join(q.topics)} · about {q.minutes:g} min*"
    extra = ""
    if q.competencies:
        extra = "\n\nCompetencies: " + ", ".join(q.competencies)
    return f"### {head}\n\n{meta}\n\n{q.prompt.strip()}{extra}"


def spoken_text(markdown: str) -> str:
    """Plain words for text-to-speech: code marks and emphasis removed."""
    out = []
    for line in markdown.splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith("```"):
            continue
        out.append(line.replace("`", "").replace("**", "").replace("*", ""))
    return " ".join(w for w in out if w)
