"""Recompute every numeric answer of rounds/stats_probability/ (issue 16).

Run: .venv/bin/python docs/reviews/2026-12-04-stats-probability-checks.py
Each entry computes the value exactly (fractions, closed forms, scipy) and, where cheap, by a
numpy simulation; the script compares both with the bank's answer and tolerance and prints a table.
"""

from __future__ import annotations

import math
import sys
import tomllib
from fractions import Fraction
from itertools import product
from math import comb, factorial
from pathlib import Path

import numpy as np

rng = np.random.default_rng(20261204)
N = 400_000
CHECKS: dict[str, tuple[float, float | None, str]] = {}


def check(qid: str, exact: float, sim: float | None, method: str) -> None:
    CHECKS[qid] = (float(exact), None if sim is None else float(sim), method)


# -- probability.toml ------------------------------------------------------------------------
pairs = list(product(range(1, 7), repeat=2))
six = [p for p in pairs if 6 in p]
d = rng.integers(1, 7, (N, 2))
m = (d == 6).any(1)
check("stats.dice-seven-given-a-six", Fraction(sum(a + b == 7 for a, b in six), len(six)),
      (d[m].sum(1) == 7).mean(), "enumerate 36 pairs; simulate")
sick = rng.random(N) < 0.01
pos = np.where(sick, rng.random(N) < 0.95, rng.random(N) < 0.05)
check("stats.rare-disease-positive-test", 0.95 * 0.01 / (0.95 * 0.01 + 0.05 * 0.99), sick[pos].mean(), "Bayes; simulate")
check("stats.expected-rolls-until-six", 6, rng.geometric(1 / 6, N).mean(), "1/p; simulate geometric")
check("stats.coupon-collector-die", sum(Fraction(6, k) for k in range(1, 7)), None, "6*H6")
check("stats.birthday-twenty-three", 1 - math.prod((365 - k) / 365 for k in range(23)),
      np.mean([len(set(b)) < 23 for b in rng.integers(0, 365, (50_000, 23))]), "product; simulate")
kids = rng.integers(0, 2, (N, 2))
atleast = kids.any(1)
check("stats.two-children-both-boys", Fraction(1, 3), kids[atleast].all(1).mean(), "enumerate; simulate")
prize = rng.integers(0, 3, N)
check("stats.monty-hall-switch", Fraction(2, 3), (prize != 0).mean(), "switch wins iff first pick wrong; simulate")
check("stats.variance-of-a-die", Fraction(91, 6) - Fraction(7, 2) ** 2, rng.integers(1, 7, N).var(), "E[X^2]-E[X]^2; simulate")
check("stats.expected-max-two-dice", Fraction(sum(max(p) for p in pairs), 36), d.max(1).mean(), "enumerate; simulate")


def wait_for(pattern: str, trials: int = 40_000) -> float:
    flips = rng.integers(0, 2, (trials, 200))
    s = "".join
    total = 0
    for row in flips:
        text = s("H" if x else "T" for x in row)
        total += text.index(pattern) + len(pattern)
    return total / trials


check("stats.flips-until-hh", 6, wait_for("HH"), "first-step equations; simulate")
check("stats.flips-until-ht", 4, wait_for("HT"), "two geometric waits; simulate")
check("stats.full-house-probability", Fraction(13 * 4 * 12 * 6, comb(52, 5)), None, "count hands")
check("stats.mississippi-arrangements", factorial(11) // (factorial(4) ** 2 * 2), None, "multinomial")
check("stats.poisson-quiet-half-minute", math.exp(-1.5), (rng.poisson(1.5, N) == 0).mean(), "e^-1.5; simulate")
t = rng.exponential(10, N)
check("stats.memoryless-bus-wait", 10, (t[t > 5] - 5).mean(), "memoryless; simulate")


def main() -> int:
    root = Path(__file__).resolve().parents[2] / "rounds" / "stats_probability"
    bank = {}
    for path in [root / "probability.toml"]:  # the other files have their own scripts
        for q in tomllib.loads(path.read_text("utf-8"))["questions"]:
            if "answer" in q:
                bank[q["id"]] = q
    bad = 0
    print(f"{'id':45} {'bank':>12} {'exact':>12} {'simulated':>12}  ok  method")
    for qid, q in bank.items():
        if qid not in CHECKS:
            print(f"{qid:45} no check written")
            bad += 1
            continue
        exact, sim, method = CHECKS[qid]
        tol = q["tolerance"] * (abs(q["answer"]) if q.get("tolerance_kind") == "relative" else 1)
        ok = abs(exact - q["answer"]) <= tol
        bad += not ok
        shown = "" if sim is None else f"{sim:12.6g}"
        print(f"{qid:45} {q['answer']:12.6g} {exact:12.6g} {shown:>12}  {'ok' if ok else 'NO'}  {method}")
    print(f"{len(bank)} numeric answers, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
