"""Recompute every numeric answer of rounds/stats_probability/experiments.toml (issue 16).

Run: .venv/bin/python docs/reviews/2026-12-04-stats-experiments-checks.py
Each entry computes the value from a closed form (scipy quantiles and CDFs; the peeking question by
numerical integration of a multivariate normal) and runs a numpy simulation. A simulation either
estimates the answer itself or, where the answer is a design quantity (a sample size, a detectable
effect), the power that design achieves, compared with its target. The script prints a table and
exits 1 when a bank answer is outside its tolerance of the exact value, a simulation misses its
target, a numeric question has no check, or a check has no question.
"""

from __future__ import annotations

import math
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

BANK = Path(__file__).resolve().parents[2] / "rounds" / "stats_probability" / "experiments.toml"
rng = np.random.default_rng(20261204)
Z975 = float(stats.norm.ppf(0.975))
Z80 = float(stats.norm.ppf(0.80))


@dataclass(frozen=True)
class Check:
    """One recomputed answer: the exact value and a simulated figure with its target."""

    exact: float
    method: str
    sim: float  # what the simulation measured
    sim_target: float  # what it should be (the exact answer, or a design's target power)
    sim_allow: float  # Monte Carlo allowance (several standard errors)
    sim_what: str


CHECKS: dict[str, Check] = {}


def check(qid: str, exact: float, method: str, sim: float, target: float, allow: float, what: str) -> None:
    CHECKS[qid] = Check(float(exact), method, float(sim), float(target), float(allow), what)


def z_test_power(p1: float, p2: float, n: int, trials: int = 400_000) -> float:
    """Share of simulated experiments (n per arm, true rates p1, p2) in which a two-sided pooled
    two-proportion z-test at 5% rejects."""
    a = rng.binomial(n, p1, trials) / n
    b = rng.binomial(n, p2, trials) / n
    pooled = (a + b) / 2
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    return float(np.mean(np.abs(b - a) > Z975 * se))


# -- stats.ab-sample-size-conversion -----------------------------------------------------------
p1, p2 = 0.10, 0.11
n_exact = math.ceil((Z975 + Z80) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2)
check(
    "stats.ab-sample-size-conversion",
    n_exact,
    "unpooled normal formula, rounded up",
    z_test_power(p1, p2, n_exact),
    0.80,
    0.01,
    "power at that n",
)

# -- stats.power-of-a-fixed-test -----------------------------------------------------------------
n, p1, p2 = 5000, 0.20, 0.22
shift = (p2 - p1) / math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n)
power = stats.norm.cdf(shift - Z975) + stats.norm.cdf(-shift - Z975)
check(
    "stats.power-of-a-fixed-test",
    power,
    "Phi(d/SE - 1.96) + lower tail",
    z_test_power(p1, p2, n),
    power,
    0.01,
    "power",
)

# -- stats.two-proportion-z-test -----------------------------------------------------------------
x1, x2, n = 1000, 1100, 20000
pooled = (x1 + x2) / (2 * n)
z_obs = (x2 - x1) / n / math.sqrt(pooled * (1 - pooled) * 2 / n)
p_value = 2 * stats.norm.sf(z_obs)
a = rng.binomial(n, pooled, 400_000) / n
b = rng.binomial(n, pooled, 400_000) / n
pp = (a + b) / 2
z_null = (b - a) / np.sqrt(pp * (1 - pp) * 2 / n)
check(
    "stats.two-proportion-z-test",
    p_value,
    "pooled z, 2*(1-Phi(z))",
    np.mean(np.abs(z_null) >= z_obs - 1e-12),
    p_value,
    0.002,
    "P(|z|>=z_obs | null)",
)

# -- stats.ci-difference-of-proportions ----------------------------------------------------------
x1, x2, n = 480, 560, 4000
r1, r2 = x1 / n, x2 / n
se = math.sqrt(r1 * (1 - r1) / n + r2 * (1 - r2) / n)
lower = r2 - r1 - Z975 * se
diffs = rng.binomial(n, r2, 400_000) / n - rng.binomial(n, r1, 400_000) / n
check(
    "stats.ci-difference-of-proportions",
    lower,
    "unpooled SE, diff - 1.96 SE",
    r2 - r1 - Z975 * diffs.std(),
    lower,
    0.0002,
    "lower end with simulated SE",
)

# -- stats.family-wise-error-twenty-metrics ------------------------------------------------------
fwer = 1 - 0.95**20
check(
    "stats.family-wise-error-twenty-metrics",
    fwer,
    "1 - 0.95^20",
    np.mean((rng.random((400_000, 20)) < 0.05).any(axis=1)),
    fwer,
    0.004,
    "share with any p<0.05",
)

# -- stats.peeking-five-interim-looks ------------------------------------------------------------
looks = 5
corr = np.array(
    [[math.sqrt(min(i, j) / max(i, j)) for j in range(1, looks + 1)] for i in range(1, looks + 1)]
)
inside = stats.multivariate_normal(mean=np.zeros(looks), cov=corr).cdf(
    np.full(looks, Z975), lower_limit=np.full(looks, -Z975)
)
walks = rng.standard_normal((1_000_000, looks)).cumsum(axis=1) / np.sqrt(np.arange(1, looks + 1))
check(
    "stats.peeking-five-interim-looks",
    1 - inside,
    "5-d normal rectangle (Genz)",
    np.mean((np.abs(walks) > Z975).any(axis=1)),
    1 - inside,
    0.003,
    "random walks rejected",
)

# -- stats.cuped-sample-size ---------------------------------------------------------------------
rho, n_plain = 0.6, 50_000
x = rng.standard_normal(1_000_000)
y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(x.size)
theta = np.cov(x, y)[0, 1] / x.var(ddof=1)
ratio = (y - theta * (x - x.mean())).var() / y.var()
check(
    "stats.cuped-sample-size",
    n_plain * (1 - rho**2),
    "n * (1 - rho^2)",
    n_plain * ratio,
    n_plain * (1 - rho**2),
    250,
    "n * simulated var ratio",
)

# -- stats.mde-fixed-traffic ---------------------------------------------------------------------
n, p = 14 * 20_000, 0.04
mde = (Z975 + Z80) * math.sqrt(2 * p * (1 - p) / n)
check(
    "stats.mde-fixed-traffic",
    mde / p,
    "(z.975+z.8)*sqrt(2p(1-p)/n)/p",
    z_test_power(p, p + mde, n),
    0.80,
    0.01,
    "power at that lift",
)


def main() -> int:
    bank = {q["id"]: q for q in tomllib.loads(BANK.read_text("utf-8"))["questions"] if "answer" in q}
    bad = 0
    print(f"{'id':40} {'bank':>9} {'exact':>10}  {'simulated':>9} {'target':>9}  ok  method; simulated")
    for qid, q in bank.items():
        c = CHECKS.get(qid)
        if c is None:
            print(f"{qid:40} no check written")
            bad += 1
            continue
        tol = q["tolerance"] * (abs(q["answer"]) if q.get("tolerance_kind") == "relative" else 1)
        ok = abs(c.exact - q["answer"]) <= tol and abs(c.sim - c.sim_target) <= c.sim_allow
        bad += not ok
        print(
            f"{qid:40} {q['answer']:9.6g} {c.exact:10.6g}  {c.sim:9.5g} {c.sim_target:9.5g}"
            f"  {'ok' if ok else 'NO'}  {c.method}; {c.sim_what}"
        )
    for qid in sorted(set(CHECKS) - set(bank)):
        print(f"{qid:40} check has no numeric question in the bank")
        bad += 1
    print(f"{len(bank)} numeric answers, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
