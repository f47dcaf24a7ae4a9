"""End-to-end rounds in the app: put ``train.csv`` / ``test.csv`` where the console works.

When an end-to-end problem (one with a ``[dataset]``) is on screen and the console's kernel
exists, the data is generated (or taken from the cache, :mod:`mockint.judge.datasets`) off the
GUI thread and copied into the kernel's working folder, so ``pd.read_csv("train.csv")`` works
in the console; the statement then says where the files are. The hidden test labels are never
copied. Failures show as a line in the statement, never a crash.
"""

from __future__ import annotations

from typing import Any

from mockint.ui.workers import run_in_background


def note(view: Any, question: Any) -> str:
    """The markdown line under the statement of ``question`` (``""`` for other problems)."""
    if getattr(question, "dataset", None) is None:
        return ""
    return "\n\n---\n\n" + getattr(view, "_data_notes", {}).get(
        question.id,
        "**Data:** `train.csv` and `test.csv` are copied into the console's working folder when the console starts.",
    )


def place(view: Any) -> None:
    """Copy the on-screen problem's data into ``view.kernel.workdir`` (in the background) and
    update the statement's note; nothing for problems without a dataset or before a kernel."""
    question = view.question
    kernel = getattr(view, "kernel", None)
    if getattr(question, "dataset", None) is None or kernel is None:
        return
    notes = view.__dict__.setdefault("_data_notes", {})
    if notes.get(question.id, "").startswith("**Data:** `train.csv` and `test.csv` are in"):
        return
    notes[question.id] = "**Data:** preparing `train.csv` and `test.csv`…"
    folder = kernel.workdir

    def copy() -> list:
        from mockint.judge import datasets

        return datasets.copy_into(question, folder)

    def done(paths: list) -> None:
        notes[question.id] = (
            f"**Data:** `train.csv` and `test.csv` are in the console's working folder (`{folder}`): "
            '`pd.read_csv("train.csv")`. Run `# %%` cells with Shift+Enter; plots show in the console.'
        )
        _refresh(view, question)

    def failed(exc: BaseException, tb: str) -> None:
        notes[question.id] = f"**Data:** the data files could not be prepared: {exc}"
        _refresh(view, question)

    _refresh(view, question)
    run_in_background(copy, receiver=view, on_done=done, on_error=failed)


def _refresh(view: Any, question: Any) -> None:
    if view.question is question:
        view.refresh_statement()
