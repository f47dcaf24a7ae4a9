"""Recompute every numeric answer of rounds/stats_probability/numeric.toml (issue 16).

Run: .venv/bin/python docs/reviews/2026-12-04-stats-numeric-checks.py
Each check computes the value exactly (fractions, closed forms, scipy, enumeration) and, where
cheap, by a numpy simulation (seeded, so the table is reproducible). The script prints a table
and exits 1 when a bank answer lies outside its own tolerance of the exact value, when a
question with an answer has no check, when a check names no question, or when a simulation
strays from the exact value by more than its slack (a sign that the exact formula is wrong).
"""

from __future__ import annotations

import math
import sys
import tomllib
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np
from scipy import stats

BANK = Path(__file__).resolve().parents[2] / "rounds" / "stats_probability" / "numeric.toml"
rng = np.random.default_rng(20261204)
N = 400_000


class Check:
    """One question's exact value, its simulated value (or None) and how both were found.

    ``slack`` is how far the simulation may stray from the exact value (absolute) before the
    check fails; about four standard errors of the simulated mean.
    """

    def __init__(self, exact: float, sim: float | None, slack: float, method: str) -> None:
        self.exact, self.sim, self.slack, self.method = float(exact), sim, slack, method


CHECKS: dict[str, Check] = {}


def check(qid: str, exact: float | Fraction, sim: float | None, method: str, slack: float = 0.0) -> None:
    """Record the check of ``qid``; ``slack`` is required (> 0) when ``sim`` is given."""
    if qid in CHECKS:
        raise SystemExit(f"two checks for {qid}")
    if sim is not None and slack <= 0:
        raise SystemExit(f"{qid}: a simulation needs a slack")
    CHECKS[qid] = Check(float(exact), None if sim is None else float(sim), slack, method)


def se_slack(samples: np.ndarray) -> float:
    """Four standard errors of the mean of ``samples`` (the simulation's allowed error)."""
    return 4 * float(samples.std()) / math.sqrt(samples.size) + 1e-12


# -- expectation and counting ----------------------------------------------------------------
perm = np.argsort(rng.random((N // 4, 10)), axis=1)
fixed = (perm == np.arange(10)).sum(1)
check(
    "stats.letters-in-right-envelopes",
    Fraction(10, 10),
    fixed.mean(),
    "10 indicators of mean 1/10; simulate permutations",
    se_slack(fixed),
)

conv = rng.binomial(10, 0.3, N) == 3
check(
    "stats.binomial-three-of-ten",
    comb(10, 3) * Fraction(3, 10) ** 3 * Fraction(7, 10) ** 7,
    conv.mean(),
    "binomial pmf (fractions); simulate",
    se_slack(conv),
)

faulty = rng.hypergeometric(5, 15, 4, N) == 1
check(
    "stats.hypergeometric-one-defective",
    Fraction(comb(5, 1) * comb(15, 3), comb(20, 4)),
    faulty.mean(),
    "hypergeometric count; simulate",
    se_slack(faulty),
)

# Chebyshev's bound is 1/k^2; the "simulation" draws from the three-point law that attains it.
three_point = rng.choice([140.0, 200.0, 260.0], size=N, p=[1 / 18, 16 / 18, 1 / 18])
assert abs(three_point.std() - 20) < 0.2 and abs(three_point.mean() - 200) < 0.2
far = np.abs(three_point - 200) >= 60
check(
    "stats.chebyshev-latency-bound",
    Fraction(1, 3**2),
    far.mean(),
    "1/k^2 with k = 3; sample the extremal three-point law",
    se_slack(far),
)

# MLE: closed form n / sum, confirmed by maximising the log-likelihood on a fine grid.
waits = np.array([2.0, 5.0, 1.0, 4.0, 3.0])
grid = np.linspace(0.01, 2.0, 199_001)
loglik = waits.size * np.log(grid) - grid * waits.sum()
check(
    "stats.mle-exponential-rate",
    Fraction(len(waits), int(waits.sum())),
    grid[loglik.argmax()],
    "n / sum t; argmax of the log-likelihood on a grid",
    1e-4,
)

# F1: closed form from the counts, confirmed on explicit label arrays.
truth = np.zeros(10_000, bool)
truth[:100] = True
flagged = np.zeros(10_000, bool)
flagged[40:120] = True  # 60 of the 100 frauds (40..99) and 20 legitimate (100..119)
tp = int((truth & flagged).sum())
p_hat, r_hat = tp / flagged.sum(), tp / truth.sum()
check(
    "stats.fraud-model-f1",
    Fraction(2 * 60, 2 * 60 + 20 + 40),
    2 * p_hat * r_hat / (p_hat + r_hat),
    "2TP/(2TP+FP+FN); from label arrays",
    1e-12,
)

# CI width: 2 * z_0.975 * s / sqrt(n); the simulation is the mean width over samples whose
# standard deviation is exactly 15 after rescaling (so only the formula is tested).
sessions = rng.normal(30, 15, (2_000, 100))
sessions = (sessions - sessions.mean(1, keepdims=True)) / sessions.std(1, ddof=1, keepdims=True) * 15
widths = 2 * stats.norm.ppf(0.975) * sessions.std(1, ddof=1) / 10
check(
    "stats.confidence-interval-width",
    2 * 1.96 * 15 / math.sqrt(100),
    widths.mean(),
    "2 * 1.96 * s / sqrt(n); scipy z on rescaled samples",
    1e-3,
)

boot = np.array([np.unique(rng.integers(0, 1000, 1000)).size for _ in range(4_000)])
check(
    "stats.bootstrap-distinct-points",
    1000 * (1 - 0.999**1000),
    boot.mean(),
    "n(1 - (1 - 1/n)^n); simulate bootstraps",
    se_slack(boot),
)


def tolerance(q: dict) -> float:
    """The absolute band the bank's ``tolerance`` stands for (relative ones scale by |answer|)."""
    return q["tolerance"] * (abs(q["answer"]) if q.get("tolerance_kind") == "relative" else 1)


def main() -> int:
    questions = tomllib.loads(BANK.read_text("utf-8"))["questions"]
    bank = {q["id"]: q for q in questions if "answer" in q}
    bad = 0
    print(f"{'id':42} {'bank':>11} {'tol':>9} {'exact':>11} {'simulated':>11}  ok  method")
    for qid, q in bank.items():
        if qid not in CHECKS:
            print(f"{qid:42} no check written")
            bad += 1
            continue
        c = CHECKS[qid]
        ok = abs(c.exact - q["answer"]) <= tolerance(q)
        sim_ok = c.sim is None or abs(c.sim - c.exact) <= c.slack
        bad += (not ok) + (not sim_ok)
        shown = "" if c.sim is None else f"{c.sim:11.6g}"
        verdict = "ok" if ok and sim_ok else ("NO" if not ok else "SIM")
        print(
            f"{qid:42} {q['answer']:11.6g} {tolerance(q):9.3g} {c.exact:11.6g} {shown:>11}  {verdict:3} {c.method}"
        )
    for qid in CHECKS.keys() - bank.keys():
        print(f"{qid:42} check for a question not in {BANK.name}")
        bad += 1
    print(f"{len(bank)} numeric answers in {BANK.name}, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
