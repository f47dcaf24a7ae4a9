"""Expected outputs from a question's reference solution, run in its own (trusted) child.

Outputs are cached in this process, keyed by question id and a hash of the reference, the inputs
and the libraries (see :func:`mockint.judge.cases.reference_key`), so a question's reference runs
once per session however often the user presses "Run tests". The cache holds the most recent
:data:`CACHE_SIZE` questions. :func:`use_disk_cache` adds files (the command line uses it, so each
``mockint judge`` does not rerun the reference).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

from mockint.bank.model import Question
from mockint.judge.cases import Case, Libraries, make_job, reference_key
from mockint.judge.errors import JudgeError
from mockint.judge.runner import ChildRun, Limits, run_child
from mockint.judge.wire import WireError, decode

log = logging.getLogger(__name__)

CACHE_SIZE = 32
#: The reference gets this many times the question's limit, and at least ``_MIN_REFERENCE_S``.
_REFERENCE_FACTOR = 3.0
_MIN_REFERENCE_S = 10.0

_cache: OrderedDict[str, dict[int, Any]] = OrderedDict()
_inputs: dict[str, dict[int, Any]] = {}
_lock = threading.Lock()


#: Folder of the on-disk cache (``None``: memory only). Set by :func:`use_disk_cache`.
_disk: Path | None = None


def use_disk_cache(folder: Path | None) -> None:
    """Also keep reference outputs as files in ``folder`` (``None`` turns that off), so a new
    process, such as each ``mockint judge`` command, need not run the reference again. Files
    hold the plain tagged JSON the reference's child sent (never pickle), one per cache key;
    a file that cannot be read is ignored and rewritten."""
    global _disk
    _disk = folder


#: Bumped when the file layout changes; files of another format are ignored and rewritten.
_DISK_FORMAT = 2


def disk_folder() -> Path | None:
    """The on-disk cache folder set by :func:`use_disk_cache` (``None``: memory only)."""
    return _disk


def _disk_file(key: str) -> Path | None:
    if _disk is None:
        return None
    name = key.replace(":", "-").replace("/", "_")
    return _disk / f"{name}-py{sys.version_info[0]}.{sys.version_info[1]}.json"


def _disk_load(key: str) -> tuple[dict[int, Any], dict[int, Any]] | None:
    path = _disk_file(key)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != _DISK_FORMAT or not all(type(v) is str for v in raw["inputs"].values()):
            return None
        outputs = {int(i): decode(v) for i, v in raw["outputs"].items()}
        return outputs, {int(i): v for i, v in raw["inputs"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError, WireError):
        return None


def write_cache_json(path: Path, blob: Any, what: str) -> None:
    """Write ``blob`` as JSON to ``path`` atomically (a temporary file per process, then a rename),
    so a concurrent reader sees the old file or the new one; a cache that cannot be written only
    costs time, so failures are logged (``what`` names the cache), never raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(blob, allow_nan=True), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:
        log.debug("could not write the %s cache %s: %s", what, path, exc)


def _disk_save(key: str, raw: dict[int, Any], inputs: dict[int, Any]) -> None:
    path = _disk_file(key)
    if path is not None:
        blob = {
            "format": _DISK_FORMAT,
            "outputs": {str(i): v for i, v in raw.items()},
            "inputs": {str(i): v for i, v in inputs.items()},
        }
        write_cache_json(path, blob, "reference")


def _remember(key: str, outputs: dict[int, Any], inputs: dict[int, Any]) -> None:
    with _lock:
        _cache[key] = outputs
        _inputs[key] = inputs
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            old, _ = _cache.popitem(last=False)
            _inputs.pop(old, None)


def cached_inputs(question: Question, cases: list[Case], libs: Libraries) -> dict[int, Any]:
    """Case index -> the plain-data arguments (as JSON text) the reference's child built for
    that case (generated and ``args_py`` inputs), when known; the candidate's child then decodes them
    instead of running the generators again."""
    if not any(c.source == "reference" for c in cases):
        return {}
    key = reference_key(question, cases, libs)
    with _lock:
        return _inputs.get(key, {})


def cached(question: Question, cases: list[Case], libs: Libraries) -> dict[int, Any] | None:
    """The reference outputs if already known (every case needing them present), else ``None``."""
    if not any(c.source == "reference" for c in cases):
        return {}
    key = reference_key(question, cases, libs)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    stored = _disk_load(key)
    if stored is not None and len(stored[0]) == sum(c.source == "reference" for c in cases):
        _remember(key, *stored)
        return stored[0]
    return None


def clear_cache() -> None:
    """Forget every cached reference output (tests use this to measure cold runs)."""
    with _lock:
        _cache.clear()
        _inputs.clear()


def expected_outputs(
    question: Question, cases: list[Case], libs: Libraries, limits: Limits
) -> dict[int, Any]:
    """Case index -> the reference's decoded output, for every case whose source is the reference.

    Raises :class:`JudgeError` naming the question and the case when the reference fails,
    times out, runs out of memory, or prints too much.
    """
    found = cached(question, cases, libs)
    if found is not None:
        return found
    needed = [c.index for c in cases if c.source == "reference"]
    ref_limits = replace(limits, time_limit_s=max(limits.time_limit_s * _REFERENCE_FACTOR, _MIN_REFERENCE_S))
    job = make_job(question, question.reference, cases, libs, ref_limits, only=needed)
    job["check"] = ""  # the check judges the candidate itself; the reference needs no run of it
    job["show_args"] = []
    job["send_inputs"] = True
    run = run_child(job, ref_limits)
    outputs, raw = _collect(question, cases, needed, run, ref_limits)
    inputs = {  # kept as JSON text: a job embeds it as one string, far cheaper than re-encoding
        needed[e["i"]]: json.dumps(e["args"], allow_nan=True)
        for e in run.events
        if e.get("ev") == "built" and isinstance(e.get("i"), int) and 0 <= e["i"] < len(needed)
    }
    key = reference_key(question, cases, libs)
    _remember(key, outputs, inputs)
    _disk_save(key, raw, inputs)
    log.debug("reference outputs for %s: %d cases in %.3f s", question.id, len(outputs), run.elapsed_s)
    return outputs


def _collect(
    question: Question, cases: list[Case], needed: list[int], run: ChildRun, limits: Limits
) -> tuple[dict[int, Any], dict[int, Any]]:
    """The decoded outputs by case index, and the same as the child sent them (for the disk)."""

    def fail(why: str) -> JudgeError:
        return JudgeError(f"{question.id}: the reference solution {why}")

    setup = run.first("setup_error")
    if setup is not None:
        raise JudgeError(f"{question.id}: a test input could not be built: {setup.get('message')}")
    if not run.ready:
        raise fail(f"could not be started: {run.stderr_tail.strip()[-500:] or 'no output'}")
    if run.killed_for == "time":
        raise fail(f"did not finish within {limits.time_limit_s:g} s")
    if run.killed_for:
        raise fail("printed or returned too much")
    failed = run.first("load_failed")
    if failed is not None:
        raise fail(f"does not load: {failed.get('trace') or failed.get('message')}")
    outputs: dict[int, Any] = {}
    raw: dict[int, Any] = {}
    for event in run.events:
        if event.get("ev") != "case":
            continue
        pos = int(event["i"])
        case = cases[needed[pos]]
        if "error" in event:
            err = event["error"]
            raise fail(f"raised on {case.label(cases)} (group {case.group!r}):\n{err.get('trace')}")
        try:
            outputs[case.index] = decode(event.get("value"))
            raw[case.index] = event.get("value")
        except WireError as exc:
            raise fail(f"returned an unreadable value on {case.label(cases)}: {exc}") from None
    if run.first("done") is None or len(outputs) != len(needed):
        how = f"signal {run.signal}" if run.signal else f"exit code {run.exit_code}"
        raise fail(f"stopped before finishing ({how}): {run.stderr_tail.strip()[-500:]}")
    return outputs, raw
