"""Judge an end-to-end problem: ``predict(train, test)`` scored by a metric on hidden labels.

The parent generates the data (:mod:`mockint.judge.datasets`, seeded, cached), copies
``train.csv`` and ``test.csv`` into the child's empty working folder and sends a ``"mode":
"metric"`` job; the child (:mod:`mockint.judge._metric`) reads both into DataFrames before the
clock starts, calls ``predict`` once and sends back the returned values as a plain array. The
hidden test labels stay in this process. Here the values are checked (1-D, one per test row,
finite; probabilities in [0, 1] where the metric ranks them; labels seen in train where labels
are asked for), scored as ``sklearn.metrics`` scores them (in NumPy) and compared with the
threshold; a trivial baseline (prior probability, majority class, train mean) is scored beside
them.

Limits, import errors, crashes and time-outs are judged exactly like any other run
(:func:`mockint.judge.assess.assess`, on one case whose value is "threshold met").
"""

from __future__ import annotations

import csv
import math
import shutil
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from mockint.bank.model import Dataset, Question
from mockint.judge import datasets
from mockint.judge import verdict as V
from mockint.judge.assess import assess
from mockint.judge.cases import Case
from mockint.judge.pool import SPARES
from mockint.judge.runner import Limits, run_started
from mockint.judge.wire import Opaque, WireError, decode

#: Address space (MiB) predict may use beyond the interpreter and preloaded pandas/sklearn.
METRIC_MEMORY_MB = 3072

#: What a metric child imports before its job (and before the clock): the libraries an ordinary
#: pipeline uses, so their import time is not counted against the candidate.
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "sklearn.pipeline",
    "sklearn.compose",
    "sklearn.preprocessing",
    "sklearn.impute",
    "sklearn.linear_model",
    "sklearn.ensemble",
    "sklearn.model_selection",
    "sklearn.metrics",
)

#: Display names of the metrics.
METRIC_NAMES = {
    "roc_auc": "ROC AUC",
    "average_precision": "average precision",
    "macro_f1": "macro F1",
    "accuracy": "accuracy",
    "rmse": "RMSE",
    "mae": "MAE",
    "r2": "R²",
}

_baselines: dict[str, tuple[float, list[Any]]] = {}
_baseline_lock = threading.Lock()


def limits_for(question: Question, time_limit_s: float | None, memory_limit_mb: int | None) -> Limits:
    """The run's limits: the problem's CPU seconds (``[dataset].time_limit_s``) unless overridden,
    :data:`METRIC_MEMORY_MB` unless overridden, and two minutes to read the data and import."""
    assert question.dataset is not None
    limit = float(time_limit_s if time_limit_s is not None else question.dataset.time_limit_s)
    if limit <= 0:
        raise ValueError(f"time_limit_s must be positive, got {limit}")
    return Limits(
        time_limit_s=limit,
        slack_s=0.25 + 0.05 * limit,
        memory_mb=int(memory_limit_mb or METRIC_MEMORY_MB),
        startup_s=120.0,
    )


def judge_metric(question: Question, code: str, limits: Limits) -> V.Verdict:
    """The verdict of ``code`` on the end-to-end ``question`` (see the module docstring).

    Raises :class:`~mockint.judge.errors.JudgeError` when the data cannot be generated or no
    child can start; never for anything the candidate's code does."""
    ds = question.dataset
    assert ds is not None
    found = datasets.files(question)
    truth = datasets.labels(question)
    baseline, classes = _baseline(question, ds, truth)
    job = {
        "mode": "metric",
        "code": code,
        "entry_point": question.entry_point,
        "numpy": True,
        "cases": [],
        **limits.job_fields(),
    }
    child = SPARES.take(PRELOAD)
    try:
        for src in (found.train, found.test):
            shutil.copyfile(src, Path(child.workdir) / src.name)
    except OSError:
        child.dispose()
        raise
    try:
        run = run_started(child, job, limits)
    finally:
        SPARES.refill(PRELOAD)
    score: float | None = None
    problem: str | None = None
    first = next((e for e in run.events if e.get("ev") == "case"), None)  # later ones are forged
    kept: list[dict[str, Any]] = []
    for event in run.events:
        if event is first and event.get("i") == 0 and "value" in event:
            score, problem = _score(ds, event["value"], truth, classes)
            met = problem is None and score is not None and ds.meets(score)
            kept.append({"ev": "case", "i": 0, "value": met})
        elif event is first or event.get("ev") != "case":
            kept.append(event)
    run.events = kept
    case = Case(0, "metric", False, {}, "toml", True)
    verdict = assess(question, [case], run, {}, limits)
    name = METRIC_NAMES[ds.metric]
    sign = "<=" if ds.lower_is_better else ">="
    goal = f"the threshold is {name} {sign} {ds.threshold:g}; a trivial baseline scores {baseline:.4f}"
    message = verdict.message
    if verdict.verdict == V.ACCEPTED:
        message = f"{name} {score:.4f} on the hidden test labels meets the threshold ({goal})."
    elif verdict.verdict == V.WRONG_ANSWER:
        message = (
            f"Wrong answer: {problem} ({goal})."
            if problem
            else f"{name} {score:.4f} on the hidden test labels does not meet the threshold ({goal})."
        )
    message = message[:1].upper() + message[1:]
    failure = None if verdict.accepted else (problem or verdict.verdict)
    group = V.GroupResult("metric", int(verdict.accepted), 1, int(verdict.accepted), 1, failure)
    return replace(
        verdict,
        message=message,
        groups=[group],
        metric=ds.metric,
        score=None if score is None else round(score, 6),
        threshold=ds.threshold,
        baseline=round(baseline, 6),
    )


def _score(
    ds: Dataset, encoded: Any, truth: list[Any], classes: list[Any]
) -> tuple[float | None, str | None]:
    """``(score, None)`` for usable predictions, else ``(None, why not)``."""
    import numpy as np

    try:
        preds = decode(encoded)
    except WireError as exc:
        return None, f"the judge could not read what predict returned ({exc})"
    if isinstance(preds, Opaque) or not isinstance(preds, np.ndarray):
        return None, f"predict must return a 1-D list, NumPy array or Series, got {preds!r}"[:300]
    n = len(truth)
    if preds.ndim != 1:
        hint = ""
        if ds.task == "binary" and preds.ndim == 2 and preds.shape[1:] == (2,):
            hint = ": that looks like predict_proba's output; return its positive-class column, [:, 1]"
        return None, f"predict returned an array of shape {tuple(preds.shape)}, expected ({n},){hint}"
    if len(preds) != n:
        return None, f"predict returned {len(preds)} values for the {n} rows of test.csv"
    if ds.task == "multiclass" or ds.metric in ("accuracy", "macro_f1"):
        return _labels(ds, preds, truth, classes)
    if preds.dtype.kind not in "biuf":
        return None, f"predict must return numbers for a {ds.task} problem, got values like {preds[0]!r}"
    values = preds.astype(float)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        return None, f"predict returned {bad.size} NaN or infinite values (the first at test row {bad[0]})"
    if ds.task == "binary":
        if values.min() < 0 or values.max() > 1:
            return None, "predict must return P(positive), between 0 and 1; some values are outside"
        if set(np.unique(values).tolist()) == {0.0, 1.0}:
            return None, (
                f"predict returned hard 0/1 labels, but {METRIC_NAMES[ds.metric]} ranks by the "
                "probability of the positive class: return predict_proba(...)[:, 1]"
            )
    return _metric(ds.metric, np.asarray(truth), values), None


def _labels(ds: Dataset, preds: Any, truth: list[Any], classes: list[Any]) -> tuple[float | None, str | None]:
    import numpy as np

    ints = all(isinstance(c, int) for c in classes)
    items = preds.tolist()
    if ints and preds.dtype.kind == "f":
        if not all(math.isfinite(v) and float(v).is_integer() for v in items):
            return None, "predict must return class labels, got fractional or NaN values"
        items = [int(v) for v in items]
    known = set(classes)
    unseen = sorted({repr(v) for v in items if v not in known})
    if unseen:
        return None, f"predict returned labels that are not classes of train ({', '.join(unseen[:5])})"
    out = np.empty(len(items), dtype=object)
    out[:] = items
    want = np.empty(len(truth), dtype=object)
    want[:] = truth
    return _metric(ds.metric, want, out), None


def _metric(metric: str, truth: Any, preds: Any) -> float:
    """``metric`` of ``preds`` against ``truth``, as ``sklearn.metrics`` computes it, in NumPy:
    scikit-learn (and SciPy under it) would add some 150 MB to the app's process for good."""
    import numpy as np

    if metric in ("accuracy", "macro_f1"):
        pairs = list(zip(truth.tolist(), preds.tolist(), strict=True))
        if metric == "accuracy":
            return sum(t == p for t, p in pairs) / len(pairs)
        f1s = []  # one per label of truth or preds; 0 where a label is never right (zero_division=0)
        for label in {*(t for t, _ in pairs), *(p for _, p in pairs)}:
            tp = sum(t == label and p == label for t, p in pairs)
            wrong = sum((t == label) != (p == label) for t, p in pairs)  # false positives + negatives
            f1s.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
        return float(np.mean(f1s))
    if metric in ("roc_auc", "average_precision"):
        labels = np.unique(truth)
        if len(labels) != 2:
            raise ValueError(f"{metric} needs both classes in the labels, got {labels.tolist()}")
        positive = np.asarray(truth) == labels[1]  # the greater label, as scikit-learn takes it
        scores = np.asarray(preds, dtype=float)
        if metric == "roc_auc":  # Mann-Whitney U over ranks, tied scores sharing their mean rank
            order = np.argsort(scores, kind="mergesort")
            ranked = scores[order]
            starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
            ends = np.r_[starts[1:], len(ranked)]
            ranks = np.empty(len(scores))
            ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)
            n_pos = int(positive.sum())
            n_neg = len(scores) - n_pos
            return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
        order = np.argsort(-scores, kind="mergesort")  # one threshold per distinct score, high first
        ranked, hits = scores[order], positive[order]
        last = np.r_[np.flatnonzero(ranked[1:] != ranked[:-1]), len(ranked) - 1]
        tp = np.cumsum(hits)[last]
        precision = tp / (last + 1)
        recall = tp / tp[-1]
        return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))
    t = np.asarray(truth, dtype=float)
    p = np.asarray(preds, dtype=float)
    if metric == "rmse":
        return float(math.sqrt(np.mean((t - p) ** 2)))
    if metric == "mae":
        return float(np.mean(np.abs(t - p)))
    residual = float(np.sum((t - p) ** 2))
    total = float(np.sum((t - t.mean()) ** 2))
    if total == 0:  # a constant truth: scikit-learn's 1.0 for a perfect fit, else 0.0
        return 1.0 if residual == 0 else 0.0
    return 1 - residual / total


def _baseline(question: Question, ds: Dataset, truth: list[Any]) -> tuple[float, list[Any]]:
    """A trivial predictor's score and the train target's classes (``[]`` for regression):
    the prior probability (binary scores), the majority class (labels) or the train mean."""
    name = datasets.key(question)
    with _baseline_lock:
        if name in _baselines:
            return _baselines[name]
    import numpy as np

    target = _column(datasets.files(question).train, ds.target)
    n = len(truth)
    found: tuple[float, list[Any]]
    if ds.task == "regression":
        found = (_metric(ds.metric, np.asarray(truth, dtype=float), np.full(n, float(np.mean(target)))), [])
    else:
        classes = sorted(set(target), key=repr)
        if ds.task == "binary" and ds.metric in ("roc_auc", "average_precision"):
            found = (_metric(ds.metric, np.asarray(truth), np.full(n, float(np.mean(target)))), classes)
        else:
            counts = Counter(target)
            top = max(counts.values())
            majority = min(c for c, k in counts.items() if k == top)  # pandas' mode: the least of ties
            preds = np.empty(n, dtype=object)
            preds[:] = [majority] * n
            want = np.empty(n, dtype=object)
            want[:] = truth
            found = (_metric(ds.metric, want, preds), classes)
    with _baseline_lock:
        _baselines[name] = found
    return found


def _column(path: Path, name: str) -> list[Any]:
    """The non-empty values of column ``name`` of the CSV file ``path``, typed as pandas reads
    them: all booleans, else all integers, else all numbers, else the strings."""
    with path.open(newline="", encoding="utf-8") as fh:
        cells = [row[name] for row in csv.DictReader(fh) if row.get(name, "") != ""]
    if cells and all(c in ("True", "False") for c in cells):
        return [c == "True" for c in cells]
    for kind in (int, float):
        try:
            return [kind(c) for c in cells]
        except ValueError:
            continue
    return cells
