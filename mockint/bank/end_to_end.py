"""Parse the fields of an end-to-end ML-coding problem (``kind = "end_to_end"``).

Such a problem has no test cases: the judge generates a dataset from the ``[dataset]`` table,
gives the candidate's ``predict(train, test)`` the two frames and scores what it returns with
the problem's metric (see ``docs/judge.md``, "End-to-end problems"). Raises
:class:`~mockint.bank.fields.Invalid` naming the field on the first problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockint.bank import interviewer
from mockint.bank.fields import Fields, Invalid
from mockint.bank.model import DATASET_METRICS, DATASET_TASKS, Dataset
from mockint.bank.parse_coding import wrong_solution

#: Top-level keys an end-to-end problem may have besides the common ones.
KEYS = interviewer.CODING_KEYS + (
    "kind",
    "entry_point",
    "starter",
    "reference",
    "constraints",
    "dataset",
    "wrong_solutions",
)
_DATASET_KEYS = (
    "task",
    "target",
    "metric",
    "threshold",
    "seed",
    "time_limit_s",
    "generator",
    "n_train",
    "n_test",
)


def fields(f: Fields, python: Callable[[Fields, str], str]) -> dict[str, Any]:
    """The coding fields of an end-to-end problem as :class:`~mockint.bank.model.Question`
    keyword arguments; ``python(fields, key)`` reads a field of Python source that must compile."""
    entry_point = f.str("entry_point")
    if not entry_point.isidentifier():
        raise Invalid(f.name("entry_point"), f"{entry_point!r} is not a Python name")
    reference = python(f, "reference")
    if f"def {entry_point}" not in reference:
        raise Invalid(f.name("reference"), f"does not define {entry_point}")
    dataset = _dataset(f, python)
    tables = f.tables("wrong_solutions")
    for t in tables:
        t.unknown(("name", "code", "why", "verdict"))
    wrong = tuple(wrong_solution(w, python) for w in tables)
    return dict(
        kind="end_to_end",
        dataset=dataset,
        entry_point=entry_point,
        starter=python(f, "starter"),
        reference=reference,
        constraints=f.strs("constraints"),
        time_limit_s=dataset.time_limit_s,
        wrong_solutions=wrong,
        **interviewer.coding_fields(f),
    )


def _dataset(f: Fields, python: Callable[[Fields, str], str]) -> Dataset:
    if "dataset" not in f.table:
        raise Invalid(f.name("dataset"), "missing (an end-to-end problem needs a [dataset] table)")
    d = Fields(f.table["dataset"], f.name("dataset"))
    d.unknown(_DATASET_KEYS)
    task = d.choice("task", DATASET_TASKS)
    metric = d.choice("metric", DATASET_METRICS[task])
    generator = python(d, "generator")
    if "def make" not in generator:
        raise Invalid(d.name("generator"), "must define make(seed, n_train, n_test)")
    target = d.str("target")
    return Dataset(
        task=task,
        target=target,
        metric=metric,
        threshold=d.number("threshold", minimum=-1e12),
        generator=generator,
        seed=d.int("seed", False, 0),
        n_train=d.int("n_train", False, 4000, minimum=10),
        n_test=d.int("n_test", False, 1000, minimum=10),
        time_limit_s=d.number("time_limit_s", False, 60.0, positive=True),
    )
