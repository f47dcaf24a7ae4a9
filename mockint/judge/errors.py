"""The judge's own exception type."""

from __future__ import annotations


class JudgeError(Exception):
    """The judge could not judge: the question is broken (its reference solution fails or times
    out, a test input cannot be built, it is not a coding question) or no child process could be
    started. A solution's own failures are never raised; they are verdicts."""
