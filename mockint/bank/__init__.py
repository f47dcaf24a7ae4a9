"""The question bank: data model and TOML loader (no database, no Qt)."""

from __future__ import annotations

from mockint.bank.loader import load_bank, load_file, load_paths
from mockint.bank.model import (
    CODING_ROUND_TYPES,
    DESIGN_ROUND_TYPES,
    RECOMMENDATIONS,
    ROUND_TYPE_NAMES,
    ROUND_TYPES,
    Bank,
    BankIssue,
    Dimension,
    LoopTemplate,
    Question,
    RoundSpec,
    Rubric,
    TestCase,
)

__all__ = [
    "CODING_ROUND_TYPES",
    "DESIGN_ROUND_TYPES",
    "RECOMMENDATIONS",
    "ROUND_TYPE_NAMES",
    "ROUND_TYPES",
    "Bank",
    "BankIssue",
    "Dimension",
    "LoopTemplate",
    "Question",
    "Rubric",
    "RoundSpec",
    "TestCase",
    "load_bank",
    "load_file",
    "load_paths",
]
