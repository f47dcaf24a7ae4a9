"""Child side of an end-to-end (metric) job: read the CSVs, call ``predict(train, test)`` once.

Loaded by :mod:`mockint.judge._child` beside ``_report.py`` (standard library at import; pandas
is imported inside :func:`run_metric`). The parent has put ``train.csv`` (with the target) and
``test.csv`` (features only) into this process's empty working folder; the hidden test labels
never come here. The frames are read before the clock starts; the call's return value goes back
as one ``case`` event (index 0) holding a NumPy array in the tagged plain form, which the parent
checks (1-D, one value per test row, finite) and scores.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


def run_metric(
    harness: Any,
    clock: Callable[[], float],
    process_cpu: Callable[[], float],
    describe: Callable[[BaseException], dict[str, Any]],
    encode: Callable[[Any], Any],
) -> None:
    """Run the metric job of ``harness`` (a ``_child._Harness``) and emit its events; ``describe``
    and ``encode`` are the harness's error and value encoders (``_report``)."""
    emit = harness.channel.emit
    os.environ.setdefault("MPLBACKEND", "Agg")  # a plot in predict draws nowhere, and fast
    try:
        import numpy as np
        import pandas as pd

        train = pd.read_csv("train.csv")
        test = pd.read_csv("test.csv")
    except BaseException as exc:
        emit({"ev": "setup_error", "i": -1, "message": f"reading the data: {type(exc).__name__}: {exc}"})
        return
    fn = harness.enter_candidate()
    if fn is None:
        return
    harness.seed()
    event: dict[str, Any] = {"ev": "case", "i": 0}
    start = clock()
    try:
        value = fn(train, test)
    except BaseException as exc:
        harness.solution_time += clock() - start
        event["error"] = describe(exc)
        emit(event)
        return
    harness.solution_time += clock() - start
    del train, test
    try:
        event["value"] = encode(_as_array(np, value))
    except BaseException as exc:
        event["value"] = {
            "__t": "object",
            "type": type(value).__qualname__,
            "repr": f"<a value the judge cannot read: {type(exc).__name__}: {exc}>",
        }
    emit(event)
    emit({"ev": "done", "runtime_s": harness.solution_time, "cpu_s": process_cpu() - harness.cpu_at_ready})


def _as_array(np: Any, value: Any) -> Any:
    """A plain NumPy array of the predictions (a Series or frame gives its values)."""
    if "pandas" in sys.modules and hasattr(value, "to_numpy"):
        value = value.to_numpy()
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":  # strings, objects: plain Python items, never pickled
        arr = np.asarray([_plain_item(v) for v in arr.ravel().tolist()], dtype=object).reshape(arr.shape)
    return arr


def _plain_item(v: Any) -> Any:
    if v is None or type(v) in (bool, int, float, str):
        return v
    return str(v)
