"""The generated data of an end-to-end problem: ``train.csv``, ``test.csv`` and the hidden labels.

The problem's ``[dataset].generator`` (trusted bank code) runs here, in the parent, never in the
candidate's process: ``make(seed, n_train, n_test)`` returns ``(train_df, test_df, test_target)``.
The two frames are written as CSV (no index column) and the test labels as JSON, in a folder per
(problem id, seed, hash of the generator and sizes) under the user's cache folder
(``judge-datasets/``), so repeated judgements and the app's coding round reuse them; a process
also keeps them in memory. Only the CSV files are ever copied to a candidate's working folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockint.bank.model import Question
from mockint.judge.errors import JudgeError

TRAIN_FILE = "train.csv"
TEST_FILE = "test.csv"
_LABELS_FILE = "test_labels.json"

_lock = threading.Lock()
_memory: dict[str, Any] = {}
_cache_root: Path | None = None


@dataclass(frozen=True)
class Files:
    """Where one problem's data is: ``folder`` holds ``train.csv`` and ``test.csv``."""

    folder: Path
    n_test: int

    @property
    def train(self) -> Path:
        return self.folder / TRAIN_FILE

    @property
    def test(self) -> Path:
        return self.folder / TEST_FILE


def use_cache_dir(path: str | os.PathLike[str] | None) -> None:
    """Keep generated datasets under ``path`` (``None``: the default, the user's cache folder)."""
    global _cache_root
    _cache_root = Path(path) if path is not None else None


def cache_dir() -> Path:
    """The folder datasets are cached in (``judge-datasets/`` in the user's cache folder)."""
    if _cache_root is not None:
        return _cache_root
    from mockint.paths import bank_cache_path

    return bank_cache_path().parent / "judge-datasets"


def key(question: Question) -> str:
    """A folder name for the question's data: id, seed and a hash of all that shapes it."""
    ds = _dataset(question)
    blob = json.dumps([ds.generator, ds.seed, ds.n_train, ds.n_test, ds.target], sort_keys=True)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", question.id)
    return f"{safe}-{ds.seed}-{hashlib.sha256(blob.encode()).hexdigest()[:16]}"


def files(question: Question) -> Files:
    """Generate (or find cached) the data of an end-to-end ``question``; returns its CSV paths.

    Raises :class:`JudgeError` when the generator fails or returns the wrong shapes (a broken
    problem, never the candidate's fault)."""
    return _ensure(question)[0]


def labels(question: Question) -> list[Any]:
    """The hidden test labels, one per ``test.csv`` row (for the parent's scoring only)."""
    return _ensure(question)[1]


def copy_into(question: Question, folder: str | os.PathLike[str]) -> list[Path]:
    """Copy ``train.csv`` and ``test.csv`` into ``folder`` (created if missing); returns the
    copies. The hidden labels are never copied. Raises :class:`JudgeError` like :func:`files`
    and ``OSError`` when ``folder`` cannot be written."""
    found = files(question)
    out = []
    Path(folder).mkdir(parents=True, exist_ok=True)
    for src in (found.train, found.test):
        dst = Path(folder) / src.name
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def _dataset(question: Question):
    if question.dataset is None:
        raise JudgeError(f"{question.id} is not an end-to-end problem (it has no [dataset])")
    return question.dataset


def _ensure(question: Question) -> tuple[Files, list[Any]]:
    name = key(question)
    with _lock:
        if name in _memory:
            return _memory[name]
        folder = cache_dir() / name
        found = _read(folder)
        if found is None:
            found = _generate(question, folder)
        _memory[name] = found
        return found


def _read(folder: Path) -> tuple[Files, list[Any]] | None:
    try:
        values = json.loads((folder / _LABELS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(values, list)
        or not (folder / TRAIN_FILE).is_file()
        or not (folder / TEST_FILE).is_file()
    ):
        return None
    return Files(folder, len(values)), values


def _generate(question: Question, folder: Path) -> tuple[Files, list[Any]]:
    ds = _dataset(question)
    namespace: dict[str, Any] = {"__name__": "dataset_" + re.sub(r"\W", "_", question.id)}
    try:
        exec(compile(ds.generator, f"<{question.id} dataset generator>", "exec"), namespace)
        made = namespace["make"](ds.seed, ds.n_train, ds.n_test)
        train, test, target = made
    except Exception as exc:
        raise JudgeError(f"{question.id}: the dataset generator failed: {type(exc).__name__}: {exc}") from exc
    import numpy as np

    values = np.asarray(target).tolist()
    problems = []
    if not hasattr(train, "to_csv") or not hasattr(test, "to_csv"):
        problems.append("train and test must be pandas DataFrames")
    elif ds.target not in train.columns:
        problems.append(f"train has no target column {ds.target!r}")
    elif ds.target in test.columns:
        problems.append(f"test must not hold the target column {ds.target!r}")
    elif len(test) != len(values) or np.asarray(target).ndim != 1:
        problems.append(
            f"test_target must be 1-D with one label per test row ({len(test)}), got {len(values)}"
        )
    if problems:
        raise JudgeError(f"{question.id}: the dataset generator {problems[0]}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        train.to_csv(staging / TRAIN_FILE, index=False)
        test.to_csv(staging / TEST_FILE, index=False)
        (staging / _LABELS_FILE).write_text(json.dumps(values), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if _read(folder) is None:
            raise
    return Files(folder, len(values)), values
