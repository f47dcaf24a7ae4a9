"""What the command line's verbs share: the data folder, the bank and JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mockint import paths
from mockint.bank import Bank, load_bank


def data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(getattr(args, "data_dir", None))


def load_bank_of(args: argparse.Namespace) -> Bank:
    return load_bank(paths.bank_roots(data_dir(args)))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
