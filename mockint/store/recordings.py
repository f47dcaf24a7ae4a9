"""Recorded takes of spoken answers: their rows in the history, and deleting a session with its audio.

A take is one WAV file the recorder wrote under ``<data dir>/recordings/<session id>/``, named by
its take name (for a discussion round ``f"{answer_id}-{item index}"``, for a design round the
answer id). The ``recordings`` table (schema migration 3) keeps, per (answer, take): the file's
path *relative to the data folder* with ``/`` separators (``recordings/<session>/<take>.wav``), so
the folder can move; when it was recorded; its length in seconds; the transcript; the speech-to-
text backend; and the rest of the analysis (:func:`mockint.speech.metrics.analyse_take`) as JSON.

The audio files never leave ``<data dir>/recordings``: :func:`delete_session` removes only
entries inside that folder, whatever paths the history holds (an imported history could hold
anything). Part of the store package: ``store.recordings`` (:class:`Recordings`) writes through
the store's shared :class:`~mockint.store.db.Db` (its transaction and clock).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from mockint.store.db import Db, new_id
from mockint.store.errors import StoreError
from mockint.store.records import RecordingRow

log = logging.getLogger(__name__)

#: The folder under the data folder that holds every take, one subfolder per session.
RECORDINGS_DIR = "recordings"
#: Keys of a take's analysis kept in their own columns (or not kept: ``path`` becomes the
#: relative path, ``take`` is its own column); everything else goes to ``metrics``.
_COLUMN_KEYS = frozenset({"path", "take", "transcript", "backend", "duration_s"})
_COLS = "id, answer_id, take, path, created_at, duration_s, transcript, backend, metrics"


class AudioNotRemoved(StoreError):
    """The session's records were deleted but some of its audio files could not be removed.

    ``paths`` are the files or folders left behind.
    """

    def __init__(self, paths: list[Path], detail: str) -> None:
        self.paths = paths
        shown = ", ".join(str(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        super().__init__(
            f"The session was deleted, but some of its recordings could not be removed ({detail}): "
            f"{shown}. Remove them by hand, or check that no program is using them and that the "
            "folder is writable."
        )


def path_problem(path: object) -> str:
    """Why ``path`` cannot be a stored recording path ('' when it can).

    A stored path is text: a relative POSIX path inside ``recordings/``, with no ``.``, ``..``
    or empty parts, no backslash and no NUL, e.g. ``recordings/<session id>/<take>.wav``.
    """
    if not isinstance(path, str):
        return "must be text"
    if "\\" in path or "\0" in path:
        return "must use / between folders and hold no backslash or NUL"
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "must be a plain relative path (no leading /, no empty, '.' or '..' parts)"
    if len(parts) < 2 or parts[0] != RECORDINGS_DIR:
        return f"must be inside the {RECORDINGS_DIR}/ folder of the data folder"
    return ""


def relative_path(data_dir: str | os.PathLike[str], path: str | os.PathLike[str]) -> str:
    """The file ``path`` (absolute, or relative to ``data_dir``) as stored: relative to
    ``data_dir``, with ``/`` separators. Raises ``ValueError`` when it is not inside
    ``<data_dir>/recordings``."""
    given = Path(path)
    rel = given.relative_to(data_dir) if given.is_absolute() and given.is_relative_to(data_dir) else given
    text = PurePosixPath(*rel.parts).as_posix() if not rel.is_absolute() else str(rel)
    problem = path_problem(text)
    if problem:
        raise ValueError(f"a recording's path {problem}, got {str(path)!r} (data folder {data_dir})")
    return text


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None (JSON and the export refuse them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _save(
    db: Db, answer_id: str, take: str, rel_path: str | os.PathLike[str], report: Mapping[str, Any]
) -> str:
    """See :meth:`Recordings.save`."""
    path = str(rel_path) if isinstance(rel_path, str) else PurePosixPath(*PurePath(rel_path).parts).as_posix()
    problem = path_problem(path)
    if problem:
        raise ValueError(f"a recording's path {problem}, got {str(rel_path)!r}")
    duration = float(report.get("duration_s") or 0.0)
    if not math.isfinite(duration) or duration < 0:
        raise ValueError(
            f"duration_s must be a finite number of seconds >= 0, got {report.get('duration_s')!r}"
        )
    metrics = json.dumps(
        _finite({k: v for k, v in report.items() if k not in _COLUMN_KEYS}), default=str, allow_nan=False
    )
    recording_id = new_id()
    now = db.now()
    with db.write() as conn:
        db.require(conn, "answers", "answer", answer_id)
        conn.execute(
            f"INSERT INTO recordings ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (answer_id, take) DO UPDATE SET path = excluded.path, created_at = excluded.created_at, "
            "duration_s = excluded.duration_s, transcript = excluded.transcript, backend = excluded.backend, "
            "metrics = excluded.metrics",
            (
                recording_id,
                answer_id,
                take,
                path,
                now,
                duration,
                str(report.get("transcript") or ""),
                str(report.get("backend") or ""),
                metrics,
            ),
        )
        row = conn.execute(
            "SELECT id FROM recordings WHERE answer_id = ? AND take = ?", (answer_id, take)
        ).fetchone()
    return str(row[0])


def _recording(row: sqlite3.Row) -> RecordingRow:
    stored = json.loads(row["metrics"])
    metrics = stored if isinstance(stored, dict) else {}
    return metrics | {
        "id": row["id"],
        "take": row["take"],
        "path": row["path"],
        "created_at": row["created_at"],
        "duration_s": row["duration_s"],
        "transcript": row["transcript"],
        "backend": row["backend"],
    }


def recordings_of(conn: sqlite3.Connection, session_id: str) -> dict[str, list[RecordingRow]]:
    """``{answer_id: [recording, ...]}`` for the answers of one session that have takes.

    A recording is its analysis as saved (``words``, ``words_per_minute``, ``filler_counts``…)
    plus ``id``, ``take``, ``path`` (relative to the data folder), ``created_at``, ``duration_s``
    (seconds), ``transcript`` and ``backend``. Takes are in question order: within one answer
    take names differ only in their trailing item number, so shorter names come first.
    """
    grouped: dict[str, list[RecordingRow]] = defaultdict(list)
    for row in conn.execute(
        f"SELECT {_COLS} FROM recordings WHERE answer_id IN (SELECT id FROM answers WHERE round_id IN "
        "(SELECT id FROM rounds WHERE session_id = ?)) ORDER BY answer_id, length(take), take",
        (session_id,),
    ):
        grouped[row["answer_id"]].append(_recording(row))
    return dict(grouped)


def _inside(root: Path, entry: Path) -> bool:
    """Whether the directory entry ``entry`` lies inside ``root`` once folders are resolved.

    The entry itself is not resolved: a symlink inside ``root`` is removed as a link, never
    followed to its target.
    """
    try:
        return entry.parent.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _delete_session(db: Db, data_dir: str | os.PathLike[str], session_id: str) -> int:
    """See :meth:`Recordings.delete_session`."""
    data = Path(data_dir)
    root = data / RECORDINGS_DIR
    with db.write() as conn:
        db.require(conn, "sessions", "session", session_id)
        listed = [
            row[0]
            for row in conn.execute(
                "SELECT path FROM recordings WHERE answer_id IN (SELECT id FROM answers WHERE round_id IN "
                "(SELECT id FROM rounds WHERE session_id = ?))",
                (session_id,),
            )
        ]
        conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    removed = 0
    failed: list[Path] = []
    reasons: list[str] = []
    for stored in listed:
        file = data / stored
        if path_problem(stored) or not _inside(root, file):
            log.warning("Not removing %s: it is outside %s", file, root)
            continue
        if file.is_dir() and not file.is_symlink():
            log.warning("Not removing %s: a recording is a file, this is a folder", file)
            continue
        try:
            file.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            failed.append(file)
            reasons.append(exc.strerror or str(exc))
    folder = root / session_id
    if (
        PurePath(session_id).name == session_id
        and session_id not in ("", ".", "..")
        and _inside(root, folder)
    ):
        count, problems = _remove_tree(folder)
        removed += count
        for path, reason in problems:
            failed.append(path)
            reasons.append(reason)
    left = [
        (path, why) for path, why in zip(failed, reasons, strict=True) if path.exists() or path.is_symlink()
    ]
    if left:
        raise AudioNotRemoved([path for path, _why in left], left[0][1])
    log.info("Deleted session %s and %d audio files", session_id, removed)
    return removed


class Recordings:
    """``store.recordings``: the takes of spoken answers, and deleting a session with its audio."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def save(
        self, answer_id: str, take: str, rel_path: str | os.PathLike[str], report: Mapping[str, Any]
    ) -> str:
        """Record (or replace) the take ``take`` of an answer; returns the recording's id.

        ``rel_path`` is the WAV file relative to the data folder (see :func:`relative_path`);
        ``report`` the take's analysis (``RecorderWidget.analysed``: ``transcript``, ``backend``,
        ``duration_s`` in seconds, and metrics such as ``words_per_minute``). A take recorded
        again replaces the row (same id) with the new time, path and analysis. Raises
        ``ValueError`` for a bad path or duration, :class:`NotFound` for the answer,
        :class:`StoreError` when not saved.
        """
        return _save(self._db, answer_id, take, rel_path, report)

    def of(self, session_id: str) -> dict[str, list[RecordingRow]]:
        """``{answer_id: [recording, ...]}`` of one session (see :func:`recordings_of`)."""
        return recordings_of(self._db.conn, session_id)

    def delete_session(self, data_dir: str | os.PathLike[str], session_id: str) -> int:
        """Delete a session, everything recorded in it, and its audio; returns the audio files removed.

        The rows go first, in one transaction (rounds, answers, notes, verdicts, scores and
        recordings follow the session by ``ON DELETE CASCADE``); then the files: every recording
        path the session listed and the folder ``<data_dir>/recordings/<session_id>/``. Nothing
        outside ``<data_dir>/recordings`` is ever removed, and symlinks are removed, not
        followed. Raises :class:`NotFound` for an unknown session, :class:`StoreError` when the
        database cannot be written (nothing is deleted then) and :class:`AudioNotRemoved` when
        the rows are gone but some files could not be removed.
        """
        return _delete_session(self._db, data_dir, session_id)


def _remove_tree(folder: Path) -> tuple[int, list[tuple[Path, str]]]:
    """Remove ``folder`` (a symlink to a folder is unlinked, not followed); returns (files removed,
    [(path, why) not removed])."""
    if folder.is_symlink():
        try:
            folder.unlink()
        except OSError as exc:
            return 0, [(folder, exc.strerror or str(exc))]
        return 0, []
    if not folder.is_dir():
        return 0, []
    files = sum(len(names) for _dir, _subdirs, names in os.walk(folder))
    problems: list[tuple[Path, str]] = []

    def failed(_function: Any, path: str, exc: BaseException) -> None:
        problems.append((Path(path), getattr(exc, "strerror", None) or str(exc)))

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=failed)
    else:  # onerror is deprecated from 3.12 on
        shutil.rmtree(folder, onerror=lambda function, path, info: failed(function, path, info[1]))
    left = sum(len(names) for _dir, _subdirs, names in os.walk(folder)) if folder.exists() else 0
    return files - left, problems
